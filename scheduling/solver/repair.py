"""The last safeguard for the two rules about particular people: `apart` pairs never share a
session, and nobody is in two sessions at the same time (`no_overlap`, see expand.py).

The whole CP-SAT model already obeys both. Stages that fill sessions outside it (the decomposition's
per-unit models and its leftover placement, the greedy plan) may not, so every plan passes through
`separate()`: someone in breach moves to another session of their unit with space where the rules
hold, or is left out with a reason. It never breaks another rule: the checker's rules on units,
availability, capacity and floor-staff allowances are checked for every move.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .model import PlannedSession, Problem
from .prepare import Prepared

KEPT_APART = "kept_apart"
TIME_CLASH = "time_clash"


def breaches(problem: Problem, sessions: list[PlannedSession]) -> list[tuple[int, str, str]]:
    """(session index, person, code) for each person who must leave their session."""
    apart = problem.apart_of
    out = []
    slots_of: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, s in enumerate(sessions):
        seen: set[str] = set()
        for pid in s.people:
            if apart.get(pid, set()) & seen:
                out.append((i, pid, KEPT_APART))
            seen.add(pid)
            slots_of[pid].append((i, s.slot))
    for a, b in problem.no_overlap:
        for _i, sa in slots_of.get(a, []):
            for j, sb in slots_of.get(b, []):
                if problem.overlap(sa, sb):
                    out.append((j, b, TIME_CLASH))
    return out


def separate(
    prep: Prepared, sessions: list[PlannedSession]
) -> tuple[list[PlannedSession], dict[str, str]]:
    """Sessions with every breach mended, and {person: code} for those it had to leave out."""
    p = prep.problem
    if not p.apart and not p.no_overlap:
        return sessions, {}
    members = [list(s.people) for s in sessions]
    left_out: dict[str, str] = {}
    for _ in range(3):  # a move can only mend; a few passes settle every chain
        found = breaches(
            p, [replace(s, people=tuple(m)) for s, m in zip(sessions, members, strict=True)]
        )
        if not found:
            break
        for i, pid, code in found:
            if pid not in members[i]:
                continue
            members[i].remove(pid)
            target = _new_home(prep, sessions, members, pid, exclude=i)
            if target is None:
                left_out[pid] = code
            else:
                members[target].append(pid)
    out = [replace(s, people=tuple(m)) for s, m in zip(sessions, members, strict=True) if m]
    return out, left_out


def _new_home(prep: Prepared, sessions, members, pid: str, exclude: int) -> int | None:
    p = prep.problem
    person = p.person_by_id[pid]
    avail = set(person.available)
    apart = p.apart_of.get(pid, set())
    others = {b for a, b in p.no_overlap if a == pid} | {a for a, b in p.no_overlap if b == pid}
    busy = [sessions[j].slot for j, m in enumerate(members) if others & set(m)]
    for j, s in enumerate(sessions):
        if j == exclude or s.unit not in person.units or s.slot not in avail:
            continue
        room = p.room_by_id[s.room]
        if len(members[j]) >= min(p.session_size, room.capacity):
            continue
        if apart & set(members[j]) or any(p.overlap(s.slot, b) for b in busy):
            continue
        if person.is_floor:
            floor = sum(
                1
                for k, m in enumerate(members)
                if sessions[k].unit == s.unit and sessions[k].slot == s.slot
                for q in m
                if p.person_by_id[q].is_floor
            )
            if floor + 1 > prep.allowance[s.unit, s.slot]:
                continue
        return j
    return None
