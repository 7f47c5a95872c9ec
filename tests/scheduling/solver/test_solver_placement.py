"""The placement bound (bounds.py's max-flow, placement.py's session model): never below the true
largest placement, checked exhaustively on tiny programmes; and an over-constrained programme's
plan reports its placement proven."""

from hypothesis import HealthCheck, given, settings

from scheduling.solver import check_plan, compute_bounds, solve
from scheduling.solver.bounds import placement_flow_bound, sessions_to_hold
from scheduling.solver.clock import Clock, running
from scheduling.solver.generate import generate_overconstrained
from scheduling.solver.placement import best_placement
from scheduling.solver.prepare import Prepared

from .test_solver_solve import brute_force, tiny_problems

TINY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


@TINY
@given(tiny_problems())
def test_placement_bounds_are_never_below_the_brute_force_maximum(problem):
    most, fewest = brute_force(problem)
    prep = Prepared(problem)
    assert placement_flow_bound(prep) >= most
    assert compute_bounds(problem, prep).placement >= most
    with running(Clock(budget=60.0, wall_limit=600.0)):
        found = best_placement(prep, 5.0)
    assert found.bound >= most
    assert found.placed == sum(len(x.people) for x in found.sessions) <= most
    if found.proven:
        assert found.placed == most
    if most:
        # No plan places that many people in fewer sessions.
        assert sessions_to_hold(prep, most) <= fewest


def test_an_over_constrained_plan_reports_its_placement_proven():
    problem = generate_overconstrained(10, seed=0)
    plan = solve(problem, time_limit=600, deterministic_time=1.0)
    assert check_plan(problem, plan) == []
    assert plan.status == "infeasible"
    first = plan.phases[0]
    assert first["phase"] == "place everyone"
    placed = plan.objective["placed"]
    assert first["optimal"] and first["value"] == first["bound"] == placed
    assert plan.bounds["placement"] == placed < plan.bounds["placeable"]
    # The proof came from the bound, not from placing everyone.
    assert any("At most" in line for line in plan.bounds["infeasible"])
    # This path is as deterministic as the others: the same problem gives the same sessions.
    again = solve(problem, time_limit=600, deterministic_time=1.0)
    assert again.sessions == plan.sessions
