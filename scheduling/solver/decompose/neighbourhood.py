"""Stage 9, `repair`: large-neighbourhood steps for units whose plan falls short of their bounds."""

from __future__ import annotations

import random
from collections import defaultdict

from ..clock import clock
from .fit import concretize
from .group import solve_group
from .state import Run
from .units import aim, rank, short_of, unit_values


def _short(run: Run, u: str) -> bool:
    pat = run.patterns[u]
    return short_of(run.problem, run.by_unit.get(u, []), pat.counted, pat.bounds)


def _in_the_way(run: Run, u: str, rng: random.Random) -> tuple[str, ...]:
    """The unit and one to three units in its way: those holding the most sessions in the slots
    its own plan could use."""
    wanted = {s.slot for s in run.by_unit.get(u, [])} | set(run.prep.usable.get(u, ()))
    overlap: dict[str, int] = defaultdict(int)
    for v, lst in run.by_unit.items():
        if v != u:
            for s in lst:
                if s.slot in wanted:
                    overlap[v] += 1
    near = sorted(overlap, key=lambda v: (-overlap[v], rng.random()))
    return tuple([u] + near[: rng.choice([1, 2, 2, 3])])


def repair(run: Run) -> None:
    """While time is left, a unit short of its bounds is re-planned (first alone with more time,
    then together with the units in its way) around the rest; the change is kept only if the whole
    plan gets better and still gets rooms and trainers."""
    problem = run.problem
    rng = random.Random(0)
    everyone = set().union(*(p.counted for p in run.patterns.values())) if run.patterns else set()
    attempts = 0
    solo_tried: set[str] = set()
    cfg = clock().config
    steps = cfg.repair_steps_per_unit * len(run.order)
    while clock().now() < run.deadline - 0.1 and attempts < steps and not run.late():
        short = [u for u in run.order if _short(run, u)]
        if not short:
            break
        attempts += 1
        fresh = [v for v in short if v not in solo_tried]
        u = fresh[0] if fresh else rng.choice(short)
        if fresh:
            group: tuple[str, ...] = (u,)
            solo_tried.add(u)
        else:
            group = _in_the_way(run, u, rng)
        before = rank(unit_values(problem, run.accepted(), everyone))
        keep = {v: run.by_unit.get(v, []) for v in group}
        current = [s for v in group for s in keep[v]]
        left = run.deadline - clock().now()
        n_short = max(1, len([v for v in short if v not in solo_tried]) + 1)
        result = solve_group(
            problem,
            group,
            run.fixed + run.others(group, current),
            deadline=clock().now() + min(left, max(cfg.repair_min_seconds, left / n_short)),
            workers=run.workers,
            counted={pid for s in current for pid in s.people}.union(
                *(run.patterns[v].counted for v in group)
            ),
            relaxed=run.patterns[u].rel if len(group) == 1 else None,
            aim=aim(run.patterns[v].bounds for v in group),
            hint=current,
            hint_feasible=True,
        )
        if not result.complete:
            continue
        for v in group:
            run.by_unit[v] = [s for s in result.sessions if s.unit == v]
        if rank(unit_values(problem, run.accepted(), everyone)) <= before or (
            concretize(run.prep, run.accepted()) is None
        ):
            run.by_unit.update(keep)
    if attempts:
        run.notes.append(f"{attempts} repair step(s)")
    run.mark("repair")
