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

import math
import random
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .bounds import Bounds, compute_bounds
from .cpsat import MAX, ORDER, PHASES, Model, Outcome, run_phases
from .greedy import greedy_plan
from .improve import improve
from .model import PlannedSession, Problem
from .prepare import Prepared
from .resources import assign_facilitators, assign_rooms

# Phases compared when judging a unit's plan against its bounds (co-trainers are matched globally at
# the end, so they are left out here).
UNIT_KEYS = ["placed", "kept", "sessions", "mix", "even", "prefers"]


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
    return Problem(
        version=problem.version,
        session_size=problem.session_size,
        session_minutes=problem.session_minutes,
        timezone=problem.timezone,
        slots=problem.slots,
        rooms=problem.rooms,
        units=units,
        people=people,
        facilitators=tuple(facs),
        fixed_sessions=fixed,
        current=current,
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
        return 0 if key in ("mix", "even") else None
    k = sessions.value
    unit = p.units[0]
    if key == "mix":
        staff = sum(1 for x in prep.placeable if x.is_staff)
        residents = len(prep.placeable) - staff
        return max(0, k * unit.min_staff - staff) + max(0, k * unit.min_residents - residents)
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
    congestion: dict[str, int] | None = None,
) -> GroupResult:
    """Plan some units around `fixed` sessions, phase by phase.

    `counted`: people who must be placed (default: those who belong to these units only);
    `relaxed`: the relaxed view, for cheap bounds; `aim`: proven bounds to stop at; `known`: phase
    values to fix at once (known optimal); `hint`: a plan to start from.
    """
    t0 = time.perf_counter()
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
    greedy = greedy_plan(sub)
    partial = model.hint_from_sessions(hint if hint is not None else greedy.sessions)
    start = hint if hint is not None and hint_feasible else greedy.sessions
    if counted & placeable <= {pid for s in start for pid in s.people}:
        known.setdefault("placed", len(counted & placeable))
    cur: list[PlannedSession] | None = list(hint) if hint is not None and hint_feasible else None
    cur_is_newer = cur is not None
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
        reserve = sum(PHASES[k].weight for k in keys[i + 1 :])
        if cur is not None and cur_is_newer:
            solution, partial = None, model.hint_from_sessions(cur)
        solution, outs = run_phases(
            model,
            [key],
            deadline=deadline,
            workers=workers,
            targets={key: target} if target is not None else None,
            hint_values=solution,
            # A greedy hint slows the search for fewest sessions down; a previous plan does not.
            hint_partial=partial if (cur is not None or key != "sessions") else None,
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
    if cur is None:
        cur = [x for x in greedy.sessions if x not in set(sub.fixed_sessions)]
        complete = False
    else:
        complete = True
        if congestion and len(outcomes) == len(keys) and time.perf_counter() < deadline:
            # Every objective is settled: among equally good plans, take slots others need less.
            cur = _decongest(model, cur, congestion, deadline, workers)
    cos, _ = assign_facilitators(prep, cur, "co")
    cur = [replace(x, co=cos.get(i)) for i, x in enumerate(cur)]
    return GroupResult(
        tuple(unit_ids), outcomes, cur, counted, met, time.perf_counter() - t0, complete
    )


def _decongest(model: Model, cur, congestion, deadline, workers) -> list[PlannedSession]:
    from ortools.sat.python import cp_model

    from .cpsat import tune

    terms = [
        congestion.get(pair.slot, 0) * x.open
        for pair in model.pairs.values()
        for x in pair.sessions
        if congestion.get(pair.slot, 0)
    ]
    if not terms:
        return cur
    model.m.minimize(cp_model.LinearExpr.sum(terms))
    model.set_hint(partial=model.hint_from_sessions(cur))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, min(0.5, deadline - time.perf_counter()))
    tune(solver.parameters, workers)
    status = solver.solve(model.m)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return model.extract(list(solver.response_proto.solution))
    return cur


