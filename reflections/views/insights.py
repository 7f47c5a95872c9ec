"""Insights: figures for staff and residents side by side, the CSV export, and the ideas backlog."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from scheduling.models import Programme, Session, Unit
from website.csv_export import csv_response

from .. import insights as figures_selectors
from .. import services
from ..charts import side_by_side_svg
from ..models import Reflection
from ..permissions import user_can_forward_raised_items, user_can_read_insights
from .common import FACE_LABELS, private

SCOPES = {"session": Session, "unit": Unit, "module": None, "programme": Programme}


def _require_insights(user) -> None:
    if not user_can_read_insights(user):
        raise PermissionDenied(_("Insights are for coordinators and lead trainers."))


def _scope_object(scope: str, pk: int):
    if scope not in SCOPES:
        raise Http404
    if scope == "module":
        from modules.models import TrainingModulePage

        return get_object_or_404(TrainingModulePage, pk=pk)
    return get_object_or_404(SCOPES[scope], pk=pk)


SCOPE_NAMES = {
    "session": _("Session"),
    "unit": _("Unit"),
    "module": _("Module"),
    "programme": _("Programme"),
}


def _scope_label(scope: str, obj) -> str:
    return f"{SCOPE_NAMES[scope]}: {obj.title if scope == 'module' else obj}"


@login_required
@never_cache
def insights_index(request):
    _require_insights(request.user)
    return render(
        request,
        "reflections/insights_index.html",
        figures_selectors.insight_scope_choices(user=request.user),
    )


def _figures_for(request, scope: str, pk: int):
    _require_insights(request.user)
    obj = _scope_object(scope, pk)
    sessions = figures_selectors.insight_sessions(user=request.user, scope=scope, obj=obj)
    if scope == "session" and not sessions.exists():
        raise PermissionDenied(_("You can see insights only for the sessions you lead."))
    return obj, figures_selectors.insight_figures(sessions=sessions)


@login_required
@never_cache
def insights(request, scope: str, pk: int):
    obj, figures = _figures_for(request, scope, pk)
    for module_figures in figures["modules"]:
        for question in module_figures["questions"]:
            if "rows" in question:
                labels = (
                    [str(FACE_LABELS[row["value"]]) for row in question["rows"]]
                    if question["type"] == "rating"
                    else [row["value"] for row in question["rows"]]
                )
                for row, label in zip(question["rows"], labels, strict=True):
                    row["label"] = label
                question["svg"] = side_by_side_svg(
                    question=question,
                    labels=labels,
                    title=_("%(question)s: staff and residents, percentage per answer")
                    % {"question": question["question"]},
                    uid=question["id"],
                )
    return private(
        render(
            request,
            "reflections/insights.html",
            {
                "scope": scope,
                "obj": obj,
                "scope_label": _scope_label(scope, obj),
                "figures": figures,
                "min_group": figures_selectors.min_group_size(),
                "can_forward": user_can_forward_raised_items(request.user),
            },
        )
    )


@login_required
@never_cache
def insights_csv(request, scope: str, pk: int):
    obj, figures = _figures_for(request, scope, pk)
    rows = figures_selectors.insight_csv_rows(figures=figures, scope_label=_scope_label(scope, obj))
    return private(csv_response(filename=f"insights-{scope}-{pk}.csv", rows=rows))


@login_required
@require_POST
def raised_forward(request):
    if not user_can_read_insights(request.user):
        raise PermissionDenied(
            _("Only coordinators and lead trainers can forward what was raised.")
        )
    try:
        reflection = Reflection.objects.filter(pk=request.POST.get("reflection", "")).first()
    except ValidationError:  # not a UUID at all: a malformed request, not a missing reflection
        return HttpResponseBadRequest(_("That reflection reference is not valid."))
    if reflection is None:
        raise Http404(_("That reflection no longer exists."))
    try:
        services.raised_item_forward(
            reflection=reflection, block_id=request.POST.get("block", ""), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent to the module ideas backlog, without a name."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("reflections:insights_index")
    return redirect(next_url)
