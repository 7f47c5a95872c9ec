"""The sessions bound that shifts set: people who share no possible slot need a session each.

Night staff who can come only on their own office day, each on a different day, need a session each
however many floor staff the ward releases and however large the room; the bound says so (and the
release frontier with it), where the size and floor-staff bounds alone said one or two sessions."""

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduling.solver import check_plan, compute_bounds, frontier, greedy_plan
from scheduling.solver.model import Facilitator, Person, Problem, Room, Slot, Unit

TZ = ZoneInfo("Europe/London")


def _problem(night_days: list[int]) -> Problem:
    slots = tuple(
        Slot(f"2027-01-{d:02d}T10:00", datetime(2027, 1, d, 10, tzinfo=TZ)) for d in range(11, 16)
    )
    ids = [s.id for s in slots]
    day_staff = [Person(f"day{i}", ("birch",), "staff", True, tuple(ids)) for i in range(4)]
    residents = [Person(f"res{i}", ("birch",), "resident", False, tuple(ids)) for i in range(4)]
    nights = [
        Person(f"night{i}", ("birch",), "staff", True, (ids[d],)) for i, d in enumerate(night_days)
    ]
    return Problem(
        session_size=15,
        slots=slots,
        rooms=(Room("oak", 15, tuple(ids)),),
        units=(Unit("birch", 10),),
        people=tuple(day_staff + residents + nights),
        facilitators=(Facilitator("lead", "lead", tuple(ids)),),
    )


def test_people_with_no_common_slot_each_need_a_session():
    scattered = compute_bounds(_problem([0, 1, 2])).units["birch"]
    assert max(scattered.by_size, scattered.by_floor_staff) < 3
    assert scattered.by_availability == 3 and scattered.lower_bound == 3
    # Rostered onto the same day, they can share one session.
    together = compute_bounds(_problem([2, 2, 2])).units["birch"]
    assert together.by_availability == 1 and together.lower_bound == 1


def test_the_bound_holds_for_a_valid_plan_and_in_the_frontier():
    problem = _problem([0, 1, 2])
    plan = greedy_plan(problem)
    assert check_plan(problem, plan) == [] and not plan.unplaced
    assert len(plan.sessions) >= compute_bounds(problem).total == 3
    # Releasing more floor staff never removes the need: the frontier stays at 3 however many.
    assert [row["bound"] for row in frontier(problem, allowances=[6, 9, 12])] == [3, 3, 3]
