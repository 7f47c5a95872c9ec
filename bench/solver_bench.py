"""Scheduler benchmark (`make bench`): the greedy baseline and the CP-SAT solver side by side.

Prints, for generated programmes of 5, 20 and 60 units: people, lower bound, greedy sessions, solver
sessions, status, gap, mix shortfall, solve seconds and the ratio of solver to greedy time; then an
over-constrained programme: status, seconds and the number of people given a reason. Every plan is
verified by the independent checker.

Targets on a 2-core machine: 20 units proven optimal in under 10 s; 60 units within 60 s with
sessions equal to the lower bound; the over-constrained programme proven infeasible, with reasons, in
under 5 s.

    python bench/solver_bench.py [--seed N] [--units 5,20,60] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from scheduling.solver import check_plan, greedy_plan, solve  # noqa: E402
from scheduling.solver.generate import generate_overconstrained, generate_problem  # noqa: E402

TIME_LIMITS = {5: 10.0, 20: 10.0, 60: 60.0}
TARGETS = {20: "proven optimal < 10 s", 60: "sessions = lower bound < 60 s"}


def row(cells, widths):
    return "  ".join(str(c).rjust(w) for c, w in zip(cells, widths, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--units", default="5,20,60")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=None, help="override every limit")
    args = parser.parse_args()

    header = ["units", "people", "bound", "greedy", "solver", "status", "gap", "mix",
              "co", "seconds", "limit", "x greedy", "phases proven", "check"]  # fmt: skip
    widths = [5, 6, 5, 6, 6, 10, 3, 4, 4, 7, 5, 8, 13, 5]
    print(f"Alongside scheduler benchmark (seed {args.seed}, {args.workers} workers, "
          f"{os.cpu_count()} CPUs)")  # fmt: skip
    print(row(header, widths))
    print(row(["-" * w for w in widths], widths))
    failures = 0
    for n in (int(x) for x in args.units.split(",")):
        problem = generate_problem(n, seed=args.seed)
        t = time.perf_counter()
        greedy = greedy_plan(problem)
        greedy_seconds = time.perf_counter() - t
        limit = args.time_limit or TIME_LIMITS.get(n, 30.0)
        t = time.perf_counter()
        plan = solve(problem, time_limit=limit, workers=args.workers)
        seconds = time.perf_counter() - t
        violations = check_plan(problem, plan) + check_plan(problem, greedy)
        failures += bool(violations)
        proven = "".join(str(ph["phase_index"]) if ph["optimal"] else "." for ph in plan.phases)
        print(
            row(
                [
                    n,
                    len(problem.people),
                    plan.lower_bound,
                    len(greedy.sessions),
                    len(plan.sessions),
                    plan.status,
                    plan.gap,
                    plan.objective.get("mix_shortfall"),
                    plan.objective.get("co_sessions"),
                    f"{seconds:.1f}",
                    f"{limit:.0f}",
                    f"{seconds / max(greedy_seconds, 1e-6):.0f}",
                    proven,
                    "ok" if not violations else len(violations),
                ],
                widths,
            )
        )
        if n in TARGETS:
            met = (
                plan.status == "optimal" and seconds < 10
                if n == 20
                else plan.gap == 0 and not plan.unplaced and seconds < 60
            )
            print(f"       target: {TARGETS[n]}: {'met' if met else 'MISSED'}")
        sys.stdout.flush()

    problem = generate_overconstrained(10, seed=args.seed)
    t = time.perf_counter()
    plan = solve(problem, time_limit=4.5, workers=args.workers)
    seconds = time.perf_counter() - t
    violations = check_plan(problem, plan)
    failures += bool(violations)
    with_reason = sum(1 for u in plan.unplaced if u.reason.strip())
    print()
    print(
        f"over-constrained (10 units, {len(problem.people)} people): status {plan.status}, "
        f"{seconds:.1f} s, {len(plan.unplaced)} unplaced, {with_reason} with a reason, "
        f"check {'ok' if not violations else len(violations)}"
    )
    if plan.bounds.get("infeasible"):
        print(f"  proof: {plan.bounds['infeasible'][0]}")
    if plan.unplaced:
        print(f"  e.g. {plan.unplaced[-1].person}: {plan.unplaced[-1].reason}")
    met = plan.status == "infeasible" and seconds < 5 and with_reason == len(plan.unplaced)
    print(f"  target: proven infeasible with reasons < 5 s: {'met' if met else 'MISSED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
