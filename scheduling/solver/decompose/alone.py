"""Each unit alone (relaxed: every room and trainer to itself), solved phase by phase.

Its results are the unit's proven bounds (valid in any plan of the whole programme) and its
*pattern*: a plan whose slots the negotiation (negotiate.py) then moves until the units fit together.
Two stages live here: `plan_each_unit_alone` (everyone placed, fewest sessions) runs first;
`finish_each_unit_alone` (the later phases) runs once the patterns that fit are admitted.
"""

from __future__ import annotations

from ..clock import clock
from ..cpsat import Model
from ..greedy import greedy_plan
from ..improve import improve
from ..model import Problem
from ..search import LATER, ORDER, PHASES, Outcome, solve_phase
from .state import Pattern, Run
from .units import Relaxed, bounds_of, cheap_target, meets, value_of


def _pattern(problem: Problem, u: str, deadline: float, workers: int) -> Pattern:
    """The unit alone: everyone placed, then the fewest sessions."""
    rel = Relaxed.of(problem, (u,))
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
        solution, outcomes["placed"] = solve_phase(
            model, "placed", deadline=deadline, workers=workers, target=len(counted),
            hint_partial=partial, reserve_weight=clock().config.weight("sessions"),
        )  # fmt: skip
    met = {"placed": outcomes["placed"].value == len(counted)}
    keys = (["kept"] if model.n_current else []) + ["sessions"]
    for key in keys:
        solution, o = solve_phase(
            model, key, deadline=deadline, workers=workers,
            target=cheap_target(key, rel, counted, outcomes, met),
            # A greedy hint slows the search for fewest sessions down.
            hint_values=solution, hint_partial=None if key == "sessions" else partial,
        )  # fmt: skip
        outcomes[key] = o
        met[key] = o.value is not None and o.proven
    strict = {k: model.m.new_bool_var(f"strict[{k}]") for k in LATER}
    plan = model.extract(solution) if solution is not None else greedy
    pat = Pattern(u, rel, model, counted, outcomes, bounds_of(outcomes, met), strict,
                  solution, plan, False)  # fmt: skip
    pat.met = met
    return pat


def _greedy_pattern(problem: Problem, u: str) -> Pattern:
    """The unit alone without a search (the time is up): its greedy plan, nothing proven, no
    model (the later stages search nothing once the time is up)."""
    rel = Relaxed.of(problem, (u,))
    fixed = set(rel.prep.problem.fixed_sessions)
    plan = [x for x in greedy_plan(rel.prep.problem).sessions if x not in fixed]
    counted = {x.id for x in rel.prep.placeable if x.units == (u,)}
    return Pattern(u, rel, None, counted, {}, bounds_of({}, {}), {}, None, plan, False)


def _more_time(pat: Pattern, deadline: float, workers: int) -> None:
    """More time for a unit whose fewest sessions are not proven yet (the search goes on from
    where it stopped: its plan is the hint, its bound the target)."""
    if pat.met.get("sessions") or not pat.met.get("placed") or pat.solution is None:
        return  # (a greedy pattern has no solution)
    solution, o = solve_phase(
        pat.model, "sessions", deadline=deadline, workers=workers,
        target=pat.rel.bounds.new_sessions, hint_values=pat.solution,
    )  # fmt: skip
    if o.value is not None and solution is not None:
        old = pat.outcomes["sessions"]
        bound = max(o.bound or 0, old.bound or 0)
        pat.outcomes["sessions"] = Outcome("sessions", o.name, o.index, o.value, bound,
                                           o.proven or o.value <= bound, old.seconds + o.seconds)  # fmt: skip
        pat.met["sessions"] = pat.outcomes["sessions"].proven
        pat.solution = solution
        pat.plan = pat.model.extract(solution)
        pat.bounds = bounds_of(pat.outcomes, pat.met)


