"""Decomposition by unit, for programmes too big for one CP-SAT model.

Units interact only through rooms, trainers and the few MDT members who cover several units. So:

1. Units are planned one at a time (hardest first) around the sessions already accepted, which act as
   fixed sessions; each unit is solved in the same phases as the whole problem.
2. Bounds: for each unit and phase, a proven bound valid for that unit in *any* plan of the whole
   programme: the unit alone, with every room and trainer to itself ("relaxed"). Cheap bounds (sizes,
   floor-staff allowance, mix counts, divisibility, preferences) are tried first; when the unit's plan
   misses one, the relaxed unit is solved exactly from that phase on.
3. Repair: while time is left, a unit short of its bounds is re-planned together with the units in its
   way (a large-neighbourhood step) and the change is kept if the whole plan gets better.
4. Finish: people who cover several units and are still out join a session with space; rooms, lead
   trainers and co-trainers are matched to the final sessions (co-trainers: a maximum matching).

For phase p, the sum of the units' bounds is a proven bound for the whole programme as long as every
earlier phase met its bound exactly (that forces every unit onto its own relaxed optimum).
"""

from __future__ import annotations

import logging
import math
import random
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .bounds import Bounds, compute_bounds
from .clock import clock
from .cpsat import Model
from .greedy import greedy_plan
from .improve import improve
from .metrics import even_split_mix, phase_values
from .model import PlannedSession, Problem
from .prepare import Prepared
from .resources import assign_facilitators, assign_rooms
from .search import MAX, MIN, ORDER, PHASES, Outcome, run_phases, run_solver

# Phases compared when judging a unit's plan against its bounds (co-trainers are matched globally at
# the end, so they are left out here).
log = logging.getLogger(__name__)
UNIT_KEYS = ["placed", "kept", "sessions", "no_resident", "no_staff", "mix", "even", "prefers"]


@dataclass
class GroupResult:
    units: tuple[str, ...]
    outcomes: dict[str, Outcome]
    sessions: list[PlannedSession]
    counted: set[str]
    met: dict[str, bool]  # phase value meets a bound valid for the relaxed units
    seconds: float = 0.0
    complete: bool = True  # a plan was found (else `sessions` is a greedy fallback)


@dataclass
class UnitBounds:
    values: dict[str, float] = field(default_factory=dict)  # phase -> proven bound (relaxed)
    proven: dict[str, bool] = field(default_factory=dict)  # the unit's plan meets that bound


@dataclass
class Decomposition:
    sessions: list[PlannedSession]  # new sessions, with rooms and trainers
    units: dict[str, UnitBounds]
    bounds: dict[str, float | None]  # phase -> sum of the units' proven bounds (None: unknown)
    proven_units: dict[str, bool]  # phase -> every unit's relaxed bound is exact for that phase
    notes: list[str] = field(default_factory=list)


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
class _Relaxed:
    """The relaxed view of some units (only the programme's own fixed sessions)."""

    prep: Prepared
    bounds: Bounds

    @classmethod
    def of(cls, problem: Problem, unit_ids: tuple[str, ...]) -> _Relaxed:
        sub = group_problem(problem, unit_ids, tuple(problem.fixed_sessions))
        prep = Prepared(sub)
        return cls(prep, compute_bounds(sub, prep))


def _cheap_target(
    key: str, rel: _Relaxed, counted: set[str], outcomes: dict[str, Outcome], met: dict[str, bool]
) -> float | None:
    """A bound for the relaxed units, valid when every earlier phase met its own bound."""
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


