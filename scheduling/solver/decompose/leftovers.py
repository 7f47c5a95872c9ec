"""Stage 10, `place_leftovers`: anyone still out (usually someone who covers several units) joins a
session with space, or opens one where a room and a lead trainer are free."""

from __future__ import annotations

from dataclasses import replace

from ..model import PlannedSession, Problem
from ..prepare import Prepared
from ..resources import assign_rooms
from .fit import fits


def place_leftovers(
    problem: Problem, prep: Prepared, sessions: list[PlannedSession]
) -> list[PlannedSession]:
    """`sessions` with everyone placeable who is not in one yet added where they fit."""
    sessions = list(sessions)
    placed = set(prep.fixed_people) | {pid for x in sessions for pid in x.people}
    for person in prep.placeable:
        if person.id in placed:
            continue
        options = []
        for i, x in enumerate(sessions):
            if x.unit not in person.units or x.slot not in person.available:
                continue
            if len(x.people) >= problem.session_size:
                continue
            if (
                person.is_floor
                and _floor_at(problem, sessions, x.unit, x.slot) >= (prep.allowance[x.unit, x.slot])
            ):
                continue
            unit = problem.unit_by_id[x.unit]
            staff = sum(1 for pid in x.people if problem.person_by_id[pid].is_staff)
            helps = person.is_staff and staff < unit.min_staff
            helps = helps or (not person.is_staff and len(x.people) - staff < unit.min_residents)
            options.append(((not helps, len(x.people)), i))
        for _, i in sorted(options):
            grown = replace(sessions[i], people=sessions[i].people + (person.id,))
            same_slot = [x for j, x in enumerate(sessions) if x.slot == grown.slot and j != i]
            if assign_rooms(prep, same_slot + [grown]) is not None:
                sessions[i] = grown
                placed.add(person.id)
                break
        else:
            for u, slot in prep.candidates[person.id]:
                if (
                    person.is_floor
                    and _floor_at(problem, sessions, u, slot) >= (prep.allowance[u, slot])
                ):
                    continue
                probe = PlannedSession(u, slot, "", None, None, (person.id,))
                if fits(prep, sessions, [probe]):
                    sessions.append(probe)
                    placed.add(person.id)
                    break
    return sessions


def _floor_at(problem: Problem, sessions: list[PlannedSession], unit: str, slot: str) -> int:
    n = 0
    for s in sessions:
        if s.unit == unit and s.slot == slot:
            n += sum(1 for pid in s.people if problem.person_by_id[pid].is_floor)
    return n
