"""Planning some units around sessions already accepted: their own CP-SAT model, phase by phase."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..bounds import compute_bounds
from ..clock import clock
from ..cpsat import Model
from ..greedy import greedy_plan
from ..improve import improve
from ..model import PlannedSession, Problem
from ..prepare import Prepared
from ..resources import assign_facilitators
from ..search import MAX, PHASES, Outcome, phase_keys, solve_phase
from .units import Relaxed, cheap_target, group_problem, meets, value_of

# Phases that the plan in hand settles at once when it meets their bound (the phases before these
# are searched: the plan in hand rarely meets a proven bound for them).
SETTLED_BY_PLAN = ("mix", "co", "even", "prefers")


@dataclass
class GroupResult:
    units: tuple[str, ...]
    outcomes: dict[str, Outcome]
    sessions: list[PlannedSession]
    counted: set[str]
    met: dict[str, bool]  # phase value meets a bound valid for the relaxed units
    seconds: float = 0.0
    complete: bool = True  # a plan was found (else `sessions` is a greedy fallback)


def _target(
    key: str,
    rel: Relaxed | None,
    counted: set[str],
    outcomes: dict[str, Outcome],
    met: dict[str, bool],
    aim: dict[str, float],
) -> float | None:
    """The best proven bound for phase `key`: the cheap one, the sessions (for co-trainers: at most
    one per session) and the `aim`, whichever is tightest."""
    target = cheap_target(key, rel, counted, outcomes, met) if rel is not None else None
    if key == "co" and "sessions" in outcomes and outcomes["sessions"].value is not None:
        cap = outcomes["sessions"].value
        target = min(target, cap) if target is not None else cap
    if aim.get(key) is not None:
        better = min if PHASES[key].sense == MAX else max
        target = aim[key] if target is None else better(target, aim[key])
    return target


def _start(
    model: Model,
    sub: Problem,
    wanted: set[str],
    hint: list[PlannedSession] | None,
    known: dict[str, int],
) -> tuple[list[PlannedSession], list[tuple]]:
    """The plan to start from: the (feasible) hint, else the greedy plan, whichever places more of
    the `wanted` people; the model is told to place at least as many (`known` if all of them).
    Returns the plan and its hint for the model."""
    fixed_set = set(sub.fixed_sessions)
    greedy = [x for x in greedy_plan(sub).sessions if x not in fixed_set]
    start = list(hint) if hint is not None else greedy
    in_start = len(wanted & {pid for s in start for pid in s.people})
    in_greedy = len(wanted & {pid for s in greedy for pid in s.people})
    if in_greedy > in_start:
        start, in_start = greedy, in_greedy
    partial = model.hint_from_sessions(start)
    if in_start == len(wanted):
        known.setdefault("placed", in_start)
    else:
        model.m.add(model.objective_var("placed") >= in_start)  # never worse than the start
    return start, partial


def _settle(model: Model, key: str, value: int, target: float | None) -> Outcome:
    """Fix phase `key` at `value` without a search (a known optimum, or the plan in hand meets a
    proven bound)."""
    model.m.add(model.objective_var(key) == value)
    if key == "placed" and value >= model.n_counted:
        model.require_all_placed()
    bound = target if target is not None else value
    return Outcome(key, PHASES[key].name, PHASES[key].index, value, bound, True, 0.0)


def solve_group(
    problem: Problem,
    unit_ids: tuple[str, ...],
    fixed: tuple[PlannedSession, ...],
    *,
    deadline: float,
    workers: int,
    counted: set[str] | None = None,
    relaxed: Relaxed | None = None,
    aim: dict[str, float] | None = None,
    known: dict[str, int] | None = None,
    hint: list[PlannedSession] | None = None,
    hint_feasible: bool = False,
) -> GroupResult:
    """Plan some units around `fixed` sessions, phase by phase (`solve_phase`).

    `counted`: people who must be placed (default: those who belong to these units only);
    `relaxed`: the relaxed view, for cheap bounds; `aim`: proven bounds to stop at; `known`: phase
    values to fix at once (known optimal); `hint`: a plan to start from. The plan in hand is always
    a valid one: each phase starts from it and is settled at once when it meets a proven bound.
    """
    t0 = clock().now()
    sub = group_problem(problem, unit_ids, fixed)
    prep = Prepared(sub)
    is_relaxed = len(fixed) == len(problem.fixed_sessions)
    rel = relaxed or (Relaxed(prep, compute_bounds(sub, prep)) if is_relaxed else None)
    group = set(unit_ids)
    placeable = {x.id for x in prep.placeable}
    if counted is None:
        counted = {x.id for x in prep.placeable if set(x.units) <= group}
    counted = set(counted)
    model = Model(prep, count_ids=counted & placeable)
    keys = phase_keys(bool(model.n_current))
    outcomes: dict[str, Outcome] = {}
    met: dict[str, bool] = {}
    solution = None
    aim = dict(aim or {})
    known = dict(known or {})
    start, partial = _start(model, sub, counted & placeable, hint if hint_feasible else None, known)
    cur: list[PlannedSession] | None = start
    cur_is_newer = True
    for i, key in enumerate(keys):
        target = _target(key, rel, counted, outcomes, met, aim)
        value = known.get(key)
        if value is None and cur is not None and key in SETTLED_BY_PLAN:
            value = value_of(problem, prep, cur, key)
            if not meets(key, value, target):
                value = None
        if value is not None:
            # Settled at once: a known optimum, or the plan in hand meets a proven bound.
            outcomes[key] = _settle(model, key, value, target)
            met[key] = key in known or meets(key, value, target)
            continue
        if cur is not None and cur_is_newer:
            solution, partial = None, model.hint_from_sessions(cur)
        reserve = sum(clock().config.weight(k) for k in keys[i + 1 :])
        solution, o = solve_phase(
            model,
            key,
            deadline=deadline,
            workers=workers,
            target=target,
            hint_values=solution,
            hint_partial=partial,
            reserve_weight=reserve,
        )
        outcomes[key] = o
        met[key] = o.value is not None and (
            meets(key, o.value, target) or (is_relaxed and o.proven)
        )
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