def solve_group(
    problem: Problem,
    unit_ids: tuple[str, ...],
    fixed: tuple[PlannedSession, ...],
    *,
    deadline: float,
    workers: int,
    counted: set[str] | None = None,
    relaxed: _Relaxed | None = None,
    aim: dict[str, float] | None = None,
    known: dict[str, int] | None = None,
    hint: list[PlannedSession] | None = None,
    hint_feasible: bool = False,
) -> GroupResult:
    """Plan some units around `fixed` sessions, phase by phase.

    `counted`: people who must be placed (default: those who belong to these units only);
    `relaxed`: the relaxed view, for cheap bounds; `aim`: proven bounds to stop at; `known`: phase
    values to fix at once (known optimal); `hint`: a plan to start from.
    """
    t0 = clock().now()
    sub = group_problem(problem, unit_ids, fixed)
    prep = Prepared(sub)
    is_relaxed = len(fixed) == len(problem.fixed_sessions)
    rel = relaxed or (_Relaxed(prep, compute_bounds(sub, prep)) if is_relaxed else None)
    group = set(unit_ids)
    placeable = {x.id for x in prep.placeable}
    if counted is None:
        counted = {x.id for x in prep.placeable if set(x.units) <= group}
    counted = set(counted)
    model = Model(prep, count_ids=counted & placeable)
    keys = ["placed"] + (["kept"] if model.n_current else []) + ORDER[2:]
    outcomes: dict[str, Outcome] = {}
    met: dict[str, bool] = {}
    solution = None
    aim = dict(aim or {})
    known = dict(known or {})
    fixed_set = set(sub.fixed_sessions)
    greedy = [x for x in greedy_plan(sub).sessions if x not in fixed_set]
    # The plan in hand is always a valid one: the hint when it fits, else the greedy plan.
    start = list(hint) if hint is not None and hint_feasible else greedy
    in_start = len(counted & placeable & {pid for s in start for pid in s.people})
    in_greedy = len(counted & placeable & {pid for s in greedy for pid in s.people})
    if in_greedy > in_start:
        start, in_start = greedy, in_greedy
    partial = model.hint_from_sessions(start)
    if in_start == len(counted & placeable):
        known.setdefault("placed", in_start)
    else:
        model.m.add(model.objective_var("placed") >= in_start)  # never worse than the start
    cur: list[PlannedSession] | None = start
    cur_is_newer = True
    for i, key in enumerate(keys):
        target = _cheap_target(key, rel, counted, outcomes, met) if rel is not None else None
        if key == "co" and "sessions" in outcomes and outcomes["sessions"].value is not None:
            target = min(target, outcomes["sessions"].value) if target is not None else (
                outcomes["sessions"].value
            )  # fmt: skip
        if aim.get(key) is not None:
            target = aim[key] if target is None else (
                min(target, aim[key]) if PHASES[key].sense == MAX else max(target, aim[key])
            )  # fmt: skip
        sense = PHASES[key].sense

        def meets(value, _target=target, _sense=sense) -> bool:
            if _target is None or value is None:
                return False
            return value >= _target - 1e-6 if _sense == MAX else value <= _target + 1e-6

        value = known.get(key)
        if value is None and cur is not None and key in ("mix", "co", "even", "prefers"):
            value = _value(problem, prep, cur, key)
            if not meets(value):
                value = None
        if value is not None:
            # Settled at once: a known optimum, or the plan in hand meets a proven bound.
            model.m.add(model.objective_var(key) == value)
            if key == "placed" and value >= model.n_counted:
                model.require_all_placed()
            outcomes[key] = Outcome(key, PHASES[key].name, PHASES[key].index, value,
                                    target if target is not None else value, True, 0.0)  # fmt: skip
            met[key] = key in known or meets(value)
            continue
        reserve = sum(clock().config.weight(k) for k in keys[i + 1 :])
        if cur is not None and cur_is_newer:
            solution, partial = None, model.hint_from_sessions(cur)
        solution, outs = run_phases(
            model,
            [key],
            deadline=deadline,
            workers=workers,
            targets={key: target} if target is not None else None,
            hint_values=solution,
            hint_partial=partial,
            reserve_weight=reserve,
        )
        o = outs[0] if outs else Outcome(key, PHASES[key].name, PHASES[key].index, None, None,
                                         False, 0.0)  # fmt: skip
        outcomes[key] = o
        met[key] = o.value is not None and (meets(o.value) or (is_relaxed and o.proven))
        if solution is not None and o.value is not None:
            cur = model.extract(solution)
            cur_is_newer = False
            if key == "sessions" and not model.n_current:
                cur = improve(problem, cur, prep.allowance)
                cur_is_newer = True
        else:
            break  # out of time (or stuck): keep the plan in hand
    complete = cur is not None
    if cur is None:
        cur = start
    cos, _ = assign_facilitators(prep, cur, "co")
    cur = [replace(x, co=cos.get(i)) for i, x in enumerate(cur)]
    return GroupResult(tuple(unit_ids), outcomes, cur, counted, met, clock().now() - t0, complete)


def _value(problem: Problem, prep: Prepared, sessions: list[PlannedSession], key: str) -> int:
    if key == "co":
        cos, _ = assign_facilitators(prep, sessions, "co")
        return sum(problem.facilitator_by_id[f].weight for f in cos.values())
    return unit_values(problem, sessions, set())[key]


def _unit_order(problem: Problem, bounds) -> list[str]:
    """Hardest units first: many sessions needed for the slots they can use."""

    def key(u: str):
        ub = bounds.units[u]
        return (-(ub.lower_bound / max(1, ub.usable_slots)), -ub.lower_bound, u)

    return sorted((u.id for u in problem.units), key=key)


def concretize(prep: Prepared, sessions: list[PlannedSession]) -> list[PlannedSession] | None:
    """Rooms, lead trainers and co-trainers for every session; None if rooms or leads run out."""
    rooms = assign_rooms(prep, sessions)
    if rooms is None:
        return None
    leads, missing = assign_facilitators(prep, sessions, "lead")
    if missing:
        return None
    cos, _ = assign_facilitators(prep, sessions, "co")
    return [replace(s, room=rooms[i], lead=leads[i], co=cos.get(i)) for i, s in enumerate(sessions)]


def unit_values(problem: Problem, sessions: list[PlannedSession], counted: set[str]) -> dict:
    """Phase values of some units' sessions (co-trainers are matched at the end, so not judged)."""
    return phase_values(problem, sessions, counted)


def _short_of(problem: Problem, plan, counted: set[str], ub: UnitBounds) -> bool:
    """Does this unit's plan fall short of its bounds (as far as they are known)?"""
    vals = unit_values(problem, plan, counted)
    for k in UNIT_KEYS:
        if k == "kept" and k not in ub.values:
            continue
        if k not in ub.values:
            return False
        if (vals[k] < ub.values[k]) if PHASES[k].sense == MAX else (vals[k] > ub.values[k]):
            return True
        if not ub.proven.get(k):
            return False
    return False


def _rank(values: dict) -> tuple:
    return tuple(values[k] if PHASES[k].sense == MAX else -values[k] for k in UNIT_KEYS)


