"""Every session joint where the unit's residents allow it: a last pass over the new sessions.

The joint-first phases ask the CP-SAT models for no session without a resident and for no lone
resident among staff. Whatever stage produced the plan (the greedy fallback, the decomposition's
leftover placement, a search stopped by its budget), this pass makes sure of it: a session without a
resident takes one from a session of the same unit with two or more, and a session with one resident
takes one from a session with three or more, where that resident can come then. If the session is full,
the resident changes places with one of its staff who can come to the other session. Every move keeps
every hard rule (availability, room size, floor-staff allowance, apart pairs, no two sessions at once),
and each move makes the residents' spread strictly more even, so the pass ends.

Residents whose published place a re-plan is keeping (`current`) are not moved.
"""

from __future__ import annotations

from dataclasses import replace

from .model import PlannedSession
from .prepare import Prepared


class _Sessions:
    """The sessions' members, with the rule checks a move needs."""

    def __init__(self, prep: Prepared, sessions: list[PlannedSession]):
        self.prep = prep
        self.p = prep.problem
        self.sessions = sessions
        self.members = [list(s.people) for s in sessions]

    def residents(self, i: int) -> list[str]:
        return [q for q in self.members[i] if not self.p.person_by_id[q].is_staff]

    def staff(self, i: int) -> list[str]:
        return [q for q in self.members[i] if self.p.person_by_id[q].is_staff]

    def full(self, i: int) -> bool:
        room = self.p.room_by_id[self.sessions[i].room]
        return len(self.members[i]) >= min(self.p.session_size, room.capacity)

    def can_join(self, pid: str, j: int, leaving: int, swap_out: str | None = None) -> bool:
        """Can `pid` (leaving session `leaving`) join session `j`, `swap_out` leaving it?"""
        p, s = self.p, self.sessions[j]
        person = p.person_by_id[pid]
        if pid in p.current or s.unit not in person.units or s.slot not in person.available:
            return False
        others = set(self.members[j]) - {swap_out}
        if p.apart_of.get(pid, set()) & others:
            return False
        clash = {b for a, b in p.no_overlap if a == pid} | {a for a, b in p.no_overlap if b == pid}
        for k, m in enumerate(self.members):
            if k != leaving and clash & set(m) and p.overlap(s.slot, self.sessions[k].slot):
                return False
        if person.is_floor:
            floor = sum(
                1
                for k, m in enumerate(self.members)
                if self.sessions[k].unit == s.unit and self.sessions[k].slot == s.slot
                for q in m
                if q != swap_out and p.person_by_id[q].is_floor
            )
            if floor + 1 > self.prep.allowance[s.unit, s.slot]:
                return False
        return True

    def move(self, pid: str, i: int, j: int) -> None:
        self.members[i].remove(pid)
        self.members[j].append(pid)


def _fill(state: _Sessions, target: int, needed_in_donor: int) -> bool:
    """Bring one resident into `target` from a session of its unit keeping `needed_in_donor`."""
    unit = state.sessions[target].unit
    donors = sorted(
        (i for i, s in enumerate(state.sessions) if s.unit == unit and i != target),
        key=lambda i: (-len(state.residents(i)), i),
    )
    for donor in donors:
        if len(state.residents(donor)) <= needed_in_donor:
            break
        for resident in sorted(state.residents(donor)):
            if not state.full(target):
                if state.can_join(resident, target, donor):
                    state.move(resident, donor, target)
                    return True
                continue
            for member in sorted(state.staff(target)):
                if state.can_join(resident, target, donor, swap_out=member) and state.can_join(
                    member, donor, target, swap_out=resident
                ):
                    state.move(resident, donor, target)
                    state.move(member, target, donor)
                    return True
    return False


def spread_residents(
    prep: Prepared, sessions: list[PlannedSession]
) -> tuple[list[PlannedSession], bool]:
    """The sessions with residents spread (see the module's note), and whether anything moved."""
    state = _Sessions(prep, list(sessions))
    changed = False
    # First no session without a resident (donors keep one), then no lone resident (donors keep two).
    for have, keep in ((0, 1), (1, 2)):
        progress = True
        while progress:
            progress = False
            for i in range(len(state.sessions)):
                if len(state.residents(i)) == have and _fill(state, i, keep):
                    changed = progress = True
    if not changed:
        return sessions, False
    return [
        replace(s, people=tuple(m)) for s, m in zip(state.sessions, state.members, strict=True)
    ], True
