"""The CP-SAT model and the phase runner (a lexicographic objective, one phase at a time).

Model (for "new" sessions; fixed sessions are taken out of the resources beforehand, see prepare.py):

* x[p, u, s]    person p attends a session of unit u in slot s; only where p is available, u is one of
                p's units and the slot has a free room and a lead trainer who serves u.
* used[u, s]    unit u holds at least one session in slot s; x[p, u, s] => used[u, s] (the
                disaggregated link of facility location, for a strong LP bound). Floor staff of u in s
                <= allowance * used[u, s].
* sessions      per (unit, slot, room type): the free rooms of a slot are grouped by effective capacity
                min(capacity, session size), which removes the symmetry between equal rooms. A type
                has ordered flags open[j] (j + 1 sessions or more) and one count n of people in those
                sessions (split evenly between them afterwards). People are interchangeable within a
                unit and slot for every hard rule, so rooms and members are dealt out afterwards.
* mix           counted per (unit, slot): with k sessions there the best split leaves
                max(0, k*min_staff - staff) + max(0, k*min_residents - residents), exactly (as long as
                min_staff + min_residents fits in a session).
* trainers      explicit variables for lead (or co-) trainers restricted to some units; those who serve
                every unit form a pool, modelled by counts with exact Hall (cut) conditions per day and
                matched to sessions afterwards by max-flow.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .clock import clock
from .extract import extract_sessions
from .metrics import even_split_mix
from .model import Facilitator, PlannedSession
from .prepare import Prepared

log = logging.getLogger(__name__)


@dataclass
class _Session:
    """The j-th possible session of a (unit, slot, room type); `people` is shared by the type."""

    unit: str
    slot: str
    type_index: int
    capacity: int
    j: int
    open: cp_model.IntVar
    people: cp_model.IntVar  # people in all sessions of this (unit, slot, type)


@dataclass
class _Pair:
    unit: str
    slot: str
    people: list = field(default_factory=list)  # [(Person, var)]
    sessions: list[_Session] = field(default_factory=list)
    used: cp_model.IntVar | None = None
    lead_vars: list = field(default_factory=list)  # [(Facilitator, var)]
    lead_pool: cp_model.IntVar | None = None
    co_vars: list = field(default_factory=list)
    co_pool: cp_model.IntVar | None = None

    def n_open(self):
        return cp_model.LinearExpr.sum([s.open for s in self.sessions])


class Model:
    """The CP-SAT model of a (sub-)problem. `count_ids`: whose placement phase 1 counts (default all)."""

    def __init__(self, prep: Prepared, *, count_ids: set[str] | None = None):
        self.prep = prep
        p = prep.problem
        single_unit = len(p.units) == 1
        self.m = m = cp_model.CpModel()
        self.x: dict[tuple[str, str, str], cp_model.IntVar] = {}
        self._ub: dict[int, int] = {}
        self.pairs: dict[tuple[str, str], _Pair] = {}
        counted = []
        self.counted_terms: list[list] = []
        self.all_placed_required = False
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
            if count_ids is None or person.id in count_ids:
                counted.extend(terms)
                self.counted_terms.append(terms)
        self.n_counted = sum(1 for x in prep.placeable if count_ids is None or x.id in count_ids)
        self.exprs: dict[str, cp_model.LinearExprT] = {}
        self.terms: dict[str, list] = {"placed": counted}
        self.exprs["placed"] = cp_model.LinearExpr.sum(counted)

        exact_pool = all(len(v) <= clock().config.max_exact_pool_slots for v in prep.days.values())
        self.lead_pool = [f for f in prep.leads if f.units is None] if exact_pool else []
        # Co-trainers who serve every unit and share the most common weight form the pool (pooled
        # trainers are counted, not named, so they must be interchangeable).
        weights = [f.weight for f in prep.cos if f.units is None]
        self.co_pool_weight = max(set(weights), key=lambda w: (weights.count(w), -w), default=1)
        self.co_pool = (
            [f for f in prep.cos if f.units is None and f.weight == self.co_pool_weight]
            if exact_pool
            else []
        )

        self.mix_exact = True
        short: list = []
        no_res: list = []
        no_staff: list = []
        self.apart_vars: dict[tuple[str, int], cp_model.IntVar] = {}  # (person, id(session))
        for (u, s), pair in self.pairs.items():
            unit = p.unit_by_id[u]
            n = len(pair.people)
            leads_u = sum(1 for f in prep.leads_at[s] if f.serves(u))
            counts = []
            types = list(enumerate(prep.room_types[s]))
            if single_unit:
                # With one unit, a smaller room is never needed while enough bigger ones are free.
                need = min(sum(rt.count for _, rt in types), leads_u, n)
                kept, have = [], 0
                for t, rt in types:
                    if have >= need:
                        break
                    kept.append((t, rt))
                    have += rt.count
                types = kept
            for t, rt in types:
                cap = rt.capacity
                if unit.min_staff + unit.min_residents > cap:
                    self.mix_exact = False
                # Two sessions of one type that could be merged never both appear in a plan with the
                # fewest sessions, so at most one of them is at most half full.
                cmax = min(rt.count, leads_u, n, (2 * n) // (cap + 1) + 1)
                if cmax == 0:
                    continue
                cnt = m.new_int_var(0, min(n, cap * cmax), f"n[{u},{s},{t}]")
                counts.append(cnt)
                opens = []
                for j in range(cmax):
                    o = m.new_bool_var(f"open[{u},{s},{t},{j}]")
                    if opens:
                        m.add_implication(o, opens[-1])
                    opens.append(o)
                    pair.sessions.append(_Session(u, s, t, cap, j, o, cnt))
                m.add(cnt <= cap * sum(opens))
                m.add(cnt >= sum(opens))
            xs = [v for _, v in pair.people]
            m.add(sum(counts) == sum(xs))
            if len(types) == 1:
                used = pair.sessions[0].open  # the first session is open exactly when used
            else:
                used = m.new_bool_var(f"used[{u},{s}]")
            pair.used = used
            m.add(used <= pair.n_open())
            for sess in pair.sessions:
                if sess.open is not used:
                    m.add_implication(sess.open, used)
            for v in xs:
                m.add_implication(v, used)
            floor_x = [v for person, v in pair.people if person.is_floor]
            if floor_x:
                m.add(sum(floor_x) <= min(prep.allowance[u, s], len(floor_x)) * used)
            self._joint_and_mix(pair, unit, no_res, no_staff, short)
            self._apart(pair)
        self.terms["no_resident"] = no_res
        self.exprs["no_resident"] = cp_model.LinearExpr.sum(no_res)
        self.terms["no_staff"] = no_staff
        self.exprs["no_staff"] = cp_model.LinearExpr.sum(no_staff)
        self.terms["mix"] = short
        self.exprs["mix"] = cp_model.LinearExpr.sum(short)
        self._no_overlap()

        by_slot_type: dict[tuple[str, int], list] = defaultdict(list)
        self.sessions_by_unit: dict[str, list] = defaultdict(list)
        for pair in self.pairs.values():
            for sess in pair.sessions:
                by_slot_type[sess.slot, sess.type_index].append(sess.open)
                self.sessions_by_unit[pair.unit].append(sess.open)
        for (s, t), opens in by_slot_type.items():
            if len(opens) > prep.room_types[s][t].count:
                m.add(sum(opens) <= prep.room_types[s][t].count)
        self.terms["sessions"] = [x.open for pair in self.pairs.values() for x in pair.sessions]
        self.exprs["sessions"] = cp_model.LinearExpr.sum(self.terms["sessions"])

        self._facilitators(prep.leads, self.lead_pool, "lead")
        for pair in self.pairs.values():
            terms = [v for _, v in pair.lead_vars]
            if pair.lead_pool is not None:
                terms.append(pair.lead_pool)
            m.add(sum(terms) == pair.n_open())
        self._facilitators(prep.cos, self.co_pool, "co")
        co_terms = []
        for pair in self.pairs.values():
            terms = [v for _, v in pair.co_vars]
            if pair.co_pool is not None:
                terms.append(pair.co_pool)
            if terms:
                m.add(sum(terms) <= pair.n_open())
                # Weighted count (contract version 2): the pool shares one weight.
                weights = [f.weight for f, _ in pair.co_vars] + (
                    [self.co_pool_weight] if pair.co_pool is not None else []
                )
                if all(w == 1 for w in weights):
                    co_terms.extend(terms)
                else:
                    top = sum(
                        w * self._ub.get(v.index, 1) for w, v in zip(weights, terms, strict=True)
                    )
                    wv = m.new_int_var(0, max(0, top), f"co_weight[{pair.unit},{pair.slot}]")
                    m.add(wv == cp_model.LinearExpr.weighted_sum(terms, weights))
                    co_terms.append(wv)
        self.terms["co"] = co_terms
        self.exprs["co"] = cp_model.LinearExpr.sum(co_terms)

        pref = []
        kept = []
        for person in prep.placeable:
            if person.prefers:
                wanted = set(person.prefers)
                pref.extend(
                    self.x[person.id, u, s] for u, s in prep.candidates[person.id] if s in wanted
                )
            ref = p.current.get(person.id)
            if ref is not None and (person.id, ref.unit, ref.slot) in self.x:
                kept.append(self.x[person.id, ref.unit, ref.slot])
        self.terms["prefers"] = pref
        self.exprs["prefers"] = cp_model.LinearExpr.sum(pref)
        self.prefers_possible = sum(
            1
            for person in prep.placeable
            if person.prefers and set(person.prefers) & {s for _, s in prep.candidates[person.id]}
        )
        self.terms["kept"] = kept
        self.exprs["kept"] = cp_model.LinearExpr.sum(kept)
        self.n_current = sum(1 for person in prep.placeable if person.id in p.current)
        self.objective_vars: dict[str, cp_model.IntVar] = {}
        clock().charge_build(len(m.proto.variables) + len(m.proto.constraints))

    def _joint_and_mix(self, pair: _Pair, unit, no_res: list, no_staff: list, short: list) -> None:
        """Per (unit, slot) with k sessions, S staff and R residents there (the split between the
        sessions is even, see split.py):

        * sessions without a resident: max(0, k - R), and without staff: max(0, k - S), exactly;
        * mix: the least sum of squared shortfalls, f_k(S) + f_k(R), where f_k(n) spreads n people
          evenly over k sessions (metrics.even_split_mix). f_k is convex in n, so the linear cuts
          through consecutive integer points, each enforced when exactly k sessions are open,
          describe it exactly at integer values.
        """
        m = self.m
        u, s = pair.unit, pair.slot
        k = pair.n_open()
        n_max = len(pair.sessions)
        staff_x = [v for person, v in pair.people if person.is_staff]
        res_x = [v for person, v in pair.people if not person.is_staff]
        for xs, out, name in ((res_x, no_res, "no_res"), (staff_x, no_staff, "no_staff")):
            v = m.new_int_var(0, n_max, f"{name}[{u},{s}]")
            m.add(v >= k - sum(xs))
            out.append(v)
        if not (unit.min_staff or unit.min_residents):
            return
        exactly = [m.new_bool_var(f"k[{u},{s}]={j}") for j in range(n_max + 1)]
        m.add_exactly_one(exactly)
        m.add(k == sum(j * e for j, e in enumerate(exactly)))
        for minimum, xs, name in (
            (unit.min_staff, staff_x, "st"),
            (unit.min_residents, res_x, "re"),
        ):
            if not minimum:
                continue
            top = n_max * minimum * minimum
            sq = m.new_int_var(0, top, f"mix_{name}[{u},{s}]")
            count = sum(xs)
            for j in range(1, n_max + 1):
                f = [even_split_mix(minimum, r, j) for r in range(minimum * j + 1)]
                for r in range(minimum * j):
                    slope = f[r + 1] - f[r]  # <= 0, rising towards 0
                    m.add(sq >= f[r] + slope * (count - r)).only_enforce_if(exactly[j])
            short.append(sq)

    def _apart(self, pair: _Pair) -> None:
        """People with an `apart` rule get a session of their own within the (unit, slot), so two
        who must be kept apart never share one; everyone else stays interchangeable (the compact
        model and its proofs are unchanged for them)."""
        apart_of = self.prep.problem.apart_of
        here = [(person, v) for person, v in pair.people if person.id in apart_of]
        if len(here) < 2:
            return
        ids = {person.id for person, _ in here}
        if not any(apart_of[pid] & ids for pid in ids):
            return
        m = self.m
        for person, x in here:
            ys = []
            for sess in pair.sessions:
                y = m.new_bool_var(
                    f"in[{person.id},{pair.unit},{pair.slot},{sess.type_index},{sess.j}]"
                )
                m.add_implication(y, sess.open)
                self.apart_vars[person.id, id(sess)] = y
                ys.append(y)
            m.add(sum(ys) == x)
        for sess in pair.sessions:
            for person, _ in here:
                for other in apart_of[person.id] & ids:
                    if person.id < other:
                        a = self.apart_vars[person.id, id(sess)]
                        b = self.apart_vars[other, id(sess)]
                        m.add_bool_or([a.Not(), b.Not()])
            ys = [self.apart_vars[person.id, id(sess)] for person, _ in here]
            m.add(sum(ys) <= sess.capacity)

    def _no_overlap(self) -> None:
        """Pairs of (virtual) people who must never be in sessions at the same time (someone who
        attends each of their units, split into one person per unit; see expand.py)."""
        prep = self.prep
        pairs = getattr(prep.problem, "no_overlap", ())
        if not pairs:
            return
        starts = {sl.id: sl.start for sl in prep.problem.slots}
        minutes = prep.problem.session_minutes * 60
        by_person: dict[str, list] = defaultdict(list)
        for (pid, _u, s), v in self.x.items():
            by_person[pid].append((s, v))
        for a, b in pairs:
            for sa, va in by_person.get(a, []):
                for sb, vb in by_person.get(b, []):
                    if abs((starts[sa] - starts[sb]).total_seconds()) < minutes:
                        self.m.add_bool_or([va.Not(), vb.Not()])

    def _facilitators(self, facs: list[Facilitator], pool: list[Facilitator], role: str) -> None:
        prep, m = self.prep, self.m
        pool_ids = {f.id for f in pool}
        unit_ids = [u.id for u in prep.problem.units]
        for f in facs:
            if f.id in pool_ids:
                continue
            per_day: dict = defaultdict(list)
            for s in prep.fac_slots[f.id]:
                at_slot = []
                for u in f.units if f.units is not None else unit_ids:
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
        pool_at = {s: sum(1 for f in pool if s in prep.fac_slots[f.id]) for s in prep.slots}
        by_slot: dict[str, list] = defaultdict(list)
        for pair in self.pairs.values():
            if pool_at[pair.slot] and pair.sessions:
                ub = min(pool_at[pair.slot], len(pair.sessions))
                v = m.new_int_var(0, ub, f"{role}_pool[{pair.unit},{pair.slot}]")
                self._ub[v.index] = ub
                if role == "lead":
                    pair.lead_pool = v
                else:
                    pair.co_pool = v
                by_slot[pair.slot].append(v)
        for d, day_slots in prep.days.items():
            day_slots = [s for s in day_slots if by_slot.get(s)]
            for r in range(1, len(day_slots) + 1):
                for q in itertools.combinations(day_slots, r):
                    rhs = 0
                    for f in pool:
                        free = sum(1 for s in q if s in prep.fac_slots[f.id])
                        rhs += min(free, prep.lead_day_cap(f, d))
                    terms = [v for s in q for v in by_slot[s]]
                    if sum(self._ub[v.index] for v in terms) > rhs:
                        m.add(sum(terms) <= rhs)

    def value(self, key: str, sol: list[int]) -> int | None:
        """A phase objective's value in a solution vector (None when it cannot be read off)."""
        terms = self.terms.get(key)
        if terms is None or any(v.index >= len(sol) for v in terms):
            return None
        return sum(sol[v.index] for v in terms)

    def require_all_placed(self) -> None:
        """Everyone counted must be placed: exactly-one constraints (much better than a sum)."""
        if not self.all_placed_required:
            for terms in self.counted_terms:
                self.m.add_exactly_one(terms)
            self.all_placed_required = True

    def expr(self, key: str):
        if key == "even" and "even" not in self.exprs:
            self._add_even_sizes()
        return self.exprs[key]

    def _add_even_sizes(self) -> None:
        """Phase 5: per unit, largest minus smallest new session (sessions of one unit, slot and
        room type share their people evenly: with k of them and n people, sizes are ceil(n/k) and
        floor(n/k))."""
        m = self.m
        units: dict[str, list[_Session]] = defaultdict(list)
        for pair in self.pairs.values():
            units[pair.unit].extend(pair.sessions)
        spreads = []
        for u, sessions in units.items():
            if len(sessions) < 2:
                continue
            cap = max(x.capacity for x in sessions)
            hi = m.new_int_var(0, cap, f"largest[{u}]")
            lo = m.new_int_var(0, cap, f"smallest[{u}]")
            m.add(lo <= hi)
            groups: dict[tuple[str, int], list[_Session]] = defaultdict(list)
            for x in sessions:
                groups[x.slot, x.type_index].append(x)
            for group in groups.values():
                for j, x in enumerate(group):
                    exactly = [x.open] + ([group[j + 1].open.Not()] if j + 1 < len(group) else [])
                    m.add((j + 1) * hi >= x.people).only_enforce_if(exactly)
                    m.add((j + 1) * lo <= x.people).only_enforce_if(exactly)
            # Redundant: k * largest >= people in the unit's sessions >= k * smallest.
            k = m.new_int_var(0, len(sessions), f"k[{u}]")
            m.add(k == sum(x.open for x in sessions))
            total = m.new_int_var(0, cap * len(sessions), f"total[{u}]")
            m.add(total == sum(group[0].people for group in groups.values()))
            khi = m.new_int_var(0, cap * len(sessions), "")
            klo = m.new_int_var(0, cap * len(sessions), "")
            m.add_multiplication_equality(khi, [k, hi])
            m.add_multiplication_equality(klo, [k, lo])
            m.add(khi >= total)
            m.add(klo <= total)
            spreads.append(hi - lo)
        self.exprs["even"] = cp_model.LinearExpr.sum(spreads)

    def objective_var(self, key: str) -> cp_model.IntVar:
        """An integer variable equal to a phase's objective (so its value can be read and fixed)."""
        if key not in self.objective_vars:
            v = self.m.new_int_var(-(10**7), 10**7, f"objective[{key}]")
            self.m.add(v == self.expr(key))
            self.objective_vars[key] = v
        return self.objective_vars[key]

    # --- hints ---------------------------------------------------------------------------------
    def hint_from_sessions(self, sessions: list[PlannedSession]) -> list[tuple]:
        """A partial hint from concrete sessions (e.g. the greedy plan or a per-unit solution)."""
        p = self.prep.problem
        fixed = set(p.fixed_sessions)
        hints: dict[int, tuple] = {v.index: (v, 0) for v in self.x.values()}
        by_pair: dict[tuple[str, str], list[PlannedSession]] = defaultdict(list)
        for s in sessions:
            if s in fixed:
                continue
            by_pair[s.unit, s.slot].append(s)
            for pid in s.people:
                v = self.x.get((pid, s.unit, s.slot))
                if v is not None:
                    hints[v.index] = (v, 1)
        for key, pair in self.pairs.items():
            types = {x.type_index: x.capacity for x in pair.sessions}
            by_type: dict[int, list[int]] = defaultdict(list)
            mine = by_pair.get(key, [])
            for s in mine:
                room = p.room_by_id.get(s.room)
                cap = min(p.session_size, room.capacity) if room else p.session_size
                size = len(s.people)
                fitting = [t for t, c in types.items() if c >= size]
                if not types:
                    continue
                t = next((t for t, c in types.items() if c == cap), None)
                if t is None:
                    t = min(fitting, key=types.get) if fitting else max(types, key=types.get)
                by_type[t].append(size)
            used = 0
            for sess in pair.sessions:
                sizes = by_type.get(sess.type_index, [])
                hints[sess.open.index] = (sess.open, int(sess.j < len(sizes)))
                hints[sess.people.index] = (sess.people, sum(sizes))
                used = used or int(bool(sizes))
            if pair.used is not None:
                hints[pair.used.index] = (pair.used, used)
            # Trainers: the sessions' own where the model names them, the rest from the pools.
            for attr, pool_attr, var_attr in (("lead", "lead_pool", "lead_vars"),
                                              ("co", "co_pool", "co_vars")):  # fmt: skip
                wanted = [getattr(s, attr) for s in mine if getattr(s, attr)]
                named = 0
                for f, v in getattr(pair, var_attr):
                    on = int(f.id in wanted)
                    hints[v.index] = (v, on)
                    named += on
                pool = getattr(pair, pool_attr)
                if pool is not None:
                    hints[pool.index] = (pool, max(0, len(wanted) - named))
        return list(hints.values())

    def set_hint(self, values: list[int] | None = None, partial: list[tuple] | None = None) -> None:
        self.m.proto.clear_solution_hint()
        h = self.m.proto.solution_hint
        if values is not None:
            n = len(self.m.proto.variables)
            values = list(values[:n])
            h.vars.extend(range(len(values)))
            h.values.extend(values)
        elif partial:
            h.vars.extend(v.index for v, _ in partial)
            h.values.extend(int(val) for _, val in partial)

    def extract(self, sol: list[int]) -> list[PlannedSession]:
        """Concrete sessions from a solution (extract.py)."""
        return extract_sessions(self, sol)
