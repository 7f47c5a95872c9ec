"""Handing out shared resources (rooms, lead trainers, co-trainers) to a set of sessions.

Used when units are planned separately: the sessions are fixed, and rooms and trainers are matched to
them exactly (a threshold matching for rooms, a max-flow per day for trainers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ortools.graph.python import min_cost_flow

from .model import PlannedSession
from .prepare import Prepared


def assign_rooms(prep: Prepared, sessions: Sequence[PlannedSession]) -> dict[int, str] | None:
    """Room per session index, or None if some slot has too few (big enough) free rooms.

    Largest sessions get the largest rooms; for this threshold structure that succeeds whenever any
    assignment does. A session keeps its current room when that room is free and big enough.
    """
    p = prep.problem
    by_slot: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sessions):
        by_slot[s.slot].append(i)
    out: dict[int, str] = {}
    for slot, idx in by_slot.items():
        rooms = sorted(prep.free_rooms.get(slot, []), key=lambda r: -p.room_by_id[r].capacity)
        if len(rooms) < len(idx):
            return None
        idx = sorted(idx, key=lambda i: -len(sessions[i].people))
        for i, room in zip(idx, rooms, strict=False):
            if min(p.session_size, p.room_by_id[room].capacity) < len(sessions[i].people):
                return None
            out[i] = room
        # Keep a session's own room if swapping keeps every session in a big enough room.
        for i in idx:
            want = sessions[i].room
            if out[i] == want or want not in rooms:
                continue
            j = next((k for k in idx if out[k] == want), None)
            if j is None:
                continue
            cap_want = p.room_by_id[want].capacity
            cap_mine = p.room_by_id[out[i]].capacity
            if cap_want >= len(sessions[i].people) and cap_mine >= len(sessions[j].people):
                out[i], out[j] = want, out[i]
    return out


def assign_facilitators(
    prep: Prepared,
    sessions: Sequence[PlannedSession],
    role: str,
    *,
    days: set | None = None,
) -> tuple[dict[int, str], int]:
    """A maximum matching of facilitators of `role` to sessions (one per session, one session per
    slot each, at most their daily limit); among maximum matchings, the largest total `weight` (for
    co-trainers, contract version 2). Returns (facilitator per session index, sessions left
    without one). Only the given days are matched when `days` is set."""
    pool = prep.leads if role == "lead" else prep.cos
    by_day: dict[object, list[int]] = defaultdict(list)
    for i, s in enumerate(sessions):
        d = prep.day[s.slot]
        if days is None or d in days:
            by_day[d].append(i)
    out: dict[int, str] = {}
    missing = 0
    for d, idx in by_day.items():
        flow = min_cost_flow.SimpleMinCostFlow()
        source, sink = 0, 1
        nodes: dict[object, int] = {}

        def node(key, nodes=nodes) -> int:
            if key not in nodes:
                nodes[key] = 2 + len(nodes)
            return nodes[key]

        arcs = []
        day_caps: dict[str, int] = {}
        for i in idx:
            s = sessions[i]
            flow.add_arc_with_capacity_and_unit_cost(source, node(("s", i)), 1, 0)
            for f in pool:
                if not f.serves(s.unit) or s.slot not in prep.fac_slot_set[f.id]:
                    continue
                cost = -f.weight if role == "co" else 0
                arc = flow.add_arc_with_capacity_and_unit_cost(
                    node(("s", i)), node((f.id, s.slot)), 1, cost
                )
                arcs.append((arc, i, f.id))
                day_caps[f.id] = prep.lead_day_cap(f, d)
        slots_of: dict[str, set[str]] = defaultdict(set)
        for _, i, fid in arcs:
            slots_of[fid].add(sessions[i].slot)
        for fid, slots in slots_of.items():
            for slot in slots:
                flow.add_arc_with_capacity_and_unit_cost(node((fid, slot)), node(("f", fid)), 1, 0)
            cap = min(len(slots), day_caps[fid])
            flow.add_arc_with_capacity_and_unit_cost(node(("f", fid)), sink, cap, 0)
        flow.set_node_supply(source, len(idx))
        flow.set_node_supply(sink, -len(idx))
        flow.solve_max_flow_with_min_cost()
        matched = set()
        for arc, i, fid in arcs:
            if flow.flow(arc):
                out[i] = fid
                matched.add(i)
        missing += len(idx) - len(matched)
    return out, missing