@dataclass
class _Pattern:
    """A unit alone (relaxed), solved in every phase: its proven bounds, its model (re-solved with
    slot prices while the units negotiate) and its current plan."""

    unit: str
    rel: _Relaxed
    model: Model
    counted: set[str]
    outcomes: dict[str, Outcome]
    bounds: UnitBounds
    strict: dict  # phase -> literal: that phase at the unit's optimum (phases after sessions)
    solution: list[int] | None
    plan: list[PlannedSession]
    optimal_plan: bool = True  # `plan` is optimal for the unit alone in every phase
    met: dict[str, bool] = field(default_factory=dict)

    @property
    def placed(self) -> Outcome:
        return self.outcomes["placed"]

    @property
    def sessions(self) -> Outcome:
        return self.outcomes.get("sessions") or Outcome("sessions", "", 2, None, None, False, 0.0)


def _pattern(problem: Problem, u: str, deadline: float, workers: int) -> _Pattern:
    rel = _Relaxed.of(problem, (u,))
    prep = rel.prep
    counted = {x.id for x in prep.placeable if x.units == (u,)}
    model = Model(prep, count_ids=counted)
    greedy = [
        x for x in greedy_plan(prep.problem).sessions if x not in set(prep.problem.fixed_sessions)
    ]
    solution = None
    partial = model.hint_from_sessions(greedy)
    outcomes: dict[str, Outcome] = {}
    if counted <= {pid for x in greedy for pid in x.people}:
        model.require_all_placed()
        model.m.add(model.objective_var("placed") == len(counted))
        outcomes["placed"] = Outcome("placed", PHASES["placed"].name, 1, len(counted),
                                     len(counted), True, 0.0)  # fmt: skip
    else:
        solution, outs = run_phases(
            model, ["placed"], deadline=deadline, workers=workers,
            targets={"placed": len(counted)}, hint_partial=partial, reserve_weight=4.0,
        )  # fmt: skip
        outcomes["placed"] = outs[0]
    met = {"placed": outcomes["placed"].value == len(counted)}
    keys = (["kept"] if model.n_current else []) + ["sessions"]
    for key in keys:
        target = _cheap_target(key, rel, counted, outcomes, met)
        solution, outs = run_phases(
            model, [key], deadline=deadline, workers=workers,
            targets={key: target} if target is not None else None,
            # A greedy hint slows the search for fewest sessions down.
            hint_values=solution, hint_partial=None if key == "sessions" else partial,
        )  # fmt: skip
        o = outs[0] if outs else Outcome(key, PHASES[key].name, 2, None, None, False, 0.0)
        outcomes[key] = o
        met[key] = o.value is not None and o.proven
    strict = {k: model.m.new_bool_var(f"strict[{k}]") for k in ORDER[3:]}
    plan = model.extract(solution) if solution is not None else greedy
    pat = _Pattern(u, rel, model, counted, outcomes, _bounds_of(outcomes, met), strict,
                   solution, plan, False)  # fmt: skip
    pat.met = met
    return pat


def _pattern_more(pat: _Pattern, deadline: float, workers: int) -> _Pattern:
    """More time for a unit whose fewest sessions are not proven yet (the search goes on from
    where it stopped: its plan is the hint, its bound the target)."""
    if pat.met.get("sessions") or not pat.met.get("placed") or pat.solution is None:
        return pat
    target = pat.rel.bounds.new_sessions
    solution, outs = run_phases(
        pat.model, ["sessions"], deadline=deadline, workers=workers,
        targets={"sessions": target}, hint_values=pat.solution,
    )  # fmt: skip
    if outs and outs[0].value is not None and solution is not None:
        old = pat.outcomes["sessions"]
        o = outs[0]
        bound = max(o.bound or 0, old.bound or 0)
        pat.outcomes["sessions"] = Outcome("sessions", o.name, o.index, o.value, bound,
                                           o.proven or o.value <= bound, old.seconds + o.seconds)  # fmt: skip
        pat.met["sessions"] = pat.outcomes["sessions"].proven
        pat.solution = solution
        pat.plan = pat.model.extract(solution)
        pat.bounds = _bounds_of(pat.outcomes, pat.met)
    return pat


def _pattern_later(problem: Problem, pat: _Pattern, deadline: float, workers: int) -> _Pattern:
    """The unit alone, later phases (mix, co-trainers, even sizes, preferences), from its plan."""
    model, rel, counted, outcomes, strict = (
        pat.model,
        pat.rel,
        pat.counted,
        pat.outcomes,
        pat.strict,
    )
    prep = rel.prep
    met = pat.met
    solution = pat.solution
    if not all(met.get(k) for k in ("placed", "sessions")):
        return pat
    cur = pat.plan
    if not model.n_current:
        cur = improve(problem, cur, prep.allowance)
    fresh = True  # `cur` is newer than `solution` (hint from it)
    for i, key in enumerate(ORDER[3:]):
        if met.get(key):
            continue  # settled in an earlier pass
        target = _cheap_target(key, rel, counted, outcomes, met)
        value = _value(problem, prep, cur, key)
        if target is not None and (
            value >= target if PHASES[key].sense == MAX else value <= target
        ):
            model.m.add(model.objective_var(key) == value).only_enforce_if(strict[key])
            outcomes[key] = Outcome(key, PHASES[key].name, PHASES[key].index, value, target,
                                    True, 0.0)  # fmt: skip
            met[key] = True
            continue
        new, outs = run_phases(
            model, [key], deadline=deadline, workers=workers,
            targets={key: target} if target is not None else None,
            hint_values=None if fresh else solution,
            hint_partial=model.hint_from_sessions(cur) if fresh else None,
            reserve_weight=sum(clock().config.weight(k) for k in ORDER[4 + i :]), enforce=strict[key],
            assume=[strict[k] for k in ORDER[3 : 3 + i]],
        )  # fmt: skip
        o = outs[0] if outs else Outcome(key, PHASES[key].name, 0, None, None, False, 0.0)
        outcomes[key] = o
        met[key] = o.value is not None and o.proven
        if new is not None and o.value is not None:
            solution, fresh = new, False
            cur = model.extract(solution)
            if not model.n_current:
                better = improve(problem, cur, prep.allowance)
                if better != cur:
                    cur, fresh = better, True
        if not met[key]:
            break  # later bounds would not count: leave the rest to the final plan
    pat.optimal_plan = all(met.get(k) for k in ORDER if k in outcomes)
    pat.bounds = _bounds_of(outcomes, met)
    pat.solution = None if fresh else solution
    pat.plan = cur
    return pat


