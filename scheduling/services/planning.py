"""Planning a programme: build the solver's problem from the roster, run it, and save the plan.

The solver (`scheduling.solver`) knows nothing of Django; this module is the only translation between the
two, and it speaks the solver's JSON form (docs/scheduler.md) so that it depends on as little
of the solver as possible.

Identifiers in the problem: units and rooms by slug, people as ``p<pk>`` and facilitators as ``f<pk>``.
The prefixes keep the two kinds apart in the checker's messages, which `violation_text` turns back into
names; primary keys (rather than roster codes) keep the stored results free of the provider's references.
"""

from __future__ import annotations

import logging
import re
import threading
import time as monotonic_time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scheduling.models import (
    Attendance,
    Facilitator,
    Person,
    PlanRun,
    Programme,
    Room,
    RoomClosure,
    Session,
    Shift,
    Unavailability,
    Unit,
)
from scheduling.signals import sessions_changed

logger = logging.getLogger(__name__)

TIME_ZONE = "Europe/London"
LIVE = ~Q(status__in=Attendance.NOT_LIVE)
# How often the solver's progress is written to the database, at most (seconds).
PROGRESS_INTERVAL = 0.5
DEFAULT_TIME_LIMIT = 30.0


# Identifiers ------------------------------------------------------------------------------------------


def person_key(pk: int) -> str:
    return f"p{pk}"


def facilitator_key(pk: int) -> str:
    return f"f{pk}"


def key_pk(key: str) -> int:
    return int(key[1:])


def slot_key(start: datetime) -> str:
    """A slot id is its local start, e.g. "2027-01-11T10:00", so it reads well in messages."""
    return start.astimezone(ZoneInfo(TIME_ZONE)).strftime("%Y-%m-%dT%H:%M")


def programme_slot_starts(programme: Programme) -> list[datetime]:
    """Every date of the programme at every slot time, as aware Europe/London datetimes.

    Built with `datetime.combine(..., tzinfo=ZoneInfo)` from the local wall-clock time, so 10:00 stays
    10:00 on both sides of a clock change (the UTC offset changes instead).
    """
    tz = ZoneInfo(TIME_ZONE)
    times = sorted(_parse_time(value) for value in (programme.slot_times or []))
    return [datetime.combine(day, at, tzinfo=tz) for day in programme.dates() for at in times]


def _parse_time(value: str) -> time:
    hours, minutes = str(value).strip().split(":")[:2]
    return time(int(hours), int(minutes))


def session_minutes(programme: Programme) -> int:
    return programme.module.default_minutes or 90


def session_size(programme: Programme, units: Iterable[Unit]) -> int:
    """The module's group size, capped by the smallest unit limit (the solver has one size for all)."""
    sizes = [programme.module.default_group_size or 15]
    sizes += [unit.session_size for unit in units]
    return min(sizes)


def _overlaps(start_a: datetime, end_a: datetime, start_b: datetime, end_b: datetime) -> bool:
    return start_a < end_b and start_b < end_a


# Building the problem ---------------------------------------------------------------------------------


@dataclass
class BuiltProblem:
    """The problem in JSON form plus what the product needs to turn the answer back into rows."""

    data: dict
    people: dict[str, Person] = field(default_factory=dict)
    facilitators: dict[str, Facilitator] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    rooms: dict[str, Room] = field(default_factory=dict)
    slot_starts: dict[str, datetime] = field(default_factory=dict)
    # People who deliver this module as co-trainers and so are not booked to attend it.
    facilitating: list[Person] = field(default_factory=list)
    # Sessions the solver must keep as they are, by (unit, slot, room).
    fixed: dict[tuple[str, str, str], Session] = field(default_factory=dict)
    # Staff with no shift covering any session time (night workers, people on leave throughout).
    no_day_shift: set[str] = field(default_factory=set)


def live_sessions(programme: Programme):
    return (
        Session.objects.filter(programme=programme)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("unit", "room", "lead", "co_trainer")
    )


