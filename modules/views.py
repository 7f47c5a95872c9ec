"""Thin views: turning an idea into a draft, and the co-trainers' involvement CSV export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from website.csv_export import csv_response
from website.params import day_param

from .models import ModuleIdea
from .permissions import user_can_see_all_involvement
from .selectors import involvement_for_export
from .services import module_idea_start_draft


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


@login_required
def involvement_csv(request: HttpRequest) -> HttpResponse:
    """Co-trainers' hours and payment status for the finance office (coordinators, lead trainers)."""
    if not user_can_see_all_involvement(request.user):
        raise PermissionDenied(
            _("Only coordinators and lead trainers can export the involvement record.")
        )
    date_from = day_param(request.GET.get("from"))
    date_to = day_param(request.GET.get("to"))
    records = involvement_for_export(date_from=date_from, date_to=date_to)

    header = ["Date", "Co-trainer", "Activity", "Module", "Hours", "Payment"]
    rows = (
        [
            record.date.isoformat(),
            record.person_name,
            record.get_activity_display(),
            record.module.title if record.module else "",
            f"{record.hours:.2f}",
            record.get_payment_status_display(),
        ]
        for record in records
    )
    return csv_response(
        filename=f"co-trainer-involvement-{timezone.localdate():%Y-%m-%d}.csv",
        rows=[header, *rows],
    )
