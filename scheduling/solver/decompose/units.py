"""Some units seen on their own, and what is proven about them.

A unit's *relaxed* view is the unit with every room and trainer to itself (only the programme's own
fixed sessions): whatever it achieves there is a bound on what it can achieve in any plan of the
whole programme. The functions here judge a unit's plan against those bounds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..bounds import Bounds, compute_bounds
from ..metrics import even_split_mix, phase_values
from ..model import PlannedSession, Problem
from ..prepare import Prepared
from ..resources import assign_facilitators
from ..search import MAX, ORDER, PHASES, Outcome

# Phases compared when judging a unit's plan against its bounds (co-trainers are matched globally at
# the end, so they are left out here).
UNIT_KEYS = ["placed", "kept", "sessions", "no_resident", "no_staff", "mix", "even", "prefers"]


@dataclass
class UnitBounds:
    """A unit's proven bounds, phase by phase, up to and including the first one not met exactly
    (a later phase's bound is only valid while every earlier one is met)."""

    values: dict[str, float] = field(default_factory=dict)  # phase -> proven bound (relaxed)
    proven: dict[str, bool] = field(default_factory=dict)  # the unit's plan meets that bound


def group_problem(
    problem: Problem, unit_ids: Iterable[str], fixed: tuple[PlannedSession, ...]
) -> Problem:
    """The programme seen by some units only: their people, the trainers who serve them."""
    units = tuple(problem.unit_by_id[u] for u in unit_ids)
    ids = {u.id for u in units}
    people = tuple(x for x in problem.people if ids & set(x.units))
    pids = {x.id for x in people}
    facs = []
    for f in problem.facilitators:
        if f.units is None:
            facs.append(f)
        elif ids & set(f.units):
            serves = tuple(u for u in f.units if u in ids)
            facs.append(replace(f, units=None if set(serves) == ids else serves))
    current = {pid: r for pid, r in problem.current.items() if pid in pids and r.unit in ids}
    return replace(
        problem,
        units=units,
        people=people,
        facilitators=tuple(facs),
        fixed_sessions=fixed,
        current=current,
        apart=tuple((a, b) for a, b in problem.apart if a in pids and b in pids),
        no_overlap=tuple((a, b) for a, b in problem.no_overlap if a in pids and b in pids),
    )


@dataclass
class Relaxed:
    """The relaxed view of some units (only the programme's own fixed sessions)."""

    prep: Prepared
    bounds: Bounds

    @classmethod
    def of(cls, problem: Problem, unit_ids: tuple[str, ...]) -> Relaxed:
        sub = group_problem(problem, unit_ids, tuple(problem.fixed_sessions))
        prep = Prepared(sub)
        return cls(prep, compute_bounds(sub, prep))


def cheap_target(
    key: str, rel: Relaxed, counted: set[str], outcomes: dict[str, Outcome], met: dict[str, bool]
) -> float | None:
    """A bound for the relaxed units, valid when every earlier phase met its own bound (no search:
    sizes, floor-staff allowance, residents per session, the even split, divisibility)."""
    prep = rel.prep
    p = prep.problem
    placeable = {x.id for x in prep.placeable}
    before = ORDER[: ORDER.index(key)]
    chain = all(met.get(k, False) for k in before if k in outcomes)
    sessions = outcomes.get("sessions")
    single = len(p.units) == 1
    if key == "placed":
        return len(counted & placeable)
    if key == "kept":
        return sum(
            1
            for x in prep.placeable
            if x.id in p.current
            and (p.current[x.id].unit, p.current[x.id].slot) in prep.candidates[x.id]
        )
    if not chain:
        return None
    if key == "sessions":
        return rel.bounds.new_sessions
    if key == "co":
        return sessions.value if sessions and sessions.value is not None else None
    if not single or not sessions or sessions.value is None:
        return 0 if key in ("no_resident", "no_staff", "mix", "even") else None
    k = sessions.value
    unit = p.units[0]
    staff = sum(1 for x in prep.placeable if x.is_staff)
    residents = len(prep.placeable) - staff
    if key == "no_resident":  # each session needs its own resident
        return max(0, k - residents)
    if key == "no_staff":
        return max(0, k - staff)
    if key == "mix":  # the even split is the least squared shortfall (metrics.even_split_mix)
        return even_split_mix(unit.min_staff, staff, k) + even_split_mix(
            unit.min_residents, residents, k
        )
    if key == "even":
        # k sessions share between n_min and n_max people: if no such number is a multiple of k,
        # sizes differ by at least one.
        if k and all(n % k for n in range(len(counted & placeable), len(placeable) + 1)):
            return 1
        return 0
    if key == "prefers":
        return sum(
            1
            for x in prep.placeable
            if x.prefers and set(x.prefers) & {s for _, s in prep.candidates[x.id]}
        )
    return None


def meets(key: str, value: float | None, target: float | None) -> bool:
    """Does `value` reach the proven bound `target` of phase `key`?"""
    if target is None or value is None:
        return False
    return value >= target - 1e-6 if PHASES[key].sense == MAX else value <= target + 1e-6


def unit_values(problem: Problem, sessions: list[PlannedSession], counted: set[str]) -> dict:
    """Phase values of some units' sessions (co-trainers are matched at the end, so not judged)."""
    return phase_values(problem, sessions, counted)


def value_of(problem: Problem, prep: Prepared, sessions: list[PlannedSession], key: str) -> int:
    """One phase's value of some units' sessions (co-trainers: the best weighted matching)."""
    if key == "co":
        cos, _ = assign_facilitators(prep, sessions, "co")
        return sum(problem.facilitator_by_id[f].weight for f in cos.values())
    return unit_values(problem, sessions, set())[key]


def rank(values: dict) -> tuple:
    """Phase values as a tuple that compares the way the objective does (larger is better)."""
    return tuple(values[k] if PHASES[k].sense == MAX else -values[k] for k in UNIT_KEYS)


def short_of(
    problem: Problem, plan: list[PlannedSession], counted: set[str], ub: UnitBounds
) -> bool:
    """Does this unit's plan fall short of its bounds (as far as they are known)?"""
    vals = unit_values(problem, plan, counted)
    for k in UNIT_KEYS:
        if k == "kept" and k not in ub.values:
            continue
        if k not in ub.values:
            return False  # unknown from here on
        if (vals[k] < ub.values[k]) if PHASES[k].sense == MAX else (vals[k] > ub.values[k]):
            return True
        if not ub.proven.get(k):
            return False
    return False


def bounds_of(outcomes: dict[str, Outcome], met: dict[str, bool]) -> UnitBounds:
    """A unit's bounds from its relaxed solve's outcomes, up to the first phase not met."""
    ub = UnitBounds()
    for k in ORDER:
        if k == "kept" and k not in outcomes:
            continue
        o = outcomes.get(k)
        if o is None or o.bound is None:
            break
        if k == "placed":
            ub.values[k] = o.value
        else:
            ub.values[k] = math.floor(o.bound + 1e-6) if PHASES[k].sense == MAX else math.ceil(
                o.bound - 1e-6
            )  # fmt: skip
        ub.proven[k] = bool(met.get(k))
        if not ub.proven[k]:
            break
    return ub


def aim(bounds: Iterable[UnitBounds]) -> dict[str, float]:
    """What some units can reach together, phase by phase: the sum of their bounds, for as long as
    each earlier phase's bound is exact for every one of them (so each sum is a valid bound)."""
    bounds = list(bounds)
    out: dict[str, float] = {}
    for k in ORDER:
        vals = [ub.values.get(k) for ub in bounds]
        if k == "kept" and all(v is None for v in vals):
            continue  # nobody in these units has a published place
        if any(v is None for v in vals):
            break
        out[k] = sum(vals)
        if not all(ub.proven.get(k) for ub in bounds):
            break
    return out
