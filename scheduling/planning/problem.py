"""The roster translated into the solver's problem, and a programme's sessions into the solver's plan form.

What the problem holds, and why:
- Slots: the programme's working days (`planning.days`) at its start times, plus any slot a kept session
  uses. Only future slots are open to new sessions, except when a manual change is being checked.
- People still due (`planning.due`): not yet trained, or with a refresher due, never someone who declined
  unless the coordinator asks again. Each person's availability honours their unit's session length, their
  shifts, ward routines and unavailability.
- Everything live elsewhere is taken out (`planning.busy`): another programme's published or held session
  makes its people, room and trainers unavailable in overlapping slots, and lowers the unit's floor-staff
  allowance for those slots (`max_staff_away_by_slot`), starting from the allowance on cover days.
  Other programmes' drafts are proposals, not bookings: they constrain nothing until published, and
  publishing re-checks against whatever was published first.
- Keep-apart pairs (`apart`), co-trainers' weights (lived experience preferred), and sessions that must be
  kept (held, locked, and published ones outside re-plan mode).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from scheduling.models import (
    Attendance,
    CoverDay,
    Facilitator,
    KeepApart,
    Person,
    Programme,
    Room,
    RoomClosure,
    Session,
    Shift,
    Unavailability,
    Unit,
)

from .busy import Busy, busy_elsewhere
from .days import programme_slot_starts, session_minutes, session_size, unit_session_minutes
from .due import people_due
from .ids import facilitator_key, key_pk, local_zone, overlaps, person_key, slot_key

# The co-trainer phase maximises the weighted count of co-trained sessions (contract v2).
LIVED_EXPERIENCE_WEIGHT = 3


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
    # People left out because they are not due (trained and in date) or declined, by reason.
    not_due: dict[str, list[Person]] = field(default_factory=dict)
    # Minutes per unit slug (the module's length, or the ward's shorter session).
    unit_minutes: dict[str, int] = field(default_factory=dict)
    busy: Busy | None = None
    # People who attend one session with each of their units (`attend: each_unit`): MDT members
    # covering several units that have `Unit.mdt_each_unit` ticked. They hold a booking per unit.
    each_unit: set[str] = field(default_factory=set)

    def booking_key(self, pid: str, unit_slug: str) -> tuple[str, str | None]:
        """What one live booking stands for: the person, and the unit for each-unit people."""
        return (pid, unit_slug if pid in self.each_unit else None)


def each_unit_units(person: Person, units: Iterable[Unit]) -> list[Unit]:
    """The units (of `units`, the person's units in a programme) an MDT member attends one session with
    each of: those that ask for it (`Unit.mdt_each_unit`), when there are two or more. Otherwise none:
    they attend once, with any one of their units. Floor staff and residents always attend once."""
    if person.kind != Person.Kind.STAFF or person.is_floor_staff:
        return []
    each = [unit for unit in units if unit.mdt_each_unit]
    return each if len(each) > 1 else []


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
    found = set()
    for f in Facilitator.objects.filter(active=True, person__isnull=False).prefetch_related(
        "units"
    ):
        serves = _serves(f, unit_slugs_by_pk)
        if serves is None or serves:
            found.add(f.person_id)
    return found


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
    still be checked, and everyone booked counts whether or not they are still due.

    Facilitators who are also on the roster (often resident co-trainers) are left out of the attendees:
    they deliver the whole module, so they have taken part in it, and the solver cannot know that "p12"
    and "f3" are one person. The plan screen lists them separately, so coverage stays honest.
    """
    return _Builder(programme, replan=replan, for_check=for_check, now=now).build()


class _Builder:
    def __init__(self, programme, *, replan, for_check, now):
        self.programme = programme
        self.replan = replan
        self.for_check = for_check
        self.now = now or timezone.now()
        self.units = {u.slug: u for u in programme.units.all().prefetch_related("routines")}
        self.unit_slugs_by_pk = {unit.pk: slug for slug, unit in self.units.items()}
        self.unit_minutes = {
            slug: unit_session_minutes(programme, unit) for slug, unit in self.units.items()
        }
        self.minutes = session_minutes(programme, self.units.values())
        self.length = timedelta(minutes=self.minutes)

    # Sessions and slots ---------------------------------------------------------------------------

    def _sessions(self) -> None:
        sessions = list(live_sessions(self.programme).prefetch_related("attendances__person"))
        fixed = [s for s in sessions if s.status == Session.Status.HELD or s.locked]
        if not self.replan and not self.for_check:
            fixed += [
                s for s in sessions if s.status == Session.Status.PUBLISHED and s not in fixed
            ]
        self.sessions = sessions
        self.fixed_sessions = fixed
        self.current_sessions = (
            [s for s in sessions if s.status == Session.Status.PUBLISHED and not s.locked]
            if self.replan
            else []
        )

    def _slots(self) -> None:
        zone = local_zone()
        starts = {slot_key(start): start for start in programme_slot_starts(self.programme)}
        for session in self.sessions:
            starts.setdefault(slot_key(session.start), session.start.astimezone(zone))
        self.starts = dict(sorted(starts.items(), key=lambda item: item[1]))
        self.open_slots = [
            sid for sid, start in self.starts.items() if self.for_check or start >= self.now
        ]
        self.first = min(self.starts.values(), default=self.now)
        self.last = max(self.starts.values(), default=self.now) + self.length

    def _own_units(self, person: Person) -> list[str]:
        return [
            self.unit_slugs_by_pk[u.pk] for u in person.units.all() if u.pk in self.unit_slugs_by_pk
        ]

    # People ---------------------------------------------------------------------------------------

    def _facilitators_serving(self) -> None:
        facilitators = (
            Facilitator.objects.filter(active=True)
            .select_related("person")
            .prefetch_related("units", "absences")
        )
        self.serving = [
            f for f in facilitators if (own := _serves(f, self.unit_slugs_by_pk)) is None or own
        ]
        self.facilitator_person_pks = {f.person_id for f in self.serving if f.person_id}

    def _people(self) -> None:
        roster = (
            Person.objects.filter(active=True, units__in=list(self.unit_slugs_by_pk))
            .distinct()
            .prefetch_related("units")
        )
        candidates, self.facilitating = [], []
        for person in roster:
            if person.pk in self.facilitator_person_pks:
                self.facilitating.append(person)
            else:
                candidates.append(person)
        if self.for_check:
            due, self.not_due = candidates, {}
        else:
            due, self.not_due = people_due(self.programme, candidates)
        self.people = {person_key(p.pk): p for p in due}
        # Anyone in a kept or booked session stays known to the problem, even if no longer on the roster
        # or no longer due.
        self.kept_people: dict[str, Person] = {}
        booked_sessions = (
            self.sessions if self.for_check else self.fixed_sessions + self.current_sessions
        )
        for session in booked_sessions:
            for attendance in session.attendances.all():
                key = person_key(attendance.person_id)
                if attendance.status not in Attendance.NOT_LIVE and key not in self.people:
                    self.kept_people[key] = attendance.person
        self.all_people = {**self.people, **self.kept_people}

    def _person_windows(self) -> None:
        person_pks = [key_pk(k) for k in self.all_people]
        self.shifts = {
            (s.person_id, s.date): s
            for s in Shift.objects.filter(
                person_id__in=person_pks, date__gte=self.first.date(), date__lte=self.last.date()
            )
        }
        self.away: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        for u in Unavailability.objects.filter(
            Q(person_id__in=person_pks) | Q(person_id__in=self.facilitator_person_pks),
            start__lt=self.last,
            end__gt=self.first,
        ):
            self.away[u.person_id].append((u.start, u.end))

    def _blocked_by_routine(self, slug: str, start: datetime) -> bool:
        local = start.astimezone(local_zone())
        end = local + timedelta(minutes=self.unit_minutes[slug])
        return any(r.overlaps(local, end) for r in self.units[slug].routines.all())

    def _person_available(self, person: Person, own_units: list[str]) -> list[str]:
        zone = local_zone()
        length = timedelta(
            minutes=max((self.unit_minutes[u] for u in own_units), default=self.minutes)
        )
        available = []
        for sid in self.open_slots:
            start = self.starts[sid]
            end = start + length
            # The solver has no per-unit slots; a slot a ward routine blocks on any of the person's
            # units is removed from the person (safe: it never allows a session during a routine).
            if any(self._blocked_by_routine(slug, start) for slug in own_units):
                continue
            if any(overlaps(start, end, a, b) for a, b in self.away.get(person.pk, ())):
                continue
            if self.busy.person_busy(person.pk, start, end):
                continue
            if person.kind == Person.Kind.STAFF:
                local = start.astimezone(zone)
                shift = self.shifts.get((person.pk, local.date()))
                if shift is None or not shift.covers(local.time(), (local + length).time()):
                    continue
            available.append(sid)
        return available

    def _problem_people(self) -> list[dict]:
        out = []
        self.no_day_shift: set[str] = set()
        self.each_unit: set[str] = set()
        kept_sessions = self.fixed_sessions + self.current_sessions
        for key, person in self.all_people.items():
            own_units = self._own_units(person)
            if not own_units:
                # Left the programme's units but still in a kept session: keep them where they are.
                own_units = sorted(
                    {
                        s.unit.slug
                        for s in kept_sessions or self.sessions
                        for a in s.attendances.all()
                        if a.person_id == person.pk
                    }
                )
            schedulable = key in self.people or self.for_check
            available = self._person_available(person, own_units) if schedulable else []
            if key in self.people and not available and person.kind == Person.Kind.STAFF:
                self.no_day_shift.add(key)
            entry = {
                "id": key,
                "units": own_units,
                "kind": person.kind,
                "floor": bool(person.kind == Person.Kind.STAFF and person.is_floor_staff),
                "available": available,
            }
            each = self._each_unit(person, own_units)
            if each:
                entry.update(units=each, attend="each_unit")
                self.each_unit.add(key)
            out.append(entry)
        return out

    def _each_unit(self, person: Person, own_units: list[str]) -> list[str]:
        return [u.slug for u in each_unit_units(person, [self.units[slug] for slug in own_units])]

    def _apart(self) -> list[list[str]]:
        pks = [key_pk(k) for k in self.all_people]
        pairs = KeepApart.objects.filter(person_a_id__in=pks, person_b_id__in=pks)
        return sorted(
            [person_key(a), person_key(b)]
            for a, b in pairs.values_list("person_a_id", "person_b_id")
        )

    # Rooms, trainers and units ------------------------------------------------------------------------

    def _problem_rooms(self) -> list[dict]:
        self.rooms = {room.slug: room for room in Room.objects.all()}
        closures: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        for c in RoomClosure.objects.filter(start__lt=self.last, end__gt=self.first):
            closures[c.room_id].append((c.start, c.end))
        out = []
        for slug, room in self.rooms.items():
            weekdays = set(room.available_weekdays or [])
            available = []
            for sid in self.open_slots:
                start, end = self.starts[sid], self.starts[sid] + self.length
                if weekdays and start.weekday() not in weekdays:
                    continue
                if any(overlaps(start, end, a, b) for a, b in closures[room.pk]):
                    continue
                if self.busy.room_busy(room.pk, start, end):
                    continue
                available.append(sid)
            out.append({"id": slug, "capacity": room.capacity, "available": available})
        return out

    def _facilitator_available(self, f: Facilitator) -> list[str]:
        weekdays = set(f.available_weekdays or [])
        windows = [(a.start, a.end) for a in f.absences.all()]
        if f.person_id:
            windows += self.away.get(f.person_id, [])
        available = []
        for sid in self.open_slots:
            start, end = self.starts[sid], self.starts[sid] + self.length
            if weekdays and start.weekday() not in weekdays:
                continue
            if any(overlaps(start, end, a, b) for a, b in windows):
                continue
            if self.busy.facilitator_busy(f, start, end):
                continue
            available.append(sid)
        return available

    def _problem_facilitators(self) -> list[dict]:
        out = []
        self.facilitator_map = {}
        prefer = self.programme.prefer_lived_experience
        for f in self.serving:
            key = facilitator_key(f.pk)
            self.facilitator_map[key] = f
            entry = {
                "id": key,
                "role": f.role,
                "available": self._facilitator_available(f),
                "max_per_day": f.max_per_day,
                "weight": LIVED_EXPERIENCE_WEIGHT if prefer and f.lived_experience else 1,
            }
            own = _serves(f, self.unit_slugs_by_pk)
            if own is not None:
                entry["units"] = own
            out.append(entry)
        # A kept session may name a facilitator who no longer serves; keep them known.
        for session in (
            self.fixed_sessions + self.current_sessions + (self.sessions if self.for_check else [])
        ):
            for f in (session.lead, session.co_trainer):
                if f is not None and facilitator_key(f.pk) not in self.facilitator_map:
                    self.facilitator_map[facilitator_key(f.pk)] = f
                    out.append(
                        {
                            "id": facilitator_key(f.pk),
                            "role": f.role,
                            "available": [],
                            "max_per_day": None,
                        }
                    )
        return out

    def _problem_units(self) -> list[dict]:
        cover = defaultdict(dict)
        for c in CoverDay.objects.filter(
            unit__in=self.units.values(), date__gte=self.first.date(), date__lte=self.last.date()
        ):
            cover[c.unit_id][c.date] = c.max_staff_away
        zone = local_zone()
        out = []
        for slug, unit in self.units.items():
            by_slot = {}
            for sid, start in self.starts.items():
                allowance = cover[unit.pk].get(start.astimezone(zone).date(), unit.max_staff_away)
                end = start + timedelta(minutes=self.unit_minutes[slug])
                allowance -= self.busy.floor_away(unit.pk, start, end)
                if allowance != unit.max_staff_away:
                    by_slot[sid] = max(0, allowance)
            entry = {
                "id": slug,
                "name": unit.name,
                "max_staff_away": unit.max_staff_away,
                "min_staff": unit.min_staff,
                "min_residents": unit.min_residents,
            }
            if by_slot:
                entry["max_staff_away_by_slot"] = by_slot
            out.append(entry)
        return out

    # Kept sessions ------------------------------------------------------------------------------------

    def _fixed_and_current(self, data: dict) -> dict:
        fixed_map, fixed_data = {}, []
        for session in self.fixed_sessions:
            if session.lead_id is None:
                continue  # the solver needs a lead for a fixed session; it stays in the database as is
            item = session_as_planned(session)
            fixed_data.append(item)
            fixed_map[item["unit"], item["slot"], item["room"]] = session
        if fixed_data:
            data["fixed_sessions"] = fixed_data
        current = {}
        for session in self.current_sessions:
            item = session_as_planned(session)
            for pid in item["people"]:
                # The contract holds one current place per person: an each-unit person keeps the
                # first of theirs, and a re-plan may move the other (it is re-booked, never lost).
                current.setdefault(
                    pid, {"unit": item["unit"], "slot": item["slot"], "room": item["room"]}
                )
        if current:
            data["current"] = current
        return fixed_map

    def build(self) -> BuiltProblem:
        from scheduling.solver.io import VERSION

        self._sessions()
        self._slots()
        self._facilitators_serving()
        self._people()
        self._person_windows()
        self.busy = busy_elsewhere(self.programme, self.first, self.last)
        data = {
            "version": VERSION,
            "session_size": session_size(self.programme, self.units.values()),
            "session_minutes": self.minutes,
            "timezone": str(local_zone()),
            "slots": [
                {"id": sid, "start": start.isoformat()} for sid, start in self.starts.items()
            ],
            "rooms": self._problem_rooms(),
            "units": self._problem_units(),
            "people": self._problem_people(),
            "facilitators": self._problem_facilitators(),
        }
        apart = self._apart()
        if apart:
            data["apart"] = apart
        fixed_map = self._fixed_and_current(data)
        return BuiltProblem(
            data=data,
            people=self.all_people,
            facilitators=self.facilitator_map,
            units=self.units,
            rooms=self.rooms,
            slot_starts=self.starts,
            facilitating=self.facilitating,
            fixed=fixed_map,
            no_day_shift=self.no_day_shift,
            not_due=self.not_due,
            unit_minutes=self.unit_minutes,
            busy=self.busy,
            each_unit=self.each_unit,
        )


def session_as_planned(session: Session, *, people: Iterable[str] | None = None) -> dict:
    """One session in the solver's plan form."""
    if people is None:
        people = (
            person_key(a.person_id)
            for a in session.attendances.all()
            if a.status not in Attendance.NOT_LIVE
        )
    return {
        "unit": session.unit.slug,
        "slot": slot_key(session.start),
        "room": session.room.slug,
        "lead": facilitator_key(session.lead_id) if session.lead_id else None,
        "co": facilitator_key(session.co_trainer_id) if session.co_trainer_id else None,
        "people": sorted(people),
    }


def plan_dict_from_sessions(built: BuiltProblem, sessions: Iterable[Session]) -> dict:
    """The programme's current sessions in the solver's plan form, with everyone else unplaced.

    Used to check a manual change: the checker wants every person either placed or listed with a reason.
    """
    placed: set[str] = set()
    placed_in_unit: set[tuple[str, str]] = set()
    out = []
    for session in sessions:
        people = [
            person_key(a.person_id)
            for a in session.attendances.all()
            if a.status not in Attendance.NOT_LIVE and person_key(a.person_id) in built.people
        ]
        placed.update(people)
        placed_in_unit.update((pid, session.unit.slug) for pid in people)
        out.append(session_as_planned(session, people=people))
    unplaced = []
    for entry in built.data["people"]:
        key = entry["id"]
        if key not in built.people:
            continue
        if key in built.each_unit:
            unplaced += [
                {"person": key, "unit": unit, "reason": "Not placed in a session of it yet."}
                for unit in entry["units"]
                if (key, unit) not in placed_in_unit
            ]
        elif key not in placed:
            unplaced.append({"person": key, "reason": "Not placed in a session yet."})
    return {"status": "feasible", "lower_bound": 0, "sessions": out, "unplaced": unplaced}
