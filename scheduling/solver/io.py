"""The versioned JSON form of problems and plans, in three modules named for what they do:

- reader.py: reading raw JSON field by field, collecting errors with their paths; the value limits;
  `ProblemError`.
- parse.py: `problem_from_dict`, the problem's parsing and validation.
- serialise.py: `problem_to_dict`, `plan_to_dict` and `plan_from_dict`.

This module re-exports their public names so `from scheduling.solver.io import ...` keeps working.
"""

from __future__ import annotations

from .model import READABLE_VERSIONS, VERSION
from .parse import problem_from_dict
from .reader import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_COUNT,
    MAX_MINUTES,
    MAX_PER_DAY,
    MAX_WEIGHT,
    ProblemError,
)
from .serialise import plan_from_dict, plan_to_dict, problem_to_dict

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_COUNT",
    "MAX_MINUTES",
    "MAX_PER_DAY",
    "MAX_WEIGHT",
    "READABLE_VERSIONS",
    "VERSION",
    "ProblemError",
    "plan_from_dict",
    "plan_to_dict",
    "problem_from_dict",
    "problem_to_dict",
]