def plan_each_unit_alone(run: Run) -> None:
    """Stage 1. Every unit alone: everyone placed with the fewest sessions, hardest unit first.

    A unit may take its share of the stage's time (by its number of people) of what is left, so
    quick units leave more to hard ones; what the stage has left at the end goes to the units whose
    fewest sessions are not proven yet.
    """
    cfg = clock().config
    end = run.start + cfg.share_patterns * run.span
    factor = cfg.unit_share_factor
    size_left = float(sum(run.sizes.values()))
    for u in run.order:
        share = (end - clock().now()) * run.sizes[u] / max(1.0, size_left)
        size_left -= run.sizes[u]
        if run.late():  # the time is up (or the wall-clock cap has passed): no model, no search
            run.patterns[u] = _greedy_pattern(run.problem, u)
        else:
            until = run.until(max(cfg.min_unit_seconds, factor * share))
            run.patterns[u] = _pattern(run.problem, u, until, run.workers)
        run.poll()
    unsure = [u for u in run.order if not run.patterns[u].met.get("sessions")]
    if unsure and clock().now() < end - cfg.min_more_seconds:
        each = max(cfg.min_more_seconds, (end - clock().now()) * factor / len(unsure))
        for u in unsure:
            if run.late():
                break
            _more_time(run.patterns[u], run.until(each), run.workers)
            run.poll()
    run.mark("alone")


def _finish_pattern(problem: Problem, pat: Pattern, deadline: float, workers: int) -> None:
    """The unit alone, later phases (mix, co-trainers, even sizes, preferences), from its plan.

    Each phase's level is held only under the pattern's `strict` literal for that phase, so the
    negotiation can later trade optimality of a later phase for a free slot."""
    model, rel, counted, outcomes, met = pat.model, pat.rel, pat.counted, pat.outcomes, pat.met
    prep = rel.prep
    solution = pat.solution
    if not all(met.get(k) for k in ("placed", "sessions")):
        return
    cur = pat.plan
    if not model.n_current:
        cur = improve(problem, cur, prep.allowance)
    fresh = True  # `cur` is newer than `solution` (hint from it)
    for i, key in enumerate(LATER):
        if met.get(key):
            continue  # settled in an earlier pass
        target = cheap_target(key, rel, counted, outcomes, met)
        value = value_of(problem, prep, cur, key)
        if target is not None and meets(key, value, target):
            model.m.add(model.objective_var(key) == value).only_enforce_if(pat.strict[key])
            outcomes[key] = Outcome(key, PHASES[key].name, PHASES[key].index, value, target,
                                    True, 0.0)  # fmt: skip
            met[key] = True
            continue
        new, o = solve_phase(
            model, key, deadline=deadline, workers=workers, target=target,
            hint_values=None if fresh else solution,
            hint_partial=model.hint_from_sessions(cur) if fresh else None,
            reserve_weight=sum(clock().config.weight(k) for k in LATER[i + 1 :]),
            enforce=pat.strict[key], assume=[pat.strict[k] for k in LATER[:i]],
        )  # fmt: skip
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
    pat.bounds = bounds_of(outcomes, met)
    pat.solution = None if fresh else solution
    pat.plan = cur


def finish_each_unit_alone(run: Run) -> None:
    """Stage 5. The later phases for every unit alone: its proven bounds for them.

    An admitted unit starts from the plan it keeps, so that a plan already optimal is simply proven
    so. A second pass, with the stage's time left, goes to units whose later phases are not proven.
    """
    for u in run.admitted:
        if run.kept[u] is not run.patterns[u].plan:
            run.patterns[u].plan, run.patterns[u].solution = run.kept[u], None
    cfg = clock().config
    end = run.stage_end(cfg.share_later_phases)
    factor = cfg.unit_share_factor

    def finish(units: list[str]) -> None:
        size_left = float(sum(run.sizes[u] for u in units))
        for u in units:
            share = (end - clock().now()) * run.sizes[u] / max(1.0, size_left)
            size_left -= run.sizes[u]
            if not run.late():
                pat = run.patterns[u]
                until = run.until(max(cfg.min_unit_seconds, factor * share))
                _finish_pattern(run.problem, pat, until, run.workers)
                run.progress("planning each unit", u)
            run.poll()

    finish(run.order)
    unsure = [
        u for u in run.order if not all(run.patterns[u].met.get(k) for k in ("sessions", *LATER))
    ]
    if unsure and clock().now() < end - cfg.min_unit_seconds:
        finish(unsure)
    run.mark("alone, later phases")
