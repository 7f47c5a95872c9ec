"""`solve()`: the scheduler's entry point (docs/scheduler.md).

Strategy: a cheap greedy plan first (the fallback); then, with several units, the decomposition by unit
(decompose/), whose per-unit bounds usually prove the result optimal phase by phase; for small
programmes (or when the decomposition cannot prove everything) the whole CP-SAT model, hinted with the
best plan so far and stopped as soon as it meets a proven bound.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, replace

from .bounds import Bounds, compute_bounds, sessions_to_hold
from .clock import Clock, clock, running
from .config import DEFAULT, SolverConfig
from .cpsat import Model
from .decompose import decompose
from .expand import collapse, expand
from .greedy import greedy_plan
from .metrics import phase_values, plan_objective
from .model import (
    STATUS_FEASIBLE,
    STATUS_INFEASIBLE,
    STATUS_OPTIMAL,
    STATUS_UNKNOWN,
    Plan,
    PlannedSession,
    Problem,
)
from .placement import best_placement, restrict, whole_model_placement
from .prepare import Prepared
from .progress import Progress, Reporter
from .reasons import unplaced_entries, with_notes
from .repair import separate
from .search import DONE_INDEX, MAX, ORDER, PHASES, Outcome, phase_keys, run_phases
from .spread import spread_residents

log = logging.getLogger(__name__)


@dataclass
class _Candidate:
    new_sessions: list[PlannedSession]
    phases: list[dict]  # per phase: value, bound, optimal
    source: str


# Phases counting something that cannot go below zero (sessions without residents or staff, the
# squared shortfall, the spread of group sizes): a value of zero is proven optimal.
ZERO_FLOOR = ("no_resident", "no_staff", "mix", "even")


def _values(problem: Problem, prep: Prepared, new: list[PlannedSession]) -> dict[str, int]:
    values = phase_values(problem, new)
    placed = {pid for s in new for pid in s.people}
    values["placed"] = sum(1 for x in prep.placeable if x.id in placed)
    return values


def _key(values: dict[str, int]) -> tuple:
    return tuple(values[k] if PHASES[k].sense == MAX else -values[k] for k in ORDER if k in values)


def _phase_keys(problem: Problem, prep: Prepared) -> list[str]:
    return phase_keys(any(x.id in problem.current for x in prep.placeable))


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    progress: Progress | None = None,
    deterministic_time: float | None = None,
    config: SolverConfig = DEFAULT,
) -> Plan:
    """Plan sessions for `problem`: the same problem and parameters always give the same plan.

    `deterministic_time`: the search budget in CP-SAT's deterministic units (about two quiet
    seconds each on the development machine); default `config.det_per_wall_second * time_limit`.
    `time_limit` (seconds) is only an outer cap: when it stops a search, the plan says so in
    `parameters["wall_clock_capped"]` and may then differ between runs. `workers`: CP-SAT threads
    (the answer does not depend on them).

    `progress`, if given, receives dicts such as {"phase": "fewest sessions", "phase_index": 2,
    "event": "solution", "best": 312, "bound": 310, "gap": 2, "seconds": 4.2}; the last one, sent
    once, has phase "done" and the plan's status.
    """
    t0 = time.perf_counter()
    original = problem
    problem, copies = expand(problem)
    det = config.det_per_wall_second * float(time_limit)
    if deterministic_time is not None:
        det = float(deterministic_time)
    c = Clock(budget=det * config.seconds_per_det, wall_limit=float(time_limit), config=config)
    report = Reporter(progress, t0)
    with running(c):
        plan = collapse(_solve(problem, workers, report, t0), copies, original)
    plan.parameters = {
        "seed": config.seed,
        "deterministic_time": round(det, 3),
        "deterministic_time_used": round(c.det_used, 3),
        "workers": int(workers),
        "time_limit": float(time_limit),
        "wall_clock_capped": c.capped,
    }
    report(
        {"phase": "done", "phase_index": DONE_INDEX, "event": "end", "best": len(plan.sessions),
         "bound": plan.lower_bound, "gap": plan.gap, "status": plan.status},
        force=True,
    )  # fmt: skip
    return plan


def _solve(problem: Problem, workers: int, report, t0: float) -> Plan:
    # Leave a little of the budget to turn the last solution into a plan with reasons.
    budget = clock().budget
    deadline = max(0.5, budget - min(1.5, 0.05 * budget))
    prep = Prepared(problem)
    bounds = compute_bounds(problem, prep)
    fixed_n = len(problem.fixed_sessions)
    report(
        {"phase": "bounds", "phase_index": 0, "event": "end", "best": None,
         "bound": bounds.total, "gap": None},
        force=True,
    )  # fmt: skip
    keys = _phase_keys(problem, prep)
    greedy = greedy_plan(problem, separate_people=False)
    fixed = set(problem.fixed_sessions)
    best = _Candidate([s for s in greedy.sessions if s not in fixed], [], "greedy")
    best_values = _values(problem, prep, best.new_sessions)
    if not prep.placeable:
        # Nobody can be placed: the empty plan is optimal in every phase.
        phases = [
            {"phase": PHASES[k].name, "phase_index": PHASES[k].index,
             "value": fixed_n if k == "sessions" else 0,
             "bound": fixed_n if k == "sessions" else 0, "optimal": True, "seconds": 0.0}
            for k in keys
        ]  # fmt: skip
        return _plan(problem, prep, bounds, [], phases, t0, keys)

    if bounds.placement < bounds.placeable:
        # Rooms and lead trainers cannot take everyone: find the largest placement first.
        return _solve_short(problem, prep, bounds, keys, best, deadline, workers, report, t0)
    units_with_people = {u for x in prep.placeable for u, _ in prep.candidates[x.id]}
    n_vars = sum(len(c) for c in prep.candidates.values())
    aims: dict[str, float] = {}
    aim_ok: dict[str, bool] = {}
    # The decomposition needs a little time per unit (models are built in Python); with less, the
    # greedy plan (and, for small programmes, the whole model) is all there is time for.
    cfg = clock().config
    enough = deadline - clock().now() > 0.6 + 0.12 * len(units_with_people)
    if len(units_with_people) > 1 and enough:
        share = 1.0 if n_vars > cfg.full_model_max_vars else cfg.decomposition_share
        dec = decompose(
            problem,
            prep,
            deadline=clock().now() + share * (deadline - clock().now()),
            workers=workers,
            report=report,
        )
        values = _values(problem, prep, dec.sessions)
        phases = _judge(problem, prep, bounds, values, dec.bounds, dec.proven_units, keys)
        if _key(values) >= _key(best_values):
            best, best_values = _Candidate(dec.sessions, phases, "decomposition"), values
        aims = {k: v for k, v in dec.bounds.items() if v is not None}
        aim_ok = dict(dec.proven_units)
        if all(ph["optimal"] for ph in phases):
            return _plan(problem, prep, bounds, best.new_sessions, best.phases, t0, keys)
    if (
        n_vars <= cfg.full_model_max_vars
        and deadline - clock().now() > 0.2
        and not clock().expired()
    ):
        cand = _solve_full(
            problem, prep, bounds, keys, best.new_sessions, aims, aim_ok, deadline, workers, report
        )
        if cand is not None:
            values = _values(problem, prep, cand.new_sessions)
            if _key(values) >= _key(best_values) or not best.phases:
                best, best_values = cand, values
    if not best.phases:
        best.phases = _judge(problem, prep, bounds, best_values, {}, {}, keys)
    del fixed_n
    return _plan(problem, prep, bounds, best.new_sessions, best.phases, t0, keys)


def _judge(
    problem: Problem,
    prep: Prepared,
    bounds: Bounds,
    values: dict[str, int],
    sums: dict[str, float | None],
    proven_units: dict[str, bool],
    keys: list[str],
) -> list[dict]:
    """Phase by phase: is the value proven optimal by the (decomposition) bounds?"""
    out = []
    chain = True
    n = len(prep.placeable)
    fixed_n = len(problem.fixed_sessions)
    for key in keys:
        phase = PHASES[key]
        value = values[key]
        bound = sums.get(key)
        # Each unit's bound is valid once every earlier phase met the sum of bounds exactly.
        valid = chain and bound is not None
        if key == "placed":
            bound, valid = min(n, bounds.placement), True
        elif key == "sessions" and values["placed"] == n and chain:
            bound = max(bounds.new_sessions, bound if valid else 0)
            valid = True
        elif key == "sessions" and chain:
            # Not everyone can be placed: the fewest sessions that could hold this many people.
            held = sessions_to_hold(prep, values["placed"])
            bound, valid = max(held, bound if valid else 0), True
        elif key in ZERO_FLOOR and not valid:
            bound, valid = 0, chain  # a count never below zero: reaching it proves the phase
        elif key == "co":
            bound = min(bound, values["sessions"]) if valid else values["sessions"]
            valid = chain
        proven = valid and (value >= bound if phase.sense == MAX else value <= bound)
        chain = chain and proven
        offset = fixed_n if key == "sessions" else 0
        out.append(
            {
                "phase": phase.name,
                "phase_index": phase.index,
                "value": value + offset,
                "bound": None if bound is None or not valid else int(bound) + offset,
                "optimal": proven,
                "seconds": None,
            }
        )
    return out


def _solve_full(
    problem, prep, bounds, keys, hint_sessions, aims, aim_ok, deadline, workers, report, given=None
) -> _Candidate | None:
    """The whole model, phase by phase. `given`: proven targets from elsewhere, by phase key."""
    model = Model(prep)
    partial = model.hint_from_sessions(hint_sessions)
    n = len(prep.placeable)
    fixed_n = len(problem.fixed_sessions)
    outcomes: dict[str, Outcome] = {}
    solution = None
    chain = True  # every earlier phase met its decomposition bound exactly

    def emit(phase, value, bound):
        off = fixed_n if phase.key == "sessions" else 0
        if phase.key == "sessions" and outcomes.get("placed") and outcomes["placed"].value == n:
            bound = max(bound, bounds.new_sessions)
        b = math.floor(bound + 1e-6) if phase.sense == MAX else math.ceil(bound - 1e-6)
        report(
            {"phase": phase.name, "phase_index": phase.index, "event": "solution",
             "best": value + off, "bound": int(b) + off, "gap": abs(int(b) - value)}
        )  # fmt: skip

    for i, key in enumerate(keys):
        phase = PHASES[key]
        target = None
        all_placed = outcomes.get("placed") is not None and outcomes["placed"].value == n
        if key == "placed":
            target = n
        elif key == "kept":
            target = sum(
                1
                for x in prep.placeable
                if x.id in problem.current
                and (x.id, problem.current[x.id].unit, problem.current[x.id].slot) in model.x
            )
        elif key == "sessions" and all_placed:
            target = bounds.new_sessions
        elif key == "co" and outcomes.get("sessions") and outcomes["sessions"].value is not None:
            target = outcomes["sessions"].value
        elif key == "even":
            target = 0
        elif key == "prefers":
            target = model.prefers_possible
        if given and key in given:
            target = given[key]
        if chain and aim_ok.get(key) and key in aims and all_placed and key != "placed":
            a = aims[key]
            if target is None:
                target = a
            else:
                target = min(target, a) if phase.sense == MAX else max(target, a)
        report(
            {"phase": phase.name, "phase_index": phase.index, "event": "start", "best": None,
             "bound": None, "gap": None},
            force=True,
        )  # fmt: skip
        reserve = sum(clock().config.weight(k) for k in keys[i + 1 :])
        solution, outs = run_phases(
            model,
            [key],
            deadline=deadline,
            workers=workers,
            targets={key: target} if target is not None else None,
            hint_values=solution,
            hint_partial=partial,
            emit=emit,
            poll=report.flush,
            reserve_weight=reserve,
        )
        o = outs[0]
        outcomes[key] = o
        if key in aims and aim_ok.get(key) and o.value is not None:
            chain = chain and o.value == aims[key]
        else:
            chain = chain and key in ("placed",) and o.value == n
        info = o.as_dict(fixed_n if key == "sessions" else 0)
        report({**info, "event": "end", "best": info["value"],
                "gap": None if info["bound"] is None or info["value"] is None
                else abs(info["bound"] - info["value"])}, force=True)  # fmt: skip
    if solution is None:
        return None
    phases = []
    ok = True
    for key in keys:
        o = outcomes[key]
        d = o.as_dict(fixed_n if key == "sessions" else 0)
        if key == "sessions" and all(
            outcomes[k].value == n for k in ("placed",) if outcomes[k].value is not None
        ):
            if d["bound"] is not None:
                d["bound"] = max(d["bound"], bounds.new_sessions + fixed_n)
        ok = ok and o.proven
        d["optimal"] = ok
        phases.append(d)
    return _Candidate(model.extract(solution), phases, "full model")


def _solve_short(problem, prep, bounds, keys, best, deadline, workers, report, t0) -> Plan:
    """Not everyone can be placed (the flow bound says so): placement.py finds the largest
    placement and proves it against its session model's bound (if that fails and the programme is
    small enough, the whole model aims at it too); then the later phases run on the whole model
    restricted to the (unit, slot) pairs of that placement, which is small. Their values are proven
    only against bounds that hold for every plan (see `_judge`)."""
    phase = PHASES["placed"]
    report({"phase": phase.name, "phase_index": phase.index, "event": "start", "best": None,
            "bound": bounds.placement, "gap": None}, force=True)  # fmt: skip
    found = best_placement(prep, 0.3 * max(0.0, deadline - clock().now()), workers)
    bounds.placement = min(bounds.placement, found.bound)
    sessions = best.new_sessions
    if found.placed > _values(problem, prep, sessions)["placed"]:
        sessions = found.sessions
    placed = _values(problem, prep, sessions)["placed"]
    n_all = sum(len(c) for c in prep.candidates.values())
    if placed < bounds.placement and n_all <= clock().config.full_model_max_vars:
        # Not proven, and small enough for the whole model, which is exact about people.
        whole = whole_model_placement(
            prep, 0.5 * max(0.0, deadline - clock().now()), sessions, workers
        )
        if whole is not None:
            bounds.placement = min(bounds.placement, whole[0])
            if _values(problem, prep, whole[1])["placed"] > placed:
                sessions = whole[1]
                placed = _values(problem, prep, sessions)["placed"]
    report({"phase": phase.name, "phase_index": phase.index, "event": "end", "best": placed,
            "bound": bounds.placement, "gap": bounds.placement - placed}, force=True)  # fmt: skip
    # The later phases on the placement's own (unit, slot) pairs: a small model.
    sub = restrict(prep, {(x.unit, x.slot) for x in sessions})
    given = {"placed": placed, "sessions": sessions_to_hold(prep, placed)}
    n_vars = sum(len(c) for c in sub.candidates.values())
    if (
        sub.placeable
        and n_vars <= clock().config.full_model_max_vars
        and deadline - clock().now() > 0.2
        and not clock().expired()
    ):
        held = replace(bounds, new_sessions=given["sessions"])  # for progress events' bounds
        cand = _solve_full(problem, sub, held, keys, sessions, {}, {}, deadline, workers,
                           report, given=given)  # fmt: skip
        if cand is not None and _key(_values(problem, prep, cand.new_sessions)) >= _key(
            _values(problem, prep, sessions)
        ):
            sessions = cand.new_sessions
    values = _values(problem, prep, sessions)
    phases = _judge(problem, prep, bounds, values, {}, {}, keys)
    return _plan(problem, prep, bounds, sessions, phases, t0, keys)


def _plan(problem, prep, bounds, new_sessions, phases, t0, keys) -> Plan:
    new_sessions, left_out = separate(prep, list(new_sessions))
    if left_out:  # a repair changed the plan: what was proven of it no longer holds
        phases = [{**ph, "optimal": False} for ph in phases]
    new_sessions, spread = spread_residents(prep, new_sessions)
    if spread:  # fewer sessions without a resident and a better mix; sizes and slots may change
        later = {PHASES["even"].name, PHASES["prefers"].name}
        phases = [{**ph, "optimal": False} if ph["phase"] in later else ph for ph in phases]
    sessions = list(problem.fixed_sessions) + with_notes(prep, new_sessions)
    placed = {pid for s in sessions for pid in s.people}
    unplaced = unplaced_entries(prep, sessions, left_out)
    n = len(prep.placeable)
    n_placed = sum(1 for x in prep.placeable if x.id in placed)
    by_key = {PHASES[k].name: k for k in keys}
    info = {by_key.get(ph["phase"]): ph for ph in phases}
    all_proven = bool(phases) and all(ph["optimal"] for ph in phases)
    placed_bound = info.get("placed", {}).get("bound")
    if not unplaced:
        status = STATUS_OPTIMAL if all_proven or not prep.placeable else STATUS_FEASIBLE
    elif bounds.proven_infeasible or (placed_bound is not None and placed_bound < n):
        status = STATUS_INFEASIBLE
    elif n_placed == n:
        status = STATUS_INFEASIBLE  # only people with no possible slot are out
    else:
        status = STATUS_UNKNOWN
    fixed_n = len(problem.fixed_sessions)
    lb = fixed_n
    sess = info.get("sessions")
    if n_placed == n:
        lb = max(lb, bounds.total)
    if sess is not None and sess.get("bound") is not None:
        lb = max(lb, sess["bound"])
    if sess is not None and sess.get("optimal"):
        lb = len(sessions)
    lb = min(lb, len(sessions)) if n_placed == n else lb
    return Plan(
        status=status,
        lower_bound=int(lb),
        objective=plan_objective(problem, sessions, unplaced),
        sessions=sessions,
        unplaced=unplaced,
        solve_seconds=time.perf_counter() - t0,
        bounds=bounds.to_dict(),
        phases=phases,
    )