def _serves(facilitator: Facilitator, unit_slugs_by_pk: dict[int, str]) -> list[str] | None:
    """The programme's units a facilitator serves; None means every unit."""
    chosen = list(facilitator.units.all())
    if not chosen:
        return None
    return [unit_slugs_by_pk[u.pk] for u in chosen if u.pk in unit_slugs_by_pk]


def facilitating_person_pks(programme: Programme) -> set[int]:
    """Roster people who deliver this programme as facilitators, so are not booked to attend it."""
    unit_slugs_by_pk = dict(programme.units.values_list("pk", "slug"))
    return {
        f.person_id
        for f in Facilitator.objects.filter(active=True, person__isnull=False).prefetch_related(
            "units"
        )
        if _serves(f, unit_slugs_by_pk) is None or _serves(f, unit_slugs_by_pk)
    }


def programme_problem_build(*, programme: Programme, replan: bool = False) -> dict:
    """The solver's problem (JSON form) for a programme, as it should be planned now."""
    return build_problem(programme=programme, replan=replan).data


def build_problem(
    *,
    programme: Programme,
    replan: bool = False,
    for_check: bool = False,
    now: datetime | None = None,
) -> BuiltProblem:
    """Translate the roster into the solver's problem.

    Which sessions are fixed (kept exactly, their people already placed):
    - always sessions already held and locked sessions;
    - when planning (not re-planning), published sessions too: a first plan or "re-plan around locks"
      only rearranges the draft;
    - in re-plan mode published sessions are not fixed; their people are given as `current`, so the
      solver moves them only when it must, and absentees and newcomers fill catch-up sessions.
    When checking a manual change (`for_check`), only held and locked sessions are fixed, so that
    everything the coordinator may edit is judged; past slots stay usable so a plan that has started can
    still be checked.

    Facilitators who are also on the roster (often resident co-trainers) are left out of the attendees:
    they deliver the whole module, so they have taken part in it, and the solver has no way to know that
    "p12" and "f3" are one person who cannot be in two sessions of the same slot. The plan screen lists
    them separately, so coverage stays honest.
    """
    now = now or timezone.now()
    tz = ZoneInfo(TIME_ZONE)
    minutes = session_minutes(programme)
    length = timedelta(minutes=minutes)
    units = {unit.slug: unit for unit in programme.units.all().prefetch_related("routines")}
    unit_slugs_by_pk = {unit.pk: slug for slug, unit in units.items()}

    sessions = list(live_sessions(programme).prefetch_related("attendances"))
    fixed_sessions = [s for s in sessions if s.status == Session.Status.HELD or s.locked]
    if not replan and not for_check:
        fixed_sessions += [
            s for s in sessions if s.status == Session.Status.PUBLISHED and s not in fixed_sessions
        ]
    current_sessions = (
        [s for s in sessions if s.status == Session.Status.PUBLISHED and not s.locked]
        if replan
        else []
    )

    # Slots: the programme's own, plus any a kept session uses (for example one moved to an odd time).
    starts = {slot_key(start): start for start in programme_slot_starts(programme)}
    for session in sessions:
        starts.setdefault(slot_key(session.start), session.start.astimezone(tz))
    starts = dict(sorted(starts.items(), key=lambda item: item[1]))
    open_slots = [
        sid for sid, start in starts.items() if for_check or start >= now
    ]  # slots new sessions may use
    first = min(starts.values(), default=now)
    last = max(starts.values(), default=now) + length

    # People: active, in the programme's units.
    facilitators = list(
        Facilitator.objects.filter(active=True)
        .select_related("person")
        .prefetch_related("units", "absences")
    )
    programme_unit_pks = set(unit_slugs_by_pk)

    def serves(facilitator: Facilitator) -> list[str] | None:
        return _serves(facilitator, unit_slugs_by_pk)

    serving = [f for f in facilitators if serves(f) is None or serves(f)]
    facilitator_person_pks = {f.person_id for f in serving if f.person_id}

    people_qs = (
        Person.objects.filter(active=True, units__in=programme_unit_pks)
        .distinct()
        .prefetch_related("units")
    )
    people = {}
    facilitating = []
    for person in people_qs:
        if person.pk in facilitator_person_pks:
            facilitating.append(person)
        else:
            people[person_key(person.pk)] = person
    # Anyone in a kept session stays known to the problem, even if they have since left the roster.
    kept_people: dict[str, Person] = {}
    for session in fixed_sessions + current_sessions:
        for attendance in session.attendances.all():
            if attendance.status in Attendance.NOT_LIVE:
                continue
            key = person_key(attendance.person_id)
            if key not in people:
                kept_people[key] = attendance.person
    all_people = {**people, **kept_people}

    person_pks = [key_pk(k) for k in all_people]
    shifts = {
        (s.person_id, s.date): s
        for s in Shift.objects.filter(
            person_id__in=person_pks, date__gte=first.date(), date__lte=last.date()
        )
    }
    away: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for u in Unavailability.objects.filter(
        Q(person_id__in=person_pks) | Q(person_id__in=facilitator_person_pks),
        start__lt=last,
        end__gt=first,
    ):
        away[u.person_id].append((u.start, u.end))

    def blocked_for_unit(slug: str, start: datetime) -> bool:
        local = start.astimezone(tz)
        return any(r.overlaps(local, local + length) for r in units[slug].routines.all())

    blocked = {
        (slug, sid) for slug in units for sid in starts if blocked_for_unit(slug, starts[sid])
    }

    def person_available(person: Person, key: str) -> list[str]:
        own_units = [unit_slugs_by_pk[u.pk] for u in person.units.all() if u.pk in unit_slugs_by_pk]
        available = []
        for sid in open_slots:
            start = starts[sid]
            end = start + length
            # The solver has no per-unit slots; a slot a ward routine blocks on any of the person's
            # units is removed from the person (safe: it never allows a session during a routine).
            if any((slug, sid) in blocked for slug in own_units):
                continue
            if any(_overlaps(start, end, a, b) for a, b in away.get(person.pk, ())):
                continue
            if person.kind == Person.Kind.STAFF:
                local = start.astimezone(tz)
                shift = shifts.get((person.pk, local.date()))
                if shift is None or not shift.covers(local.time(), (local + length).time()):
                    continue
            available.append(sid)
        return available

    problem_people = []
    no_day_shift: set[str] = set()
    for key, person in all_people.items():
        own_units = [unit_slugs_by_pk[u.pk] for u in person.units.all() if u.pk in unit_slugs_by_pk]
        if not own_units:
            # Left the programme's units but still in a kept session: keep them where they are.
            own_units = sorted(
                {
                    s.unit.slug
                    for s in fixed_sessions + current_sessions
                    for a in s.attendances.all()
                    if a.person_id == person.pk
                }
            )
        available = person_available(person, key) if key in people else []
        if key in people and not available and person.kind == Person.Kind.STAFF:
            no_day_shift.add(key)
        entry = {
            "id": key,
            "units": own_units,
            "kind": person.kind,
            "floor": bool(person.kind == Person.Kind.STAFF and person.is_floor_staff),
            "available": available,
        }
        problem_people.append(entry)

    # Rooms.
    rooms = {room.slug: room for room in Room.objects.all()}
    closures: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for c in RoomClosure.objects.filter(start__lt=last, end__gt=first):
        closures[c.room_id].append((c.start, c.end))
    problem_rooms = []
    for slug, room in rooms.items():
        weekdays = set(room.available_weekdays or [])
        available = [
            sid
            for sid in open_slots
            if (not weekdays or starts[sid].weekday() in weekdays)
            and not any(
                _overlaps(starts[sid], starts[sid] + length, a, b) for a, b in closures[room.pk]
            )
        ]
        problem_rooms.append({"id": slug, "capacity": room.capacity, "available": available})

    # Facilitators.
    problem_facilitators = []
    facilitator_map = {}
    for f in serving:
        key = facilitator_key(f.pk)
        facilitator_map[key] = f
        weekdays = set(f.available_weekdays or [])
        windows = [(a.start, a.end) for a in f.absences.all()]
        if f.person_id:
            windows += away.get(f.person_id, [])
        available = [
            sid
            for sid in open_slots
            if (not weekdays or starts[sid].weekday() in weekdays)
            and not any(_overlaps(starts[sid], starts[sid] + length, a, b) for a, b in windows)
        ]
        entry = {"id": key, "role": f.role, "available": available, "max_per_day": f.max_per_day}
        own = serves(f)
        if own is not None:
            entry["units"] = own
        problem_facilitators.append(entry)
    # A kept session may name a facilitator who no longer serves; keep them known.
    for session in fixed_sessions + current_sessions:
        for f in (session.lead, session.co_trainer):
            if f is not None and facilitator_key(f.pk) not in facilitator_map:
                facilitator_map[facilitator_key(f.pk)] = f
                problem_facilitators.append(
                    {
                        "id": facilitator_key(f.pk),
                        "role": f.role,
                        "available": [],
                        "max_per_day": None,
                    }
                )

    problem_units = [
        {
            "id": slug,
            "name": unit.name,
            "max_staff_away": unit.max_staff_away,
            "min_staff": unit.min_staff,
            "min_residents": unit.min_residents,
        }
        for slug, unit in units.items()
    ]

    def planned(session: Session) -> dict:
        return {
            "unit": session.unit.slug,
            "slot": slot_key(session.start),
            "room": session.room.slug,
            "lead": facilitator_key(session.lead_id) if session.lead_id else None,
            "co": facilitator_key(session.co_trainer_id) if session.co_trainer_id else None,
            "people": sorted(
                person_key(a.person_id)
                for a in session.attendances.all()
                if a.status not in Attendance.NOT_LIVE
            ),
        }

    data = {
        "version": 1,
        "session_size": session_size(programme, units.values()),
        "session_minutes": minutes,
        "timezone": TIME_ZONE,
        "slots": [{"id": sid, "start": start.isoformat()} for sid, start in starts.items()],
        "rooms": problem_rooms,
        "units": problem_units,
        "people": problem_people,
        "facilitators": problem_facilitators,
    }
    fixed_map = {}
    fixed_data = []
    for session in fixed_sessions:
        item = planned(session)
        if session.lead_id is None:
            continue  # the solver needs a lead for a fixed session; it stays in the database as is
        fixed_data.append(item)
        fixed_map[item["unit"], item["slot"], item["room"]] = session
    if fixed_data:
        data["fixed_sessions"] = fixed_data
    current = {}
    for session in current_sessions:
        item = planned(session)
        for pid in item["people"]:
            current[pid] = {"unit": item["unit"], "slot": item["slot"], "room": item["room"]}
    if current:
        data["current"] = current
    return BuiltProblem(
        data=data,
        people=all_people,
        facilitators=facilitator_map,
        units=units,
        rooms=rooms,
        slot_starts=starts,
        facilitating=facilitating,
        fixed=fixed_map,
        no_day_shift=no_day_shift,
    )


