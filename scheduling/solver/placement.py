"""The most people a plan can place, when rooms and lead trainers cannot take everyone.

Used only when `placement_flow_bound` (bounds.py) already proves that not everyone can be placed. Two
steps, both exact about sessions:

1. **Session model** (`SessionModel`): a small CP-SAT model that chooses how many sessions each
   unit holds in each slot and in rooms of which capacity, with the lead trainers named exactly (a
   lead trainer who serves every unit is counted in a pool per slot, the others are assigned per
   unit; one slot each, their daily limits), and counts `fill[u, s]`, the people of unit u placed
   in slot s: at most the capacity of its sessions there, and at most `reach[u, s]`, the people who
   could come (everyone available then, floor staff only up to the unit's allowance). It also
   keeps every unit's total within its people (and its floor staff within its floor staff). It
   maximises the total fill.

   Why its proven bound is an upper bound on every plan's placement: any plan gives such a choice
   (its sessions per unit, slot and room capacity, its lead trainers, the people it placed per
   unit and slot), and every constraint holds for it. Only one thing is relaxed: a person who could
   come to two (unit, slot) pairs is counted in the reach of both. So no plan places more than the
   model's optimum, and CP-SAT's best bound is at least that optimum even when it is stopped early.

2. **Fill** (`fill_sessions`): with the chosen sessions fixed, a maximum flow places people
   exactly (each person once, floor staff within each allowance, each unit and slot within the
   capacity of its sessions); rooms and trainers are matched by resources.py. When the flow places
   as many as the model's bound, the placement is proven the largest possible.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass

from ortools.graph.python import max_flow
from ortools.sat.python import cp_model

from .bounds import placement_flow_bound
from .clock import clock
from .cpsat import Model
from .model import PlannedSession
from .prepare import Prepared
from .resources import assign_facilitators, assign_rooms
from .search import run_solver


@dataclass
class Placement:
    bound: int  # proven: no plan places more of the placeable people
    sessions: list[PlannedSession]  # a plan placing `placed` people (rooms and trainers matched)
    placed: int
    model_optimal: bool  # the session model was solved to optimality

    @property
    def proven(self) -> bool:
        return self.placed >= self.bound


class SessionModel:
    """The session model (see the module's docstring), kept so that cuts can be added and it can
    be solved again."""

    def __init__(self, prep: Prepared):
        self.prep = prep
        self.who: dict[tuple[str, str], list] = defaultdict(list)  # (unit, slot) -> people
        for person in prep.placeable:
            for u, s in prep.candidates[person.id]:
                self.who[u, s].append(person)
        self.m = m = cp_model.CpModel()
        self.fill: dict[tuple[str, str], cp_model.IntVar] = {}
        self.count: dict[tuple[str, str, int], cp_model.IntVar] = {}
        self.cuts = 0
        by_unit: dict[str, list] = defaultdict(list)
        floor_by_unit: dict[str, list] = defaultdict(list)
        sessions_at: dict[tuple[str, str], list] = defaultdict(list)
        for (u, s), people in sorted(self.who.items()):
            floor = sum(1 for x in people if x.is_floor)
            others = len(people) - floor
            leads_u = sum(1 for f in prep.leads_at[s] if f.serves(u))
            allowed = min(floor, prep.allowance[u, s])
            most = others + allowed
            caps = []
            for rt in prep.room_types[s]:
                k = m.new_int_var(0, min(rt.count, leads_u), f"k[{u},{s},{rt.capacity}]")
                self.count[u, s, rt.capacity] = k
                sessions_at[u, s].append(k)
                # min(capacity, reach): the same bound on every plan (a unit never fills more
                # than its reach), and a much stronger linear relaxation for CP-SAT.
                caps.append(min(rt.capacity, most) * k)
            f_floor = m.new_int_var(0, allowed, f"floor[{u},{s}]")
            f_all = m.new_int_var(0, most, f"fill[{u},{s}]")
            m.add(f_all <= sum(caps))
            m.add(f_all - f_floor <= others)
            self.fill[u, s] = f_all
            by_unit[u].append(f_all)
            floor_by_unit[u].append(f_floor)
        people_of: dict[str, int] = defaultdict(int)
        floor_of: dict[str, int] = defaultdict(int)
        for person in prep.placeable:
            for u in {u for u, _s in prep.candidates[person.id]}:
                people_of[u] += 1
                floor_of[u] += person.is_floor
        for u, terms in by_unit.items():
            m.add(sum(terms) <= people_of[u])
            m.add(sum(floor_by_unit[u]) <= floor_of[u])
        _rooms_and_leads(prep, m, self.count, sessions_at)
        self._pair_cuts(sessions_at)
        total = sum(self.fill.values())
        m.add(total <= len(prep.placeable))
        m.maximize(total)
        clock().charge_build(len(self.fill) * 4 + len(self.count))

    def _pair_cuts(self, sessions_at: dict) -> None:
        """Hall cuts for two slots of one unit whose people overlap so much that the two could not
        both be filled as far as their sessions allow (where shortfalls were found, measured on
        the over-constrained 20-unit programmes: people available at both slots)."""
        size = max(
            (rt.capacity for s in self.prep.slots for rt in self.prep.room_types[s]), default=0
        )
        by_unit: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for pair in sorted(self.fill):
            by_unit[pair[0]].append(pair)
        for pairs in by_unit.values():
            most = {p: min(size, self.reach_of([p])) for p in pairs}
            for i, a in enumerate(pairs):
                for b in pairs[i + 1 :]:
                    limit = self.reach_of([a, b])
                    if limit < most[a] + most[b]:
                        self.m.add(self.fill[a] + self.fill[b] <= limit)
                        self.cuts += 1

    def solve(self, seconds: float, workers: int = 1):
        """(proven upper bound, chosen sessions {(unit, slot, capacity): count}, fill per pair,
        optimal), or None when no solution was found in time."""
        status, solver = _run(self.m, seconds, workers)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        bound = int(solver.best_objective_bound + 1e-6)
        chosen = {key: solver.value(k) for key, k in self.count.items() if solver.value(k)}
        fills = {key: solver.value(f) for key, f in self.fill.items() if solver.value(f)}
        self.m.clear_hints()
        for k in self.count.values():
            self.m.add_hint(k, solver.value(k))
        return bound, chosen, fills, status == cp_model.OPTIMAL

    def reach_of(self, pairs) -> int:
        """Most people a set of (unit, slot) pairs can take together, whatever their sessions:
        the people who could come to one of them, floor staff only up to the allowances' sum."""
        people = {x.id: x for pair in pairs for x in self.who[pair]}
        floor = sum(1 for x in people.values() if x.is_floor)
        allowance = sum(self.prep.allowance[pair] for pair in pairs)
        return len(people) - floor + min(floor, allowance)

    def add_cut(self, pairs, fills: dict) -> bool:
        """Add the Hall inequality sum(fill[pair] for pair in pairs) <= reach_of(pairs), valid for
        every plan (each person counts once), if the last solution breaks it."""
        pairs = sorted(set(pairs))
        limit = self.reach_of(pairs)
        if len(pairs) < 2 or sum(fills.get(p, 0) for p in pairs) <= limit:
            return False
        self.m.add(sum(self.fill[p] for p in pairs) <= limit)
        self.cuts += 1
        return True


def _rooms_and_leads(prep: Prepared, m: cp_model.CpModel, count: dict, sessions_at: dict) -> None:
    """Rooms per slot and capacity; lead trainers named exactly (pool per slot, others per unit)."""
    slots_units: dict[str, list[str]] = defaultdict(list)
    for u, s in sessions_at:
        slots_units[s].append(u)
    for s, units in slots_units.items():
        for rt in prep.room_types[s]:
            ks = [count[u, s, rt.capacity] for u in units if (u, s, rt.capacity) in count]
            m.add(sum(ks) <= rt.count)
    works: dict[tuple[str, str], list] = defaultdict(list)  # (lead, slot) -> literals
    pool_at: dict[str, list] = defaultdict(list)
    own: dict[tuple[str, str], list] = defaultdict(list)  # (unit, slot) -> named leads' literals
    for f in prep.leads:
        for s in prep.fac_slots[f.id]:
            if s not in slots_units:
                continue
            if f.units is None:
                a = m.new_bool_var(f"lead[{f.id},{s}]")
                pool_at[s].append(a)
                works[f.id, s].append(a)
                continue
            for u in slots_units[s]:
                if f.serves(u):
                    b = m.new_bool_var(f"lead[{f.id},{u},{s}]")
                    own[u, s].append(b)
                    works[f.id, s].append(b)
    for lits in works.values():
        if len(lits) > 1:
            m.add(sum(lits) <= 1)
    for s, units in slots_units.items():
        pooled = []
        for u in units:
            q = m.new_int_var(0, len(pool_at[s]), f"pool[{u},{s}]")
            pooled.append(q)
            m.add(sum(sessions_at[u, s]) == sum(own[u, s]) + q)
        m.add(sum(pooled) <= sum(pool_at[s]))
    for f in prep.leads:
        for d, day_slots in prep.days.items():
            lits = [lit for s in day_slots for lit in works.get((f.id, s), ())]
            cap = prep.lead_day_cap(f, d)
            if lits and cap < len(lits):
                m.add(sum(lits) <= cap)


def fill_sessions(
    prep: Prepared, chosen: dict[tuple[str, str, int], int]
) -> tuple[list[PlannedSession], list[tuple[str, str]]]:
    """People placed in the chosen sessions by a maximum flow; rooms and lead trainers matched.

    Also returns the (unit, slot) pairs on the sink side of a minimum cut: the pairs whose people
    ran short (a Hall set for `SessionModel.add_cut`). Sessions left empty are dropped."""
    pair_cap: dict[tuple[str, str], int] = defaultdict(int)
    for (u, s), cap in _pair_caps(chosen).items():
        pair_cap[u, s] = cap
    flow = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    nodes: dict[tuple, int] = {}

    def node(key: tuple) -> int:
        if key not in nodes:
            nodes[key] = len(nodes) + 2
        return nodes[key]

    arcs = []
    for person in prep.placeable:
        options = [(u, s) for u, s in prep.candidates[person.id] if (u, s) in pair_cap]
        if not options:
            continue
        p = node(("p", person.id))
        flow.add_arc_with_capacity(source, p, 1)
        for u, s in options:
            head = node(("floor", u, s)) if person.is_floor else node(("pair", u, s))
            arcs.append((flow.add_arc_with_capacity(p, head, 1), person.id, u, s))
    for (u, s), cap in sorted(pair_cap.items()):
        if ("floor", u, s) in nodes:
            flow.add_arc_with_capacity(
                node(("floor", u, s)), node(("pair", u, s)), prep.allowance[u, s]
            )
        flow.add_arc_with_capacity(node(("pair", u, s)), sink, cap)
    if not arcs or flow.solve(source, sink) != flow.OPTIMAL:
        return [], []
    people: dict[tuple[str, str], list[str]] = defaultdict(list)
    for arc, pid, u, s in arcs:
        if flow.flow(arc):
            people[u, s].append(pid)
    source_side = set(flow.get_source_side_min_cut())
    short = [pair for pair in pair_cap if node(("pair", *pair)) not in source_side]
    return _sessions(prep, chosen, people), short


def _pair_caps(chosen: dict) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = defaultdict(int)
    for (u, s, cap), k in chosen.items():
        out[u, s] += cap * k
    return out


def _sessions(prep: Prepared, chosen: dict, people: dict) -> list[PlannedSession]:
    """Deal each (unit, slot)'s people into its sessions, largest rooms first; match resources."""
    out: list[PlannedSession] = []
    for (u, s), pids in sorted(people.items()):
        caps = sorted(
            (cap for (cu, cs, cap), k in chosen.items() if (cu, cs) == (u, s) for _ in range(k)),
            reverse=True,
        )
        groups: list[list[str]] = [[] for _ in caps]
        i = 0
        for pid in sorted(pids):
            while len(groups[i % len(caps)]) >= caps[i % len(caps)]:
                i += 1
            groups[i % len(caps)].append(pid)
            i += 1
        out.extend(PlannedSession(u, s, "", None, None, tuple(g)) for g in groups if g)
    rooms = assign_rooms(prep, out)
    leads, _missing = assign_facilitators(prep, out, "lead")
    if rooms is None:
        return []
    cos, _ = assign_facilitators(prep, out, "co")
    return [
        PlannedSession(x.unit, x.slot, rooms[i], leads[i], cos.get(i), x.people)
        for i, x in enumerate(out)
        if i in leads
    ]


def best_placement(prep: Prepared, seconds: float, workers: int = 1) -> Placement:
    """The placement bound (the smaller of the flow bound and the session model's) and the best
    plan found. The session model is solved, its sessions filled; while the fill falls short of
    the model (people counted in the reach of two chosen pairs), Hall cuts for the pairs that ran
    short are added and the model is solved again, within `seconds` of the clock in all."""
    flow_bound = placement_flow_bound(prep)
    end = clock().now() + seconds
    model = SessionModel(prep)
    best = Placement(flow_bound, [], 0, False)
    while clock().now() < end and not clock().expired():
        got = model.solve(end - clock().now(), workers)
        if got is None:
            break
        bound, chosen, fills, optimal = got
        sessions, short = fill_sessions(prep, chosen)
        placed = sum(len(x.people) for x in sessions)
        best.bound = min(best.bound, bound)
        best.model_optimal = optimal
        if placed > best.placed:
            best.sessions, best.placed = sessions, placed
        if best.proven or not _add_cuts(model, prep, chosen, fills, short):
            break
    return best


def _add_cuts(model: SessionModel, prep: Prepared, chosen: dict, fills: dict, short: list) -> bool:
    """Hall cuts the last solution breaks: the pairs that ran short, each unit's chosen pairs,
    and each group of chosen pairs that share people."""
    pairs = sorted(_pair_caps(chosen))
    groups = [short]
    by_unit: dict[str, list] = defaultdict(list)
    for pair in pairs:
        by_unit[pair[0]].append(pair)
    groups.extend(by_unit.values())
    owner: dict[str, list] = defaultdict(list)
    for pair in pairs:
        for person in model.who[pair]:
            owner[person.id].append(pair)
    parent = {pair: pair for pair in pairs}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for shared in owner.values():
        for other in shared[1:]:
            parent[root(other)] = root(shared[0])
    components: dict = defaultdict(list)
    for pair in pairs:
        components[root(pair)].append(pair)
    groups.extend(components.values())
    added = False
    for group in groups:
        added = model.add_cut(group, fills) or added
    return added


def whole_model_placement(
    prep: Prepared, seconds: float, hint: list[PlannedSession], workers: int = 1
) -> tuple[int, list[PlannedSession]] | None:
    """The largest placement on the whole compact model (cpsat.py), hinted with `hint`: (proven
    upper bound, sessions), or None without a solution. For programmes small enough for that
    model, where the session model's relaxation of people is too loose: several sessions per unit
    whose people overlap (5-unit over-constrained programme, seed 0: the session model's bound
    stayed at 150 while this model's, at the second linearisation level, was 140). The model
    is exact about people, and its limit on sessions per room type (two that could be merged never
    both appear) never lowers the largest placement, so its bound holds for every plan."""
    model = Model(prep)
    model.m.maximize(model.objective_var("placed"))
    model.set_hint(partial=model.hint_from_sessions(hint))
    status, solver = run_solver(model.m, seconds, workers, params={"linearization_level": 2})
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    bound = int(solver.best_objective_bound + 1e-6)
    return bound, model.extract(list(solver.response_proto.solution))


def restrict(prep: Prepared, pairs: set[tuple[str, str]]) -> Prepared:
    """A copy of `prep` in which people can go only to the given (unit, slot) pairs: every plan of
    it is a plan of the whole problem (used to finish a placement's later phases on a small
    model)."""
    out = copy.copy(prep)
    out.candidates = {
        pid: [c for c in cands if c in pairs] for pid, cands in prep.candidates.items()
    }
    out.placeable = [x for x in prep.to_place if out.candidates[x.id]]
    out.unplaceable = [x for x in prep.to_place if not out.candidates[x.id]]
    return out


def _run(m: cp_model.CpModel, seconds: float, workers: int):
    """`run_solver` with CP-SAT's second linearisation level, which this model needs: with the
    default level and one worker CP-SAT's bound stayed at 426 after two deterministic units on a
    model whose optimum is 180 (10-unit over-constrained instance, seed 1); with level 2 it is
    proven in 0.012 units."""
    return run_solver(m, seconds, workers, params={"linearization_level": 2})
