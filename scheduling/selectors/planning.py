"""Reads for the plan screen: the plan per unit, coverage, and a run's live progress."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scheduling.models import Attendance, Person, PlanRun, Programme, Room, Session
from scheduling.planning.days import programme_slot_starts
from scheduling.planning.ids import LIVE, local_zone, person_key, slot_key
from scheduling.planning.problem import facilitating_person_pks

RESULT_LABELS = {
    "optimal": gettext_lazy("Best possible plan (proven)"),
    "feasible": gettext_lazy("Good plan (not yet proven the best)"),
    "infeasible": gettext_lazy("Not everyone can be placed"),
    "unknown": gettext_lazy("No plan found in the time allowed"),
}


@dataclass
class SessionView:
    session: Session
    staff_groups: list[tuple[str, list[Person]]]
    residents: list[Person]

    @property
    def staff_count(self) -> int:
        return sum(len(people) for _label, people in self.staff_groups)

    @property
    def resident_count(self) -> int:
        return len(self.residents)

    @property
    def people(self) -> list[Person]:
        return [p for _label, people in self.staff_groups for p in people] + self.residents


@dataclass
class UnitView:
    unit: object
    sessions: list[SessionView] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    unplaced: list[dict] = field(default_factory=list)

    @property
    def placed_count(self) -> int:
        return len(self.people) - len(self.unplaced)

    @property
    def booked_people(self) -> list[Person]:
        return [p for s in self.sessions for p in s.people]


def plan_run_latest(*, programme: Programme) -> PlanRun | None:
    """The programme's latest run (a run whose worker died is failed by the scheduled sweep)."""
    return programme.plan_runs.order_by("-created_at", "-pk").first()


def plan_run_progress(*, run: PlanRun | None) -> dict:
    """What the plan screen's progress panel shows (also served as JSON while the run is going)."""
    if run is None:
        return {"status": None, "finished": True}
    progress = run.progress or {}
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "finished": run.status in (PlanRun.Status.DONE, PlanRun.Status.FAILED),
        "phase": progress.get("phase") or "",
        "best": progress.get("best"),
        "bound": progress.get("bound"),
        "gap": progress.get("gap"),
        "seconds": progress.get("seconds"),
        "message": run.message,
    }


def _staff_groups(people: list[Person]) -> list[tuple[str, list[Person]]]:
    order = [value for value, _label in Person.Discipline.choices]
    labels = dict(Person.Discipline.choices)
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        groups[person.discipline or "other"].append(person)
    return [
        (str(labels.get(d, d)), sorted(groups[d], key=lambda p: p.display_name))
        for d in sorted(groups, key=lambda d: order.index(d) if d in order else len(order))
    ]


def programme_plan(*, programme: Programme) -> dict:
    """The plan screen's content: per unit the sessions and who is in them, and overall coverage."""
    run = plan_run_latest(programme=programme)
    reasons = {}
    facilitating = []
    if run is not None and run.status == PlanRun.Status.DONE:
        reasons = {item["person"]: item["reason"] for item in run.result.get("unplaced", [])}
        facilitating = run.result.get("facilitating", [])
    sessions = list(
        Session.objects.filter(programme=programme)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("unit", "room", "lead", "co_trainer")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(LIVE).select_related("person"),
                to_attr="live",
            )
        )
        .order_by("unit__name", "start", "room__name")
    )
    cancelled = list(
        Session.objects.filter(programme=programme, status=Session.Status.CANCELLED)
        .select_related("unit", "room")
        .order_by("start")
    )
    booked = {a.person_id for s in sessions for a in s.live}
    delivering = facilitating_person_pks(programme)
    units = []
    for unit in programme.units.order_by("name"):
        view = UnitView(unit=unit)
        view.people = list(
            Person.objects.filter(active=True, units=unit)
            .exclude(pk__in=delivering)
            .order_by("display_name")
        )
        for session in (s for s in sessions if s.unit_id == unit.pk):
            people = [a.person for a in session.live]
            view.sessions.append(
                SessionView(
                    session=session,
                    staff_groups=_staff_groups([p for p in people if p.kind == Person.Kind.STAFF]),
                    residents=sorted(
                        (p for p in people if p.kind == Person.Kind.RESIDENT),
                        key=lambda p: p.display_name,
                    ),
                )
            )
        view.unplaced = [
            {
                "person": person,
                "reason": reasons.get(person_key(person.pk))
                or _("Not placed in a session yet. Run the planner or move them into a session."),
            }
            for person in view.people
            if person.pk not in booked
        ]
        units.append(view)
    people_total = len({p.pk for u in units for p in u.people})
    unplaced_total = len({item["person"].pk for u in units for item in u.unplaced})
    return {
        "run": run,
        "progress": plan_run_progress(run=run),
        "units": units,
        "cancelled": cancelled,
        "session_count": len(sessions),
        "draft_count": sum(1 for s in sessions if s.status == Session.Status.DRAFT),
        "people_total": people_total,
        "placed_total": people_total - unplaced_total,
        "unplaced_total": unplaced_total,
        "facilitating": facilitating,
        "result": run.result if run is not None and run.status == PlanRun.Status.DONE else {},
        "result_label": RESULT_LABELS.get(
            (run.result or {}).get("status") if run is not None else None, ""
        ),
    }


def programme_slot_choices(*, programme: Programme) -> list[tuple[str, str]]:
    """(slot id, label) for the programme's session times, for the reschedule form."""
    tz = local_zone()
    return [
        (slot_key(start), f"{start.astimezone(tz):%a} {start.day} {start:%b %Y, %H:%M}")
        for start in programme_slot_starts(programme)
    ]


def programme_slot_start(*, programme: Programme, slot_id: str) -> datetime | None:
    for start in programme_slot_starts(programme):
        if slot_key(start) == slot_id:
            return start
    return None


def rooms_all():
    return Room.objects.order_by("name")