def plan_dict_from_sessions(built: BuiltProblem, sessions: Iterable[Session]) -> dict:
    """The programme's current sessions in the solver's plan form, with everyone else unplaced.

    Used to check a manual change: the checker wants every person either placed or listed with a reason.
    """
    placed: set[str] = set()
    out = []
    for session in sessions:
        people = sorted(
            person_key(a.person_id)
            for a in session.attendances.all()
            if a.status not in Attendance.NOT_LIVE and person_key(a.person_id) in built.people
        )
        placed.update(people)
        out.append(
            {
                "unit": session.unit.slug,
                "slot": slot_key(session.start),
                "room": session.room.slug,
                "lead": facilitator_key(session.lead_id) if session.lead_id else None,
                "co": facilitator_key(session.co_trainer_id) if session.co_trainer_id else None,
                "people": people,
            }
        )
    unplaced = [
        {"person": key, "reason": "Not placed in a session yet."}
        for key in built.people
        if key not in placed
    ]
    return {"status": "feasible", "lower_bound": 0, "sessions": out, "unplaced": unplaced}


# Readable checker messages ------------------------------------------------------------------------------

_SESSION_REF = re.compile(r"sessions\[\d+\] \(([^,()]+), ([^,()]+), ([^,()]+)\)")
_SESSION_LIST = re.compile(r"\s*\(sessions \[[\d, ]+\]\)")
_SLOT = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d\b")
_KEY = re.compile(r"\b[pf]\d+\b")


