"""Reads for the plan screen: the plan per unit, coverage, and a run's live progress."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scheduling.models import Attendance, Person, PlanRun, Programme, Session
from scheduling.planning.days import programme_slot_starts
from scheduling.planning.due import DueCounts
from scheduling.planning.ids import LIVE, key_pk, local_zone, person_key, slot_key
from scheduling.planning.messages import NO_RESIDENT, limit_text
from scheduling.selectors.planning_counts import programme_coverage, session_totals, unit_people

LIVE_STATUSES = [s for s in Attendance.Status.values if s not in Attendance.NOT_LIVE]

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
        "seconds": _seconds(run, progress),
        "message": run.message,
    }


def _seconds(run: PlanRun, progress: dict):
    """Seconds since the run started, read live while it runs, so the panel never freezes between
    the solver's reports (a long search step reports nothing for a while)."""
    if run.status == PlanRun.Status.RUNNING and run.started_at is not None:
        return round((timezone.now() - run.started_at).total_seconds(), 1)
    return progress.get("seconds")


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


def _sessions_with_counts(programme: Programme):
    """Every live session of the programme with its staff and resident counts (no people loaded)."""
    live = Q(attendances__status__in=LIVE_STATUSES)
    return (
        Session.objects.filter(programme=programme)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("room", "co_trainer")  # the unit is read by id (unit_stats)
        .annotate(
            staff_n=Count("attendances", filter=live & Q(attendances__person__kind="staff")),
            residents_n=Count("attendances", filter=live & Q(attendances__person__kind="resident")),
        )
        .order_by("unit__name", "start", "room__name")
    )


@dataclass
class UnitStats:
    """What the plan screen says about one unit: the numbers a ward manager signs off."""

    unit: object
    sessions: int = 0
    average: float = 0.0
    smallest: int = 0
    without_residents: list = field(default_factory=list)  # (session, reason)
    single_resident: int = 0
    limit: str = ""


def _no_resident_reason(notes: list, unit_residents: int) -> str:
    for code in notes:
        if code in NO_RESIDENT:
            return str(NO_RESIDENT[code])
    if not unit_residents:
        return str(_("The unit has no residents on the roster."))
    return str(_("No resident is booked into it. Move a resident in, or confirm it is staff-only."))


def _limit_names(limits: dict) -> dict[str, str]:
    """Display names of the people whose shifts keep them apart in time (one query for all units)."""
    keys = {key for limit in limits.values() for key in (limit or {}).get("apart_in_time", [])[:4]}
    pks = [key_pk(key) for key in keys]
    return {
        person_key(pk): name
        for pk, name in Person.objects.filter(pk__in=pks).values_list("pk", "display_name")
    }


def unit_stats(
    *, programme: Programme, sessions: list[Session], result: dict, units=None
) -> list[UnitStats]:
    """The figures of `units` (default: all the programme's), from their `sessions`."""
    units = list(programme.units.order_by("name") if units is None else units)
    notes = result.get("notes", {})
    limits = {unit.slug: result.get("limits", {}).get(unit.slug) for unit in units}
    names = _limit_names(limits)
    residents = dict(
        programme.units.filter(pk__in=[unit.pk for unit in units])
        .annotate(n=Count("people", filter=Q(people__kind="resident", people__active=True)))
        .values_list("pk", "n")
    )
    out = []
    for unit in units:
        own = [s for s in sessions if s.unit_id == unit.pk]
        sizes = [s.staff_n + s.residents_n for s in own]
        stats = UnitStats(unit=unit, sessions=len(own))
        if own:
            stats.average = round(sum(sizes) / len(sizes), 1)
            stats.smallest = min(sizes)
        for session in own:
            if session.residents_n == 0:
                key = f"{unit.slug}|{slot_key(session.start)}|{session.room.slug}"
                reason = _no_resident_reason(notes.get(key, []), residents.get(unit.pk, 0))
                stats.without_residents.append((session, reason))
            elif session.residents_n == 1:
                stats.single_resident += 1
        stats.limit = limit_text(
            unit.name, limits.get(unit.slug), sessions=len(own), people=sum(sizes), names=names
        )
        out.append(stats)
    return out