def _bounds_of(outcomes: dict[str, Outcome], met: dict[str, bool]) -> UnitBounds:
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


def _reprice(pat: _Pattern, price: dict[str, int], seconds: float, workers: int) -> None:
    """Same unit, same number of sessions: the cheapest slots at the given prices, keeping as many
    of the later phases at the unit's optimum as possible (all of them, then mix only, then none).
    Before the later phases are known, the staff/resident mix breaks ties between free plans."""
    from ortools.sat.python import cp_model

    opens = [
        (price[pair.slot], x.open)
        for pair in pat.model.pairs.values()
        for x in pair.sessions
        if price.get(pair.slot)
    ]
    if not opens:
        return
    m = pat.model.m
    later = [k for k in ORDER[3:] if pat.met.get(k)]
    cost_expr = cp_model.LinearExpr.weighted_sum([v for _, v in opens], [c for c, _ in opens])
    target = 0
    mix_var = None
    if later:
        m.minimize(cost_expr)
        levels = [later, later[:1], []]
    else:
        weight = 1 + 10 * len(pat.model.sessions_by_unit.get(pat.unit, [1]))
        mix_var = pat.model.objective_var("mix")
        m.minimize(weight * cost_expr + mix_var)
        target = _cheap_target("mix", pat.rel, pat.counted, pat.outcomes, pat.met) or 0
        levels = [[]]

    def cost_of(sol: list[int]) -> int:
        return sum(c * sol[v.index] for c, v in opens)

    t_end = clock().now() + max(0.05, seconds)
    best = None
    for n, level in enumerate(levels):
        if pat.solution is not None:
            pat.model.set_hint(values=pat.solution)
        else:
            pat.model.set_hint(partial=pat.model.hint_from_sessions(pat.plan))
        left = t_end - clock().now()
        budget = max(0.03, left / (len(levels) - n))
        # Free (cost 0) with the best mix possible is as good as it gets: stop there.
        objective = cost_expr if later else weight * cost_expr + mix_var
        status, solver = run_solver(
            m, budget, workers, assume=[pat.strict[k] for k in level],
            bound=(objective, MIN, 0 if later else target),
        )  # fmt: skip
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        sol = list(solver.response_proto.solution)
        cost = cost_of(sol)
        if best is None or cost < best[0]:
            best = (cost, level, sol)
        if cost == 0:
            break
    if best is not None:
        cost, level, new = best
        if len(level) < len(later):
            pat.optimal_plan = False
        pat.solution = new
        pat.plan = pat.model.extract(new)


def _without(plan: list[PlannedSession], people: set[str]) -> list[PlannedSession]:
    """The plan without people placed elsewhere (who cover several units); empty sessions go."""
    out = []
    for x in plan:
        kept = tuple(pid for pid in x.people if pid not in people)
        if kept:
            out.append(replace(x, people=kept) if len(kept) != len(x.people) else x)
    return out


def _fits(prep: Prepared, accepted: list[PlannedSession], new: list[PlannedSession]) -> bool:
    slots = {x.slot for x in new}
    days = {prep.day[x.slot] for x in new}
    near = [x for x in accepted if prep.day[x.slot] in days] + list(new)
    if assign_rooms(prep, [x for x in near if x.slot in slots]) is None:
        return False
    _, missing = assign_facilitators(prep, near, "lead", days=days)
    return missing == 0


def _prices(
    prep: Prepared,
    others: list[PlannedSession],
    unit: str,
    history: dict[str, float],
    pressure: float,
) -> dict[str, int]:
    """Per slot, what one more session of `unit` would cost beside the other units' sessions:
    nothing where a room and a lead trainer are still free for it, else a price that grows with
    the slot's history of overload and with the pressure of the negotiation round."""
    by_day: dict[object, list[PlannedSession]] = defaultdict(list)
    for x in others:
        by_day[prep.day[x.slot]].append(x)
    price = {}
    for slot in prep.usable.get(unit, ()):
        probe = PlannedSession(unit, slot, "", None, None, ("probe",))
        free = _fits(prep, by_day.get(prep.day[slot], []), [probe])
        cap = clock().config.max_slot_price
        price[slot] = 0 if free else min(cap, round(10 * (1 + history.get(slot, 0.0)) * pressure))
    return price


def _overload(prep: Prepared, sessions: list[PlannedSession]) -> dict[str, float]:
    """Per slot, how far rooms and lead trainers fall short for these sessions (0: they fit)."""
    over: dict[str, float] = defaultdict(float)
    by_slot: dict[str, list[PlannedSession]] = defaultdict(list)
    for x in sessions:
        by_slot[x.slot].append(x)
    for slot, lst in by_slot.items():
        if assign_rooms(prep, lst) is None:
            over[slot] += max(1, len(lst) - len(prep.free_rooms.get(slot, [])))
    leads, _ = assign_facilitators(prep, sessions, "lead")
    for i, x in enumerate(sessions):
        if i not in leads:
            over[x.slot] += 1
    return over


