"""`python -m scheduling.solver PROBLEM.json -o PLAN.json [--time-limit S] [--workers N]`.

A malformed problem prints `error: <field>: <message>` on stderr and exits with status 2; otherwise the
plan is written (to stdout without -o) and a one-line summary goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .io import ProblemError, plan_to_dict, problem_from_dict
from .model import Plan
from .planner import solve


def summary(plan: Plan) -> str:
    o = plan.objective
    placed = o.get("placed", 0)
    total = placed + o.get("unplaced", 0)
    parts = [
        f"{plan.status}: {len(plan.sessions)} sessions (lower bound {plan.lower_bound}, "
        f"gap {plan.gap})",
        f"{placed}/{total} placed",
        f"mix shortfall {o.get('mix_shortfall', 0)}",
        f"{o.get('co_sessions', 0)} with a co-trainer",
        f"{plan.solve_seconds:.1f} s",
    ]
    return ", ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scheduling.solver",
        description="Plan joint training sessions (Alongside scheduler, JSON contract version 1).",
    )
    parser.add_argument("problem", help="the problem, as JSON (see docs/scheduler.md)")
    parser.add_argument("-o", "--output", help="where to write the plan (default: stdout)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    args = parser.parse_args(argv)
    if args.time_limit <= 0:
        parser.error("--time-limit must be positive")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    try:
        with open(args.problem, encoding="utf-8") as f:
            raw = json.load(f)
    except OSError as exc:
        print(f"error: {args.problem}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as exc:
        print(f"error: problem: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        problem = problem_from_dict(raw)
    except ProblemError as exc:
        print(f"error: {exc.field}: {exc.message}", file=sys.stderr)
        for field, message in exc.errors[1:10]:
            print(f"       {field}: {message}", file=sys.stderr)
        if len(exc.errors) > 10:
            print(f"       ... and {len(exc.errors) - 10} more", file=sys.stderr)
        return 2

    plan = solve(problem, time_limit=args.time_limit, workers=args.workers)
    text = json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    print(summary(plan), file=sys.stderr)
    return 0
