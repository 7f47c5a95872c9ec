"""People who attend each of their units (`attend: "each_unit"`, contract version 2).

Before solving, such a person is split into one person per unit (the first keeps their id, the
others get `<id>\x1f<unit>`), and each pair of their copies is kept apart in time (`no_overlap`).
Every stage then sees ordinary one-unit people, so the bounds, the decomposition by unit and the
compact model keep their proofs. After solving, `collapse` turns the copies back into the person:
their sessions name them once per unit, and an unplaced copy becomes an unplaced entry for that unit.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from .model import ONCE, Plan, PlannedSession, Problem

SEP = "\x1f"  # cannot appear in a JSON id a person would type, and never leaves the solver


def expand(problem: Problem) -> tuple[Problem, dict[str, tuple[str, str]]]:
    """The problem with each-unit people split per unit, and {copy id: (person id, unit)}."""
    if not any(x.each_unit for x in problem.people):
        return problem, {}
    people = []
    copies: dict[str, tuple[str, str]] = {}
    ids_of: dict[str, dict[str, str]] = {}  # person -> unit -> copy id
    no_overlap = list(problem.no_overlap)
    for x in problem.people:
        if not x.each_unit:
            people.append(x)
            continue
        mine = {}
        for i, u in enumerate(x.units):
            cid = x.id if i == 0 else f"{x.id}{SEP}{u}"
            copies[cid] = (x.id, u)
            mine[u] = cid
            people.append(replace(x, id=cid, units=(u,), attend=ONCE))
        ids_of[x.id] = mine
        no_overlap += itertools.combinations(mine.values(), 2)

    def all_ids(pid: str) -> list[str]:
        return list(ids_of[pid].values()) if pid in ids_of else [pid]

    def in_unit(pid: str, unit: str) -> str:
        return ids_of[pid].get(unit, pid) if pid in ids_of else pid

    apart = [(a2, b2) for a, b in problem.apart for a2 in all_ids(a) for b2 in all_ids(b)]
    fixed = tuple(
        replace(s, people=tuple(in_unit(pid, s.unit) for pid in s.people))
        for s in problem.fixed_sessions
    )
    current = {}
    for pid, ref in problem.current.items():
        current[in_unit(pid, ref.unit)] = ref
    expanded = replace(
        problem,
        people=tuple(people),
        apart=tuple(apart),
        no_overlap=tuple(no_overlap),
        fixed_sessions=fixed,
        current=current,
    )
    return expanded, copies


def collapse(plan: Plan, copies: dict[str, tuple[str, str]], problem: Problem) -> Plan:
    """The plan in terms of the original people (see the module docstring)."""
    if not copies:
        return plan

    def real(pid: str) -> str:
        return copies[pid][0] if pid in copies else pid

    sessions = [replace(s, people=tuple(real(pid) for pid in s.people)) for s in plan.sessions]
    fixed = {(s.unit, s.slot, s.room, s.lead): s for s in problem.fixed_sessions}
    sessions = [fixed.get((s.unit, s.slot, s.room, s.lead), s) if _same(s, fixed) else s
                for s in sessions]  # fmt: skip
    unplaced = []
    for u in plan.unplaced:
        if u.person in copies:
            person, unit = copies[u.person]
            params = {**dict(u.params), "person": person, "unit": unit}
            unplaced.append(replace(u, person=person, unit=unit, params=params))
        else:
            unplaced.append(u)
    return replace(plan, sessions=sessions, unplaced=unplaced)


def _same(s: PlannedSession, fixed: dict) -> bool:
    f = fixed.get((s.unit, s.slot, s.room, s.lead))
    return f is not None and sorted(f.people) == sorted(s.people) and f.co == s.co