def _finish_admitted(
    problem: Problem,
    pat: _Pattern,
    plan: list[PlannedSession],
    excluded: set[str],
    deadline: float,
    workers: int,
) -> list[PlannedSession]:
    """The later phases for a unit whose pattern fits beside the others: its sessions keep their
    slots and rooms (so nothing clashes) while people are rearranged for mix, co-trainers, even
    sizes and preferences, aiming at the unit's proven bounds."""
    from ortools.sat.python import cp_model

    model = pat.model
    m = model.m
    ub = pat.bounds
    keep = m.new_bool_var("keep")
    opens = {x.open.index for pair in model.pairs.values() for x in pair.sessions}
    for v, val in model.hint_from_sessions(plan):
        if v.index in opens:
            m.add(v == val).only_enforce_if(keep)
    for (pid, _u, _s), v in model.x.items():
        if pid in excluded:
            m.add(v == 0).only_enforce_if(keep)
    cur = improve(problem, plan, pat.rel.prep.allowance) if not model.n_current else plan
    solution: list[int] | None = None
    keys = list(ORDER[3:])
    for i, key in enumerate(keys):
        phase = PHASES[key]
        obj = model.objective_var(key)
        target = ub.values.get(key) if ub.proven.get(key) else None
        value = _value(problem, pat.rel.prep, cur, key)
        good = target is not None and (value >= target if phase.sense == MAX else value <= target)
        if not good:
            left = max(0.02, deadline - clock().now())
            cfg = clock().config
            budget = left * cfg.weight(key) / sum(cfg.weight(k) for k in keys[i:])
            (m.maximize if phase.sense == MAX else m.minimize)(obj)
            if solution is not None:
                model.set_hint(values=solution)
            else:
                model.set_hint(partial=model.hint_from_sessions(cur))
            stop = (obj, phase.sense, target) if target is not None else None
            status, solver = run_solver(m, budget, workers, assume=[keep], bound=stop)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                solution = list(solver.response_proto.solution)
                cur = model.extract(solution)
                value = int(round(solver.objective_value))
                if not model.n_current:
                    better = improve(problem, cur, pat.rel.prep.allowance)
                    if better != cur:
                        cur, solution = better, None
                        value = _value(problem, pat.rel.prep, cur, key)
        m.add(obj == value).only_enforce_if(keep)
    return cur


def _aim(ub: UnitBounds) -> dict[str, float]:
    """A unit's bounds that are valid in sequence (each earlier one exact)."""
    aim: dict[str, float] = {}
    for k in ORDER:
        if k == "kept" and k not in ub.values:
            continue
        if k not in ub.values:
            break
        aim[k] = ub.values[k]
        if not ub.proven.get(k):
            break
    return aim


def _parallel(fn, items, workers: int, poll=None):
    """Run fn over items, one after the other (each CP-SAT search uses all `workers`).

    Sequential on purpose: the budget of each unit's search is read from the solve's deterministic
    clock, so running units side by side would make the plan depend on thread timing."""
    out = []
    for x in items:
        out.append(fn(x, workers))
        if poll:
            poll()
    return out