def co_trainer_shares_of(
    *, programme: Programme, sessions: list[Session], total: int
) -> list[dict]:
    """The programme-wide share of each co-trainer of `sessions` (a page of units' sessions), counted
    by the database, so the list is as long as the page's co-trainers, not the provider's."""
    pks = {session.co_trainer_id for session in sessions if session.co_trainer_id}
    rows = (
        Session.objects.filter(programme=programme, co_trainer__in=pks)
        .exclude(status=Session.Status.CANCELLED)
        .values("co_trainer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["co_trainer"]: row["n"] for row in rows}
    trainers = {s.co_trainer_id: s.co_trainer for s in sessions if s.co_trainer_id}
    return [
        {"facilitator": trainers[pk], "sessions": n, "share": round(100 * n / (total or 1))}
        for pk, n in sorted(
            counts.items(), key=lambda item: (-item[1], trainers[item[0]].display_name)
        )
    ]


def release_chart(result: dict) -> dict:
    """The release panel's rows and a small bar chart's geometry (the table is its twin)."""
    release = result.get("release") or {}
    rows = [
        {
            "allowance": row["allowance"],
            "bound": row["bound"],
            "average": _average_group(row),
        }
        for row in release.get("rows", [])
    ]
    top = max((r["bound"] for r in rows), default=0) or 1
    width, height = 24, 120
    for i, row in enumerate(rows):
        row["x"] = 30 + i * (width + 8)
        row["height"] = round(height * row["bound"] / top)
        row["y"] = 10 + height - row["height"]
        row["width"] = width
    return {
        "rows": rows,
        "source": release.get("source", ""),
        "chart_width": 30 + len(rows) * (width + 8),
        "chart_height": height + 40,
        "label_y": height + 28,
    }


def _average_group(row: dict) -> float | None:
    units = row.get("units", {}).values()
    bounds = [u.get("bound") or 0 for u in units]
    people = [(u.get("average_group") or 0) * (u.get("bound") or 0) for u in units]
    return round(sum(people) / sum(bounds), 1) if sum(bounds) else None


def programme_weeks(*, programme: Programme) -> list[date]:
    """The Mondays of the programme's weeks, for paging the plan screen."""
    monday = programme.start_date - timedelta(days=programme.start_date.weekday())
    weeks = []
    while monday <= programme.end_date:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


UNITS_PER_PAGE = 10


def programme_due_counts(*, programme: Programme) -> DueCounts:
    """Who the saved programme would plan and why the others are left out, as the plan screen counts them:
    shown on the programme form too, so the coordinator sees them before planning."""
    return programme_coverage(programme=programme).due


def _unit_pages(units: list, shown) -> tuple[list, list[dict]]:
    """The units listed with the shown one (a page of `UNITS_PER_PAGE`), and a link to each page."""
    index = units.index(shown) if shown in units else 0
    first = index - index % UNITS_PER_PAGE
    pages = [
        {
            "first": units[i],
            "last": units[min(i + UNITS_PER_PAGE, len(units)) - 1],
            "current": i == first,
        }
        for i in range(0, len(units), UNITS_PER_PAGE)
    ]
    return units[first : first + UNITS_PER_PAGE], pages if len(pages) > 1 else []


def programme_plan(
    *, programme: Programme, unit_slug: str | None = None, week: date | None = None
) -> dict:
    """The plan screen's content: the programme's figures, counted by the database; the per-unit
    figures for a page of units; the sessions and who is in them for one unit (and optionally one
    week). Nothing on it grows with the number of wards but the list of unit pages."""
    run = plan_run_latest(programme=programme)
    done = run is not None and run.status == PlanRun.Status.DONE
    result = run.result if done else {}
    reasons = {item["person"]: item["reason"] for item in result.get("unplaced", [])}
    units_all = list(programme.units.order_by("name").only("pk", "name", "slug"))
    shown = next((u for u in units_all if u.slug == unit_slug), units_all[0] if units_all else None)
    page_units, unit_pages = _unit_pages(units_all, shown)
    page_sessions = list(_sessions_with_counts(programme).filter(unit__in=page_units))
    coverage = programme_coverage(programme=programme)
    totals = session_totals(programme=programme)
    units = []
    if shown is not None:
        people = unit_people(programme=programme, unit=shown)
        booked = {item.person.pk for item in people if item.booked}
        units.append(
            _unit_view(programme, shown, week, [item.person for item in people], booked, reasons)
        )
    return {
        "run": run,
        "progress": plan_run_progress(run=run),
        "units": units,
        "shown_unit": shown,
        "page_units": page_units,
        "page_last": page_units[-1] if page_units else None,
        "unit_pages": unit_pages,
        "unit_count": len(units_all),
        "week": week,
        "weeks": programme_weeks(programme=programme),
        "stats": unit_stats(
            programme=programme, sessions=page_sessions, result=result, units=page_units
        ),
        "co_trainers": co_trainer_shares_of(
            programme=programme, sessions=page_sessions, total=totals["sessions"]
        ),
        "release": release_chart(result),
        "due": coverage.due,
        "cancelled": list(
            Session.objects.filter(programme=programme, unit=shown, status=Session.Status.CANCELLED)
            .select_related("unit", "room")
            .order_by("start")
        ),
        "session_count": totals["sessions"],
        "draft_count": totals["drafts"],
        "people_total": coverage.people_total,
        "placed_total": coverage.placed_total,
        "unplaced_total": coverage.unplaced_total,
        "facilitating": result.get("facilitating", []),
        "result": result,
        "result_label": RESULT_LABELS.get(result.get("status"), ""),
    }


def _unit_view(programme, unit, week, people, booked, reasons) -> UnitView:
    sessions = (
        Session.objects.filter(programme=programme, unit=unit)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("unit", "room", "lead", "co_trainer")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(LIVE).select_related("person"),
                to_attr="live",
            )
        )
        .order_by("start", "room__name")
    )
    if week is not None:
        zone = local_zone()
        first = datetime.combine(week, time(0), tzinfo=zone)
        sessions = sessions.filter(start__gte=first, start__lt=first + timedelta(days=7))
    view = UnitView(unit=unit)
    view.people = people
    for session in sessions:
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
    return view


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


def modules_live():
    """Published (live) training modules: the only ones a programme can plan."""
    module_model = Programme._meta.get_field("module").related_model
    return module_model.objects.live().order_by("title")


def unit_next_session_day(*, unit) -> date | None:
    """The day of the unit's next published session from today, so its week list opens there."""
    start = (
        Session.objects.filter(
            unit=unit,
            status=Session.Status.PUBLISHED,
            start__gte=datetime.combine(timezone.localdate(), time(0), tzinfo=local_zone()),
        )
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    return start.astimezone(local_zone()).date() if start else None
