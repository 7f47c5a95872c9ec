"""The CP-SAT scheduler: a lexicographic objective solved in phases (DESIGN.md, "Scheduler contract").

Model (all "new" sessions; fixed sessions are taken out of the resources beforehand, see prepare.py):

* x[p, u, s]      person p attends a session of unit u in slot s (only where p is available, u is one of
                  p's units and the slot has a free room and a lead trainer who serves u).
* sessions        indexed by (unit, slot, room type, j): rooms of a slot are grouped by effective
                  capacity min(capacity, session size), which removes the symmetry between equal rooms;
                  sessions of one (unit, slot, type) are ordered by j (open and size non-increasing).
                  Each has open / staff / residents variables; concrete rooms and people are given to
                  sessions afterwards (people at one unit and slot are interchangeable for every rule).
* lead trainers   explicit w[f, u, s] for trainers restricted to some units; trainers who serve every
                  unit form a pool, modelled by counts with exact Hall (cut) conditions per day, and
                  matched to sessions afterwards by max-flow. Same for co-trainers.

Phases, in order, each fixed before the next and hinted with the previous solution:
(1) most people placed [re-plan: then fewest people moved out of their published slot], (2) fewest
sessions, (3) least staff/resident mix shortfall, (4) most sessions with a co-trainer, (5) even group sizes
within each unit (sum over units of largest minus smallest session), (6) most `prefers` honoured.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.graph.python import max_flow
from ortools.sat.python import cp_model

from .bounds import Bounds, compute_bounds
from .greedy import greedy_plan
from .metrics import plan_objective
from .model import (
    STATUS_FEASIBLE,
    STATUS_INFEASIBLE,
    STATUS_OPTIMAL,
    STATUS_UNKNOWN,
    Facilitator,
    Plan,
    PlannedSession,
    Problem,
    Unplaced,
)
from .prepare import Prepared
from .reasons import no_candidate_reason, plan_state, unplaced_reason
from .split import even_sizes, mix_counts, split_people

log = logging.getLogger(__name__)

Progress = Callable[[dict], None]
MAX_EXACT_POOL_SLOTS = 4  # pool (cut) constraints enumerate subsets of a day's slots

# (key, name shown to users, DESIGN phase number, sense, share of the time budget)
PHASES = [
    ("placed", "place everyone", 1, "max", 2.0),
    ("kept", "keep published places", 1, "max", 1.0),
    ("sessions", "fewest sessions", 2, "min", 4.0),
    ("mix", "staff and resident mix", 3, "min", 2.0),
    ("co", "co-trainers", 4, "max", 2.0),
    ("even", "even group sizes", 5, "min", 1.5),
    ("prefers", "preferred slots", 6, "max", 1.0),
]


@dataclass
class _Session:
    unit: str
    slot: str
    type_index: int
    capacity: int
    j: int
    open: cp_model.IntVar
    size: cp_model.IntVar


@dataclass
class _Pair:
    unit: str
    slot: str
    people: list = field(default_factory=list)  # [(Person, var)]
    sessions: list[_Session] = field(default_factory=list)
    used: cp_model.IntVar | None = None
    lead_vars: list = field(default_factory=list)  # [(Facilitator, var)] restricted leads
    lead_pool: cp_model.IntVar | None = None
    co_vars: list = field(default_factory=list)
    co_pool: cp_model.IntVar | None = None

    def n_open(self):
        return sum(s.open for s in self.sessions)


class _Model:
    def __init__(self, prep: Prepared, bounds: Bounds):
        self.prep = prep
        self.bounds = bounds
        p = prep.problem
        self.m = m = cp_model.CpModel()
        self.x: dict[tuple[str, str, str], cp_model.IntVar] = {}
        self._ub: dict[int, int] = {}
        self.pairs: dict[tuple[str, str], _Pair] = {}
        person_terms: dict[str, list] = {}
        for person in prep.placeable:
            terms = []
            for u, s in prep.candidates[person.id]:
                v = m.new_bool_var(f"x[{person.id},{u},{s}]")
                self.x[person.id, u, s] = v
                pair = self.pairs.get((u, s))
                if pair is None:
                    pair = self.pairs[u, s] = _Pair(u, s)
                pair.people.append((person, v))
                terms.append(v)
            m.add_at_most_one(terms)
            person_terms[person.id] = terms
        self.person_terms = person_terms
        self.placed = cp_model.LinearExpr.sum([v for t in person_terms.values() for v in t])

        # Leads: pool (serve every unit) or explicit.
        exact_pool = all(len(v) <= MAX_EXACT_POOL_SLOTS for v in prep.days.values())
        self.lead_pool = [f for f in prep.leads if f.units is None] if exact_pool else []
        self.co_pool = [f for f in prep.cos if f.units is None] if exact_pool else []
        pool_ids = {f.id for f in self.lead_pool} | {f.id for f in self.co_pool}
        lead_pool_at = {s: sum(1 for f in prep.leads_at[s] if f.id in pool_ids) for s in prep.slots}
        co_pool_at = {s: sum(1 for f in prep.cos_at[s] if f.id in pool_ids) for s in prep.slots}

        # Sessions per (unit, slot). Staff/resident mix is counted per (unit, slot): with k sessions
        # there, the best split leaves max(0, k*min_staff - staff) + max(0, k*min_residents -
        # residents), exactly, as long as min_staff + min_residents fits in a room (self.mix_exact).
        self.mix_exact = True
        short = []
        for (u, s), pair in self.pairs.items():
            unit = p.unit_by_id[u]
            n = len(pair.people)
            leads_u = sum(1 for f in prep.leads_at[s] if f.serves(u))
            for t, rt in enumerate(prep.room_types[s]):
                cap = rt.capacity
                if unit.min_staff + unit.min_residents > cap:
                    self.mix_exact = False
                # Two sessions of one type that could be merged never both appear in a plan with the
                # fewest sessions, so at most one is at most half full.
                cmax = min(rt.count, leads_u, n, (2 * n) // (cap + 1) + 1)
                prev = None
                for j in range(cmax):
                    o = m.new_bool_var(f"open[{u},{s},{t},{j}]")
                    size = m.new_int_var(0, min(cap, n), f"size[{u},{s},{t},{j}]")
                    m.add(size <= min(cap, n) * o)
                    m.add(size >= o)
                    sess = _Session(u, s, t, cap, j, o, size)
                    if prev is not None:
                        m.add_implication(o, prev.open)
                        m.add(prev.size >= size)
                    prev = sess
                    pair.sessions.append(sess)
            xs = [v for _, v in pair.people]
            m.add(sum(x.size for x in pair.sessions) == sum(xs))
            used = m.new_bool_var(f"used[{u},{s}]")
            pair.used = used
            m.add(used <= pair.n_open())
            for sess in pair.sessions:
                m.add_implication(sess.open, used)
            for v in xs:  # disaggregated link: a much stronger LP (as in facility location)
                m.add_implication(v, used)
            floor_x = [v for person, v in pair.people if person.is_floor]
            if floor_x:
                allowance = min(prep.allowance[u, s], len(floor_x))
                m.add(sum(floor_x) <= allowance * used)
            k = pair.n_open()
            if unit.min_staff:
                staff_x = [v for person, v in pair.people if person.is_staff]
                v = m.new_int_var(0, unit.min_staff * len(pair.sessions), f"short_staff[{u},{s}]")
                m.add(v >= unit.min_staff * k - sum(staff_x))
                short.append(v)
            if unit.min_residents:
                res_x = [v for person, v in pair.people if not person.is_staff]
                v = m.new_int_var(0, unit.min_residents * len(pair.sessions), f"short_res[{u},{s}]")
                m.add(v >= unit.min_residents * k - sum(res_x))
                short.append(v)
        self.shortfall = cp_model.LinearExpr.sum(short)

        # Rooms: sessions of a type in a slot <= free rooms of that type.
        by_slot_type: dict[tuple[str, int], list] = defaultdict(list)
        for pair in self.pairs.values():
            for sess in pair.sessions:
                by_slot_type[sess.slot, sess.type_index].append(sess.open)
        for (s, t), opens in by_slot_type.items():
            if len(opens) > prep.room_types[s][t].count:
                m.add(sum(opens) <= prep.room_types[s][t].count)
        self.sessions_by_unit: dict[str, list] = defaultdict(list)
        for pair in self.pairs.values():
            self.sessions_by_unit[pair.unit].extend(x.open for x in pair.sessions)
        self.n_sessions = cp_model.LinearExpr.sum(
            [x.open for pair in self.pairs.values() for x in pair.sessions]
        )

        # Lead trainers: every open session has exactly one.
        self._facilitators(prep.leads, self.lead_pool, lead_pool_at, "lead")
        for pair in self.pairs.values():
            terms = [v for _, v in pair.lead_vars]
            if pair.lead_pool is not None:
                terms.append(pair.lead_pool)
            m.add(sum(terms) == pair.n_open())
        # Co-trainers: at most one per open session.
        self._facilitators(prep.cos, self.co_pool, co_pool_at, "co")
        co_terms = []
        for pair in self.pairs.values():
            terms = [v for _, v in pair.co_vars]
            if pair.co_pool is not None:
                terms.append(pair.co_pool)
            if terms:
                m.add(sum(terms) <= pair.n_open())
                co_terms.extend(terms)
        self.co_sessions = cp_model.LinearExpr.sum(co_terms)

        # Preferences and (re-plan) people kept in their published slot.
        pref = []
        for person in prep.placeable:
            if person.prefers:
                wanted = set(person.prefers)
                pref.extend(
                    self.x[person.id, u, s] for u, s in prep.candidates[person.id] if s in wanted
                )
        self.prefers = cp_model.LinearExpr.sum(pref)
        kept = []
        for person in prep.placeable:
            ref = p.current.get(person.id)
            if ref is not None and (person.id, ref.unit, ref.slot) in self.x:
                kept.append(self.x[person.id, ref.unit, ref.slot])
        self.kept = cp_model.LinearExpr.sum(kept) if kept else None
        self.n_current = sum(1 for person in prep.placeable if person.id in p.current)
        self.spread = None
        self.staff_vars: dict[int, cp_model.IntVar] = {}

    def _facilitators(self, facs: list[Facilitator], pool, pool_at, role: str) -> None:
        prep, m = self.prep, self.m
        pool_ids = {f.id for f in pool}
        for f in facs:
            if f.id in pool_ids:
                continue
            per_day: dict = defaultdict(list)
            for s in prep.fac_slots[f.id]:
                at_slot = []
                for u in f.units if f.units is not None else [u.id for u in prep.problem.units]:
                    pair = self.pairs.get((u, s))
                    if pair is None or not pair.sessions:
                        continue
                    v = m.new_bool_var(f"{role}[{f.id},{u},{s}]")
                    (pair.lead_vars if role == "lead" else pair.co_vars).append((f, v))
                    at_slot.append(v)
                if len(at_slot) > 1:
                    m.add_at_most_one(at_slot)
                per_day[prep.day[s]].extend(at_slot)
            for d, vs in per_day.items():
                cap = prep.lead_day_cap(f, d)
                if len(vs) > cap:
                    m.add(sum(vs) <= cap)
        if not pool:
            return
        for pair in self.pairs.values():
            if pool_at[pair.slot] and pair.sessions:
                ub = min(pool_at[pair.slot], len(pair.sessions))
                v = m.new_int_var(0, ub, f"{role}_pool[{pair.unit},{pair.slot}]")
                self._ub[v.index] = ub
                if role == "lead":
                    pair.lead_pool = v
                else:
                    pair.co_pool = v
        by_slot: dict[str, list] = defaultdict(list)
        for pair in self.pairs.values():
            v = pair.lead_pool if role == "lead" else pair.co_pool
            if v is not None:
                by_slot[pair.slot].append(v)
        for d, day_slots in prep.days.items():
            day_slots = [s for s in day_slots if by_slot.get(s)]
            for r in range(1, len(day_slots) + 1):
                for q in itertools.combinations(day_slots, r):
                    qs = set(q)
                    rhs = 0
                    for f in pool:
                        free = sum(1 for s in prep.fac_slots[f.id] if s in qs)
                        rhs += min(free, prep.lead_day_cap(f, d)) if free else 0
                    terms = [v for s in q for v in by_slot[s]]
                    if sum(self._ub[v.index] for v in terms) > rhs:
                        m.add(sum(terms) <= rhs)

    def add_even_sizes(self) -> None:
        """Phase 5 variables: per unit, the largest and smallest new session.

        Sizes now matter, so staff per session are made explicit too, keeping the mix shortfall
        found in phase 3 (the per-session shortfall can only be larger than the per-slot one).
        """
        m = self.m
        p = self.prep.problem
        per_session = []
        for pair in self.pairs.values():
            unit = p.unit_by_id[pair.unit]
            staff_x = [v for person, v in pair.people if person.is_staff]
            sts = []
            for x in pair.sessions:
                st = m.new_int_var(0, x.capacity, f"staff[{x.unit},{x.slot},{x.type_index},{x.j}]")
                m.add(st <= x.size)
                self.staff_vars[id(x)] = st
                sts.append(st)
                if unit.min_staff:
                    v = m.new_int_var(0, unit.min_staff, "")
                    m.add(v >= unit.min_staff * x.open - st)
                    per_session.append(v)
                if unit.min_residents:
                    v = m.new_int_var(0, unit.min_residents, "")
                    m.add(v >= unit.min_residents * x.open - (x.size - st))
                    per_session.append(v)
            if sts:
                m.add(sum(sts) == sum(staff_x))
        m.add(cp_model.LinearExpr.sum(per_session) <= self.shortfall)
        spreads = []
        units: dict[str, list[_Session]] = defaultdict(list)
        for pair in self.pairs.values():
            units[pair.unit].extend(pair.sessions)
        for u, sessions in units.items():
            if len(sessions) < 2:
                continue
            cap = max(x.capacity for x in sessions)
            hi = m.new_int_var(0, cap, f"largest[{u}]")
            lo = m.new_int_var(0, cap, f"smallest[{u}]")
            m.add(lo <= hi)
            for x in sessions:
                m.add(hi >= x.size)
                m.add(lo <= x.size + cap * (1 - x.open))
            # Redundant: k * largest >= people >= k * smallest (k = the unit's sessions).
            k = m.new_int_var(0, len(sessions), f"k[{u}]")
            m.add(k == sum(x.open for x in sessions))
            total = m.new_int_var(0, cap * len(sessions), f"n[{u}]")
            m.add(total == sum(x.size for x in sessions))
            khi = m.new_int_var(0, cap * len(sessions), "")
            klo = m.new_int_var(0, cap * len(sessions), "")
            m.add_multiplication_equality(khi, [k, hi])
            m.add_multiplication_equality(klo, [k, lo])
            m.add(khi >= total)
            m.add(klo <= total)
            spreads.append(hi - lo)
        self.spread = cp_model.LinearExpr.sum(spreads) if spreads else cp_model.LinearExpr.sum([])

    # --- hints ---------------------------------------------------------------------------------
    def hint_from_plan(self, plan: Plan) -> list[tuple[cp_model.IntVar, int]]:
        """A (partial) hint built from a plan, e.g. the greedy one."""
        p = self.prep.problem
        fixed = set(p.fixed_sessions)
        hints: list[tuple[cp_model.IntVar, int]] = [(v, 0) for v in self.x.values()]
        index = {key: i for i, key in enumerate(self.x)}
        by_pair: dict[tuple[str, str], list[PlannedSession]] = defaultdict(list)
        for s in plan.sessions:
            if s in fixed:
                continue
            by_pair[s.unit, s.slot].append(s)
            for pid in s.people:
                i = index.get((pid, s.unit, s.slot))
                if i is not None:
                    hints[i] = (hints[i][0], 1)
        for key, pair in self.pairs.items():
            plan_sessions = by_pair.get(key, [])
            by_type: dict[int, list[PlannedSession]] = defaultdict(list)
            caps = [rt.capacity for rt in self.prep.room_types[pair.slot]]
            for s in plan_sessions:
                cap = min(p.session_size, p.room_by_id[s.room].capacity)
                by_type[caps.index(cap) if cap in caps else 0].append(s)
            for t in by_type:
                by_type[t].sort(key=lambda s: -len(s.people))
            for sess in pair.sessions:
                lst = by_type.get(sess.type_index, [])
                if sess.j < len(lst):
                    hints += [(sess.open, 1), (sess.size, len(lst[sess.j].people))]
                else:
                    hints += [(sess.open, 0), (sess.size, 0)]
        return hints


def _apply_hint(model: cp_model.CpModel, values: list[int] | None, partial=None) -> None:
    model.proto.clear_solution_hint()
    h = model.proto.solution_hint
    if values is not None:
        h.vars.extend(range(len(values)))
        h.values.extend(values)
    elif partial:
        h.vars.extend(v.index for v, _ in partial)
        h.values.extend(int(val) for _, val in partial)


def _tune(params) -> None:
    # Presolve probing costs seconds on these models and gains little; extra settings for experiments.
    params.cp_model_probing_level = 0
    for item in filter(None, os.environ.get("SOLVER_PARAMS", "").split(",")):
        key, value = item.split("=")
        setattr(params, key, type(getattr(params, key))(eval(value)))  # noqa: S307 (developer knob)


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, emit: Callable[[int, float], None]):
        super().__init__()
        self._emit = emit

    def on_solution_callback(self) -> None:
        try:
            self._emit(int(round(self.objective_value)), self.best_objective_bound)
        except Exception:  # a failing progress reporter must not stop the solve
            log.exception("progress callback failed")


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    progress: Progress | None = None,
) -> Plan:
    """Plan sessions for `problem` with CP-SAT within about `time_limit` seconds."""
    t0 = time.perf_counter()
    prep = Prepared(problem)
    bounds = compute_bounds(problem, prep)
    fixed_n = len(problem.fixed_sessions)
    last_emit = [0.0]

    def report(event: dict, force: bool = False) -> None:
        if progress is None:
            return
        now = time.perf_counter()
        if not force and now - last_emit[0] < 0.2:
            return
        last_emit[0] = now
        event.setdefault("seconds", round(now - t0, 2))
        try:
            progress(event)
        except Exception:
            log.exception("progress callback failed")

    report(
        {
            "phase": "bounds",
            "phase_index": 0,
            "event": "end",
            "best": None,
            "bound": bounds.total,
            "gap": None,
        },
        force=True,
    )
    greedy = greedy_plan(problem)
    if not prep.placeable:
        return _finish(prep, bounds, [], {}, greedy_fallback=None, t0=t0, phases=[], proven=True)

    model = _Model(prep, bounds)
    m = model.m
    hint_values: list[int] | None = None
    hint_partial = model.hint_from_plan(greedy)
    phase_info: list[dict] = []
    all_proven = True
    placed_value = 0
    placed_bound = len(prep.placeable)
    session_bound = 0.0

    active = [ph for ph in PHASES if ph[0] != "kept" or model.kept is not None]
    weights_left = sum(ph[4] for ph in active)
    deadline = t0 + max(0.5, time_limit)
    solution: list[int] | None = None

    for key, name, index, sense, weight in active:
        if key == "even":
            model.add_even_sizes()
        expr = {
            "placed": model.placed,
            "kept": model.kept,
            "sessions": model.n_sessions,
            "mix": model.shortfall,
            "co": model.co_sessions,
            "even": model.spread,
            "prefers": model.prefers,
        }[key]
        remaining = deadline - time.perf_counter()
        budget = max(0.2, remaining * weight / weights_left)
        weights_left -= weight
        offset = fixed_n if key == "sessions" else 0

        # Trivial proofs: the bound is already met by the hint, nothing to optimise.
        if sense == "max":
            m.maximize(expr)
        else:
            m.minimize(expr)
        _apply_hint(m, hint_values, hint_partial)

        def emit(value: int, bound: float, _name=name, _index=index, _off=offset, _key=key):
            b = bound
            if _key == "sessions":
                b = max(bound, bounds.new_sessions if placed_value >= len(prep.placeable) else 0)
            report(
                {
                    "phase": _name,
                    "phase_index": _index,
                    "event": "solution",
                    "best": value + _off,
                    "bound": int(
                        math.ceil(b - 1e-6)
                        if _key in ("sessions", "mix", "even")
                        else math.floor(b + 1e-6)
                    )
                    + _off,
                    "gap": abs(int(round(b)) - value),
                }
            )

        placed_all = placed_value >= len(prep.placeable)
        report(
            {
                "phase": name,
                "phase_index": index,
                "event": "start",
                "best": None,
                "bound": None,
                "gap": None,
            },
            force=True,
        )
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = budget
        solver.parameters.num_workers = max(1, int(workers))
        solver.parameters.log_search_progress = bool(os.environ.get("SOLVER_LOG"))
        _tune(solver.parameters)
        status = solver.solve(m, _Callback(emit) if progress else None)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # No solution within the time (should not happen: the hint is a solution).
            all_proven = False
            phase_info.append(
                {
                    "phase": name,
                    "phase_index": index,
                    "value": None,
                    "bound": None,
                    "optimal": False,
                    "seconds": round(solver.wall_time, 3),
                }
            )
            if solution is None:
                return _fallback(greedy, bounds, t0)
            continue
        value = int(round(solver.objective_value))
        bound = solver.best_objective_bound
        proven = status == cp_model.OPTIMAL
        solution = list(solver.response_proto.solution)
        hint_values = solution
        hint_partial = None
        if key == "placed":
            placed_value = value
            placed_bound = min(len(prep.placeable), int(math.floor(bound + 1e-6)))
            proven = proven or value >= len(prep.placeable)
            if value >= len(prep.placeable):
                # Everyone placeable is placed in every later phase: the per-unit bounds apply.
                for u, ub in bounds.units.items():
                    opens = model.sessions_by_unit.get(u, [])
                    if ub.lower_bound and opens:
                        m.add(sum(opens) >= ub.lower_bound)
                if bounds.new_sessions:
                    m.add(model.n_sessions >= bounds.new_sessions)
        if key == "sessions":
            cp_bound = int(math.ceil(bound - 1e-6))
            session_bound = max(
                cp_bound, bounds.new_sessions if placed_value >= len(prep.placeable) else 0
            )
            if value <= session_bound:
                proven = True
        all_proven = all_proven and proven
        if proven:
            m.add(expr == value)
        elif sense == "max":
            m.add(expr >= value)
        else:
            m.add(expr <= value)
        info = {
            "phase": name,
            "phase_index": index,
            "value": value + offset,
            "bound": (session_bound if key == "sessions" else int(round(bound))) + offset,
            "optimal": proven,
            "seconds": round(solver.wall_time, 3),
        }
        phase_info.append(info)
        report(
            {
                **info,
                "event": "end",
                "best": info["value"],
                "gap": abs(info["bound"] - info["value"]),
            },
            force=True,
        )

    assert solution is not None
    plan = _finish(
        prep,
        bounds,
        solution,
        {
            "model": model,
            "placed_value": placed_value,
            "placed_bound": placed_bound,
            "session_bound": session_bound,
        },
        greedy_fallback=greedy,
        t0=t0,
        phases=phase_info,
        proven=all_proven,
    )
    report(
        {
            "phase": "done",
            "phase_index": 7,
            "event": "end",
            "best": len(plan.sessions),
            "bound": plan.lower_bound,
            "gap": plan.gap,
            "status": plan.status,
        },
        force=True,
    )
    return plan


def _fallback(greedy: Plan, bounds: Bounds, t0: float) -> Plan:
    """CP-SAT found nothing in time: return the greedy plan (valid, not optimised)."""
    greedy.solve_seconds = time.perf_counter() - t0
    return greedy


def _finish(prep, bounds, solution, info, *, greedy_fallback, t0, phases, proven) -> Plan:
    p = prep.problem
    sessions: list[PlannedSession] = list(p.fixed_sessions)
    if solution:
        sessions += _extract(prep, info["model"], solution)
    placed = {pid for s in sessions for pid in s.people}
    st = plan_state(prep, sessions)
    unplaced = [Unplaced(x.id, no_candidate_reason(prep, x)) for x in prep.unplaceable]
    unplaced += [
        Unplaced(x.id, unplaced_reason(prep, x, st)) for x in prep.placeable if x.id not in placed
    ]
    n_placeable = len(prep.placeable)
    placed_all = n_placeable == 0 or info.get("placed_value", 0) >= n_placeable
    if not unplaced:
        status = STATUS_OPTIMAL if proven else STATUS_FEASIBLE
    elif bounds.proven_infeasible or info.get("placed_bound", n_placeable) < n_placeable:
        status = STATUS_INFEASIBLE
    else:
        status = STATUS_UNKNOWN
    fixed_n = len(p.fixed_sessions)
    if placed_all:
        lb = max(bounds.total, fixed_n + info.get("session_bound", 0))
    else:
        lb = fixed_n + info.get("session_bound", 0)
    lb = min(lb, len(sessions)) if proven and placed_all else lb
    objective = plan_objective(p, sessions, unplaced)
    return Plan(
        status=status,
        lower_bound=int(lb),
        objective=objective,
        sessions=sessions,
        unplaced=unplaced,
        solve_seconds=time.perf_counter() - t0,
        bounds=bounds.to_dict(),
        phases=phases,
    )


def _extract(prep: Prepared, model: _Model, sol: list[int]) -> list[PlannedSession]:
    """Turn the solution vector into concrete sessions: rooms, people, lead and co-trainers."""
    p = prep.problem

    def val(v) -> int:
        return sol[v.index]

    # Open sessions with their quotas, and people per (unit, slot).
    open_sessions: dict[tuple[str, str], list[_Session]] = {}
    people_at: dict[tuple[str, str], list] = {}
    for key, pair in model.pairs.items():
        opened = [x for x in pair.sessions if val(x.open)]
        if not opened:
            continue
        open_sessions[key] = opened
        people_at[key] = [person for person, v in pair.people if val(v)]

    # People: split each (unit, slot) between its sessions; people who were together in a published
    # session stay together where the counts allow.
    current = p.current
    room_of: dict[int, str] = {}  # id(_Session) -> room
    members: dict[int, list[str]] = {}
    for key, opened in open_sessions.items():
        unit = p.unit_by_id[key[0]]

        def by_current_room(person, _key=key):
            ref = current.get(person.id)
            return (0, ref.room, person.id) if ref and (ref.unit, ref.slot) == _key else (1, "", "")

        people = sorted(people_at[key], key=by_current_room)
        staff = [x.id for x in people if x.is_staff]
        residents = [x.id for x in people if not x.is_staff]
        if model.staff_vars:
            sizes = [val(x.size) for x in opened]
            counts = [val(model.staff_vars[id(x)]) for x in opened]
        else:
            sizes = even_sizes(len(people), [x.capacity for x in opened])
            counts = mix_counts(
                sizes, len(staff), len(residents), unit.min_staff, unit.min_residents
            )
        for x, group in zip(opened, split_people(sizes, staff, residents, counts), strict=True):
            members[id(x)] = group
    by_slot_type: dict[tuple[str, int], list[_Session]] = defaultdict(list)
    for opened in open_sessions.values():
        for x in opened:
            by_slot_type[x.slot, x.type_index].append(x)
    for (s, t), lst in by_slot_type.items():
        free = list(prep.room_types[s][t].rooms)
        wanted: dict[int, str | None] = {}
        for x in lst:
            rooms = [current[pid].room for pid in members[id(x)] if pid in current]
            wanted[id(x)] = max(set(rooms), key=rooms.count) if rooms else None
        for x in lst:
            w = wanted[id(x)]
            if w in free:
                room_of[id(x)] = w
                free.remove(w)
        for x in lst:
            if id(x) not in room_of:
                room_of[id(x)] = free.pop(0)

    leads = _assign_facilitators(prep, model, sol, "lead", open_sessions)
    cos = _assign_facilitators(prep, model, sol, "co", open_sessions)
    out = []
    for key, opened in open_sessions.items():
        lead_list = leads.get(key, [])
        co_list = cos.get(key, [])
        assert len(lead_list) == len(opened), (key, lead_list, len(opened))
        for i, x in enumerate(opened):
            out.append(
                PlannedSession(
                    unit=x.unit,
                    slot=x.slot,
                    room=room_of[id(x)],
                    lead=lead_list[i],
                    co=co_list[i] if i < len(co_list) else None,
                    people=tuple(members[id(x)]),
                )
            )
    out.sort(key=lambda s: (prep.slot_index[s.slot], s.unit, s.room))
    return out


def _assign_facilitators(prep, model, sol, role, open_sessions) -> dict[tuple[str, str], list[str]]:
    """Facilitator ids per (unit, slot): explicit ones from the solution, pool ones by max-flow."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    pool = model.lead_pool if role == "lead" else model.co_pool
    demand: dict[str, list[tuple[tuple[str, str], int]]] = defaultdict(list)
    for key, pair in model.pairs.items():
        if key not in open_sessions:
            continue
        for f, v in pair.lead_vars if role == "lead" else pair.co_vars:
            if sol[v.index]:
                out[key].append(f.id)
        pv = pair.lead_pool if role == "lead" else pair.co_pool
        if pv is not None and sol[pv.index]:
            demand[pair.slot].append((key, sol[pv.index]))
    if not demand:
        return out
    for d, day_slots in prep.days.items():
        day_slots = [s for s in day_slots if s in demand]
        if not day_slots:
            continue
        flow = max_flow.SimpleMaxFlow()
        source, sink = 0, 1
        slot_node = {s: 2 + i for i, s in enumerate(day_slots)}
        fac_node = {f.id: 2 + len(day_slots) + i for i, f in enumerate(pool)}
        for s in day_slots:
            flow.add_arc_with_capacity(source, slot_node[s], sum(n for _, n in demand[s]))
        arcs = []
        for f in pool:
            free = [s for s in prep.fac_slots[f.id] if s in slot_node]
            if not free:
                continue
            for s in free:
                arcs.append((flow.add_arc_with_capacity(slot_node[s], fac_node[f.id], 1), s, f.id))
            flow.add_arc_with_capacity(
                fac_node[f.id], sink, min(len(free), prep.lead_day_cap(f, d))
            )
        total = sum(n for s in day_slots for _, n in demand[s])
        if flow.solve(source, sink) != flow.OPTIMAL or flow.optimal_flow() != total:
            raise RuntimeError(f"internal error: cannot match pool {role} trainers on {d}")
        given: dict[str, list[str]] = defaultdict(list)
        for arc, s, fid in arcs:
            if flow.flow(arc):
                given[s].append(fid)
        for s in day_slots:
            for key, n in demand[s]:
                out[key].extend(given[s][:n])
                given[s] = given[s][n:]
    return out