def decompose(
    problem: Problem,
    prep: Prepared,
    *,
    deadline: float,
    workers: int,
    report=None,
) -> Decomposition:
    bounds = compute_bounds(problem, prep)
    order = _unit_order(problem, bounds)
    fixed = tuple(problem.fixed_sessions)
    t_start = clock().now()
    span = max(0.0, deadline - t_start)
    by_unit: dict[str, list[PlannedSession]] = {}
    counted_of: dict[str, set[str]] = {}
    unit_bounds: dict[str, UnitBounds] = {}
    notes: list[str] = []
    sizes = {u: max(1, len([x for x in problem.people if u in x.units])) for u in order}
    total_size = sum(sizes.values())

    def accepted(exclude: Iterable[str] = ()) -> list[PlannedSession]:
        skip = set(exclude)
        return [s for u, lst in by_unit.items() if u not in skip for s in lst]

    def others(
        exclude: Iterable[str] = (), along: list[PlannedSession] = ()
    ) -> tuple[PlannedSession, ...]:
        """Concrete sessions of the other units; rooms and trainers are matched together with
        `along` (the plan the excluded units start from) so that it still fits beside them."""
        mine = accepted(exclude)
        got = concretize(prep, mine + list(along)) if along else None
        if got is None:
            got = concretize(prep, mine)
        if got is None:  # cannot happen: every accepted plan was made around the others
            raise RuntimeError("internal error: accepted sessions do not fit")
        # Co-trainers are matched globally at the end: leave them free for the units being planned.
        return tuple(replace(s, co=None) for s in got[: len(mine)])

    done = [0]
    poll = getattr(report, "flush", None)

    def until(seconds: float) -> float:
        """A deadline `seconds` from now, but never past the decomposition's own."""
        return min(deadline, clock().now() + seconds)

    def late() -> bool:
        return clock().now() >= deadline - 0.05 or clock().expired()

    def progress(step: str, u: str) -> None:
        done[0] += 1
        if report:
            report(
                {"phase": step, "phase_index": 2, "event": "unit", "unit": u,
                 "units_done": done[0], "units_total": len(order), "best": None,
                 "bound": bounds.total, "gap": None}
            )  # fmt: skip

    # A1. Every unit alone: everyone placed with the fewest sessions (two units at a time). The
    # time a unit may take is its share of what is left, so quick units leave more to hard ones.
    cfg = clock().config
    a1_deadline = t_start + cfg.share_patterns * span
    a1_left = [float(total_size)]
    a1_lock = threading.Lock()

    def make(u: str, w: int) -> _Pattern:
        with a1_lock:
            share = (a1_deadline - clock().now()) * sizes[u] / max(1.0, a1_left[0])
            a1_left[0] -= sizes[u]
        share *= 2 if workers >= 2 else 1
        return _pattern(problem, u, until(max(0.3, share)), w)

    patterns: dict[str, _Pattern] = dict(
        zip(order, _parallel(make, order, workers, poll), strict=True)
    )
    unsure = [u for u in order if not patterns[u].met.get("sessions")]
    if unsure and clock().now() < a1_deadline - 0.2:
        # Whatever time A1 has left goes to the units not proven yet.
        left = a1_deadline - clock().now()
        each = max(0.2, left * (2 if workers >= 2 else 1) / len(unsure))

        def more(u: str, w: int) -> _Pattern:
            return _pattern_more(patterns[u], until(each), w)

        _parallel(more, unsure, workers, poll)
    timing = {"A1": clock().now() - t_start}
    # A2. One after the other, an equally small plan that leaves the units before it room.
    a_deadline = clock().now() + cfg.share_first_prices * max(0.0, deadline - clock().now())
    for n, u in enumerate(order[1:], start=1):
        if late():
            break
        before = [x for v in order[:n] for x in patterns[v].plan]
        price = _prices(prep, before, u, {}, 1.0)
        if any(price.get(x.slot) for x in patterns[u].plan):
            left = max(0.0, a_deadline - clock().now())
            _reprice(patterns[u], price, min(0.5, max(0.05, left / (len(order) - n))), workers)
    timing["A2"] = clock().now() - t_start
    # B. Negotiate: slots short of rooms or lead trainers get dearer; units that use them look
    # for equally good plans elsewhere.
    b_deadline = max(t_start + cfg.share_negotiation_end * span, clock().now() + 0.1 * span)
    history: dict[str, float] = defaultdict(float)
    rng = random.Random(0)
    rounds = 0
    # PathFinder-style costs: a slot costs more the more often it was overloaded before (history)
    # and the further the negotiation has gone (pressure).
    pressure = 1.0
    while clock().now() < b_deadline:
        plans = [x for u in order for x in patterns[u].plan]
        over = _overload(prep, plans)
        if not over:
            break
        rounds += 1
        log.debug("negotiation round %d: %d sessions short of a room or lead", rounds,
                  sum(over.values()))  # fmt: skip
        for slot, amount in over.items():
            history[slot] += amount
        movers = [u for u in order if any(x.slot in over for x in patterns[u].plan)]
        rng.shuffle(movers)
        for u in movers:
            if clock().now() >= b_deadline:
                break
            plans = [x for v in order if v != u for x in patterns[v].plan]
            over = _overload(prep, plans + patterns[u].plan)
            if not ({x.slot for x in patterns[u].plan} & set(over)):
                continue
            price = _prices(prep, plans, u, history, pressure)
            _reprice(patterns[u], price, min(0.15, b_deadline - clock().now()), workers)
        # Capped so that it never overflows to infinity; prices are capped in `_prices` too.
        pressure = min(
            pressure * clock().config.pressure_growth, float(clock().config.max_slot_price)
        )
    if rounds:
        notes.append(f"{rounds} negotiation round(s)")
    timing["B"] = clock().now() - t_start

    # The patterns that fit together (all of them when the negotiation settled): their units keep
    # their slots; the others are planned around them.
    admitted: list[str] = []
    taken: list[PlannedSession] = []
    kept_plan: dict[str, list[PlannedSession]] = {}
    excluded: dict[str, set[str]] = {}
    for u in order:
        people = {pid for x in taken for pid in x.people}
        plan = _without(patterns[u].plan, people)
        if _fits(prep, taken, plan):
            admitted.append(u)
            taken.extend(plan)
            kept_plan[u] = plan
    for u in admitted:
        # While units are finished side by side, each keeps to its own people: those who cover
        # several units stay where admission put them (anyone left over is placed at the end).
        own = patterns[u].counted | {pid for x in kept_plan[u] for pid in x.people}
        excluded[u] = {x.id for x in patterns[u].rel.prep.placeable} - own
    rest = [u for u in order if u not in kept_plan]
    if rest:
        notes.append(f"{len(rest)} unit(s) re-planned around the others")

    # A3. The later phases for every unit alone: its proven bounds (two at a time). An admitted
    # unit starts from the plan it keeps, so that a plan already optimal is simply proven so.
    for u in admitted:
        if kept_plan[u] is not patterns[u].plan:
            patterns[u].plan, patterns[u].solution = kept_plan[u], None
    a3_deadline = clock().now() + cfg.share_later_phases * max(0.0, deadline - clock().now())
    left_size = [float(total_size)]
    lock = threading.Lock()

    def later(u: str, w: int) -> _Pattern:
        with lock:
            share = (a3_deadline - clock().now()) * sizes[u] / max(1.0, left_size[0])
            left_size[0] -= sizes[u]
        parallel = 2 if workers >= 2 else 1
        if late():
            return patterns[u]
        pat = _pattern_later(problem, patterns[u], until(max(0.3, parallel * share)), w)
        progress("planning each unit", u)
        return pat

    _parallel(later, order, workers, poll)
    # A second pass, with the time left, for units whose later phases are not proven yet.
    unsure = [u for u in order if not all(patterns[u].met.get(k) for k in ORDER[2:] if k != "kept")]
    if unsure and clock().now() < a3_deadline - 0.3:
        left_size[0] = float(sum(sizes[u] for u in unsure))
        _parallel(later, unsure, workers, poll)
    timing["A3"] = clock().now() - t_start

    # Where the unit-alone optimum moved sessions, look (for each unit, beside the others' kept
    # plans) for an equally good plan that fits, and take it if it still fits when its turn comes.
    def refit(u: str, w: int) -> list[PlannedSession] | None:
        pat = patterns[u]
        if not pat.optimal_plan:
            return None
        around = [x for v in admitted if v != u for x in kept_plan[v]]
        price = _prices(prep, around, u, {}, 1.0)
        if not any(price.get(x.slot) for x in pat.plan):
            return pat.plan
        if late():
            return None
        _reprice(pat, price, min(0.3, max(0.03, deadline - clock().now())), w)
        return pat.plan if pat.optimal_plan else None

    short = [
        u
        for u in admitted
        if _short_of(problem, kept_plan[u], patterns[u].counted, patterns[u].bounds)
    ]
    for u, plan in zip(short, _parallel(refit, short, workers, poll), strict=True):
        if plan is None:
            continue
        candidate = _without(plan, excluded[u])
        if _rank(unit_values(problem, candidate, patterns[u].counted)) <= _rank(
            unit_values(problem, kept_plan[u], patterns[u].counted)
        ):
            continue
        around = [x for v in admitted if v != u for x in kept_plan[v]]
        if _fits(prep, around, candidate):
            kept_plan[u] = candidate

    # C1. Admitted units: later phases on their own model, slots kept (two at a time).
    c_deadline = clock().now() + cfg.share_finish * max(0.0, deadline - clock().now())
    adm_size = sum(sizes[u] for u in admitted) + sum(2 * sizes[u] for u in rest)

    def finish(u: str, w: int):
        if late():
            return kept_plan[u]
        share = (c_deadline - clock().now()) * sizes[u] / max(1, adm_size) * 2
        out = _finish_admitted(problem, patterns[u], kept_plan[u], excluded[u],
                               until(max(0.1, share)), w)  # fmt: skip
        progress("final plan per unit", u)
        return out

    for u, plan in zip(admitted, _parallel(finish, admitted, workers, poll), strict=True):
        by_unit[u] = plan
    for u in order:
        counted_of[u] = patterns[u].counted
        unit_bounds[u] = patterns[u].bounds

    # C2. The others, one after the other, around everything accepted.
    def salvage(u: str) -> list[PlannedSession]:
        """The unit's own plan, less the sessions that no longer fit, plus a greedy plan for the
        people of those: quick, and keeps most of a good plan."""
        around = accepted([u])
        taken = {pid for x in around for pid in x.people}
        keep: list[PlannedSession] = []
        for x in sorted(_without(patterns[u].plan, taken), key=lambda x: -len(x.people)):
            if _fits(prep, around + keep, [x]):
                keep.append(x)
        kept_conc = concretize(prep, around + keep)
        if kept_conc is None:
            keep, kept_conc = [], concretize(prep, around)
        mine = list(kept_conc[len(around) :])
        sub = group_problem(problem, (u,), fixed + tuple(replace(x, co=None) for x in kept_conc))
        more = [x for x in greedy_plan(sub).sessions if x not in set(sub.fixed_sessions)]
        return mine + more

    for n, u in enumerate(rest):
        pat = patterns[u]
        left = max(0.0, c_deadline - clock().now())
        share = left / max(1, len(rest) - n)
        quick = salvage(u)
        if late():
            by_unit[u] = quick
            continue
        res = solve_group(
            problem,
            (u,),
            fixed + others([u]),
            deadline=until(share),
            workers=workers,
            counted=pat.counted,
            relaxed=pat.rel,
            aim=_aim(pat.bounds),
            hint=quick,
            hint_feasible=True,
        )
        better = _rank(unit_values(problem, res.sessions, pat.counted)) >= _rank(
            unit_values(problem, quick, pat.counted)
        )
        by_unit[u] = res.sessions if better else quick
        progress("final plan per unit", u)
    timing["C"] = clock().now() - t_start

    def short_of_bounds(u: str) -> bool:
        vals = unit_values(problem, by_unit.get(u, []), counted_of[u])
        for k in UNIT_KEYS:
            if k == "kept" and k not in unit_bounds[u].values:
                continue
            if k not in unit_bounds[u].values:
                return False  # unknown from here on
            b = unit_bounds[u].values[k]
            if (vals[k] < b) if PHASES[k].sense == MAX else (vals[k] > b):
                return True
        return False

    def aim_of(units: Iterable[str]) -> dict[str, float]:
        aim: dict[str, float] = {}
        for k in ORDER:
            if k == "co" or (k == "kept" and not problem.current):
                continue
            vals = [unit_bounds[u].values.get(k) for u in units]
            if any(v is None for v in vals):
                break
            aim[k] = sum(vals)
            if not all(unit_bounds[u].proven.get(k) for u in units):
                break
        return aim

    # D. Large-neighbourhood steps for units short of their bounds.
    rng = random.Random(0)
    everyone = set().union(*counted_of.values()) if counted_of else set()
    attempts = 0
    solo_tried: set[str] = set()
    while clock().now() < deadline - 0.1 and attempts < 6 * len(order):
        short = [u for u in order if short_of_bounds(u)]
        if not short:
            break
        attempts += 1
        fresh = [v for v in short if v not in solo_tried]
        u = fresh[0] if fresh else rng.choice(short)
        if fresh:
            group: tuple[str, ...] = (u,)  # first, the unit alone with more time
            solo_tried.add(u)
        else:
            # The units in its way: those holding sessions in the slots its own plan could use.
            wanted = {s.slot for s in by_unit.get(u, [])} | set(prep.usable.get(u, ()))
            overlap: dict[str, int] = defaultdict(int)
            for v, lst in by_unit.items():
                if v != u:
                    for s in lst:
                        if s.slot in wanted:
                            overlap[v] += 1
            near = sorted(overlap, key=lambda v: (-overlap[v], rng.random()))
            group = tuple([u] + near[: rng.choice([1, 2, 2, 3])])
        before = _rank(unit_values(problem, accepted(), everyone))
        keep = {v: by_unit.get(v, []) for v in group}
        current = [s for v in group for s in keep[v]]
        left = deadline - clock().now()
        n_short = max(1, len([v for v in short if v not in solo_tried]) + 1)
        result = solve_group(
            problem,
            group,
            fixed + others(group, current),
            deadline=clock().now() + min(left, max(1.0, left / n_short)),
            workers=workers,
            counted={pid for s in current for pid in s.people}.union(
                *(counted_of[v] for v in group)
            ),
            relaxed=patterns[u].rel if len(group) == 1 else None,
            aim=aim_of(group),
            hint=current,
            hint_feasible=True,
        )
        if not result.complete:
            continue
        for v in group:
            by_unit[v] = [s for s in result.sessions if s.unit == v]
        if _rank(unit_values(problem, accepted(), everyone)) <= before or (
            concretize(prep, accepted()) is None
        ):
            by_unit.update(keep)
    if attempts:
        notes.append(f"{attempts} repair step(s)")
    timing["D"] = clock().now() - t_start
    notes.append("timing " + ", ".join(f"{k} {v:.1f}s" for k, v in timing.items()))

    # E. Anyone still out (usually someone who covers several units): join a session with space,
    # or open one where a room and a lead trainer are free.
    final_sessions = _place_leftovers(problem, prep, accepted())

    final = concretize(prep, final_sessions)
    if final is None:
        raise RuntimeError("internal error: final sessions do not fit")

    # Bounds for the whole programme: sums of the units' bounds.
    sums: dict[str, float | None] = {}
    proven_units: dict[str, bool] = {}
    for key in ORDER:
        if key == "co":
            # Co-trainers: each unit's own best is a bound (trainers shared between units can only
            # lower the total); "met" means it is that unit's relaxed optimum.
            vals = [unit_bounds[u].values.get("co") for u in order]
        else:
            vals = [unit_bounds[u].values.get(key) for u in order]
        relevant = [u for u in order if key != "kept" or problem.current]
        if any(unit_bounds[u].values.get(key) is None for u in relevant):
            sums[key] = None
            proven_units[key] = False
            continue
        sums[key] = sum(v for v in vals if v is not None)
        proven_units[key] = all(unit_bounds[u].proven.get(key, False) for u in relevant)
    return Decomposition(final, unit_bounds, sums, proven_units, notes)


