"""What the stages of one decomposition share: `Run`, handed from each stage to the next, and each
unit's `Pattern` (its plan and model alone)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..bounds import Bounds
from ..clock import clock
from ..cpsat import Model
from ..model import PlannedSession, Problem
from ..prepare import Prepared
from ..search import Outcome
from .fit import concretize
from .units import Relaxed, UnitBounds


@dataclass
class Decomposition:
    """The decomposition's result, for planner.py."""

    sessions: list[PlannedSession]  # new sessions, with rooms and trainers
    units: dict[str, UnitBounds]
    bounds: dict[str, float | None]  # phase -> sum of the units' proven bounds (None: unknown)
    proven_units: dict[str, bool]  # phase -> every unit's relaxed bound is exact for that phase
    notes: list[str] = field(default_factory=list)


@dataclass
class Pattern:
    """A unit alone (relaxed), solved in every phase: its proven bounds, its model (re-solved with
    slot prices while the units negotiate) and its current plan."""

    unit: str
    rel: Relaxed
    model: Model | None  # None: made when the time was up (greedy plan, nothing proven)
    counted: set[str]  # the people who belong to this unit only
    outcomes: dict[str, Outcome]
    bounds: UnitBounds
    strict: dict  # phase -> literal: that phase at the unit's optimum (phases after sessions)
    solution: list[int] | None
    plan: list[PlannedSession]
    optimal_plan: bool = True  # `plan` is optimal for the unit alone in every phase
    met: dict[str, bool] = field(default_factory=dict)


def unit_order(problem: Problem, bounds: Bounds) -> list[str]:
    """Hardest units first: many sessions needed for the slots they can use."""

    def key(u: str):
        ub = bounds.units[u]
        return (-(ub.lower_bound / max(1, ub.usable_slots)), -ub.lower_bound, u)

    return sorted((u.id for u in problem.units), key=key)


@dataclass
class Run:
    """One decomposition in progress: the programme, the clock, and what each stage hands on.

    Times are on the solve's deterministic clock (`clock().now()`); `deadline` is the
    decomposition's own end. The stages fill, in order: `patterns` (each unit alone), `admitted` /
    `kept` / `excluded` / `rest` (whose patterns fit together), `by_unit` (the accepted sessions).
    """

    problem: Problem
    prep: Prepared
    bounds: Bounds
    order: list[str]  # units, hardest first
    workers: int
    deadline: float
    start: float
    report: Callable | None = None  # progress sink (planner._Reporter)
    sizes: dict[str, int] = field(default_factory=dict)  # people per unit (time is shared by it)
    patterns: dict[str, Pattern] = field(default_factory=dict)
    admitted: list[str] = field(default_factory=list)  # units whose own plan fits beside the others
    kept: dict[str, list[PlannedSession]] = field(default_factory=dict)  # their plans
    excluded: dict[str, set[str]] = field(default_factory=dict)  # people placed in another unit
    rest: list[str] = field(default_factory=list)  # units to be planned around the others
    by_unit: dict[str, list[PlannedSession]] = field(default_factory=dict)  # accepted sessions
    notes: list[str] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)
    units_done: int = 0

    @classmethod
    def begin(cls, problem, prep, bounds, *, deadline, workers, report) -> Run:
        order = unit_order(problem, bounds)
        sizes = {u: max(1, len([x for x in problem.people if u in x.units])) for u in order}
        return cls(problem, prep, bounds, order, workers, deadline, clock().now(), report, sizes)

    @property
    def fixed(self) -> tuple[PlannedSession, ...]:
        return tuple(self.problem.fixed_sessions)

    @property
    def span(self) -> float:
        return max(0.0, self.deadline - self.start)

    def poll(self) -> None:
        """Let the progress sink pass on events (it only calls back on the solving thread)."""
        flush = getattr(self.report, "flush", None)
        if flush:
            flush()

    def until(self, seconds: float) -> float:
        """A deadline `seconds` from now, but never past the decomposition's own."""
        return min(self.deadline, clock().now() + seconds)

    def stage_end(self, share: float) -> float:
        """The end of a stage that gets `share` of the time left."""
        return clock().now() + share * max(0.0, self.deadline - clock().now())

    def late(self) -> bool:
        """Is the decomposition's time up, or has the wall-clock cap passed? Every stage checks
        this before it builds a model or searches: the cap is the caller's time limit."""
        return clock().now() >= self.deadline - 0.05 or clock().expired()

    def mark(self, stage: str) -> None:
        """Record when a stage ended (for the notes)."""
        self.timing[stage] = clock().now() - self.start

    def progress(self, step: str, unit: str) -> None:
        self.units_done += 1
        if self.report:
            self.report(
                {"phase": step, "phase_index": 2, "event": "unit", "unit": unit,
                 "units_done": self.units_done, "units_total": len(self.order), "best": None,
                 "bound": self.bounds.total, "gap": None}
            )  # fmt: skip

    def accepted(self, exclude: Iterable[str] = ()) -> list[PlannedSession]:
        """The accepted sessions of every unit but `exclude`."""
        skip = set(exclude)
        return [s for u, lst in self.by_unit.items() if u not in skip for s in lst]

    def others(
        self, exclude: Iterable[str] = (), along: list[PlannedSession] = ()
    ) -> tuple[PlannedSession, ...]:
        """Concrete sessions of the other units; rooms and trainers are matched together with
        `along` (the plan the excluded units start from) so that it still fits beside them."""
        mine = self.accepted(exclude)
        got = concretize(self.prep, mine + list(along)) if along else None
        if got is None:
            got = concretize(self.prep, mine)
        if got is None:  # cannot happen: every accepted plan was made around the others
            raise RuntimeError("internal error: accepted sessions do not fit")
        # Co-trainers are matched globally at the end: leave them free for the units being planned.
        return tuple(replace(s, co=None) for s in got[: len(mine)])
