"""Units negotiate slots until their patterns fit the shared rooms and lead trainers.

A unit's pattern is re-solved with prices on slots (`reprice`): the same number of sessions, in the
cheapest slots, keeping its later phases at their optimum where it can. Stages 2-4 live here:
`make_room`, `negotiate` and `admit`.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict

from ortools.sat.python import cp_model

from ..clock import clock
from ..search import LATER, MIN, run_solver
from .fit import fits, overload, prices, without
from .state import Pattern, Run
from .units import cheap_target

log = logging.getLogger(__name__)


def reprice(pat: Pattern, price: dict[str, int], seconds: float, workers: int) -> bool:
    """Same unit, same number of sessions: the cheapest slots at the given prices, keeping as many
    of the later phases at the unit's optimum as possible (all of them, then mix only, then none).
    Before the later phases are known, the staff/resident mix breaks ties between free plans.
    Returns whether it searched at all (not when no slot of the unit has a price)."""
    if pat.model is None:
        return False
    opens = [
        (price[pair.slot], x.open)
        for pair in pat.model.pairs.values()
        for x in pair.sessions
        if price.get(pair.slot)
    ]
    if not opens:
        return False
    m = pat.model.m
    later = [k for k in LATER if pat.met.get(k)]
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
        target = cheap_target("mix", pat.rel, pat.counted, pat.outcomes, pat.met) or 0
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
    return True


def make_room(run: Run) -> None:
    """Stage 2. One after the other (hardest first), each unit looks for an equally small plan that
    leaves the units before it room: its slots that clash with theirs are priced."""
    cfg = clock().config
    end = run.stage_end(cfg.share_first_prices)
    order = run.order
    for n, u in enumerate(order[1:], start=1):
        if run.late():
            break
        before = [x for v in order[:n] for x in run.patterns[v].plan]
        price = prices(run.prep, before, u, {}, 1.0)
        if any(price.get(x.slot) for x in run.patterns[u].plan):
            left = max(0.0, end - clock().now())
            reprice(
                run.patterns[u],
                price,
                min(cfg.make_room_max_seconds, max(0.05, left / (len(order) - n))),
                run.workers,
            )
    run.mark("make room")


def negotiate(run: Run) -> None:
    """Stage 3. Slots short of rooms or lead trainers get dearer, round after round; the units that
    use them look for equally good plans elsewhere (PathFinder-style: a slot costs more the more
    often it was overloaded before, and the further the negotiation has gone)."""
    cfg = clock().config
    patterns, order, prep = run.patterns, run.order, run.prep
    end = max(
        run.start + cfg.share_negotiation_end * run.span,
        clock().now() + cfg.min_negotiation_share * run.span,
    )
    history: dict[str, float] = defaultdict(float)
    rng = random.Random(0)
    rounds = 0
    pressure = 1.0
    while clock().now() < end and not run.late():
        over = overload(prep, [x for u in order for x in patterns[u].plan])
        if not over:
            break
        rounds += 1
        log.debug("negotiation round %d: %d sessions short of a room or lead", rounds,
                  sum(over.values()))  # fmt: skip
        for slot, amount in over.items():
            history[slot] += amount
        movers = [u for u in order if any(x.slot in over for x in patterns[u].plan)]
        rng.shuffle(movers)
        searched = False
        for u in movers:
            if clock().now() >= end or run.late():
                break
            plans = [x for v in order if v != u for x in patterns[v].plan]
            over = overload(prep, plans + patterns[u].plan)
            if not ({x.slot for x in patterns[u].plan} & set(over)):
                continue
            price = prices(prep, plans, u, history, pressure)
            searched |= reprice(
                patterns[u], price, min(cfg.reprice_max_seconds, end - clock().now()), run.workers
            )
        if not searched:
            # Nobody could look elsewhere (no priced slot: e.g. a unit's own sessions overload a
            # slot where one more would still fit), so every later round would be this one again,
            # spending no deterministic time: stop.
            break
        # Capped so that it never overflows to infinity; prices are capped in `prices` too.
        pressure = min(pressure * cfg.pressure_growth, float(cfg.max_slot_price))
    if rounds:
        run.notes.append(f"{rounds} negotiation round(s)")
    run.mark("negotiate")


def admit(run: Run) -> None:
    """Stage 4. The patterns that fit together (all of them when the negotiation settled), hardest
    unit first: their units keep their slots; the others (`rest`) are planned around them later.

    While admitted units are finished side by side, each keeps to its own people: those who cover
    several units stay where admission put them (anyone left over is placed at the end)."""
    taken = []
    for u in run.order:
        people = {pid for x in taken for pid in x.people}
        plan = without(run.patterns[u].plan, people)
        if fits(run.prep, taken, plan):
            run.admitted.append(u)
            taken.extend(plan)
            run.kept[u] = plan
    for u in run.admitted:
        pat = run.patterns[u]
        own = pat.counted | {pid for x in run.kept[u] for pid in x.people}
        run.excluded[u] = {x.id for x in pat.rel.prep.placeable} - own
    run.rest = [u for u in run.order if u not in run.kept]
    if run.rest:
        run.notes.append(f"{len(run.rest)} unit(s) re-planned around the others")
