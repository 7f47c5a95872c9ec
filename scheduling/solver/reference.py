"""The reference model the benchmark measures the solver against: one CP-SAT model for all units,
the same phases in the same order, hinted with the greedy plan, no decomposition, no per-unit bounds.

It shares the solver's model (cpsat.Model), phase runner, clock and plan assembly, so the two differ
only in strategy. Not used by the product.
"""

from __future__ import annotations

import time

from .bounds import compute_bounds
from .clock import Clock, running
from .config import DEFAULT, SolverConfig
from .cpsat import Model
from .expand import collapse, expand
from .greedy import greedy_plan
from .model import Plan, Problem
from .planner import _phase_keys, _plan
from .prepare import Prepared
from .search import run_phases


def reference_solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    deterministic_time: float | None = None,
    config: SolverConfig = DEFAULT,
) -> Plan:
    """Plan with the single phased model, under the same budget rules as `solve()`."""
    t0 = time.perf_counter()
    original = problem
    problem, copies = expand(problem)
    det = config.det_per_wall_second * float(time_limit)
    if deterministic_time is not None:
        det = float(deterministic_time)
    c = Clock(budget=det * config.seconds_per_det, wall_limit=float(time_limit), config=config)
    with running(c):
        prep = Prepared(problem)
        bounds = compute_bounds(problem, prep)
        keys = _phase_keys(problem, prep)
        sessions, phases = [], []
        if prep.placeable:
            model = Model(prep)
            hint = model.hint_from_sessions(greedy_plan(problem, separate_people=False).sessions)
            solution, outcomes = run_phases(
                model,
                keys,
                deadline=c.budget,
                workers=1,
                targets={"placed": len(prep.placeable)},
                hint_partial=hint,
            )
            if solution is not None:
                sessions = model.extract(solution)
            chain = True
            fixed_n = len(problem.fixed_sessions)
            for o in outcomes:
                d = o.as_dict(fixed_n if o.key == "sessions" else 0)
                chain = chain and o.proven
                d["optimal"] = chain
                phases.append(d)
        plan = _plan(problem, prep, bounds, sessions, phases, t0, keys)
    plan.parameters = {"deterministic_time": det, "deterministic_time_used": round(c.det_used, 3),
                       "wall_clock_capped": c.capped, "strategy": "reference"}  # fmt: skip
    return collapse(plan, copies, original)
