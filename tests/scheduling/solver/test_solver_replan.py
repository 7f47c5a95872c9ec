"""Re-plan mode: sessions held or locked stay exactly; absentees and newcomers go to catch-up sessions;
people in published sessions move only if that is the only way."""

from dataclasses import replace

import pytest

from scheduling.solver import Person, SessionRef, check_plan, solve
from scheduling.solver.generate import generate_problem


@pytest.fixture(scope="module")
def first():
    problem = generate_problem(2, seed=5)
    plan = solve(problem, time_limit=120, deterministic_time=0.6)
    assert check_plan(problem, plan) == []
    assert not plan.unplaced
    return problem, plan


def test_held_sessions_stay_and_absentees_and_newcomers_catch_up(first):
    problem, plan = first
    slots = [s.id for s in sorted(problem.slots, key=lambda s: s.start)]
    cutoff = slots[len(slots) // 2]
    held = [s for s in plan.sessions if s.slot < cutoff]
    assert len(held) >= 2
    # Two people who could still come later missed their session; the register kept the others.
    can_catch_up = [
        [pid for pid in s.people if any(x >= cutoff for x in problem.person_by_id[pid].available)]
        for s in held[:2]
    ]
    absent = {can_catch_up[0][0], can_catch_up[1][-1]}
    fixed = tuple(replace(s, people=tuple(p for p in s.people if p not in absent)) for s in held)
    later = tuple(s for s in slots if s >= cutoff)
    unit = problem.units[0].id
    newcomers = (
        Person("new-resident", (unit,), "resident", False, later),
        Person("new-nurse", (unit,), "staff", True, later),
    )
    in_held = {p for s in fixed for p in s.people}
    # Everyone still to be trained can only come to the sessions still to come.
    people = tuple(
        p if p.id in in_held else replace(p, available=tuple(s for s in p.available if s >= cutoff))
        for p in problem.people
    )
    replan = replace(problem, people=people + newcomers, fixed_sessions=fixed)
    result = solve(replan, time_limit=120, deterministic_time=1.0)
    assert check_plan(replan, result) == []
    for s in fixed:
        assert s in result.sessions  # kept exactly as given
    catch_up = [s for s in result.sessions if s not in fixed]
    in_catch_up = {p for s in catch_up for p in s.people}
    assert {"new-resident", "new-nurse"} | absent <= in_catch_up
    assert all(s.slot >= cutoff for s in catch_up)
    assert not result.unplaced


def test_published_people_stay_where_they_are(first):
    problem, plan = first
    current = {p: SessionRef(s.unit, s.slot, s.room) for s in plan.sessions for p in s.people}
    again = solve(replace(problem, current=current), time_limit=120, deterministic_time=1.0)
    assert check_plan(problem, again) == []
    assert again.objective["moved"] == 0
    assert len(again.sessions) == len(plan.sessions)


def test_only_those_who_must_move_do(first):
    problem, plan = first
    current = {p: SessionRef(s.unit, s.slot, s.room) for s in plan.sessions for p in s.people}
    # One resident can no longer come at their published time (an appointment came up).
    session = next(s for s in plan.sessions if len(s.people) > 2)
    who = next(
        p
        for p in session.people
        if problem.person_by_id[p].kind == "resident" and len(problem.person_by_id[p].available) > 3
    )
    people = tuple(
        replace(p, available=tuple(s for s in p.available if s != session.slot))
        if p.id == who
        else p
        for p in problem.people
    )
    changed = replace(problem, people=people, current=current)
    again = solve(changed, time_limit=120, deterministic_time=1.0)
    assert check_plan(changed, again) == []
    assert not again.unplaced
    assert again.objective["moved"] == 1
    moved = [
        p
        for s in again.sessions
        for p in s.people
        if (current[p].unit, current[p].slot) != (s.unit, s.slot)
    ]
    assert moved == [who]
