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


def test_an_apart_pair_in_one_session_is_caught(problem):
    apart = replace(problem, apart=(("b-n1", "b-r1"),))
    found = check_plan(apart, plan_of(*VALID))
    assert [(v.code, v.params["session"], v.params["people"]) for v in found] == [
        (C.APART_TOGETHER, 0, ["b-n1", "b-r1"])
    ]
    # Kept apart (b-r1 moves to the other birch session), the plan is valid again.
    moved = plan_of(replace(P1, people=("b-n1", "b-n2", "b-r2")), P2,
                    replace(P3, people=("b-n3", "b-r1")), P4)  # fmt: skip
    assert check_plan(apart, moved) == []


def each_unit(problem, pid):
    people = tuple(replace(x, attend="each_unit") if x.id == pid else x for x in problem.people)
    return replace(problem, people=people)


def test_a_person_attending_twice_at_once_is_caught(problem):
    mdt = each_unit(problem, "mdt")
    # The MDT member attends each unit: a cedar session and a birch one, at different times, is right.
    ok = plan_of(P1, P2, replace(P3, people=("b-n3", "mdt")), P4)
    assert check_plan(mdt, ok) == []
    # Both at 10:00 on the same day is not.
    twice = plan_of(replace(P1, people=("b-n1", "b-n2", "b-r1", "mdt")), P2, P3, P4,
                    unplaced=[Unplaced("b-r2", "no room")])  # fmt: skip
    found = check_plan(mdt, twice)
    assert [(v.code, v.params["person"], v.params["sessions"]) for v in found] == [
        (C.PERSON_TIME_CLASH, "mdt", [0, 1])
    ]
    # Slots that overlap (a 90-minute session at 10:00 and one at 11:00) clash too.
    late = replace(mdt, slots=mdt.slots + (replace(mdt.slots[0], id="s11", start=mdt.slots[0].start.replace(hour=11)),))  # fmt: skip
    person = {x.id: x for x in late.people}["mdt"]
    late = replace(late, people=tuple(
        replace(x, available=x.available + ("s11",)) if x.id == "mdt" else x for x in late.people
    ), rooms=tuple(replace(r, available=r.available + ("s11",)) for r in late.rooms),
       facilitators=tuple(replace(f, available=f.available + ("s11",)) for f in late.facilitators))  # fmt: skip
    assert person.attend == "each_unit"
    clash = plan_of(P1, P2, P3, P4, PlannedSession("birch", "s11", "hall", "t3", None, ("mdt",)))
    assert C.PERSON_TIME_CLASH in codes(late, clash)
    # Someone who attends once is double booked by any second session.
    assert codes(problem, ok) == {C.PERSON_DOUBLE_BOOKED}


def test_each_unit_people_are_missing_per_unit(problem):
    mdt = each_unit(problem, "mdt")
    found = check_plan(mdt, plan_of(*VALID))
    assert [(v.code, v.params) for v in found] == [
        (C.PERSON_MISSING, {"person": "mdt", "unit": "birch"})
    ]
    excused = plan_of(*VALID, unplaced=[Unplaced("mdt", "no birch slot", unit="birch")])
    assert check_plan(mdt, excused) == []


def test_violations_carry_ids(problem):
    (v,) = check_plan(problem, CASES[C.ROOM_DOUBLE_BOOKED]())
    assert v.params == {"room": "oak-room", "slot": S1, "sessions": [0, 1]}
    (v,) = check_plan(problem, CASES[C.LEAD_UNAVAILABLE]())
    assert v.params["facilitator"] == "t2" and v.params["session"] == 2


def test_every_code_is_covered():
    covered = set(CASES) | {C.SESSION_TOO_BIG, C.FACILITATOR_DAILY_LIMIT, C.FIXED_SESSION_CHANGED}
    covered |= {C.APART_TOGETHER, C.PERSON_TIME_CLASH}
    assert covered == set(C.ALL_CODES)
