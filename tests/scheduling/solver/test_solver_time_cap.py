"""`time_limit` is an outer cap on wall time (issue 16: a 40-ward programme planned for 143 s under the
default 30 s limit, because the decomposition's stages kept building unit models and negotiating after
the cap had passed). Once the cap has passed, no stage builds a model or starts a search, and the plan
is still a valid one. No wall-clock assertion: a cap of 0 seconds has passed before the first stage."""

from ortools.sat.python import cp_model

from scheduling.solver import check_plan, cpsat, solve
from scheduling.solver.generate import generate_problem


def test_after_the_cap_no_stage_builds_a_model_or_searches_and_the_plan_is_valid(monkeypatch):
    problem = generate_problem(4, seed=1)
    built, searched = [], []
    build, search = cpsat.Model.__init__, cp_model.CpSolver.solve

    def counting_build(self, *args, **kwargs):
        built.append(1)
        build(self, *args, **kwargs)

    def counting_search(self, *args, **kwargs):
        searched.append(1)
        return search(self, *args, **kwargs)

    monkeypatch.setattr(cpsat.Model, "__init__", counting_build)
    monkeypatch.setattr(cp_model.CpSolver, "solve", counting_search)
    # A deterministic budget large enough for every stage: only the cap can stop them.
    plan = solve(problem, time_limit=0, deterministic_time=50)
    assert plan.parameters["wall_clock_capped"]
    assert built == [] and searched == []
    assert check_plan(problem, plan) == []
    assert plan.sessions
