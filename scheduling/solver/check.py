"""An independent checker: does a plan obey every hard rule of its problem?

Deliberately written without using the solver's code (only the data classes), so that it can catch the
solver's mistakes. Used by the tests, the benchmark and the plan screen (every manual change is checked).

Each violation has a `code` (below), the ids involved in `params` (so the product can word it in its own
language) and an English `message` for the command line.

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
APART_TOGETHER = "APART_TOGETHER"  # two people who must be kept apart share a session
PERSON_TIME_CLASH = "PERSON_TIME_CLASH"  # one person in two sessions that overlap in time

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
    APART_TOGETHER,
    PERSON_TIME_CLASH,
)


def _key(s: PlannedSession) -> tuple:
    return (s.unit, s.slot, s.room, s.lead, s.co or None, tuple(sorted(s.people)))


def check_plan(problem: Problem, plan: Plan) -> list[Violation]:
    """Every hard-rule violation in `plan` (an empty list means the plan is valid)."""
    out: list[Violation] = []

    def bad(code: str, message: str, **params) -> None:
        out.append(Violation(code, message, params))

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
                unit=fs.unit,
                slot=fs.slot,
                room=fs.room,
                lead=fs.lead,
            )

    def name(i: int, s: PlannedSession) -> str:
        return f"sessions[{i}] ({s.unit}, {s.slot}, {s.room})"

    minutes = problem.session_minutes
    start_of = {sid: s.start for sid, s in slots.items()}

    def overlap(a: str, b: str) -> bool:
        if a == b:
            return True
        if a not in start_of or b not in start_of:
            return False
        return abs((start_of[a] - start_of[b]).total_seconds()) < minutes * 60

    seen_person: dict[str, int] = {}
    sessions_of: dict[str, list[int]] = defaultdict(list)
    by_room: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_fac_slot: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_fac_day: dict[tuple[str, date], list[int]] = defaultdict(list)
    floor: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)

    for i, s in enumerate(plan.sessions):
        fixed = is_fixed[i]
        label = name(i, s)
        at = {"session": i, "unit": s.unit, "slot": s.slot, "room": s.room}
        unit = units.get(s.unit)
        if unit is None:
            bad(UNKNOWN_UNIT, f'{label}: unknown unit "{s.unit}"', **at)
        slot_known = s.slot in slots
        if not slot_known:
            bad(UNKNOWN_SLOT, f'{label}: unknown slot "{s.slot}"', **at)
        room = rooms.get(s.room)
        if room is None:
            bad(UNKNOWN_ROOM, f'{label}: unknown room "{s.room}"', **at)
        if not fixed:
            if not s.people:
                bad(EMPTY_SESSION, f"{label}: nobody is in this session", **at)
            if len(s.people) > problem.session_size:
                bad(
                    SESSION_TOO_BIG,
                    f"{label}: {len(s.people)} people, more than the session size "
                    f"{problem.session_size}",
                    **at,
                    people=len(s.people),
                    limit=problem.session_size,
                )
            if room is not None:
                if len(s.people) > room.capacity:
                    bad(
                        ROOM_TOO_SMALL,
                        f"{label}: {len(s.people)} people but room {s.room} holds {room.capacity}",
                        **at,
                        people=len(s.people),
                        limit=room.capacity,
                    )
                if s.slot not in room_avail[s.room]:
                    bad(ROOM_UNAVAILABLE, f"{label}: room {s.room} is not available then", **at)
            together = set(s.people)
            for a, b in problem.apart:
                if a in together and b in together:
                    bad(
                        APART_TOGETHER,
                        f"{label}: {a} and {b} must be kept apart but are in this session",
                        **at,
                        people=[a, b],
                    )
        by_room[s.slot, s.room].append(i)

        # Facilitators.
        if not s.lead:
            if not fixed:
                bad(LEAD_MISSING, f"{label}: no lead trainer", **at)
        for role, fid in (("lead", s.lead), ("co", s.co)):
            if not fid:
                continue
            f = facs.get(fid)
            if f is None:
                bad(
                    UNKNOWN_FACILITATOR,
                    f'{label}: unknown facilitator "{fid}" as {role}',
                    **at,
                    facilitator=fid,
                    role=role,
                )
                continue
            by_fac_slot[fid, s.slot].append(i)
            if slot_known:
                by_fac_day[fid, day_of[s.slot]].append(i)
            if fixed:
                continue
            wrong_role = LEAD_WRONG_ROLE if role == "lead" else CO_WRONG_ROLE
            unavailable = LEAD_UNAVAILABLE if role == "lead" else CO_UNAVAILABLE
            wrong_unit = LEAD_WRONG_UNIT if role == "lead" else CO_WRONG_UNIT
            who = {**at, "facilitator": fid, "role": role}
            if f.role != role:
                bad(wrong_role, f"{label}: {fid} is a {f.role} facilitator, not a {role}", **who)
            if s.slot not in fac_avail[fid]:
                bad(unavailable, f"{label}: {role} {fid} is not available then", **who)
            if f.units is not None and s.unit not in f.units:
                bad(wrong_unit, f"{label}: {role} {fid} does not work with unit {s.unit}", **who)
        if s.lead and s.co and s.lead == s.co:
            bad(
                FACILITATOR_DOUBLE_BOOKED,
                f"{label}: {s.lead} is both lead and co-trainer",
                **at,
                facilitator=s.lead,
                sessions=[i],
            )

        # People.
        for pid in s.people:
            person = people.get(pid)
            if person is None:
                bad(UNKNOWN_PERSON, f'{label}: unknown person "{pid}"', **at, person=pid)
                continue
            each_unit = person.attend == "each_unit"
            for j in sessions_of[pid]:
                if fixed and is_fixed[j]:
                    continue
                other = plan.sessions[j]
                if j == i:
                    bad(PERSON_DOUBLE_BOOKED, f"{label}: {pid} is twice in this session",
                        **at, person=pid, sessions=[i])  # fmt: skip
                elif not each_unit or other.unit == s.unit:
                    bad(PERSON_DOUBLE_BOOKED, f"{label}: {pid} is also in sessions[{j}]",
                        **at, person=pid, sessions=[j, i])  # fmt: skip
                elif overlap(other.slot, s.slot):
                    bad(
                        PERSON_TIME_CLASH,
                        f"{label}: {pid} is also in sessions[{j}] at the same time",
                        **at,
                        person=pid,
                        sessions=[j, i],
                    )
            sessions_of[pid].append(i)
            seen_person.setdefault(pid, i)
            if person.kind == "staff" and person.floor:
                floor[s.unit, s.slot].append((pid, i))
            if fixed:
                continue
            if s.unit not in person.units:
                bad(PERSON_WRONG_UNIT, f"{label}: {pid} does not belong to unit {s.unit}",
                    **at, person=pid)  # fmt: skip
            if s.slot not in person_avail[pid]:
                bad(PERSON_UNAVAILABLE, f"{label}: {pid} is not available then", **at, person=pid)

    def any_new(indices: list[int]) -> bool:
        return any(not is_fixed[i] for i in indices)

    for (slot, room), idx in by_room.items():
        if len(idx) > 1 and any_new(idx):
            bad(
                ROOM_DOUBLE_BOOKED,
                f"Room {room} is used by {len(idx)} sessions at {slot} (sessions {idx})",
                room=room,
                slot=slot,
                sessions=list(idx),
            )
    for (fid, slot), idx in by_fac_slot.items():
        distinct = sorted(set(idx))
        if len(distinct) > 1 and any_new(distinct):
            bad(
                FACILITATOR_DOUBLE_BOOKED,
                f"{fid} facilitates {len(distinct)} sessions at {slot} (sessions {distinct})",
                facilitator=fid,
                slot=slot,
                sessions=distinct,
            )
    for (fid, d), idx in by_fac_day.items():
        limit = facs[fid].max_per_day
        if limit is not None and len(idx) > limit and any_new(idx):
            bad(
                FACILITATOR_DAILY_LIMIT,
                f"{fid} facilitates {len(idx)} sessions on {d.isoformat()}, more than their "
                f"limit of {limit}",
                facilitator=fid,
                day=d.isoformat(),
                sessions=sorted(set(idx)),
                limit=limit,
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
                unit=uid,
                slot=slot,
                people=[pid for pid, _ in entries],
                limit=allowance,
            )

    _check_everyone(problem, plan, people, sessions_of, bad)
    return out


def _check_everyone(problem: Problem, plan: Plan, people: dict, sessions_of: dict, bad) -> None:
    """Everyone exactly once: placed, or unplaced with a reason. Someone who attends each unit is
    placed once per unit, or listed as unplaced for that unit (or for all of them)."""
    unplaced_seen: set[tuple[str, str | None]] = set()
    for u in plan.unplaced:
        person = people.get(u.person)
        if person is None:
            bad(UNKNOWN_PERSON, f'unplaced: unknown person "{u.person}"', person=u.person)
            continue
        key = (u.person, u.unit if person.attend == "each_unit" else None)
        if key in unplaced_seen:
            bad(PERSON_LISTED_TWICE, f"unplaced: {u.person} is listed twice", person=u.person)
        unplaced_seen.add(key)
        placed_in = [
            i
            for i in sessions_of.get(u.person, [])
            if key[1] is None or plan.sessions[i].unit == key[1]
        ]
        if placed_in:
            bad(
                PERSON_PLACED_AND_UNPLACED,
                f"{u.person} is in sessions[{placed_in[0]}] and also listed as unplaced",
                person=u.person,
                sessions=placed_in,
            )
        if not (u.reason or "").strip():
            bad(UNPLACED_NO_REASON, f"unplaced: {u.person} has no reason", person=u.person)
    for pid, person in people.items():
        if person.attend == "each_unit" and len(person.units) > 1:
            if (pid, None) in unplaced_seen:
                continue
            done = {plan.sessions[i].unit for i in sessions_of.get(pid, [])}
            for unit in person.units:
                if unit not in done and (pid, unit) not in unplaced_seen:
                    bad(
                        PERSON_MISSING,
                        f"{pid} is neither in a {unit} session nor listed as unplaced for it",
                        person=pid,
                        unit=unit,
                    )
        elif pid not in sessions_of and (pid, None) not in unplaced_seen:
            bad(PERSON_MISSING, f"{pid} is neither in a session nor listed as unplaced", person=pid)