def _slot_label(built: BuiltProblem, sid: str) -> str:
    start = built.slot_starts.get(sid)
    if start is None:
        return sid
    local = start.astimezone(ZoneInfo(TIME_ZONE))
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def violation_text(built: BuiltProblem, message: str) -> str:
    """Turn a checker message's ids into names a coordinator recognises."""

    def session_ref(match: re.Match) -> str:
        unit = built.units.get(match.group(1))
        room = built.rooms.get(match.group(3))
        return _("The %(unit)s session on %(slot)s in %(room)s") % {
            "unit": unit.name if unit else match.group(1),
            "slot": _slot_label(built, match.group(2)),
            "room": room.name if room else match.group(3),
        }

    def key_name(match: re.Match) -> str:
        key = match.group(0)
        if key.startswith("p") and key in built.people:
            return built.people[key].display_name
        if key.startswith("f") and key in built.facilitators:
            return built.facilitators[key].display_name
        return key

    text = _SESSION_REF.sub(session_ref, message)
    text = _SESSION_LIST.sub("", text)
    text = _SLOT.sub(lambda m: _slot_label(built, m.group(0)), text)
    text = _KEY.sub(key_name, text)
    for slug, unit in built.units.items():
        text = re.sub(rf"\b[Uu]nit {re.escape(slug)}\b", unit.name, text)
    for slug, room in built.rooms.items():
        text = re.sub(rf"\b[Rr]oom {re.escape(slug)}\b", room.name, text)
    text = text.strip()
    if text and not text.endswith("."):
        text += "."
    return text[:1].upper() + text[1:]


