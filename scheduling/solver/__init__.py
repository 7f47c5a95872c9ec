"""The Alongside scheduler: plain Python (no Django), OR-Tools CP-SAT.

See docs/scheduler.md (the JSON contract). Typical use::

    problem = problem_from_dict(json.load(f))      # raises ProblemError naming the field
    plan = solve(problem, time_limit=30, workers=2, progress=print)
    assert check_plan(problem, plan) == []
    json.dump(plan_to_dict(plan), out)
"""

from .bounds import Bounds, UnitBound, compute_bounds
from .check import check_plan
from .config import SolverConfig
from .frontier import frontier
from .greedy import greedy_plan
from .model import (
    Facilitator,
    Person,
    Plan,
    PlannedSession,
    Problem,
    Room,
    SessionRef,
    Slot,
    Unit,
    Unplaced,
    Violation,
)
from .parse import problem_from_dict
from .planner import solve
from .reader import ProblemError
from .serialise import plan_from_dict, plan_to_dict, problem_to_dict

__all__ = [
    "Bounds",
    "Facilitator",
    "Person",
    "Plan",
    "PlannedSession",
    "Problem",
    "ProblemError",
    "Room",
    "SolverConfig",
    "SessionRef",
    "Slot",
    "Unit",
    "UnitBound",
    "Unplaced",
    "Violation",
    "check_plan",
    "compute_bounds",
    "frontier",
    "greedy_plan",
    "plan_from_dict",
    "plan_to_dict",
    "problem_from_dict",
    "problem_to_dict",
    "solve",
]
