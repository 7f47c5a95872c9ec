"""Every session joint where residents allow it: the last pass over a plan (spread.py) moves a resident
into a session without one, and into a session with a lone resident, keeping every hard rule.

Tested on hand-made plans (the greedy fallback and a stopped search can leave such sessions); no
solve is needed to test the pass itself."""

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduling.solver import check_plan
from scheduling.solver.model import (
    Facilitator,
    Person,
    Plan,
    PlannedSession,
    Problem,
    Room,
    Slot,
    Unit,
)
from scheduling.solver.prepare import Prepared
from scheduling.solver.spread import spread_residents

TZ = ZoneInfo("Europe/London")
MON, TUE = "2027-01-11T10:00", "2027-01-12T10:00"


def _problem(*, size=6, resident_slots=(MON, TUE), apart=(), allowance=4) -> Problem:
    slots = (
        Slot(MON, datetime(2027, 1, 11, 10, tzinfo=TZ)),
        Slot(TUE, datetime(2027, 1, 12, 10, tzinfo=TZ)),
    )
    staff = [Person(f"s{i}", ("birch",), "staff", i < 4, (MON, TUE)) for i in range(8)]
    residents = [
        Person(f"r{i}", ("birch",), "resident", False, tuple(resident_slots)) for i in range(4)
    ]
    return Problem(
        session_size=size,
        slots=slots,
        rooms=(Room("oak", 15, (MON, TUE)),),
        units=(Unit("birch", allowance, {}, 0, 3),),
        people=tuple(staff + residents),
        facilitators=(Facilitator("lead", "lead", (MON, TUE)),),
        apart=tuple(apart),
    )


def _sessions(monday: list[str], tuesday: list[str]) -> list[PlannedSession]:
    return [
        PlannedSession("birch", MON, "oak", "lead", None, tuple(monday)),
        PlannedSession("birch", TUE, "oak", "lead", None, tuple(tuesday)),
    ]


def _residents(problem: Problem, session: PlannedSession) -> int:
    return sum(1 for q in session.people if not problem.person_by_id[q].is_staff)


def _check(problem: Problem, sessions: list[PlannedSession]) -> list:
    return check_plan(problem, Plan(status="feasible", lower_bound=0, sessions=sessions))


def test_a_session_without_residents_gets_one_and_a_lone_resident_gets_company():
    problem = _problem(size=8)
    before = _sessions(["s0", "s1", "s4", "s5", "r0", "r1", "r2"], ["s2", "s3", "s6", "s7", "r3"])
    assert _check(problem, before) == []
    after, changed = spread_residents(Prepared(problem), before)
    assert changed and _check(problem, after) == []
    assert sorted(_residents(problem, s) for s in after) == [2, 2]
    # Nobody lost or added.
    assert sorted(q for s in after for q in s.people) == sorted(q for s in before for q in s.people)


def test_a_full_session_swaps_a_staff_member_for_a_resident():
    problem = _problem(size=6)
    before = _sessions(["s0", "s4", "r0", "r1", "r2", "r3"], ["s1", "s2", "s5", "s6", "s7", "s3"])
    assert _check(problem, before) == []
    after, changed = spread_residents(Prepared(problem), before)
    assert changed and _check(problem, after) == []
    assert all(_residents(problem, s) >= 2 for s in after)
    assert [len(s.people) for s in after] == [6, 6]


def test_nothing_moves_when_no_resident_can_come_or_an_apart_pair_forbids_it():
    only_monday = _problem(size=8, resident_slots=(MON,))
    before = _sessions(["s0", "s3", "s4", "r0", "r1", "r2", "r3"], ["s1", "s2", "s5", "s6", "s7"])
    assert _check(only_monday, before) == []
    after, changed = spread_residents(Prepared(only_monday), before)
    assert not changed and after == before
    # Every resident is kept apart from someone in Tuesday's session.
    apart = [("r0", "s1"), ("r1", "s1"), ("r2", "s2"), ("r3", "s2")]
    kept = _problem(size=8, apart=apart)
    assert _check(kept, before) == []
    after, changed = spread_residents(Prepared(kept), before)
    assert not changed and after == before


def test_a_floor_staff_swap_respects_the_allowance():
    # Tuesday's session is full of floor staff at the allowance; Monday's has room for no more floor
    # staff either, so the only swap is with a member who is not floor staff.
    problem = _problem(size=6, allowance=2)
    before = _sessions(["s0", "s1", "r0", "r1", "r2", "r3"], ["s2", "s3", "s4", "s5", "s6", "s7"])
    assert _check(problem, before) == []
    after, changed = spread_residents(Prepared(problem), before)
    assert changed and _check(problem, after) == []
    assert all(_residents(problem, s) >= 2 for s in after)
