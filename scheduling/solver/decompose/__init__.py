"""Decomposition by unit, for programmes too big for one CP-SAT model.

Units interact only through rooms, lead trainers and the few people who cover several units. So each
unit is first solved alone, with every room and trainer to itself ("relaxed"): whatever it reaches
there bounds what it can reach in any plan of the whole programme. The units then negotiate slots
until their plans fit together. `decompose()` runs these stages, in this order, each a function
that takes the run's state (`Run`, state.py) and hands it on:

1. `plan_each_unit_alone` (alone.py): each unit alone, everyone placed with the fewest sessions;
   its plan is the unit's *pattern* and its outcomes the unit's proven bounds.
2. `make_room` (negotiate.py): hardest unit first, each unit looks for an equally small plan whose
   slots leave the units before it room.
3. `negotiate` (negotiate.py): slots short of rooms or lead trainers get dearer round after round,
   and the units using them move where they can (PathFinder-style prices).
4. `admit` (negotiate.py): the patterns that fit together are admitted, hardest unit first; those
   units keep their slots, the others are planned around them in stage 8.
5. `finish_each_unit_alone` (alone.py): the later phases (sessions without a resident or staff, the
   mix, co-trainers, even sizes, preferences) for each unit alone: the bounds for those phases.
6. `refit` (finish.py): an admitted unit whose optimum alone moved sessions takes an equally good
   plan that fits beside the others, if there is one.
7. `finish_admitted` (finish.py): each admitted unit's people are arranged for the later phases,
   its slots kept, aiming at its bounds.
8. `plan_the_rest` (finish.py): the units not admitted, one after the other, around everything
   accepted (`solve_group`, group.py).
9. `repair` (neighbourhood.py): while time is left, a unit short of its bounds is re-planned
   alone, then with the units in its way, and kept if the whole plan gets better.
10. `place_leftovers` (leftovers.py): people still out (usually those who cover several units) join
   a session with space; rooms, lead trainers and co-trainers are matched to the final sessions
   (fit.py `concretize`; co-trainers: a maximum matching).

Every CP-SAT search goes through `search.solve_phase` (phases) or `search.run_solver` (slot prices).
For phase p, the sum of the units' bounds is a proven bound for the whole programme as long as every
earlier phase met its bound exactly (that forces every unit onto its own relaxed optimum).
"""

from __future__ import annotations

from ..bounds import compute_bounds
from ..clock import clock
from ..model import Problem
from ..prepare import Prepared
from ..search import ORDER
from .alone import finish_each_unit_alone, plan_each_unit_alone
from .finish import finish_admitted, plan_the_rest, refit
from .fit import concretize
from .group import GroupResult, solve_group
from .leftovers import place_leftovers
from .negotiate import admit, make_room, negotiate
from .neighbourhood import repair
from .state import Decomposition, Run
from .units import UnitBounds, group_problem

__all__ = [
    "Decomposition", "GroupResult", "UnitBounds", "concretize", "decompose", "group_problem",
    "solve_group",
]  # fmt: skip


def decompose(
    problem: Problem,
    prep: Prepared,
    *,
    deadline: float,
    workers: int,
    report=None,
) -> Decomposition:
    """Plan a programme unit by unit, by `deadline` on the solve's clock (see the module's notes)."""
    run = Run.begin(
        problem, prep, compute_bounds(problem, prep), deadline=deadline, workers=workers,
        report=report,
    )  # fmt: skip
    plan_each_unit_alone(run)
    make_room(run)
    negotiate(run)
    admit(run)
    finish_each_unit_alone(run)
    refit(run)
    end = run.stage_end(clock().config.share_finish)
    finish_admitted(run, end)
    plan_the_rest(run, end)
    repair(run)
    run.notes.append("timing " + ", ".join(f"{k} {v:.1f}s" for k, v in run.timing.items()))
    final = concretize(prep, place_leftovers(problem, prep, run.accepted()))
    if final is None:
        raise RuntimeError("internal error: final sessions do not fit")
    return _totals(run, final)


def _totals(run: Run, final) -> Decomposition:
    """Bounds for the whole programme: per phase, the sum of the units' bounds."""
    units = {u: run.patterns[u].bounds for u in run.order}
    sums: dict[str, float | None] = {}
    proven_units: dict[str, bool] = {}
    for key in ORDER:
        # "Keep published places" only counts in a re-plan. Co-trainers: each unit's own best is a
        # bound (trainers shared between units can only lower the total).
        relevant = [u for u in run.order if key != "kept" or run.problem.current]
        if any(units[u].values.get(key) is None for u in relevant):
            sums[key] = None
            proven_units[key] = False
            continue
        sums[key] = sum(v for u in run.order if (v := units[u].values.get(key)) is not None)
        proven_units[key] = all(units[u].proven.get(key, False) for u in relevant)
    return Decomposition(final, units, sums, proven_units, run.notes)
