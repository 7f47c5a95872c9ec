"""The independent checker: a valid plan passes, and each kind of violation is caught (one test per
violation code, each built by corrupting the valid plan)."""

from dataclasses import replace

import pytest

from scheduling.solver import Plan, PlannedSession, Unplaced, check_plan, problem_from_dict
from scheduling.solver import check as C

S1, S2, S3 = "2027-01-11T10:00", "2027-01-11T14:00", "2027-01-12T10:00"

PROBLEM = {
    "version": 1,
    "session_size": 4,
    "session_minutes": 90,
    "timezone": "Europe/London",
    "slots": [
        {"id": S1, "start": "2027-01-11T10:00:00+00:00"},
        {"id": S2, "start": "2027-01-11T14:00:00+00:00"},
        {"id": S3, "start": "2027-01-12T10:00:00+00:00"},
    ],
    "rooms": [
        {"id": "oak-room", "capacity": 4, "available": [S1, S2, S3]},
        {"id": "elm-room", "capacity": 3, "available": [S1, S2]},
        {"id": "hall", "capacity": 10, "available": [S1, S2, S3]},
    ],
    "units": [
        {"id": "birch", "max_staff_away": 2, "min_staff": 1, "min_residents": 1},
        {"id": "cedar", "max_staff_away": 1},
    ],
    "people": [
        {
            "id": "b-n1",
            "units": ["birch"],
            "kind": "staff",
            "floor": True,
            "available": [S1, S2, S3],
        },
        {"id": "b-n2", "units": ["birch"], "kind": "staff", "floor": True, "available": [S1, S2]},
        {"id": "b-n3", "units": ["birch"], "kind": "staff", "floor": True, "available": [S2, S3]},
        {"id": "b-r1", "units": ["birch"], "kind": "resident", "available": [S1, S2, S3]},
        {"id": "b-r2", "units": ["birch"], "kind": "resident", "available": [S1]},
        {"id": "c-n1", "units": ["cedar"], "kind": "staff", "floor": True, "available": [S1, S2]},
        {"id": "c-n2", "units": ["cedar"], "kind": "staff", "floor": True, "available": [S2, S3]},
        {"id": "c-r1", "units": ["cedar"], "kind": "resident", "available": [S1, S2, S3]},
        {"id": "mdt", "units": ["birch", "cedar"], "kind": "staff", "available": [S1, S2, S3]},
    ],
    "facilitators": [
        {"id": "t1", "role": "lead", "available": [S1, S2, S3], "max_per_day": 3},
        {"id": "t2", "role": "lead", "available": [S1, S2], "max_per_day": 1, "units": ["birch"]},
        {"id": "t3", "role": "lead", "available": [S3], "max_per_day": 1},
        {"id": "c1", "role": "co", "available": [S1, S2, S3], "max_per_day": 2, "units": ["birch"]},
        {"id": "c2", "role": "co", "available": [S2], "max_per_day": 2},
    ],
}

P1 = PlannedSession("birch", S1, "oak-room", "t2", "c1", ("b-n1", "b-n2", "b-r1", "b-r2"))
P2 = PlannedSession("cedar", S1, "elm-room", "t1", None, ("c-n1", "c-r1", "mdt"))
P3 = PlannedSession("birch", S3, "oak-room", "t1", None, ("b-n3",))
P4 = PlannedSession("cedar", S2, "oak-room", "t1", "c2", ("c-n2",))


@pytest.fixture
def problem():
    return problem_from_dict(PROBLEM)


def plan_of(*sessions, unplaced=()):
    return Plan(status="feasible", lower_bound=0, sessions=list(sessions), unplaced=list(unplaced))


VALID = (P1, P2, P3, P4)


def codes(problem, plan):
    return {v.code for v in check_plan(problem, plan)}


def test_the_valid_plan_passes(problem):
    assert check_plan(problem, plan_of(*VALID)) == []


def with_facilitator(problem, fid, **changes):
    facs = tuple(replace(f, **changes) if f.id == fid else f for f in problem.facilitators)
    return replace(problem, facilitators=facs)


