"""An independent checker: does a plan obey every hard rule of its problem?

Deliberately written without using the solver's code (only the data classes), so that it can catch the
solver's mistakes. Used by the tests, the benchmark and the plan screen (every manual change is checked).

Sessions that are exactly one of the problem's `fixed_sessions` (held or locked) are taken as given:
their own contents are not judged, but they still count when checking shared things (rooms, facilitators,
floor-staff allowance, people booked twice) against the other sessions.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from .model import Plan, PlannedSession, Problem, Violation

UNKNOWN_UNIT = "UNKNOWN_UNIT"
UNKNOWN_SLOT = "UNKNOWN_SLOT"
UNKNOWN_ROOM = "UNKNOWN_ROOM"
UNKNOWN_PERSON = "UNKNOWN_PERSON"
UNKNOWN_FACILITATOR = "UNKNOWN_FACILITATOR"
PERSON_WRONG_UNIT = "PERSON_WRONG_UNIT"
PERSON_UNAVAILABLE = "PERSON_UNAVAILABLE"
PERSON_DOUBLE_BOOKED = "PERSON_DOUBLE_BOOKED"
PERSON_PLACED_AND_UNPLACED = "PERSON_PLACED_AND_UNPLACED"
PERSON_LISTED_TWICE = "PERSON_LISTED_TWICE"
PERSON_MISSING = "PERSON_MISSING"
UNPLACED_NO_REASON = "UNPLACED_NO_REASON"
EMPTY_SESSION = "EMPTY_SESSION"
SESSION_TOO_BIG = "SESSION_TOO_BIG"
ROOM_TOO_SMALL = "ROOM_TOO_SMALL"
ROOM_UNAVAILABLE = "ROOM_UNAVAILABLE"
ROOM_DOUBLE_BOOKED = "ROOM_DOUBLE_BOOKED"
LEAD_MISSING = "LEAD_MISSING"
LEAD_WRONG_ROLE = "LEAD_WRONG_ROLE"
LEAD_UNAVAILABLE = "LEAD_UNAVAILABLE"
LEAD_WRONG_UNIT = "LEAD_WRONG_UNIT"
CO_WRONG_ROLE = "CO_WRONG_ROLE"
CO_UNAVAILABLE = "CO_UNAVAILABLE"
CO_WRONG_UNIT = "CO_WRONG_UNIT"
FACILITATOR_DOUBLE_BOOKED = "FACILITATOR_DOUBLE_BOOKED"
FACILITATOR_DAILY_LIMIT = "FACILITATOR_DAILY_LIMIT"
FLOOR_ALLOWANCE_EXCEEDED = "FLOOR_ALLOWANCE_EXCEEDED"
FIXED_SESSION_CHANGED = "FIXED_SESSION_CHANGED"

ALL_CODES = (
    UNKNOWN_UNIT,
    UNKNOWN_SLOT,
    UNKNOWN_ROOM,
    UNKNOWN_PERSON,
    UNKNOWN_FACILITATOR,
    PERSON_WRONG_UNIT,
    PERSON_UNAVAILABLE,
    PERSON_DOUBLE_BOOKED,
    PERSON_PLACED_AND_UNPLACED,
    PERSON_LISTED_TWICE,
    PERSON_MISSING,
    UNPLACED_NO_REASON,
    EMPTY_SESSION,
    SESSION_TOO_BIG,
    ROOM_TOO_SMALL,
    ROOM_UNAVAILABLE,
    ROOM_DOUBLE_BOOKED,
    LEAD_MISSING,
    LEAD_WRONG_ROLE,
    LEAD_UNAVAILABLE,
    LEAD_WRONG_UNIT,
    CO_WRONG_ROLE,
    CO_UNAVAILABLE,
    CO_WRONG_UNIT,
    FACILITATOR_DOUBLE_BOOKED,
    FACILITATOR_DAILY_LIMIT,
    FLOOR_ALLOWANCE_EXCEEDED,
    FIXED_SESSION_CHANGED,
)


def _key(s: PlannedSession) -> tuple:
    return (s.unit, s.slot, s.room, s.lead, s.co or None, tuple(sorted(s.people)))


def check_plan(problem: Problem, plan: Plan) -> list[Violation]:
    """Every hard-rule violation in `plan` (an empty list means the plan is valid)."""
    out: list[Violation] = []

    def bad(code: str, message: str) -> None:
        out.append(Violation(code, message))

    slots = {s.id: s for s in problem.slots}
    rooms = {r.id: r for r in problem.rooms}
    units = {u.id: u for u in problem.units}
    people = {p.id: p for p in problem.people}
    facs = {f.id: f for f in problem.facilitators}
    tz = ZoneInfo(problem.timezone)
    day_of: dict[str, date] = {sid: s.start.astimezone(tz).date() for sid, s in slots.items()}
    room_avail = {r.id: set(r.available) for r in problem.rooms}
    person_avail = {p.id: set(p.available) for p in problem.people}
    fac_avail = {f.id: set(f.available) for f in problem.facilitators}

    # Which plan sessions are fixed sessions, kept exactly?
    wanted: dict[tuple, int] = defaultdict(int)
    for fs in problem.fixed_sessions:
        wanted[_key(fs)] += 1
    is_fixed: list[bool] = []
    for s in plan.sessions:
        k = _key(s)
        if wanted[k] > 0:
            wanted[k] -= 1
            is_fixed.append(True)
        else:
            is_fixed.append(False)
    for fs in problem.fixed_sessions:
        if wanted[_key(fs)] > 0:
            wanted[_key(fs)] -= 1
            bad(
                FIXED_SESSION_CHANGED,
                f"Fixed session {fs.unit} at {fs.slot} in {fs.room} (lead {fs.lead}) is missing "
                "or has been changed",
            )

    def name(i: int, s: PlannedSession) -> str:
        return f"sessions[{i}] ({s.unit}, {s.slot}, {s.room})"

    seen_person: dict[str, int] = {}
    by_room: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_fac_slot: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_fac_day: dict[tuple[str, date], list[int]] = defaultdict(list)
    floor: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)

    for i, s in enumerate(plan.sessions):
        fixed = is_fixed[i]
        label = name(i, s)
        unit = units.get(s.unit)
        if unit is None:
            bad(UNKNOWN_UNIT, f'{label}: unknown unit "{s.unit}"')
        slot_known = s.slot in slots
        if not slot_known:
            bad(UNKNOWN_SLOT, f'{label}: unknown slot "{s.slot}"')
        room = rooms.get(s.room)
        if room is None:
            bad(UNKNOWN_ROOM, f'{label}: unknown room "{s.room}"')
        if not fixed:
            if not s.people:
                bad(EMPTY_SESSION, f"{label}: nobody is in this session")
            if len(s.people) > problem.session_size:
                bad(
                    SESSION_TOO_BIG,
                    f"{label}: {len(s.people)} people, more than the session size "
                    f"{problem.session_size}",
                )
            if room is not None:
                if len(s.people) > room.capacity:
                    bad(
                        ROOM_TOO_SMALL,
                        f"{label}: {len(s.people)} people but room {s.room} holds {room.capacity}",
                    )
                if s.slot not in room_avail[s.room]:
                    bad(ROOM_UNAVAILABLE, f"{label}: room {s.room} is not available then")
        by_room[s.slot, s.room].append(i)

        # Facilitators.
        if not s.lead:
            if not fixed:
                bad(LEAD_MISSING, f"{label}: no lead trainer")
        for role, fid in (("lead", s.lead), ("co", s.co)):
            if not fid:
                continue
            f = facs.get(fid)
            if f is None:
                bad(UNKNOWN_FACILITATOR, f'{label}: unknown facilitator "{fid}" as {role}')
                continue
            by_fac_slot[fid, s.slot].append(i)
            if slot_known:
                by_fac_day[fid, day_of[s.slot]].append(i)
            if fixed:
                continue
            wrong_role = LEAD_WRONG_ROLE if role == "lead" else CO_WRONG_ROLE
            unavailable = LEAD_UNAVAILABLE if role == "lead" else CO_UNAVAILABLE
            wrong_unit = LEAD_WRONG_UNIT if role == "lead" else CO_WRONG_UNIT
            if f.role != role:
                bad(wrong_role, f"{label}: {fid} is a {f.role} facilitator, not a {role}")
            if s.slot not in fac_avail[fid]:
                bad(unavailable, f"{label}: {role} {fid} is not available then")
            if f.units is not None and s.unit not in f.units:
                bad(wrong_unit, f"{label}: {role} {fid} does not work with unit {s.unit}")
        if s.lead and s.co and s.lead == s.co:
            bad(FACILITATOR_DOUBLE_BOOKED, f"{label}: {s.lead} is both lead and co-trainer")

        # People.
        for pid in s.people:
            person = people.get(pid)
            if person is None:
                bad(UNKNOWN_PERSON, f'{label}: unknown person "{pid}"')
                continue
            if pid in seen_person:
                j = seen_person[pid]
                if not (fixed and is_fixed[j]):
                    where = "twice in this session" if j == i else f"also in sessions[{j}]"
                    bad(PERSON_DOUBLE_BOOKED, f"{label}: {pid} is {where}")
            else:
                seen_person[pid] = i
            if person.kind == "staff" and person.floor:
                floor[s.unit, s.slot].append((pid, i))
            if fixed:
                continue
            if s.unit not in person.units:
                bad(PERSON_WRONG_UNIT, f"{label}: {pid} does not belong to unit {s.unit}")
            if s.slot not in person_avail[pid]:
                bad(PERSON_UNAVAILABLE, f"{label}: {pid} is not available then")

    def any_new(indices: list[int]) -> bool:
        return any(not is_fixed[i] for i in indices)

    for (slot, room), idx in by_room.items():
        if len(idx) > 1 and any_new(idx):
            bad(
                ROOM_DOUBLE_BOOKED,
                f"Room {room} is used by {len(idx)} sessions at {slot} (sessions {idx})",
            )
    for (fid, slot), idx in by_fac_slot.items():
        distinct = sorted(set(idx))
        if len(distinct) > 1 and any_new(distinct):
            bad(
                FACILITATOR_DOUBLE_BOOKED,
                f"{fid} facilitates {len(distinct)} sessions at {slot} (sessions {distinct})",
            )
    for (fid, d), idx in by_fac_day.items():
        limit = facs[fid].max_per_day
        if limit is not None and len(idx) > limit and any_new(idx):
            bad(
                FACILITATOR_DAILY_LIMIT,
                f"{fid} facilitates {len(idx)} sessions on {d.isoformat()}, more than their "
                f"limit of {limit}",
            )
    for (uid, slot), entries in floor.items():
        unit = units.get(uid)
        if unit is None:
            continue
        allowance = unit.max_staff_away_by_slot.get(slot, unit.max_staff_away)
        if len(entries) > allowance and any_new([i for _, i in entries]):
            bad(
                FLOOR_ALLOWANCE_EXCEEDED,
                f"Unit {uid} has {len(entries)} floor staff away at {slot}, more than its "
                f"allowance of {allowance}",
            )

    # Everyone exactly once: placed, or unplaced with a reason.
    unplaced_seen: set[str] = set()
    for u in plan.unplaced:
        if u.person not in people:
            bad(UNKNOWN_PERSON, f'unplaced: unknown person "{u.person}"')
            continue
        if u.person in unplaced_seen:
            bad(PERSON_LISTED_TWICE, f"unplaced: {u.person} is listed twice")
        unplaced_seen.add(u.person)
        if u.person in seen_person:
            bad(
                PERSON_PLACED_AND_UNPLACED,
                f"{u.person} is in sessions[{seen_person[u.person]}] and also listed as unplaced",
            )
        if not (u.reason or "").strip():
            bad(UNPLACED_NO_REASON, f"unplaced: {u.person} has no reason")
    for pid in people:
        if pid not in seen_person and pid not in unplaced_seen:
            bad(PERSON_MISSING, f"{pid} is neither in a session nor listed as unplaced")
    return out