def _value(problem: Problem, prep: Prepared, sessions: list[PlannedSession], key: str) -> int:
    if key == "co":
        cos, _ = assign_facilitators(prep, sessions, "co")
        return len(cos)
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
    """Phase values of some units' sessions (co-trainers left out)."""
    placed = sum(1 for s in sessions for pid in s.people if pid in counted)
    mix = 0
    sizes: dict[str, list[int]] = defaultdict(list)
    prefers = kept = 0
    for s in sessions:
        unit = problem.unit_by_id[s.unit]
        staff = sum(1 for pid in s.people if problem.person_by_id[pid].is_staff)
        mix += max(0, unit.min_staff - staff) + max(0, unit.min_residents - (len(s.people) - staff))
        sizes[s.unit].append(len(s.people))
        for pid in s.people:
            if s.slot in problem.person_by_id[pid].prefers:
                prefers += 1
            ref = problem.current.get(pid)
            if ref is not None and (ref.unit, ref.slot) == (s.unit, s.slot):
                kept += 1
    even = sum(max(v) - min(v) for v in sizes.values() if len(v) > 1)
    return {
        "placed": placed,
        "kept": kept,
        "sessions": len(sessions),
        "mix": mix,
        "even": even,
        "prefers": prefers,
    }


def _rank(values: dict) -> tuple:
    return tuple(values[k] if PHASES[k].sense == MAX else -values[k] for k in UNIT_KEYS)


@dataclass
class _Pattern:
    """A unit alone (relaxed): its model with everyone placed and the fewest sessions fixed, and its
    current plan; re-solved with slot prices while the units negotiate."""

    unit: str
    rel: _Relaxed
    model: Model
    counted: set[str]
    placed: Outcome
    sessions: Outcome
    solution: list[int] | None
    plan: list[PlannedSession]


def _pattern(problem: Problem, u: str, deadline: float, workers: int) -> _Pattern:
    rel = _Relaxed.of(problem, (u,))
    prep = rel.prep
    counted = {x.id for x in prep.placeable if x.units == (u,)}
    model = Model(prep, count_ids=counted)
    greedy = greedy_plan(prep.problem)
    solution = None
    partial = model.hint_from_sessions(greedy.sessions)
    if counted <= {pid for x in greedy.sessions for pid in x.people}:
        model.require_all_placed()
        model.m.add(model.objective_var("placed") == len(counted))
        placed = Outcome("placed", PHASES["placed"].name, 1, len(counted), len(counted), True, 0.0)
    else:
        solution, outs = run_phases(
            model, ["placed"], deadline=deadline, workers=workers,
            targets={"placed": len(counted)}, hint_partial=partial, reserve_weight=4.0,
        )  # fmt: skip
        placed = outs[0]
    target = rel.bounds.new_sessions if placed.value == len(counted) else None
    solution, outs = run_phases(
        model, ["sessions"], deadline=deadline, workers=workers,
        targets={"sessions": target} if target is not None else None,
        hint_values=solution, hint_partial=None if solution is None else partial,
    )  # fmt: skip
    sessions = outs[0] if outs else Outcome("sessions", "", 2, None, None, False, 0.0)
    plan = model.extract(solution) if solution is not None else [
        x for x in greedy.sessions if x not in set(prep.problem.fixed_sessions)
    ]  # fmt: skip
    return _Pattern(u, rel, model, counted, placed, sessions, solution, plan)


