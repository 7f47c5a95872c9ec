"""What a report is about: the whole provider, one unit or one programme, and the programmes in it.

Only programmes that reached people count: published (sessions offered) or closed. A draft or a plan
not yet published has offered nobody anything, so it would only add "still to attend" noise.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from scheduling.models import Programme, Unit

REPORTED_STATUSES = (Programme.Status.PUBLISHED, Programme.Status.CLOSED)
KINDS = ("provider", "unit", "programme")


@dataclass(frozen=True)
class Scope:
    kind: str
    obj: Unit | Programme | None = None

    @property
    def pk(self) -> int | None:
        return self.obj.pk if self.obj is not None else None

    @property
    def key(self) -> str:
        return self.kind if self.obj is None else f"{self.kind}-{self.obj.pk}"

    @property
    def name(self) -> str:
        """The short name used in sentences: "Cedar", "Whole provider"."""
        if self.kind == "provider":
            return _("Whole provider")
        return str(self.obj)

    @property
    def label(self) -> str:
        if self.kind == "provider":
            return _("Whole provider")
        if self.kind == "unit":
            return _("Unit: %(name)s") % {"name": self.obj}
        return _("Programme: %(name)s") % {"name": self.obj}


def reported_programmes(*, scope: Scope) -> QuerySet:
    programmes = Programme.objects.filter(status__in=REPORTED_STATUSES)
    if scope.kind == "unit":
        programmes = programmes.filter(units=scope.obj)
    elif scope.kind == "programme":
        programmes = programmes.filter(pk=scope.obj.pk)
    return programmes.order_by("start_date", "pk")


def scope_units(*, scope: Scope) -> QuerySet:
    """The units whose people a scope counts."""
    if scope.kind == "unit":
        return Unit.objects.filter(pk=scope.obj.pk)
    if scope.kind == "programme":
        return scope.obj.units.order_by("name")
    return Unit.objects.filter(programmes__status__in=REPORTED_STATUSES).distinct().order_by("name")


def scope_breakdown(*, scope: Scope) -> list[Scope]:
    """The scope itself first, then its parts: the provider by unit, a programme by unit, a unit by
    programme. Each becomes one printed page."""
    if scope.kind == "unit":
        parts = [Scope("programme", p) for p in reported_programmes(scope=scope)]
    else:
        parts = [Scope("unit", unit) for unit in scope_units(scope=scope)]
    return [scope, *parts]


def scope_choices() -> dict:
    """Units and programmes a report can be opened for (names of units and programmes only)."""
    return {
        "units": list(
            Unit.objects.filter(programmes__status__in=REPORTED_STATUSES)
            .distinct()
            .order_by("name")
        ),
        "programmes": list(
            Programme.objects.filter(status__in=REPORTED_STATUSES)
            .select_related(None)
            .only("pk", "name", "start_date", "end_date", "status")
            .order_by("-start_date", "name")
        ),
    }
