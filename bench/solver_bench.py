"""Scheduler benchmark (`make bench`): the solver against the in-repo reference model, same run.

For generated programmes of 5, 20 and 60 units and an over-constrained 20-unit programme (30%
availability, 3 lead trainers), both the solver (`solve`) and the reference model
(`scheduling.solver.reference`: one CP-SAT model for all units, same phases, no decomposition) get
the same deterministic budget. Printed per instance and strategy: sessions, proven bound, sessions
without a resident, single-resident sessions, mix objective (sum of squared shortfalls), co-trainer
share (sessions with one, and the largest single co-trainer's share), placed / the placement bound
(the most people any plan can place, proven; "people" is everyone), status, seconds, the seconds
at which the placement was proven (the solver's "place everyone" phase ended at its bound), and
the time as a ratio of the reference's. Every plan goes through the independent checker. Seconds
are wall-clock on whatever machine runs it (report the load with them).

    python bench/solver_bench.py [--seed N] [--units 5,20,60] [--no-over]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from scheduling.solver import check_plan, compute_bounds, solve  # noqa: E402
from scheduling.solver.generate import generate_overconstrained, generate_problem  # noqa: E402
from scheduling.solver.reference import reference_solve  # noqa: E402

# Deterministic budgets (CP-SAT units, about 2 quiet seconds each); the wall clock is only a cap.
BUDGETS = {5: 2.0, 20: 6.0, 60: 15.0}
OVER_BUDGET = 6.0
WALL_CAP = 900.0

HEADER = ["instance", "model", "sessions", "bound", "no res", "1 res", "mix", "co %", "co max",
          "placed/bound", "people", "status", "seconds", "proven@", "x ref", "check"]  # fmt: skip
WIDTHS = [10, 9, 8, 5, 6, 5, 5, 4, 6, 12, 6, 10, 7, 7, 5, 5]


def row(cells) -> str:
    return "  ".join(str(c).rjust(w) for c, w in zip(cells, WIDTHS, strict=True))


def run(name: str, problem, det: float) -> bool:
    results = {}
    proven_at: dict[str, float] = {}
    for model, fn in (("reference", reference_solve), ("solver", solve)):
        t = time.perf_counter()

        def progress(event, _model=model, _t=t):
            if (
                event.get("phase") == "place everyone"
                and event.get("event") == "end"
                and event.get("best") is not None
                and event.get("best") == event.get("bound")
            ):
                proven_at.setdefault(_model, time.perf_counter() - _t)

        extra = {"progress": progress} if model == "solver" else {}
        plan = fn(problem, time_limit=WALL_CAP, deterministic_time=det, **extra)
        results[model] = (plan, time.perf_counter() - t)
        if plan.phases and plan.phases[0].get("optimal"):
            proven_at.setdefault(model, results[model][1])  # proven by the end of the solve
    ok = True
    for model in ("solver", "reference"):
        plan, seconds = results[model]
        violations = check_plan(problem, plan)
        ok = ok and not violations
        o = plan.objective
        new = max(1, o.get("new_sessions", len(plan.sessions)))
        share = o.get("co_share", {})
        ratio = seconds / max(results["reference"][1], 1e-9)
        print(row([
            name, model, len(plan.sessions), plan.lower_bound, o["no_resident_sessions"],
            o["single_resident_sessions"], o["mix_shortfall"], round(100 * o["co_sessions"] / new),
            max(share.values(), default=0), f"{o['placed']}/{plan.bounds.get('placement', '?')}",
            len(problem.people), plan.status, f"{seconds:.1f}",
            f"{proven_at[model]:.1f}" if model in proven_at else "-", f"{ratio:.2f}",
            "ok" if not violations else len(violations),
        ]))  # fmt: skip
        if plan.parameters.get("wall_clock_capped"):
            print(f"{'':>10}  ({model}: stopped by the wall-clock cap, not reproducible)")
    t = time.perf_counter()
    bounds = compute_bounds(problem)
    seconds = time.perf_counter() - t
    if bounds.proven_infeasible:
        print(f"{'':>10}  (not everyone can be placed: proven by the cheap bounds in {seconds:.2f} s;"
              f" placement bound {bounds.placement} of {bounds.placeable})")  # fmt: skip
    sys.stdout.flush()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--units", default="5,20,60")
    parser.add_argument("--no-over", action="store_true", help="skip the over-constrained one")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Alongside scheduler benchmark (seed {args.seed}, {os.cpu_count()} CPUs, "
          f"load {load:.1f} at start)")  # fmt: skip
    print(row(HEADER))
    print(row(["-" * w for w in WIDTHS]))
    ok = True
    for n in (int(x) for x in args.units.split(",") if x.strip()):
        ok = run(f"{n} units", generate_problem(n, seed=args.seed), BUDGETS.get(n, 6.0)) and ok
    if not args.no_over:
        ok = run("over 20", generate_overconstrained(20, seed=args.seed), OVER_BUDGET) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
