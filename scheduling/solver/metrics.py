"""The objective figures of a plan, computed from the plan itself (used by solver, greedy and bench)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .model import PlannedSession, Problem, Unplaced


def plan_objective(
    problem: Problem, sessions: Iterable[PlannedSession], unplaced: Iterable[Unplaced]
) -> dict[str, Any]:
    p = problem
    sessions = list(sessions)
    fixed = set(p.fixed_sessions)
    new = [s for s in sessions if s not in fixed]
    placed = {pid for s in sessions for pid in s.people}
    shortfall = 0
    for s in new:
        unit = p.unit_by_id.get(s.unit)
        if unit is None:
            continue
        staff = sum(1 for pid in s.people if pid in p.person_by_id and p.person_by_id[pid].is_staff)
        residents = len(s.people) - staff
        shortfall += max(0, unit.min_staff - staff) + max(0, unit.min_residents - residents)
    sizes: dict[str, list[int]] = defaultdict(list)
    for s in new:
        sizes[s.unit].append(len(s.people))
    spread = sum(max(v) - min(v) for v in sizes.values() if v)
    prefers = 0
    where: dict[str, PlannedSession] = {}
    for s in sessions:
        for pid in s.people:
            where[pid] = s
    for s in new:
        for pid in s.people:
            person = p.person_by_id.get(pid)
            if person is not None and s.slot in person.prefers:
                prefers += 1
    moved = room_changed = 0
    for pid, ref in p.current.items():
        s = where.get(pid)
        if s is None or s.unit != ref.unit or s.slot != ref.slot:
            moved += 1
        elif s.room != ref.room:
            room_changed += 1
    out: dict[str, Any] = {
        "placed": len(placed),
        "unplaced": len(list(unplaced)),
        "sessions": len(sessions),
        "new_sessions": len(new),
        "mix_shortfall": shortfall,
        "co_sessions": sum(1 for s in new if s.co),
        "size_spread": spread,
        "prefers_honoured": prefers,
    }
    if p.current:
        out["moved"] = moved
        out["room_changed"] = room_changed
    return out
