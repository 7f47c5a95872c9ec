"""The "release" figures: how many sessions, of about how many people, a programme needs if its wards
release 2 … 12 floor staff at once; and what limits each unit's number of sessions now.

Built from the solver's frontier (`scheduling.solver.frontier`) where the solver provides it; otherwise
from its cheap proven bounds (`compute_bounds`) over the same allowances, which is what the frontier's
bounds are. Both are lower bounds: no plan can do with fewer sessions, so a ward manager reads "release 8
on cover days: at least 9 sessions, about 13 people each". Computed once per planning run, stored in the
run's result, so the plan screen reads it without solving anything.
"""

from __future__ import annotations

import copy
import math
from datetime import timedelta

from .problem import BuiltProblem

ALLOWANCES = range(2, 13)


def _with_allowance(built: BuiltProblem, allowance: int) -> dict:
    """The problem as if every unit released `allowance` floor staff at once (less what other
    programmes already have away in a slot)."""
    data = copy.deepcopy(built.data)
    units = {u.slug: u for u in built.units.values()}
    for entry in data["units"]:
        unit = units[entry["id"]]
        entry["max_staff_away"] = allowance
        by_slot = {}
        for sid, start in built.slot_starts.items():
            end = start + _minutes(built, entry["id"])
            away = built.busy.floor_away(unit.pk, start, end) if built.busy else 0
            if away:
                by_slot[sid] = max(0, allowance - away)
        entry["max_staff_away_by_slot"] = by_slot
    return data


def _minutes(built: BuiltProblem, slug: str) -> timedelta:
    return timedelta(minutes=built.unit_minutes.get(slug, built.data["session_minutes"]))


def _people_by_unit(built: BuiltProblem) -> dict[str, int]:
    counts = {slug: 0 for slug in built.units}
    for person in built.data["people"]:
        if person["available"] and person["units"]:
            counts[person["units"][0]] += 1
    return counts


def release_frontier(built: BuiltProblem, allowances=ALLOWANCES) -> dict:
    """{"source", "rows": [{"allowance", "bound", "units": {slug: {"bound", "average_group"}}}]}."""
    from scheduling import solver

    people = _people_by_unit(built)
    problem = solver.problem_from_dict(built.data)
    frontier = getattr(solver, "frontier", None)
    if frontier is not None:
        rows = frontier(problem, allowances=allowances)
        source = "frontier"
    else:
        rows = []
        for allowance in allowances:
            bounds = solver.compute_bounds(
                solver.problem_from_dict(_with_allowance(built, allowance))
            )
            rows.append(
                {
                    "allowance": allowance,
                    "bound": bounds.total,
                    "units": {
                        slug: {"bound": b.lower_bound + b.fixed_sessions}
                        for slug, b in bounds.units.items()
                    },
                }
            )
        source = "bounds"
    for row in rows:
        for slug, unit in row["units"].items():
            if unit.get("average_group") is None and unit.get("bound"):
                unit["average_group"] = round(people.get(slug, 0) / unit["bound"], 1)
    return {"source": source, "rows": rows}


def unit_limits(built: BuiltProblem) -> dict[str, dict]:
    """Per unit: what sets its number of sessions now (floor staff released at once, or group size)."""
    from scheduling import solver

    bounds = solver.compute_bounds(solver.problem_from_dict(built.data))
    out = {}
    for slug, b in bounds.units.items():
        unit = built.units[slug]
        if b.by_floor_staff >= b.by_size and b.floor_staff:
            out[slug] = {
                "limit": "floor_staff",
                "value": unit.max_staff_away,
                "bound": b.lower_bound,
            }
        else:
            out[slug] = {
                "limit": "group_size",
                "value": built.data["session_size"],
                "bound": b.lower_bound,
            }
        out[slug]["people"] = b.people
        out[slug]["sessions_needed"] = max(
            1, math.ceil(b.people / max(1, built.data["session_size"]))
        )
    return out
