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
    size = max(1, built.data["session_size"])
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
                # The unit's bound counts only its own people; those shared with another unit
                # need room too, and no group is larger than a session holds.
                n = people.get(slug, 0)
                sessions = max(unit["bound"], -(-n // size))
                unit["average_group"] = round(n / sessions, 1)
    return {"source": source, "rows": rows}


def _cover_allowance(built: BuiltProblem, slug: str) -> int:
    """The most floor staff the unit releases in any slot (its cover days), from the problem."""
    entry = next(u for u in built.data["units"] if u["id"] == slug)
    return max([entry["max_staff_away"], *entry.get("max_staff_away_by_slot", {}).values()])


def _unit_frontier(rows: list[dict], slug: str) -> list[list]:
    """[allowance, bound] per frontier row for one unit."""
    out = []
    for row in rows:
        unit = row.get("units", {}).get(slug) or {}
        if unit.get("bound"):
            out.append([row["allowance"], unit["bound"]])
    return out


def unit_limits(built: BuiltProblem, release: dict | None = None) -> dict[str, dict]:
    """Per unit, the figures the plan screen needs to say what sets its number of sessions and what
    would change it (`planning.messages.limit_text` words them against the plan's sessions).

    `bounds` are the proven lower bounds on its sessions by group size, by the floor staff it releases
    at once, and by shifts (people who can each come only at times none of the others can, listed in
    `apart_in_time` as person keys); `frontier` is [allowance, bound] from the release frontier."""
    from scheduling import solver
    from scheduling.solver.bounds import disjoint_people
    from scheduling.solver.prepare import Prepared

    problem = solver.problem_from_dict(built.data)
    prep = Prepared(problem)
    bounds = solver.compute_bounds(problem, prep)
    rows = (release or {}).get("rows", [])
    out = {}
    for slug, b in bounds.units.items():
        unit = built.units[slug]
        singles = [x for x in prep.placeable if list(x.units) == [slug]]
        out[slug] = {
            "allowance": unit.max_staff_away,
            "cover_allowance": _cover_allowance(built, slug),
            "floor_staff": b.floor_staff,
            "people": b.people,
            "session_size": built.data["session_size"],
            "bounds": {
                "size": b.by_size,
                "floor_staff": b.by_floor_staff,
                "shifts": b.by_availability,
            },
            "apart_in_time": disjoint_people(singles, prep.candidates),
            "frontier": _unit_frontier(rows, slug),
        }
    return out