# Plan runs --------------------------------------------------------------------------------------------


@transaction.atomic
def plan_run_start(*, programme: Programme, user, replan: bool = False) -> PlanRun:
    """Queue a solver run for the programme; the django-q2 task starts once this commits.

    A run already waiting or running for the programme is returned instead of starting a second one, so
    a double click (or two coordinators) cannot race two solvers writing one draft.
    """
    run, created = _plan_run_create(programme=programme, user=user, replan=replan)
    if created:
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


@transaction.atomic
def plan_run_create(*, programme: Programme, user, replan: bool = False) -> PlanRun:
    """A queued run that the caller executes itself (the management command and the demo)."""
    return _plan_run_create(programme=programme, user=user, replan=replan)[0]


def _plan_run_create(*, programme: Programme, user, replan: bool) -> tuple[PlanRun, bool]:
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    active = programme.plan_runs.filter(
        status__in=[PlanRun.Status.QUEUED, PlanRun.Status.RUNNING]
    ).first()
    if active is not None:
        return active, False
    run = PlanRun.objects.create(
        programme=programme,
        replan=replan,
        started_by=user if getattr(user, "is_authenticated", False) else None,
        progress={"phase": _("Waiting to start"), "phase_index": 0},
    )
    return run, True


def _enqueue(run_id: int) -> None:
    from django_q.tasks import async_task

    async_task("scheduling.tasks.plan_run_execute", run_id, task_name=f"plan-run-{run_id}")


