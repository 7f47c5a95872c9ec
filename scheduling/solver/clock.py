"""The solver's clock: a deterministic budget, with the wall clock only as an outer cap.

Every stage of the solver decides how long to search from `clock().now()` and `clock().left()`, which
count CP-SAT's deterministic time (converted to reference seconds) plus a fixed charge for Python
work, never the wall clock. So the same problem takes the same path on a quiet or a busy machine, and
gives the same plan. The wall clock only stops a run that would take longer than the caller's time
limit; `Clock.capped` then records that the plan may differ from one run to the next.

The clock of the running solve is kept in a context variable, so that the stages need not pass it
around; outside `solve()` a generous default clock applies (used by tests of single stages).
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .config import DEFAULT, SolverConfig


class Clock:
    def __init__(self, budget: float, wall_limit: float, config: SolverConfig = DEFAULT):
        """`budget` in reference seconds; `wall_limit` in real seconds from now."""
        self.config = config
        self.budget = max(0.0, float(budget))
        self.used = 0.0
        self.det_used = 0.0  # CP-SAT's own deterministic time (for the plan's parameters)
        self.wall_end = time.perf_counter() + max(0.0, float(wall_limit))
        self.capped = False  # the wall clock stopped something: determinism not guaranteed

    def now(self) -> float:
        """Reference seconds used so far (deterministic)."""
        return self.used

    def left(self) -> float:
        return max(0.0, self.budget - self.used)

    def wall_left(self) -> float:
        return max(0.0, self.wall_end - time.perf_counter())

    def expired(self) -> bool:
        if self.wall_left() <= 0:
            self.capped = True
            return True
        return self.used >= self.budget

    def charge_det(self, det: float) -> None:
        """Account for a CP-SAT solve's deterministic time."""
        self.det_used += det
        self.used += det * self.config.seconds_per_det

    def charge_build(self, items: int) -> None:
        """Account for building a model of `items` variables and constraints in Python."""
        self.used += items * self.config.build_seconds_per_item

    def det_limit(self, seconds: float) -> float:
        """CP-SAT's `max_deterministic_time` for a search of `seconds` reference seconds."""
        return max(0.0, min(seconds, self.left())) / self.config.seconds_per_det


_current: contextvars.ContextVar[Clock | None] = contextvars.ContextVar(
    "solver_clock", default=None
)


def clock() -> Clock:
    current = _current.get()
    if current is None:
        current = Clock(budget=3600.0, wall_limit=3600.0)
        _current.set(current)
    return current


@contextmanager
def running(c: Clock) -> Iterator[Clock]:
    token = _current.set(c)
    try:
        yield c
    finally:
        _current.reset(token)
