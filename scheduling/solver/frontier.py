"""The release frontier: how many sessions are needed if each unit can release N floor staff at once?

For each allowance N (2 to 12 by default), every unit's floor-staff allowance becomes N, either in
every slot or only in the given "cover" slots (days with extra cover; other slots keep the unit's own
allowance). Per allowance: the proven lower bound on sessions (cheap: bounds.py only, no search), and
on request a quick plan's sessions and average group size per unit. The product shows it as
"release 4 staff at once: 29 sessions of about 6 people".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .bounds import compute_bounds
from .model import Problem

PLAN_TIME_LIMIT = 60.0  # seconds, outer cap per quick plan
PLAN_DETERMINISTIC_TIME = 0.5  # per quick plan: enough for small programmes to reach the bound


def with_allowance(problem: Problem, allowance: int, cover_slots: Iterable[str] | None) -> Problem:
    """The problem with every unit's floor-staff allowance set to `allowance` (in `cover_slots`
    only, when given)."""
    units = []
    for u in problem.units:
        if cover_slots is None:
            units.append(replace(u, max_staff_away=allowance, max_staff_away_by_slot={}))
        else:
            by_slot = dict(u.max_staff_away_by_slot)
            by_slot.update({s: allowance for s in cover_slots})
            units.append(replace(u, max_staff_away_by_slot=by_slot))
    return replace(problem, units=tuple(units))


def frontier(
    problem: Problem,
    *,
    allowances: Iterable[int] = range(2, 13),
    cover_slots: Iterable[str] | None = None,
    plans: bool = False,
) -> list[dict[str, Any]]:
    """Per allowance: {"allowance", "bound", "units": {unit: {"bound", "sessions",
    "average_group"}}}, with "sessions" and "average_group" only when `plans` is true."""
    cover = None if cover_slots is None else [s for s in cover_slots if s in problem.slot_by_id]
    out = []
    for allowance in allowances:
        changed = with_allowance(problem, int(allowance), cover)
        bounds = compute_bounds(changed)
        fixed = {u.id: 0 for u in problem.units}
        for s in problem.fixed_sessions:
            fixed[s.unit] = fixed.get(s.unit, 0) + 1
        units: dict[str, dict[str, Any]] = {
            u: {"bound": b.lower_bound + fixed.get(u, 0)} for u, b in bounds.units.items()
        }
        row: dict[str, Any] = {"allowance": int(allowance), "bound": bounds.total, "units": units}
        if plans:
            _add_plan(changed, units, row)
        out.append(row)
    return out


def _add_plan(problem: Problem, units: dict[str, dict[str, Any]], row: dict[str, Any]) -> None:
    from .planner import solve  # the quick plan; imported here to keep bounds-only calls light

    plan = solve(problem, time_limit=PLAN_TIME_LIMIT, deterministic_time=PLAN_DETERMINISTIC_TIME)
    row["sessions"] = len(plan.sessions)
    row["unplaced"] = len(plan.unplaced)
    for u, info in units.items():
        mine = [s for s in plan.sessions if s.unit == u]
        info["sessions"] = len(mine)
        people = sum(len(s.people) for s in mine)
        info["average_group"] = round(people / len(mine), 1) if mine else None