class _ProgressWriter:
    """Writes the solver's progress to the run, at most every `PROGRESS_INTERVAL` seconds.

    A queryset `update` in autocommit makes each write visible at once to the page polling for it; a new
    phase is always written so the phase name never lags behind. CP-SAT calls back from its own worker
    threads too: Django gives each thread its own connection, which is closed after the write so no
    connection is left behind per solver thread. A failed write never stops the solve.
    """

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.owner = threading.get_ident()
        self.lock = threading.Lock()
        self.last = 0.0
        self.last_phase = None

    def __call__(self, progress: dict) -> None:
        with self.lock:
            now = monotonic_time.monotonic()
            phase = progress.get("phase_index")
            if phase == self.last_phase and now - self.last < PROGRESS_INTERVAL:
                return
            self.last, self.last_phase = now, phase
        clean = {
            key: progress.get(key)
            for key in ("phase", "phase_index", "best", "bound", "gap", "seconds")
            if key in progress
        }
        try:
            PlanRun.objects.filter(pk=self.run_id).update(progress=clean)
        except DatabaseError:
            logger.warning("Could not record planning progress for run %s.", self.run_id)
        finally:
            if threading.get_ident() != self.owner:
                connection.close()


def plan_time_limit() -> float:
    """Seconds the solver may take; `ALONGSIDE_PLAN_TIME_LIMIT` lets tests and small sites shorten it."""
    return float(getattr(settings, "ALONGSIDE_PLAN_TIME_LIMIT", DEFAULT_TIME_LIMIT))


def plan_run_execute(*, run_id: int, time_limit: float | None = None, workers: int = 2) -> PlanRun:
    """Run the solver for a queued run and save its plan. Safe to call twice: a run is claimed once."""
    time_limit = plan_time_limit() if time_limit is None else time_limit
    claimed = PlanRun.objects.filter(pk=run_id, status=PlanRun.Status.QUEUED).update(
        status=PlanRun.Status.RUNNING, started_at=timezone.now()
    )
    run = PlanRun.objects.select_related("programme", "programme__module").get(pk=run_id)
    if not claimed:
        logger.info("Plan run %s was already %s; not run again.", run_id, run.status)
        return run
    try:
        from scheduling.solver import plan_to_dict, problem_from_dict, solve

        built = build_problem(programme=run.programme, replan=run.replan)
        problem = problem_from_dict(built.data)
        plan = solve(
            problem, time_limit=time_limit, workers=workers, progress=_ProgressWriter(run_id)
        )
        plan_data = plan_to_dict(plan)
        plan_save(run=run, built=built, plan=plan_data)
    except Exception as error:  # the run must end, whatever went wrong, so the page stops waiting
        logger.exception("Plan run %s failed.", run_id)
        PlanRun.objects.filter(pk=run_id).update(
            status=PlanRun.Status.FAILED,
            finished_at=timezone.now(),
            message=_("Planning stopped with an error: %(error)s") % {"error": error},
        )
    run.refresh_from_db()
    return run


_NO_DAY_SHIFT = gettext_lazy(
    "No shift on the rota covers a session time (for example, only night shifts or leave in "
    "these weeks). Give them a day shift or a training day, then plan again."
)


def _result_summary(built: BuiltProblem, plan: dict) -> dict:
    unplaced = []
    for item in plan.get("unplaced", []):
        person = built.people.get(item["person"])
        units = [
            built.units[slug].name
            for slug in built.units
            if person and any(u.slug == slug for u in person.units.all())
        ]
        unplaced.append(
            {
                "person": item["person"],
                "name": person.display_name if person else item["person"],
                "units": units,
                "reason": str(_NO_DAY_SHIFT)
                if item["person"] in built.no_day_shift
                else violation_text(built, item.get("reason") or ""),
            }
        )
    return {
        "status": plan.get("status"),
        "lower_bound": plan.get("lower_bound"),
        "gap": plan.get("gap"),
        "sessions": len(plan.get("sessions", [])),
        "objective": plan.get("objective", {}),
        "bounds": plan.get("bounds", {}),
        "solve_seconds": plan.get("solve_seconds"),
        "people": len(built.people),
        "unplaced": unplaced,
        "facilitating": [p.display_name for p in built.facilitating],
    }