def _place_leftovers(
    problem: Problem, prep: Prepared, sessions: list[PlannedSession]
) -> list[PlannedSession]:
    sessions = list(sessions)
    placed = set(prep.fixed_people) | {pid for x in sessions for pid in x.people}
    for person in prep.placeable:
        if person.id in placed:
            continue
        options = []
        for i, x in enumerate(sessions):
            if x.unit not in person.units or x.slot not in person.available:
                continue
            if len(x.people) >= problem.session_size:
                continue
            if (
                person.is_floor
                and _floor_at(problem, sessions, x.unit, x.slot) >= (prep.allowance[x.unit, x.slot])
            ):
                continue
            unit = problem.unit_by_id[x.unit]
            staff = sum(1 for pid in x.people if problem.person_by_id[pid].is_staff)
            helps = person.is_staff and staff < unit.min_staff
            helps = helps or (not person.is_staff and len(x.people) - staff < unit.min_residents)
            options.append(((not helps, len(x.people)), i))
        for _, i in sorted(options):
            grown = replace(sessions[i], people=sessions[i].people + (person.id,))
            same_slot = [x for j, x in enumerate(sessions) if x.slot == grown.slot and j != i]
            if assign_rooms(prep, same_slot + [grown]) is not None:
                sessions[i] = grown
                placed.add(person.id)
                break
        else:
            for u, slot in prep.candidates[person.id]:
                if (
                    person.is_floor
                    and _floor_at(problem, sessions, u, slot) >= (prep.allowance[u, slot])
                ):
                    continue
                probe = PlannedSession(u, slot, "", None, None, (person.id,))
                if _fits(prep, sessions, [probe]):
                    sessions.append(probe)
                    placed.add(person.id)
                    break
    return sessions


def _floor_at(problem: Problem, sessions: list[PlannedSession], unit: str, slot: str) -> int:
    n = 0
    for s in sessions:
        if s.unit == unit and s.slot == slot:
            n += sum(1 for pid in s.people if problem.person_by_id[pid].is_floor)
    return n
