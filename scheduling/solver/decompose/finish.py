"""The final plan of every unit: stages 6-8 (`refit`, `finish_admitted`, `plan_the_rest`).

Admitted units keep their slots (so nothing clashes) while their people are arranged for the later
phases; the other units are planned, one after the other, around everything accepted.
"""

from __future__ import annotations

from dataclasses import replace

from ..clock import clock
from ..greedy import greedy_plan
from ..improve import improve
from ..model import PlannedSession, Problem
from ..search import LATER, solve_phase
from .fit import concretize, fits, prices, without
from .group import solve_group
from .negotiate import reprice
from .state import Pattern, Run
from .units import aim, group_problem, meets, rank, short_of, unit_values, value_of


def refit(run: Run) -> None:
    """Stage 6. Where a unit's optimum alone (stage 5) moved sessions, look, beside the others'
    kept plans, for an equally good plan that fits, and take it if it still fits when its turn
    comes."""
    problem, prep = run.problem, run.prep
    if run.late():
        return

    def around(u: str) -> list[PlannedSession]:
        return [x for v in run.admitted if v != u for x in run.kept[v]]

    def candidate(u: str) -> list[PlannedSession] | None:
        pat = run.patterns[u]
        if not pat.optimal_plan:
            return None
        price = prices(prep, around(u), u, {}, 1.0)
        if not any(price.get(x.slot) for x in pat.plan):
            return pat.plan
        if run.late():
            return None
        seconds = min(clock().config.refit_max_seconds, max(0.03, run.deadline - clock().now()))
        reprice(pat, price, seconds, run.workers)
        return pat.plan if pat.optimal_plan else None

    short = [
        u
        for u in run.admitted
        if short_of(problem, run.kept[u], run.patterns[u].counted, run.patterns[u].bounds)
    ]
    found = []
    for u in short:  # every candidate is found beside the kept plans as they were
        found.append(candidate(u))
        run.poll()
    for u, plan in zip(short, found, strict=True):
        if plan is None:
            continue
        counted = run.patterns[u].counted
        better = without(plan, run.excluded[u])
        if rank(unit_values(problem, better, counted)) <= rank(
            unit_values(problem, run.kept[u], counted)
        ):
            continue
        if fits(prep, around(u), better):
            run.kept[u] = better


def _finish_unit(
    problem: Problem,
    pat: Pattern,
    plan: list[PlannedSession],
    excluded: set[str],
    deadline: float,
    workers: int,
) -> list[PlannedSession]:
    """The later phases for a unit whose pattern fits beside the others: its sessions keep their
    slots and rooms (so nothing clashes) while people are rearranged for mix, co-trainers, even
    sizes and preferences, aiming at the unit's proven bounds."""
    model = pat.model
    if model is None:
        return plan
    m = model.m
    prep = pat.rel.prep
    ub = pat.bounds
    keep = m.new_bool_var("keep")  # this unit's kept slots (and nobody from elsewhere)
    opens = {x.open.index for pair in model.pairs.values() for x in pair.sessions}
    for v, val in model.hint_from_sessions(plan):
        if v.index in opens:
            m.add(v == val).only_enforce_if(keep)
    for (pid, _u, _s), v in model.x.items():
        if pid in excluded:
            m.add(v == 0).only_enforce_if(keep)
    cur = improve(problem, plan, prep.allowance) if not model.n_current else plan
    solution: list[int] | None = None
    for i, key in enumerate(LATER):
        target = ub.values.get(key) if ub.proven.get(key) else None
        value = value_of(problem, prep, cur, key)
        if not meets(key, value, target):
            new, o = solve_phase(
                model, key, deadline=deadline, workers=workers, target=target,
                hint_values=solution,
                hint_partial=model.hint_from_sessions(cur) if solution is None else None,
                reserve_weight=sum(clock().config.weight(k) for k in LATER[i + 1 :]),
                enforce=keep,
            )  # fmt: skip
            if o.value is not None:
                # solve_phase has fixed the phase's level (under `keep`).
                solution, cur = new, model.extract(new)
                if not model.n_current:
                    better = improve(problem, cur, prep.allowance)
                    if better != cur:
                        cur, solution = better, None
                continue
        # Settled by the plan in hand (or no better plan found in time): hold it there.
        m.add(model.objective_var(key) == value).only_enforce_if(keep)
    return cur


def finish_admitted(run: Run, end: float) -> None:
    """Stage 7. Admitted units: the later phases on their own model, slots kept, by `end`."""
    sizes = run.sizes
    size = sum(sizes[u] for u in run.admitted) + sum(2 * sizes[u] for u in run.rest)
    for u in run.admitted:
        if run.late():
            run.by_unit[u] = run.kept[u]
        else:
            share = (end - clock().now()) * sizes[u] / max(1, size) * 2
            run.by_unit[u] = _finish_unit(
                run.problem, run.patterns[u], run.kept[u], run.excluded[u],
                run.until(max(0.1, share)), run.workers,
            )  # fmt: skip
            run.progress("final plan per unit", u)
        run.poll()


def _salvage(run: Run, u: str) -> list[PlannedSession]:
    """The unit's own plan, less the sessions that no longer fit, plus a greedy plan for the
    people of those: quick, and keeps most of a good plan."""
    prep = run.prep
    around = run.accepted([u])
    taken = {pid for x in around for pid in x.people}
    keep: list[PlannedSession] = []
    for x in sorted(without(run.patterns[u].plan, taken), key=lambda x: -len(x.people)):
        if fits(prep, around + keep, [x]):
            keep.append(x)
    kept_conc = concretize(prep, around + keep)
    if kept_conc is None:
        keep, kept_conc = [], concretize(prep, around)
    mine = list(kept_conc[len(around) :])
    fixed = run.fixed + tuple(replace(x, co=None) for x in kept_conc)
    sub = group_problem(run.problem, (u,), fixed)
    more = [x for x in greedy_plan(sub).sessions if x not in set(sub.fixed_sessions)]
    return mine + more


def plan_the_rest(run: Run, end: float) -> None:
    """Stage 8. The units not admitted, one after the other, around everything accepted, by `end`:
    a quick salvage of the unit's own plan first, then its own model from there."""
    for n, u in enumerate(run.rest):
        pat = run.patterns[u]
        share = max(0.0, end - clock().now()) / max(1, len(run.rest) - n)
        quick = _salvage(run, u)
        if run.late():
            run.by_unit[u] = quick
            continue
        res = solve_group(
            run.problem,
            (u,),
            run.fixed + run.others([u]),
            deadline=run.until(share),
            workers=run.workers,
            counted=pat.counted,
            relaxed=pat.rel,
            aim=aim([pat.bounds]),
            hint=quick,
            hint_feasible=True,
        )
        better = rank(unit_values(run.problem, res.sessions, pat.counted)) >= rank(
            unit_values(run.problem, quick, pat.counted)
        )
        run.by_unit[u] = res.sessions if better else quick
        run.progress("final plan per unit", u)
    run.mark("final plans")