@transaction.atomic
def plan_save(*, run: PlanRun, built: BuiltProblem, plan: dict) -> PlanRun:
    """Replace the programme's draft with the plan, keeping held, locked and published sessions.

    - Draft, unlocked sessions are deleted and the plan's sessions created in their place (new ones are
      catch-up sessions in re-plan mode).
    - Fixed sessions (held, locked, and published ones outside re-plan mode) are left exactly as they are.
    - In re-plan mode a published session the plan keeps is updated in place (its people and trainers),
      and one the plan no longer uses is cancelled; both raise the calendar signal after commit.
    When the solver found no plan at all, the draft is left untouched and the run says why.
    """
    programme = Programme.objects.select_for_update().get(pk=run.programme_id)
    sessions = list(
        live_sessions(programme).select_for_update(of=("self",)).prefetch_related("attendances")
    )
    summary = _result_summary(built, plan)
    planned = plan.get("sessions", [])
    if not planned and plan.get("status") in ("unknown", "infeasible") and summary["people"]:
        run.status = PlanRun.Status.DONE
        run.finished_at = timezone.now()
        run.result = summary
        run.message = _(
            "The solver found no plan in the time allowed, so the draft was left as it was."
        )
        run.save(update_fields=["status", "finished_at", "result", "message"])
        return run

    fixed_keys = set(built.fixed)
    tz = ZoneInfo(TIME_ZONE)
    length = timedelta(minutes=built.data["session_minutes"])

    def key_of(session: Session) -> tuple[str, str, str]:
        return (session.unit.slug, slot_key(session.start), session.room.slug)

    kept_published = {
        key_of(s): s
        for s in sessions
        if s.status == Session.Status.PUBLISHED and key_of(s) not in fixed_keys
    }
    # 1. Drop the old draft.
    drafts = [
        s for s in sessions if s.status == Session.Status.DRAFT and key_of(s) not in fixed_keys
    ]
    Session.objects.filter(pk__in=[s.pk for s in drafts]).delete()

    # 2. Decide where everyone goes.
    targets: dict[tuple[str, str, str], dict] = {}
    for item in planned:
        key = (item["unit"], item["slot"], item["room"])
        if key in fixed_keys:
            continue
        targets[key] = item
    placed_people = {pid for item in targets.values() for pid in item["people"]}

    # People leaving a published session they were booked in (re-plan mode only).
    changed: set[int] = set()
    moving_out = []
    for key, session in kept_published.items():
        wanted = set(targets.get(key, {}).get("people", []))
        for attendance in session.attendances.all():
            if attendance.status in Attendance.NOT_LIVE:
                continue
            pid = person_key(attendance.person_id)
            # Someone the plan leaves unplaced keeps the booking they have.
            if pid not in wanted and pid in placed_people:
                moving_out.append(attendance.pk)
                changed.add(session.pk)
    Attendance.objects.filter(pk__in=moving_out).delete()

    # 3. Create or update sessions and bookings.
    created = 0
    new_bookings = []
    for key, item in targets.items():
        unit_slug, sid, room_slug = key
        lead = built.facilitators.get(item.get("lead") or "")
        co = built.facilitators.get(item.get("co") or "")
        session = kept_published.get(key)
        if session is None:
            start = built.slot_starts[sid].astimezone(tz)
            session = Session.objects.create(
                programme=programme,
                unit=built.units[unit_slug],
                room=built.rooms[room_slug],
                start=start,
                end=start + length,
                lead=lead,
                co_trainer=co,
                status=Session.Status.DRAFT,
                is_catch_up=run.replan,
            )
            created += 1
            have = set()
        else:
            if session.lead_id != (lead.pk if lead else None) or session.co_trainer_id != (
                co.pk if co else None
            ):
                session.lead, session.co_trainer = lead, co
                session.save(update_fields=["lead", "co_trainer", "updated_at"])
                changed.add(session.pk)
            have = {
                person_key(a.person_id)
                for a in session.attendances.all()
                if a.status not in Attendance.NOT_LIVE and a.pk not in moving_out
            }
        for pid in item["people"]:
            if pid in have:
                continue
            new_bookings.append(
                Attendance(session=session, programme=programme, person_id=key_pk(pid))
            )
            if session.status == Session.Status.PUBLISHED:
                changed.add(session.pk)
    # People moved out of a published session are re-booked here; remove any older live booking first.
    Attendance.objects.filter(
        LIVE,
        programme=programme,
        person_id__in=[b.person_id for b in new_bookings],
    ).exclude(session__status=Session.Status.HELD).delete()
    Attendance.objects.bulk_create(new_bookings)

    # 4. Published sessions the plan no longer uses, and now empty, are cancelled.
    cancelled = []
    for key, session in kept_published.items():
        if key not in targets and not session.attendances.filter(LIVE).exists():
            session.status = Session.Status.CANCELLED
            session.sequence += 1
            session.save(update_fields=["status", "sequence", "updated_at"])
            cancelled.append(session.pk)
    changed -= set(cancelled)
    if changed:
        ids = sorted(changed)
        transaction.on_commit(
            lambda: sessions_changed.send(sender=Session, session_ids=ids, change="published")
        )
    if cancelled:
        transaction.on_commit(
            lambda: sessions_changed.send(sender=Session, session_ids=cancelled, change="cancelled")
        )

    if programme.status == Programme.Status.DRAFT:
        programme.status = Programme.Status.PLANNED
        programme.save(update_fields=["status", "updated_at"])

    summary["created"] = created
    run.status = PlanRun.Status.DONE
    run.finished_at = timezone.now()
    run.result = summary
    placed = summary["people"] - len(summary["unplaced"])
    run.message = _("%(placed)s of %(people)s people placed in %(sessions)s sessions.") % {
        "placed": placed,
        "people": summary["people"],
        "sessions": summary["sessions"],
    }
    run.save(update_fields=["status", "finished_at", "result", "message"])
    return run


