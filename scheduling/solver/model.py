"""Plain dataclasses for the scheduler contract (docs/scheduler.md, version 2; version 1 still read).

Problem-side classes are frozen; sequences given as lists are stored as tuples so that a problem can be
shared between threads and compared. The plan is a plain (mutable) result object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

VERSION = 2
READABLE_VERSIONS = (1, 2)

STAFF = "staff"
RESIDENT = "resident"
LEAD = "lead"
CO = "co"
ONCE = "once"  # people[].attend: one session, with any one of their units
EACH_UNIT = "each_unit"  # one session with each of their units, never two at the same time

STATUS_OPTIMAL = "optimal"
STATUS_FEASIBLE = "feasible"
STATUS_INFEASIBLE = "infeasible"
STATUS_UNKNOWN = "unknown"


def _tuple(obj: Any, name: str) -> None:
    value = getattr(obj, name)
    if value is not None and not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True)
class Slot:
    id: str
    start: datetime


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int
    available: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _tuple(self, "available")


@dataclass(frozen=True)
class Unit:
    id: str
    max_staff_away: int
    max_staff_away_by_slot: Mapping[str, int] = field(default_factory=dict)
    min_staff: int = 0
    min_residents: int = 0
    name: str | None = None  # optional display name used in reasons; defaults to the id

    def allowance(self, slot_id: str) -> int:
        """How many floor staff may be away from this unit during the given slot."""
        return self.max_staff_away_by_slot.get(slot_id, self.max_staff_away)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Person:
    id: str
    units: tuple[str, ...]
    kind: str  # "staff" | "resident"
    floor: bool = False
    available: tuple[str, ...] = ()
    prefers: tuple[str, ...] = ()
    attend: str = ONCE

    def __post_init__(self) -> None:
        for name in ("units", "available", "prefers"):
            _tuple(self, name)

    @property
    def each_unit(self) -> bool:
        return self.attend == EACH_UNIT and len(self.units) > 1

    @property
    def is_staff(self) -> bool:
        return self.kind == STAFF

    @property
    def is_floor(self) -> bool:
        return self.kind == STAFF and self.floor


@dataclass(frozen=True)
class Facilitator:
    id: str
    role: str  # "lead" | "co"
    available: tuple[str, ...] = ()
    max_per_day: int | None = None  # None: no daily limit (still one session per slot)
    units: tuple[str, ...] | None = None  # None: serves every unit
    weight: int = 1  # the co-trainer phase maximises the weighted count of co-trainer sessions

    def __post_init__(self) -> None:
        _tuple(self, "available")
        _tuple(self, "units")

    def serves(self, unit_id: str) -> bool:
        return self.units is None or unit_id in self.units


@dataclass(frozen=True)
class SessionRef:
    """Where a person currently is (a published session): unit, slot and room."""

    unit: str
    slot: str
    room: str


@dataclass(frozen=True)
class PlannedSession:
    unit: str
    slot: str
    room: str
    lead: str | None
    co: str | None = None
    people: tuple[str, ...] = ()
    # Remarks for the coordinator, e.g. {"code": "no_resident_available", "params": {...}}; not part
    # of the session's identity (a fixed session with notes is still the same session).
    notes: tuple[dict, ...] = field(default=(), compare=False, hash=False)

    def __post_init__(self) -> None:
        _tuple(self, "people")
        _tuple(self, "notes")

    @property
    def ref(self) -> SessionRef:
        return SessionRef(self.unit, self.slot, self.room)


@dataclass(frozen=True)
class Problem:
    version: int = VERSION
    session_size: int = 15
    session_minutes: int = 90
    timezone: str = "Europe/London"
    slots: tuple[Slot, ...] = ()
    rooms: tuple[Room, ...] = ()
    units: tuple[Unit, ...] = ()
    people: tuple[Person, ...] = ()
    facilitators: tuple[Facilitator, ...] = ()
    # Re-plan mode: sessions already held or locked (kept exactly), and where people currently are.
    fixed_sessions: tuple[PlannedSession, ...] = ()
    current: Mapping[str, SessionRef] = field(default_factory=dict)
    # Pairs of people who must never be in the same session (a safeguarding need; no reason given).
    apart: tuple[tuple[str, str], ...] = ()
    # Internal (not part of the JSON): pairs of people never in sessions at the same time. The
    # solver splits someone who attends each of their units into one person per unit (expand.py)
    # and keeps those apart in time.
    no_overlap: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for name in ("slots", "rooms", "units", "people", "facilitators", "fixed_sessions"):
            _tuple(self, name)
        object.__setattr__(self, "apart", tuple(tuple(pair) for pair in self.apart))
        object.__setattr__(self, "no_overlap", tuple(tuple(pair) for pair in self.no_overlap))

    def overlap(self, a: str, b: str) -> bool:
        """Do the sessions of slots `a` and `b` overlap in time?"""
        if a == b:
            return True
        sa, sb = self.slot_by_id.get(a), self.slot_by_id.get(b)
        if sa is None or sb is None:
            return False
        return abs((sa.start - sb.start).total_seconds()) < self.session_minutes * 60

    @cached_property
    def apart_of(self) -> dict[str, set[str]]:
        """Person id -> the ids they must be kept apart from."""
        out: dict[str, set[str]] = {}
        for a, b in self.apart:
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
        return out

    # Lookups (cached; a frozen dataclass still has an instance __dict__).
    @cached_property
    def slot_by_id(self) -> dict[str, Slot]:
        return {s.id: s for s in self.slots}

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def facilitator_by_id(self) -> dict[str, Facilitator]:
        return {f.id: f for f in self.facilitators}

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def _local_starts(self) -> dict[str, datetime]:
        return {s.id: s.start.astimezone(self.tz) for s in self.slots}

    def slot_day(self, slot_id: str) -> date:
        """The calendar day of a slot, in the problem's time zone (for `max_per_day`)."""
        return self._local_starts[slot_id].date()

    def slot_label(self, slot_id: str) -> str:
        """A short human label such as "12 Jan 10:00" (local time)."""
        local = self._local_starts.get(slot_id)
        if local is None:
            return slot_id
        return f"{local.day} {local:%b %H:%M}"

    def unit_label(self, unit_id: str) -> str:
        unit = self.unit_by_id.get(unit_id)
        return unit.label if unit else unit_id


@dataclass(frozen=True)
class Unplaced:
    person: str
    reason: str  # English, for the command line
    code: str = ""  # "no_possible_slot" | "not_placed" | "time_clash" (see reasons.py)
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    unit: str | None = None  # set for people who attend each unit: the unit they miss


@dataclass
class Plan:
    status: str
    lower_bound: int
    objective: dict[str, Any] = field(default_factory=dict)
    sessions: list[PlannedSession] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    solve_seconds: float = 0.0
    bounds: dict[str, Any] = field(default_factory=dict)
    phases: list[dict[str, Any]] = field(default_factory=list)
    # The solver parameters used (seed, deterministic time, workers, wall-clock cap), so that a plan
    # can be reproduced.
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> int:
        """Sessions above the proven lower bound (what users see as the gap)."""
        return max(0, len(self.sessions) - self.lower_bound)


@dataclass(frozen=True)
class Violation:
    code: str
    message: str  # English, for the command line and logs
    # The ids involved (e.g. {"session": 3, "person": "p1"}), so the product can word it in gettext.
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
