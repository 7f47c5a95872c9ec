"""A simple first-fit-by-slot baseline: walk the slots in time order and fill sessions greedily.

It obeys every hard rule (the checker passes) but makes no attempt to use few sessions; the benchmark
compares the CP-SAT solver against it.
"""

from __future__ import annotations

import time
from collections import defaultdict

from .bounds import compute_bounds
from .expand import collapse, expand
from .metrics import plan_objective
from .model import (
    STATUS_FEASIBLE,
    STATUS_INFEASIBLE,
    STATUS_UNKNOWN,
    Plan,
    PlannedSession,
    Problem,
)
from .prepare import Prepared
from .reasons import unplaced_entries
from .repair import separate


def greedy_plan(problem: Problem, *, separate_people: bool = True) -> Plan:
    """The first-fit plan. People who attend each unit are split per unit (expand.py), and apart
    rules and time clashes are mended at the end (repair.py) unless `separate_people` is false
    (the solver does both itself around all its stages)."""
    if not separate_people:
        return _greedy(problem, t0=time.perf_counter())
    expanded, copies = expand(problem)
    plan = _greedy(expanded, t0=time.perf_counter())
    return collapse(plan, copies, problem)


def _greedy(problem: Problem, *, t0: float) -> Plan:
    prep = Prepared(problem)
    p = problem
    waiting: dict[str, None] = {x.id: None for x in prep.placeable}  # ordered set
    by_unit_slot: dict[tuple[str, str], list[str]] = defaultdict(list)
    for person in prep.placeable:
        for u, s in prep.candidates[person.id]:
            by_unit_slot[u, s].append(person.id)
    rooms_used: dict[str, set[str]] = defaultdict(set)
    fac_used: dict[str, set[str]] = defaultdict(set)
    fac_day: dict[tuple[str, object], int] = defaultdict(int)
    floor_used: dict[tuple[str, str], int] = defaultdict(int)
    sessions: list[PlannedSession] = list(p.fixed_sessions)

    def free_facilitator(pool, unit: str, slot: str):
        d = prep.day[slot]
        for f in pool:
            if f.serves(unit) and f.id not in fac_used[slot]:
                if fac_day[f.id, d] < prep.lead_day_cap(f, d):
                    return f
        return None

    for s in prep.slots:
        for unit in p.units:
            u = unit.id
            while True:
                avail = [pid for pid in by_unit_slot.get((u, s), ()) if pid in waiting]
                if not avail:
                    break
                rooms = [r for r in prep.free_rooms[s] if r not in rooms_used[s]]
                lead = free_facilitator(prep.leads_at[s], u, s)
                if not rooms or lead is None:
                    break
                room = max(rooms, key=lambda r: (p.room_by_id[r].capacity, r))
                cap = min(p.session_size, p.room_by_id[room].capacity)
                chosen: list[str] = []
                allowance = prep.allowance[u, s] - floor_used[u, s]
                for pid in avail:  # floor staff first: they are the scarce resource
                    if len(chosen) >= cap or allowance <= 0:
                        break
                    if p.person_by_id[pid].is_floor:
                        chosen.append(pid)
                        allowance -= 1
                for pid in avail:
                    if len(chosen) >= cap:
                        break
                    if not p.person_by_id[pid].is_floor:
                        chosen.append(pid)
                if not chosen:
                    break
                co = free_facilitator(prep.cos_at[s], u, s)
                d = prep.day[s]
                rooms_used[s].add(room)
                for f in (lead, co):
                    if f is not None:
                        fac_used[s].add(f.id)
                        fac_day[f.id, d] += 1
                for pid in chosen:
                    del waiting[pid]
                    if p.person_by_id[pid].is_floor:
                        floor_used[u, s] += 1
                sessions.append(
                    PlannedSession(u, s, room, lead.id, co.id if co else None, tuple(chosen))
                )

    fixed = set(p.fixed_sessions)
    new, left_out = separate(prep, [s for s in sessions if s not in fixed])
    sessions = list(p.fixed_sessions) + new
    unplaced = unplaced_entries(prep, sessions, left_out)
    bounds = compute_bounds(problem, prep)
    if not unplaced:
        status = STATUS_FEASIBLE
    elif bounds.proven_infeasible:
        status = STATUS_INFEASIBLE
    else:
        status = STATUS_UNKNOWN
    return Plan(
        status=status,
        # The bounds assume everyone placeable is placed; otherwise only the fixed sessions are certain.
        lower_bound=bounds.total if not (waiting or left_out) else bounds.fixed_sessions,
        objective=plan_objective(problem, sessions, unplaced),
        sessions=sessions,
        unplaced=unplaced,
        solve_seconds=time.perf_counter() - t0,
        bounds=bounds.to_dict(),
    )
