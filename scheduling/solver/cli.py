"""`python -m scheduling.solver PROBLEM.json -o PLAN.json [--time-limit S] [--deterministic-time D]
[--workers N]`, or `--frontier [--frontier-plans] [--cover-slots SLOT ...]` for the release frontier.

A malformed problem prints `error: <field>: <message>` on stderr and exits with status 2; otherwise the
plan is written (to stdout without -o) and a one-line summary goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .frontier import frontier
from .model import Plan, Problem
from .parse import problem_from_dict
from .planner import solve
from .reader import ProblemError
from .serialise import plan_to_dict


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


def read_problem(path: str) -> Problem | None:
    """The problem in the file at `path`, or None after printing `error: <field>: <message>`.

    Every way a file can be unusable ends here with a message, never a traceback: unreadable, not
    UTF-8, not JSON, nested too deeply for the JSON reader, numbers too long to read, or a problem
    that fails validation.
    """
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f, parse_int=_parse_int)
    except OSError as exc:
        return _fail(path, exc.strerror or str(exc))
    except UnicodeDecodeError as exc:
        return _fail("problem", f"not UTF-8 text (bad byte at position {exc.start})")
    except json.JSONDecodeError as exc:
        return _fail(
            "problem", f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        )
    except RecursionError:
        return _fail("problem", "lists or objects nested too deeply")
    except ValueError as exc:  # e.g. a number with more digits than Python reads
        return _fail("problem", f"unreadable value ({exc})")
    try:
        return problem_from_dict(raw)
    except ProblemError as exc:
        _fail(exc.field, exc.message)
        for field, message in exc.errors[1:10]:
            print(f"       {field}: {message}", file=sys.stderr)
        if len(exc.errors) > 10:
            print(f"       ... and {len(exc.errors) - 10} more", file=sys.stderr)
        return None


def _parse_int(text: str) -> int | float:
    """JSON whole numbers; one too long to be a real count reads as infinity, which validation
    then refuses naming its field (Python itself refuses to read numbers of 4,300 digits or more)."""
    return int(text) if len(text) <= 30 else float("inf")


def _fail(field: str, message: str) -> None:
    print(f"error: {field}: {message}", file=sys.stderr)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scheduling.solver",
        description="Plan joint training sessions (Alongside scheduler, JSON contract version 2).",
    )
    parser.add_argument("problem", help="the problem, as JSON (see docs/scheduler.md)")
    parser.add_argument("-o", "--output", help="where to write the plan (default: stdout)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument(
        "--frontier",
        action="store_true",
        help="print the release frontier (proven bounds for 2 to 12 floor staff away at once) "
        "instead of a plan",
    )
    parser.add_argument(
        "--frontier-plans",
        action="store_true",
        help="with --frontier: also a quick plan per allowance (sessions, average group size)",
    )
    parser.add_argument(
        "--cover-slots",
        nargs="+",
        metavar="SLOT",
        help="with --frontier: the allowance applies in these slots only",
    )
    parser.add_argument(
        "--deterministic-time",
        type=float,
        default=None,
        help="search budget in CP-SAT deterministic units (default: a quarter of the time limit); "
        "the same problem and budget always give the same plan",
    )
    args = parser.parse_args(argv)
    if args.time_limit <= 0:
        parser.error("--time-limit must be positive")
    if args.deterministic_time is not None and args.deterministic_time <= 0:
        parser.error("--deterministic-time must be positive")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    problem = read_problem(args.problem)
    if problem is None:
        return 2

    if args.frontier:
        rows = frontier(problem, cover_slots=args.cover_slots, plans=args.frontier_plans)
        _write(args.output, json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    plan = solve(
        problem,
        time_limit=args.time_limit,
        workers=args.workers,
        deterministic_time=args.deterministic_time,
    )
    _write(args.output, json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False))
    print(summary(plan), file=sys.stderr)
    return 0


def _write(path: str | None, text: str) -> None:
    if path:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
