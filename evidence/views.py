"""Thin views over the evidence selectors: reports for sponsors and coordinators, training records for
coordinators and the person themself, and the staff completion export for HR."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from scheduling.models import Person, Programme, Unit
from website.csv_export import csv_response

from . import permissions
from .charts import coverage_svg, ratings_svg
from .exports import coverage_csv_rows, said_csv_rows
from .selectors.coverage import COLUMNS, coverage
from .selectors.records import people_for_records, staff_completion_rows, training_record
from .selectors.said import ideas_loop, ratings_over_time
from .selectors.scopes import Scope, scope_breakdown, scope_choices

SCOPE_MODELS = {"unit": Unit, "programme": Programme}
CHART_STAGES = ("offered", "attended", "reflected")


def _require_reports(user) -> None:
    if not permissions.user_can_view_reports(user):
        raise PermissionDenied(_("The evidence reports are for sponsors and coordinators."))


def _scope(kind: str, pk: int | None) -> Scope:
    if kind == "provider":
        return Scope("provider")
    if kind not in SCOPE_MODELS:
        raise Http404
    return Scope(kind, get_object_or_404(SCOPE_MODELS[kind], pk=pk))


def _private(response):
    """Reports are not for shared caches or search engines."""
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _csv_response(rows: list[list], filename: str) -> HttpResponse:
    return _private(csv_response(filename=filename, rows=rows))


@login_required
@never_cache
def index(request):
    _require_reports(request.user)
    return _private(render(request, "evidence/index.html", scope_choices()))


def _coverage_section(scope: Scope) -> dict:
    section = coverage(scope=scope)
    by_key = {row["key"]: row for row in section["rows"]}
    stages = []
    for column in CHART_STAGES:
        index = COLUMNS.index(column)
        stages.append(
            {
                "label": {
                    "offered": _("Offered"),
                    "attended": _("Attended"),
                    "reflected": _("Reflected"),
                }[column],
                "staff": by_key["staff"]["cells"][index]["percent"],
                "resident": by_key["resident"]["cells"][index]["percent"],
            }
        )
    section["svg"] = coverage_svg(
        stages=stages,
        title=_(
            "%(scope)s: percentage of staff and of residents due who were offered a place, "
            "attended and reflected"
        )
        % {"scope": scope.name},
        uid=scope.key,
        hidden_words=_("fewer than %(n)d") % {"n": section["min_group"]},
    )
    return section


@login_required
@never_cache
def coverage_report(request, kind: str = "provider", pk: int | None = None):
    _require_reports(request.user)
    scope = _scope(kind, pk)
    return _private(
        render(
            request,
            "evidence/coverage.html",
            {
                "scope": scope,
                "sections": [_coverage_section(part) for part in scope_breakdown(scope=scope)],
                "printed_on": timezone.localdate(),
            },
        )
    )


@login_required
@never_cache
def coverage_export(request, kind: str = "provider", pk: int | None = None):
    _require_reports(request.user)
    scope = _scope(kind, pk)
    sections = [coverage(scope=part) for part in scope_breakdown(scope=scope)]
    return _csv_response(coverage_csv_rows(sections), f"coverage-{scope.key}.csv")


@login_required
@never_cache
def said_report(request, kind: str = "provider", pk: int | None = None):
    _require_reports(request.user)
    scope = _scope(kind, pk)
    ratings = ratings_over_time(scope=scope)
    chart_points = [
        {
            # The axis shows when each programme began; the table twin names them.
            "label": f"{point['programme'].start_date:%b %Y}",
            **{group["kind"]: group["mean"] for group in point["groups"]},
        }
        for point in ratings["points"]
    ]
    return _private(
        render(
            request,
            "evidence/said.html",
            {
                "scope": scope,
                "ratings": ratings,
                "svg": ratings_svg(
                    points=chart_points,
                    title=_("%(scope)s: average rating of staff and of residents, per programme")
                    % {"scope": scope.name},
                    uid=f"said-{scope.key}",
                )
                if chart_points
                else "",
                "ideas": ideas_loop(),
                "printed_on": timezone.localdate(),
            },
        )
    )


@login_required
@never_cache
def said_export(request, kind: str = "provider", pk: int | None = None):
    _require_reports(request.user)
    scope = _scope(kind, pk)
    rows = said_csv_rows(scope=scope, ratings=ratings_over_time(scope=scope), ideas=ideas_loop())
    return _csv_response(rows, f"what-people-said-{scope.key}.csv")


# --- Training records ------------------------------------------------------------------------------


@login_required
@never_cache
def records_index(request):
    if not permissions.user_can_list_training_records(request.user):
        raise PermissionDenied(_("Training records are for coordinators."))
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = Unit.objects.filter(pk=int(request.GET["unit"])).first()
    query = request.GET.get("q", "")
    return _private(
        render(
            request,
            "evidence/records_index.html",
            {
                "units": Unit.objects.order_by("name"),
                "unit": unit,
                "query": query[:80],
                "people": people_for_records(unit=unit, query=query)[:200],
                "can_export": permissions.user_can_export_staff_completion(request.user),
            },
        )
    )


def _record_page(request, person: Person):
    if not permissions.user_can_view_training_record(request.user, person):
        raise PermissionDenied(_("You can see only your own training record."))
    return _private(
        render(
            request,
            "evidence/record.html",
            {
                **training_record(person=person),
                "own": person.user_id == request.user.pk,
                "today": timezone.localdate(),
            },
        )
    )


@login_required
@never_cache
def record(request, person_id: int):
    return _record_page(request, get_object_or_404(Person, pk=person_id))


@login_required
@never_cache
def my_record(request):
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404(_("Your sign-in is not linked to anyone on the roster."))
    return _record_page(request, person)


@login_required
@never_cache
def staff_completion_export(request):
    if not permissions.user_can_export_staff_completion(request.user):
        raise PermissionDenied(_("The staff completion export is for coordinators."))
    today = timezone.localdate().isoformat()
    return _csv_response(staff_completion_rows(), f"staff-completion-{today}.csv")