def _reprice(pat: _Pattern, price: dict[str, int], seconds: float, workers: int) -> None:
    """Same units, same number of sessions: the cheapest slots at the given prices."""
    from ortools.sat.python import cp_model

    from .cpsat import tune

    if pat.solution is None:
        return
    terms = [
        price[pair.slot] * x.open
        for pair in pat.model.pairs.values()
        for x in pair.sessions
        if price.get(pair.slot)
    ]
    if not terms:
        return
    m = pat.model.m
    m.minimize(cp_model.LinearExpr.sum(terms))
    pat.model.set_hint(values=pat.solution)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    tune(solver.parameters, workers)
    status = solver.solve(m)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        pat.solution = list(solver.response_proto.solution)
        pat.plan = pat.model.extract(pat.solution)


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
    t_start = time.perf_counter()
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

    def progress(step: str, n: int, u: str) -> None:
        if report:
            report(
                {
                    "phase": step,
                    "phase_index": 2,
                    "event": "unit",
                    "unit": u,
                    "units_done": n,
                    "units_total": len(order),
                    "best": None,
                    "bound": bounds.total,
                    "gap": None,
                }
            )

    # A. Every unit alone: the fewest sessions and a first pattern of slots.
    patterns: dict[str, _Pattern] = {}
    a_deadline = t_start + 0.35 * span
    done_size = 0
    for n, u in enumerate(order):
        left = max(0.0, a_deadline - time.perf_counter())
        share = left * sizes[u] / max(1, total_size - done_size)
        done_size += sizes[u]
        patterns[u] = _pattern(problem, u, time.perf_counter() + share, workers)
        progress("planning each unit", n + 1, u)

    timing = {"A": time.perf_counter() - t_start}
    # B. Negotiate: slots short of rooms or lead trainers get dearer; units that use them look
    # for equally good plans elsewhere.
    b_deadline = time.perf_counter() + 0.25 * max(0.0, deadline - time.perf_counter())
    history: dict[str, float] = defaultdict(float)
    rng = random.Random(0)
    rounds = 0
    while time.perf_counter() < b_deadline:
        plans = [x for u in order for x in patterns[u].plan]
        over = _overload(prep, plans)
        if not over:
            break
        rounds += 1
        for slot, amount in over.items():
            history[slot] += amount
        movers = [u for u in order if any(x.slot in over for x in patterns[u].plan)]
        rng.shuffle(movers)
        for u in movers[: max(1, len(movers) // 2)]:
            if time.perf_counter() >= b_deadline:
                break
            mine = {x.slot for x in patterns[u].plan}
            plans = [x for v in order for x in patterns[v].plan]
            over = _overload(prep, plans)
            if not (mine & set(over)):
                continue
            price = {s: int(10 * history[s] + 30 * over.get(s, 0)) for s in prep.slots}
            _reprice(patterns[u], price, min(0.3, b_deadline - time.perf_counter()), workers)
    if rounds:
        notes.append(f"{rounds} negotiation round(s)")
    timing["B"] = time.perf_counter() - t_start
    # The patterns that fit together (all of them when the negotiation settled): their units keep
    # their slots; the others are planned around them.
    admitted: set[str] = set()
    taken: list[PlannedSession] = []
    for u in order:
        plan = _without(patterns[u].plan, {pid for x in taken for pid in x.people})
        if _fits(prep, taken, plan):
            admitted.add(u)
            taken.extend(plan)
            patterns[u].plan = plan
    if len(admitted) < len(order):
        notes.append(f"{len(order) - len(admitted)} unit(s) re-planned around the others")

    # C. Final plans, unit by unit around the others, with each unit's bounds.
    c_deadline = time.perf_counter() + 0.7 * max(0.0, deadline - time.perf_counter())
    done_size = 0
    pending = set(order)
    for n, u in enumerate(order):
        pat = patterns[u]
        left = max(0.0, c_deadline - time.perf_counter())
        share = left * sizes[u] / max(1, total_size - done_size)
        done_size += sizes[u]
        pending.discard(u)
        t_unit = time.perf_counter()
        fits = u in admitted
        for v in pending & admitted:
            by_unit[v] = patterns[v].plan
        known = {}
        if fits and pat.placed.value == len(pat.counted):
            known["placed"] = pat.placed.value
            if pat.sessions.proven and pat.sessions.value is not None:
                known["sessions"] = pat.sessions.value
        res = solve_group(
            problem,
            (u,),
            fixed + others([u], pat.plan if fits else ()),
            deadline=t_unit + 0.7 * share,
            workers=workers,
            counted=pat.counted,
            relaxed=pat.rel,
            known=known,
            hint=pat.plan,
            hint_feasible=fits,
        )
        for v in pending:
            by_unit.pop(v, None)
        by_unit[u] = res.sessions
        counted_of[u] = res.counted
        ub = UnitBounds()
        keys = [k for k in ORDER if k in res.outcomes]
        first_missed = None
        for k in keys:
            o = res.outcomes[k]
            if k == "sessions" and pat.sessions.proven and pat.sessions.value is not None:
                ub.values[k] = pat.sessions.value  # the unit alone needs that many
                ub.proven[k] = True
                if o.value != pat.sessions.value:
                    first_missed = k
                    break
                continue
            if res.met.get(k) and o.value is not None:
                ub.values[k] = o.value
                ub.proven[k] = True
            else:
                first_missed = k
                break
        if first_missed is not None and res.complete and first_missed != "sessions":
            # The unit's plan misses a cheap bound: solve the relaxed unit exactly from there on.
            known = {k: int(ub.values[k]) for k in keys[: keys.index(first_missed)]}
            relaxed_res = solve_group(
                problem,
                (u,),
                fixed,
                deadline=max(time.perf_counter() + 0.1, t_unit + share),
                workers=workers,
                counted=pat.counted,
                relaxed=pat.rel,
                known=known,
                hint=res.sessions,  # feasible: the relaxed unit has more room
                hint_feasible=True,
            )
            for k in keys[keys.index(first_missed) :]:
                o = relaxed_res.outcomes.get(k)
                if o is None or o.bound is None:
                    break
                b = math.floor(o.bound + 1e-6) if PHASES[k].sense == MAX else math.ceil(
                    o.bound - 1e-6
                )  # fmt: skip
                ub.values[k] = b
                ub.proven[k] = bool(relaxed_res.met.get(k))
                if not ub.proven[k]:
                    break
        unit_bounds[u] = ub
        progress("final plan per unit", n + 1, u)

    timing["C"] = time.perf_counter() - t_start

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
    while time.perf_counter() < deadline - 0.1 and attempts < 6 * len(order):
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
        left = deadline - time.perf_counter()
        n_short = max(1, len([v for v in short if v not in solo_tried]) + 1)
        result = solve_group(
            problem,
            group,
            fixed + others(group, current),
            deadline=time.perf_counter() + min(left, max(1.0, left / n_short)),
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
    timing["D"] = time.perf_counter() - t_start
    notes.append("timing " + ", ".join(f"{k} {v:.1f}s" for k, v in timing.items()))

    # E. People who cover several units and are still out: join a session with space.
    final_sessions = accepted()
    cap = {r.id: min(problem.session_size, r.capacity) for r in problem.rooms}
    placed = set(prep.fixed_people) | {pid for s in final_sessions for pid in s.people}
    for person in prep.placeable:
        if person.id in placed:
            continue
        best = None
        for i, s in enumerate(final_sessions):
            if s.unit not in person.units or s.slot not in person.available:
                continue
            if len(s.people) >= cap.get(s.room, problem.session_size):
                continue
            if (
                person.is_floor
                and _floor_at(problem, final_sessions, s.unit, s.slot)
                >= (prep.allowance[s.unit, s.slot])
            ):
                continue
            unit = problem.unit_by_id[s.unit]
            staff = sum(1 for pid in s.people if problem.person_by_id[pid].is_staff)
            helps = person.is_staff and staff < unit.min_staff
            helps = helps or (not person.is_staff and len(s.people) - staff < unit.min_residents)
            score = (not helps, len(s.people))
            if best is None or score < best[0]:
                best = (score, i)
        if best is not None:
            i = best[1]
            final_sessions[i] = replace(
                final_sessions[i], people=final_sessions[i].people + (person.id,)
            )
            placed.add(person.id)

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


def _floor_at(problem: Problem, sessions: list[PlannedSession], unit: str, slot: str) -> int:
    n = 0
    for s in sessions:
        if s.unit == unit and s.slot == slot:
            n += sum(1 for pid in s.people if problem.person_by_id[pid].is_floor)
    return n