def plan_run_fail_if_stale(*, run: PlanRun, older_than: timedelta) -> bool:
    """Mark a run that has been "running" far longer than any solve can take as failed.

    A worker that was killed mid-solve would otherwise leave the plan screen waiting forever.
    """
    if run.status not in (PlanRun.Status.QUEUED, PlanRun.Status.RUNNING):
        return False
    if run.created_at > timezone.now() - older_than:
        return False
    updated = PlanRun.objects.filter(pk=run.pk, status=run.status).update(
        status=PlanRun.Status.FAILED,
        finished_at=timezone.now(),
        message=_(
            "This run stopped without finishing (the worker may have restarted). Start it again."
        ),
    )
    run.refresh_from_db()
    return bool(updated)


def check_problem_and_plan(*, programme: Programme) -> tuple[BuiltProblem, dict]:
    """The problem (for checking) and the current sessions as a plan, for `plan_check`."""
    built = build_problem(programme=programme, for_check=True)
    sessions = live_sessions(programme).prefetch_related("attendances")
    return built, plan_dict_from_sessions(built, sessions)


def plan_violations(*, programme: Programme, ignore: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Hard-rule violations of the programme's current sessions, as (code, readable message)."""
    from scheduling.solver import check_plan, plan_from_dict, problem_from_dict

    built, plan = check_problem_and_plan(programme=programme)
    skip = set(ignore)
    found = check_plan(problem_from_dict(built.data), plan_from_dict(plan))
    return [(v.code, violation_text(built, v.message)) for v in found if v.code not in skip]


def raise_for_new_violations(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> None:
    """Refuse a change that adds a hard-rule violation, with the checker's reason."""
    seen = set(before)
    new = [message for code, message in after if (code, message) not in seen]
    if new:
        raise ValidationError(
            _("This change breaks a rule, so it was not made: %(reason)s") % {"reason": new[0]}
        )
