"""Thin views: the reading-view choice on module pages, turning an idea into a draft, and the CSV export."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from website.roles import is_coordinator, is_lead_trainer

from .models import ModuleIdea
from .selectors import involvement_for_export, user_prefers_easy_read
from .services import module_idea_start_draft

READING_VIEW_SESSION_KEY = "modules_reading_view"
READING_VIEWS = ("standard", "easy")


def resolve_reading_view(request: HttpRequest) -> str:
    """`?view=easy` or `?view=standard` chooses and is remembered for the visit; otherwise the person's
    own communication needs decide, so easy-read readers never have to find the switch first."""
    asked = request.GET.get("view")
    session = getattr(request, "session", None)
    if asked in READING_VIEWS:
        if session is not None:
            session[READING_VIEW_SESSION_KEY] = asked
        return asked
    remembered = session.get(READING_VIEW_SESSION_KEY) if session is not None else None
    if remembered in READING_VIEWS:
        return remembered
    return "easy" if user_prefers_easy_read(getattr(request, "user", None)) else "standard"


@login_required
@require_POST
def idea_start_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """One step from idea to draft: create the module, link the idea, and open the new page's editor."""
    idea = get_object_or_404(ModuleIdea, pk=pk)
    if not request.user.has_perm("modules.change_moduleidea"):
        raise PermissionDenied(_("You cannot change module ideas."))
    had_draft = idea.answered_by_id is not None
    try:
        draft = module_idea_start_draft(idea=idea, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("wagtailsnippets_modules_moduleidea:list")
    if had_draft:
        messages.info(request, _("This idea already has a module. Here it is."))
    else:
        messages.success(
            request,
            _("A draft module called '%(title)s' has been started from the idea.")
            % {"title": draft.title},
        )
    return redirect("wagtailadmin_pages:edit", draft.pk)


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# A cell that starts with one of these would run as a formula when the finance office opens the file.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@login_required
def involvement_csv(request: HttpRequest) -> HttpResponse:
    """Co-trainers' hours and payment status for the finance office (coordinators, lead trainers)."""
    if not (is_coordinator(request.user) or is_lead_trainer(request.user)):
        raise PermissionDenied(
            _("Only coordinators and lead trainers can export the involvement record.")
        )
    date_from = _parse_date(request.GET.get("from"))
    date_to = _parse_date(request.GET.get("to"))
    records = involvement_for_export(date_from=date_from, date_to=date_to)

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"co-trainer-involvement-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["Date", "Co-trainer", "Activity", "Module", "Hours", "Payment"])
    for record in records:
        writer.writerow(
            [
                _csv_cell(record.date.isoformat()),
                _csv_cell(record.person_name),
                _csv_cell(record.get_activity_display()),
                _csv_cell(record.module.title if record.module else ""),
                _csv_cell(f"{record.hours:.2f}"),
                _csv_cell(record.get_payment_status_display()),
            ]
        )
    return response
