"""Running CP-SAT: the phases of the objective, and the one function that calls the solver.

`run_solver` is the only place a CP-SAT search starts: one worker, a fixed seed and a deterministic
limit drawn from the running solve's clock (clock.py), so every search is reproducible.
`solve_phase` optimises one phase of a model and fixes its level; every stage that runs phases (the
whole model, the reference model, each unit's model in the decomposition) goes through it, and
`run_phases` is it applied to a list of phases in order.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .clock import clock

log = logging.getLogger(__name__)


MAX, MIN = "max", "min"


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    index: int  # the objective's number in docs/scheduler.md (progress events carry it)
    sense: str


PHASES = {
    "placed": Phase("placed", "place everyone", 1, MAX),
    "kept": Phase("kept", "keep published places", 1, MAX),
    "sessions": Phase("sessions", "fewest sessions", 2, MIN),
    "no_resident": Phase("no_resident", "fewest sessions without a resident", 3, MIN),
    "no_staff": Phase("no_staff", "fewest sessions without staff", 3, MIN),
    "mix": Phase("mix", "staff and resident mix", 4, MIN),
    "co": Phase("co", "co-trainers", 5, MAX),
    "even": Phase("even", "even group sizes", 6, MIN),
    "prefers": Phase("prefers", "preferred slots", 7, MAX),
}
ORDER = [
    "placed", "kept", "sessions", "no_resident", "no_staff", "mix", "co", "even", "prefers"
]  # fmt: skip
# The phases after "fewest sessions": a unit's sessions are known, their members are arranged.
LATER = ("no_resident", "no_staff", "mix", "co", "even", "prefers")
DONE_INDEX = 8


def phase_keys(has_current: bool) -> list[str]:
    """The phases a model runs, in order ("keep published places" only in a re-plan)."""
    return (
        ["placed"] + (["kept"] if has_current else []) + ["sessions", *LATER]
    )  # phase_index of the last progress event ("done")


@dataclass
class Outcome:
    key: str
    name: str
    index: int
    value: int | None
    bound: float | None
    proven: bool
    seconds: float
    stuck: bool = False  # the fixed levels admit no solution at all (should not happen)

    def as_dict(self, offset: int = 0) -> dict:
        bound = None
        if self.bound is not None:
            bound = int(math.floor(self.bound + 1e-6) if PHASES[self.key].sense == MAX else
                        math.ceil(self.bound - 1e-6))  # fmt: skip
        return {
            "phase": self.name,
            "phase_index": self.index,
            "value": None if self.value is None else self.value + offset,
            "bound": None if bound is None else bound + offset,
            "optimal": self.proven,
            "seconds": round(self.seconds, 3),
        }


def run_solver(
    m: cp_model.CpModel,
    seconds: float,
    workers: int,
    callback: cp_model.CpSolverSolutionCallback | None = None,
    *,
    assume: list | tuple = (),
    poll: Callable[[], None] | None = None,
    bound: tuple | None = None,
    params: dict | None = None,
) -> tuple[int, cp_model.CpSolver]:
    """The one place CP-SAT is called: a search of at most `seconds` reference seconds of the
    running solve's deterministic budget (see clock.py), reproducible with any number of workers.

    `assume`: literals held true for this search only. They are applied by fixing the variables'
    domains for the call (CP-SAT's interleaved, deterministic search does not honour assumptions).
    `bound`: (objective expression, MIN or MAX, value) known from elsewhere (a relaxation): the
    search stops as soon as it reaches it, proven. (Stopping from a solution callback instead
    crashes CP-SAT 9.15's interleaved search.) If the value turns out not to be reachable, the search
    runs again without it.
    `params`: CP-SAT parameters set after the defaults below (e.g. `{"linearization_level": 2}`);
    the determinism settings (one worker, seed, time limits) cannot be overridden.
    """
    if bound is not None:
        expr, sense, value = bound
        lit = m.new_bool_var("bound")
        if sense == MIN:
            m.add(expr >= math.ceil(value - 1e-6)).only_enforce_if(lit)
        else:
            m.add(expr <= math.floor(value + 1e-6)).only_enforce_if(lit)
        status, solver = run_solver(
            m, seconds, workers, callback, assume=[*assume, lit], poll=poll, params=params
        )
        if status != cp_model.INFEASIBLE:
            return status, solver
        log.debug("a bound of %s was not valid here; searching without it", value)
        m.add(lit == 0)
        return run_solver(m, seconds, workers, callback, assume=assume, poll=poll, params=params)
    c = clock()
    cfg = c.config
    solver = cp_model.CpSolver()
    # One CP-SAT worker: its search is then a function of the model, the seed and the deterministic
    # limit. CP-SAT's deterministic parallel mode (`interleave_search`) aborts the process in 9.15
    # on these models (CHECK failures "solution->size() == postsolve_mapping.size()" when a search
    # is stopped, and "heuristics.fixed_search != nullptr"), and its ordinary parallel search
    # depends on thread timing. `workers` is kept in the signature and recorded in the plan.
    del workers
    p = solver.parameters
    # Presolve probing costs seconds on these models and gains little.
    p.cp_model_probing_level = 0
    for name, value in (params or {}).items():
        setattr(p, name, value)
    p.num_workers = 1
    p.random_seed = cfg.seed
    p.max_deterministic_time = max(1e-3, c.det_limit(seconds))
    p.max_time_in_seconds = max(0.01, c.wall_left())  # the outer cap only
    saved = []
    proto = m.proto
    for lit in assume:
        index = lit.index if lit.index >= 0 else -lit.index - 1
        value = 1 if lit.index >= 0 else 0
        var = proto.variables[index]
        saved.append((var, list(var.domain)))
        var.domain.clear()
        var.domain.extend([value, value])
    try:
        status = _solve(solver, m, callback, poll)
    finally:
        for var, domain in reversed(saved):
            var.domain.clear()
            var.domain.extend(domain)
    c.charge_det(solver.response_proto.deterministic_time)
    c.used += cfg.min_seconds_per_call
    if solver.response_proto.wall_time >= p.max_time_in_seconds - 0.05:
        c.capped = True
    return status, solver


class _Callback(cp_model.CpSolverSolutionCallback):
    """Reports progress (stopping at a known bound is `run_solver(bound=...)`'s job)."""

    def __init__(self, sense: str, target: float | None, emit: Callable | None):
        super().__init__()
        self.sense = sense
        self.target = target
        self.emit = emit

    def on_solution_callback(self) -> None:
        value = self.objective_value
        if self.emit is not None:
            try:
                self.emit(int(round(value)), self.best_objective_bound)
            except Exception:  # a failing progress reporter must not stop the solve
                log.exception("progress callback failed")


def _solve(solver, m, callback, poll: Callable[[], None] | None):
    """Solve; with `poll`, the search runs on a helper thread while this one calls poll() about
    every quarter second (e.g. to pass progress on from this thread)."""
    if poll is None:
        return solver.solve(m, callback)
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as Wait

    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(solver.solve, m, callback)
        while True:
            try:
                status = future.result(timeout=0.25)
                break
            except Wait:
                poll()
    poll()
    return status


def solve_phase(
    model,
    key: str,
    *,
    deadline: float,
    workers: int,
    target: float | None = None,
    hint_values: list[int] | None = None,
    hint_partial: list[tuple] | None = None,
    emit: Callable[[Phase, int, float], None] | None = None,
    max_seconds: float | None = None,
    reserve_weight: float = 0.0,
    enforce=None,
    assume: list | tuple = (),
    poll: Callable[[], None] | None = None,
    params: dict | None = None,
) -> tuple[list[int] | None, Outcome]:
    """Optimise one phase of `model` (the whole programme's or a few units'), then fix its level.

    The phase gets its weight's share of the time left before `deadline`, the later phases'
    weights (`reserve_weight`) being kept for them. `target`: a proven bound (e.g. from a
    relaxation); reaching it proves the phase optimal, and if the hinted solution already meets it
    nothing is searched. Afterwards the phase's value is fixed (== when proven, else >= / <=), only
    when `enforce` is true if that literal is given (the search then assumes it, with `assume`).
    `params`: extra CP-SAT parameters (`run_solver`). Returns the new solution (else `hint_values`)
    and the outcome; `outcome.value` is None when no
    solution was found in time, and `outcome.stuck` when the fixed levels admit none at all.
    """
    phase = PHASES[key]
    m = model.m
    obj = model.objective_var(key)
    cfg = clock().config

    def fix(constraint) -> None:
        if enforce is not None:
            constraint.only_enforce_if(enforce)

    remaining = deadline - clock().now()
    budget = max(0.05, remaining * cfg.weight(key) / max(cfg.weight(key) + reserve_weight, 1e-9))
    if max_seconds is not None:
        budget = min(budget, max_seconds)
    if phase.sense == MAX:
        m.maximize(obj)
    else:
        m.minimize(obj)
    if hint_values is not None:
        model.set_hint(values=hint_values)
    else:
        model.set_hint(partial=hint_partial)
    if target is not None and hint_values is not None:
        now = model.value(key, hint_values)
        if now is not None and (
            (phase.sense == MAX and now >= target) or (phase.sense == MIN and now <= target)
        ):
            # The plan in hand already meets a proven bound: nothing to search for.
            fix(m.add(obj == now))
            if key == "placed" and now >= model.n_counted:
                model.require_all_placed()
            return hint_values, Outcome(key, phase.name, phase.index, now, target, True, 0.0)
    cb_emit = None
    if emit is not None:

        def cb_emit(value, bound):
            emit(phase, value, bound)

    t = clock().now()
    assumed = list(assume) + ([enforce] if enforce is not None else [])
    callback = _Callback(phase.sense, target, cb_emit)
    stop = (obj, phase.sense, target) if target is not None else None
    status, solver = run_solver(
        m, budget, workers, callback, assume=assumed, poll=poll, bound=stop, params=params
    )
    seconds = clock().now() - t
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        stuck = status in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID)
        if stuck:
            # Should not happen (an earlier plan satisfies every fixed level): the caller falls
            # back on the plan it has.
            log.error("phase %s is %s", key, solver.status_name(status))
        return hint_values, Outcome(key, phase.name, phase.index, None, None, False, seconds, stuck)
    value = int(round(solver.objective_value))
    bound = solver.best_objective_bound
    proven = status == cp_model.OPTIMAL
    if target is not None:
        if phase.sense == MAX:
            bound = min(bound, target)
            proven = proven or value >= target - 1e-6
        else:
            bound = max(bound, target)
            proven = proven or value <= target + 1e-6
    solution = list(solver.response_proto.solution)
    if key == "placed" and value >= model.n_counted:
        model.require_all_placed()
    if proven:
        fix(m.add(obj == value))
    elif phase.sense == MAX:
        fix(m.add(obj >= value))
    else:
        fix(m.add(obj <= value))
    return solution, Outcome(key, phase.name, phase.index, value, bound, proven, seconds)


def run_phases(
    model,
    keys: list[str],
    *,
    deadline: float,
    workers: int,
    targets: dict[str, float] | None = None,
    hint_values: list[int] | None = None,
    hint_partial: list[tuple] | None = None,
    emit: Callable[[Phase, int, float], None] | None = None,
    on_phase: Callable[[Outcome], None] | None = None,
    max_phase_seconds: float | None = None,
    reserve_weight: float = 0.0,
    enforce=None,
    assume: list | None = None,
    poll: Callable[[], None] | None = None,
) -> tuple[list[int] | None, list[Outcome]]:
    """`solve_phase` for each of `keys` in turn, each hinted with the previous one's solution.

    Stops early only if a phase is stuck (see `solve_phase`); a phase without a solution in time
    keeps the previous solution and the next phase goes on from it. Returns the last solution and
    the outcomes.
    """
    targets = dict(targets or {})
    cfg = clock().config
    outcomes: list[Outcome] = []
    solution = hint_values
    for i, key in enumerate(keys):
        solution, outcome = solve_phase(
            model,
            key,
            deadline=deadline,
            workers=workers,
            target=targets.get(key),
            hint_values=solution,
            hint_partial=hint_partial,
            emit=emit,
            max_seconds=max_phase_seconds,
            reserve_weight=sum(cfg.weight(k) for k in keys[i + 1 :]) + reserve_weight,
            enforce=enforce,
            assume=assume or (),
            poll=poll,
        )
        outcomes.append(outcome)
        if on_phase:
            on_phase(outcome)
        if outcome.stuck:
            break
    return solution, outcomes