# Each case: (violation code, corrupted plan, optional change to the problem).
CASES = {
    C.UNKNOWN_UNIT: lambda: plan_of(replace(P3, unit="nowhere"), P1, P2, P4),
    C.UNKNOWN_SLOT: lambda: plan_of(replace(P3, slot="2030-01-01T10:00"), P1, P2, P4),
    C.UNKNOWN_ROOM: lambda: plan_of(replace(P3, room="attic"), P1, P2, P4),
    C.UNKNOWN_PERSON: lambda: plan_of(replace(P3, people=("b-n3", "ghost")), P1, P2, P4),
    C.UNKNOWN_FACILITATOR: lambda: plan_of(replace(P3, lead="nobody"), P1, P2, P4),
    C.PERSON_WRONG_UNIT: lambda: plan_of(
        replace(P1, people=("b-n1", "b-n2", "b-r2")), P2, P3, replace(P4, people=("c-n2", "b-r1"))
    ),
    C.PERSON_UNAVAILABLE: lambda: plan_of(
        replace(P1, people=("b-n1", "b-n2", "b-r1")), P2, replace(P3, people=("b-n3", "b-r2")), P4
    ),
    C.PERSON_DOUBLE_BOOKED: lambda: plan_of(P1, P2, replace(P3, people=("b-n3", "b-r1")), P4),
    C.PERSON_PLACED_AND_UNPLACED: lambda: plan_of(*VALID, unplaced=[Unplaced("b-n3", "x")]),
    C.PERSON_LISTED_TWICE: lambda: plan_of(
        P1, P2, P4, unplaced=[Unplaced("b-n3", "no slot"), Unplaced("b-n3", "no slot")]
    ),
    C.PERSON_MISSING: lambda: plan_of(P1, P2, P4),
    C.UNPLACED_NO_REASON: lambda: plan_of(P1, P2, P4, unplaced=[Unplaced("b-n3", " ")]),
    C.EMPTY_SESSION: lambda: plan_of(*VALID, PlannedSession("cedar", S3, "hall", "t3", None, ())),
    C.ROOM_TOO_SMALL: lambda: plan_of(
        replace(P1, room="elm-room"), replace(P2, room="oak-room"), P3, P4
    ),  # fmt: skip
    C.ROOM_UNAVAILABLE: lambda: plan_of(P1, P2, replace(P3, room="elm-room"), P4),
    C.ROOM_DOUBLE_BOOKED: lambda: plan_of(P1, replace(P2, room="oak-room"), P3, P4),
    C.LEAD_MISSING: lambda: plan_of(P1, P2, replace(P3, lead=None), P4),
    C.LEAD_WRONG_ROLE: lambda: plan_of(P1, P2, replace(P3, lead="c1"), P4),
    C.LEAD_UNAVAILABLE: lambda: plan_of(P1, P2, replace(P3, lead="t2"), P4),
    C.LEAD_WRONG_UNIT: lambda: plan_of(replace(P1, lead="t1"), replace(P2, lead="t2"), P3, P4),
    C.CO_WRONG_ROLE: lambda: plan_of(P1, P2, replace(P3, co="t3"), P4),
    C.CO_UNAVAILABLE: lambda: plan_of(P1, P2, replace(P3, co="c2"), P4),
    C.CO_WRONG_UNIT: lambda: plan_of(P1, P2, P3, replace(P4, co="c1")),
    C.FACILITATOR_DOUBLE_BOOKED: lambda: plan_of(P1, P2, replace(P3, slot=S2, room="elm-room"), P4),
    C.FLOOR_ALLOWANCE_EXCEEDED: lambda: plan_of(
        P1, replace(P2, people=("c-r1", "mdt")), P3, replace(P4, people=("c-n2", "c-n1"))
    ),
}


# An unknown slot or unit also makes the people, room and trainers "unavailable" or "wrong unit".
KNOCK_ON = {C.UNKNOWN_SLOT, C.UNKNOWN_UNIT}


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_checker_catches(problem, code):
    found = check_plan(problem, CASES[code]())
    assert code in {v.code for v in found}, found
    if code not in KNOCK_ON:
        assert {v.code for v in found} == {code}, found
    assert all(v.message for v in found)


def test_session_too_big(problem):
    smaller = replace(problem, session_size=3)
    assert C.SESSION_TOO_BIG in codes(smaller, plan_of(*VALID))


def test_daily_limit(problem):
    strict = with_facilitator(problem, "t1", max_per_day=1)
    found = codes(strict, plan_of(*VALID))
    assert found == {C.FACILITATOR_DAILY_LIMIT}


def test_fixed_session_changed(problem):
    replan = replace(problem, fixed_sessions=(P1,))
    assert check_plan(replan, plan_of(*VALID)) == []
    found = codes(replan, plan_of(replace(P1, co=None), P2, P3, P4))
    assert found == {C.FIXED_SESSION_CHANGED}


def test_fixed_sessions_are_taken_as_given(problem):
    # A session already held stays as it was, even if it would break a rule today (a late joiner
    # made it five); the checker only judges the new sessions around it.
    held = PlannedSession(
        "birch", S1, "oak-room", "t2", "c1", ("b-n1", "b-n2", "b-r1", "b-r2", "mdt")
    )
    replan = replace(problem, fixed_sessions=(held,))
    assert check_plan(replan, plan_of(held, replace(P2, people=("c-n1", "c-r1")), P3, P4)) == []
    # ...but still counts for shared things: the same room in the same slot is a clash.
    clash = replace(P2, room="oak-room", people=("c-n1", "c-r1"))
    assert C.ROOM_DOUBLE_BOOKED in codes(replan, plan_of(held, clash, P3, P4))


def test_every_code_is_covered():
    covered = set(CASES) | {C.SESSION_TOO_BIG, C.FACILITATOR_DAILY_LIMIT, C.FIXED_SESSION_CHANGED}
    assert covered == set(C.ALL_CODES)
