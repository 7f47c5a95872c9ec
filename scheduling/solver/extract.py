"""From a CP-SAT solution of the compact model (cpsat.py) to concrete sessions."""

from __future__ import annotations

from collections import defaultdict

from ortools.graph.python import max_flow

from .model import Facilitator, PlannedSession
from .prepare import Prepared
from .split import even_sizes, keep_apart, mix_counts, split_people


def extract_sessions(self, sol: list[int]) -> list[PlannedSession]:
    """Concrete sessions from a solution: people split evenly (joint first, then the mix, apart
    rules honoured), rooms dealt per slot and type (published rooms kept), trainers named."""
    prep = self.prep
    p = prep.problem

    def val(v) -> int:
        return sol[v.index]

    open_sessions: dict[tuple[str, str], list] = {}
    people_at: dict[tuple[str, str], list] = {}
    for key, pair in self.pairs.items():
        opened = [x for x in pair.sessions if val(x.open)]
        if opened:
            open_sessions[key] = opened
            people_at[key] = [person for person, v in pair.people if val(v)]

    current = p.current
    members: dict[int, list[str]] = {}
    for key, opened in open_sessions.items():
        unit = p.unit_by_id[key[0]]

        def by_current_room(person, _key=key):
            ref = current.get(person.id)
            if ref and (ref.unit, ref.slot) == _key:
                return (0, ref.room, person.id)
            return (1, "", "")

        people = sorted(people_at[key], key=by_current_room)
        staff = [x.id for x in people if x.is_staff]
        residents = [x.id for x in people if not x.is_staff]
        sizes = []
        for t in sorted({x.type_index for x in opened}):
            group = [x for x in opened if x.type_index == t]
            sizes += even_sizes(val(group[0].people), [x.capacity for x in group])
        counts = mix_counts(sizes, len(staff), len(residents), unit.min_staff, unit.min_residents)
        groups = split_people(sizes, staff, residents, counts)
        wanted = {
            person.id: i
            for i, x in enumerate(opened)
            for person in people
            if (person.id, id(x)) in self.apart_vars and val(self.apart_vars[person.id, id(x)])
        }
        if wanted:
            keep_apart(groups, wanted, {x.id: x.is_staff for x in people})
        for x, group in zip(opened, groups, strict=True):
            members[id(x)] = group

    room_of: dict[int, str] = {}
    by_slot_type: dict[tuple[str, int], list] = defaultdict(list)
    for opened in open_sessions.values():
        for x in opened:
            by_slot_type[x.slot, x.type_index].append(x)
    for (s, t), lst in by_slot_type.items():
        free = list(prep.room_types[s][t].rooms)
        for x in lst:  # keep published rooms where possible
            rooms = [current[pid].room for pid in members[id(x)] if pid in current]
            want = max(set(rooms), key=rooms.count) if rooms else None
            if want in free:
                room_of[id(x)] = want
                free.remove(want)
        for x in lst:
            if id(x) not in room_of:
                room_of[id(x)] = free.pop(0)

    leads = _facilitators_of(self, sol, "lead", open_sessions)
    cos = _facilitators_of(self, sol, "co", open_sessions)
    out = []
    for key, opened in open_sessions.items():
        lead_list = leads.get(key, [])
        co_list = cos.get(key, [])
        if len(lead_list) != len(opened):
            raise RuntimeError(f"internal error: {len(lead_list)} leads for {key}")
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


def _facilitators_of(self, sol, role, open_sessions) -> dict[tuple[str, str], list[str]]:
    """Facilitator ids per (unit, slot): explicit ones from the solution, pool ones by max-flow."""
    prep = self.prep
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    pool = self.lead_pool if role == "lead" else self.co_pool
    demand: dict[str, list[tuple[tuple[str, str], int]]] = defaultdict(list)
    for key, pair in self.pairs.items():
        if key not in open_sessions:
            continue
        for f, v in pair.lead_vars if role == "lead" else pair.co_vars:
            if sol[v.index]:
                out[key].append(f.id)
        pv = pair.lead_pool if role == "lead" else pair.co_pool
        if pv is not None and sol[pv.index]:
            demand[pair.slot].append((key, sol[pv.index]))
    if demand:
        given = match_pool(prep, pool, {s: sum(n for _, n in d) for s, d in demand.items()})
        for s, items in demand.items():
            for key, n in items:
                out[key].extend(given[s][:n])
                given[s] = given[s][n:]
    return out


def match_pool(prep: Prepared, pool: list[Facilitator], demand: dict[str, int]) -> dict:
    """Pool facilitators per slot meeting `demand` (sessions per slot); max-flow per day."""
    given: dict[str, list[str]] = defaultdict(list)
    for d, day_slots in prep.days.items():
        day_slots = [s for s in day_slots if demand.get(s)]
        if not day_slots:
            continue
        flow = max_flow.SimpleMaxFlow()
        source, sink = 0, 1
        slot_node = {s: 2 + i for i, s in enumerate(day_slots)}
        fac_node = {f.id: 2 + len(day_slots) + i for i, f in enumerate(pool)}
        for s in day_slots:
            flow.add_arc_with_capacity(source, slot_node[s], demand[s])
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
        total = sum(demand[s] for s in day_slots)
        if flow.solve(source, sink) != flow.OPTIMAL or flow.optimal_flow() != total:
            raise RuntimeError(f"internal error: cannot match pool trainers on {d}")
        for arc, s, fid in arcs:
            if flow.flow(arc):
                given[s].append(fid)
    return given
