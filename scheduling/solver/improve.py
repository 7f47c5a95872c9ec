"""A quick local search inside each unit's sessions: move or swap people between the unit's sessions to
improve, in order, the staff/resident mix, evenness of group sizes and honoured preferences.

Sessions themselves (slot, room, trainers) never change, and neither does who is placed, so the
earlier objectives (everyone placed, fewest sessions) are kept. Its result often meets a proven bound
at once, which saves a CP-SAT solve; otherwise it is a good hint.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace

from .model import PlannedSession, Problem


class _State:
    def __init__(self, problem: Problem, sessions: list[PlannedSession], allowance):
        p = problem
        self.p = p
        self.allowance = allowance
        self.unit = [s.unit for s in sessions]
        self.slot = [s.slot for s in sessions]
        self.cap = []
        for s in sessions:
            room = p.room_by_id.get(s.room)
            self.cap.append(min(p.session_size, room.capacity) if room else p.session_size)
        self.members = [list(s.people) for s in sessions]
        self.staff = [sum(1 for pid in m if p.person_by_id[pid].is_staff) for m in self.members]
        self.floor: dict[tuple[str, str], int] = defaultdict(int)
        for s in sessions:
            for pid in s.people:
                if p.person_by_id[pid].is_floor:
                    self.floor[s.unit, s.slot] += 1
        self.by_unit: dict[str, list[int]] = defaultdict(list)
        for i, u in enumerate(self.unit):
            self.by_unit[u].append(i)
        self.mins = {
            u: (p.unit_by_id[u].min_staff, p.unit_by_id[u].min_residents) for u in self.by_unit
        }

    def mix_of(self, i: int, size: int, staff: int) -> int:
        ms, mr = self.mins[self.unit[i]]
        return max(0, ms - staff) + max(0, mr - (size - staff))

    def spread(self, unit: str, sizes: dict[int, int]) -> int:
        vals = [sizes.get(i, len(self.members[i])) for i in self.by_unit[unit]]
        return max(vals) - min(vals) if len(vals) > 1 else 0

    def delta(self, a: int, b: int, out_a: str, out_b: str | None) -> tuple[int, int, int]:
        """Score change when out_a leaves a for b (and out_b, if given, leaves b for a)."""
        p = self.p
        pa, pb = p.person_by_id[out_a], p.person_by_id[out_b] if out_b else None
        size_a = len(self.members[a]) - 1 + (1 if pb else 0)
        size_b = len(self.members[b]) + 1 - (1 if pb else 0)
        st_a = self.staff[a] - pa.is_staff + (pb.is_staff if pb else 0)
        st_b = self.staff[b] + pa.is_staff - (pb.is_staff if pb else 0)
        d_mix = (
            self.mix_of(a, size_a, st_a)
            + self.mix_of(b, size_b, st_b)
            - self.mix_of(a, len(self.members[a]), self.staff[a])
            - self.mix_of(b, len(self.members[b]), self.staff[b])
        )
        d_spread = 0
        if not pb:
            sizes = {a: size_a, b: size_b}
            for u in {self.unit[a], self.unit[b]}:
                d_spread += self.spread(u, sizes) - self.spread(u, {})
        d_pref = 0
        sa, sb = self.slot[a], self.slot[b]
        if sa != sb:
            d_pref += (sb in pa.prefers) - (sa in pa.prefers)
            if pb:
                d_pref += (sa in pb.prefers) - (sb in pb.prefers)
        return (d_mix, d_spread, -d_pref)

    def floor_ok(self, a: int, b: int, out_a: str, out_b: str | None) -> bool:
        ka, kb = (self.unit[a], self.slot[a]), (self.unit[b], self.slot[b])
        if ka == kb:
            return True
        p = self.p
        change = p.person_by_id[out_a].is_floor - (p.person_by_id[out_b].is_floor if out_b else 0)
        if change > 0 and self.floor[kb] + change > self.allowance.get(kb, 0):
            return False
        if change < 0 and self.floor[ka] - change > self.allowance.get(ka, 0):
            return False
        return True

    def apply(self, a: int, b: int, out_a: str, out_b: str | None) -> None:
        p = self.p
        ka, kb = (self.unit[a], self.slot[a]), (self.unit[b], self.slot[b])
        for pid, src, dst, ks, kd in ((out_a, a, b, ka, kb), (out_b, b, a, kb, ka)):
            if pid is None:
                continue
            person = p.person_by_id[pid]
            self.members[src].remove(pid)
            self.members[dst].append(pid)
            self.staff[src] -= person.is_staff
            self.staff[dst] += person.is_staff
            if person.is_floor:
                self.floor[ks] -= 1
                self.floor[kd] += 1


def improve(
    problem: Problem,
    sessions: list[PlannedSession],
    allowance: dict[tuple[str, str], int],
    *,
    rounds: int = 20,
    seed: int = 0,
) -> list[PlannedSession]:
    """Better members for the same sessions (by mix, then spread, then preferences).

    `allowance[(unit, slot)]`: floor staff the sessions of that unit and slot may hold in total.
    """
    if len(sessions) < 2:
        return list(sessions)
    p = problem
    st = _State(p, sessions, allowance)
    rng = random.Random(seed)
    avail = {pid: set(p.person_by_id[pid].available) for m in st.members for pid in m}
    zero = (0, 0, 0)
    for _ in range(rounds):
        improved = False
        pairs = [(a, b) for u in st.by_unit.values() for a in u for b in u if a != b]
        # People who cover several units may also move to another unit's session.
        rng.shuffle(pairs)
        for a, b in pairs:
            for pid in list(st.members[a]):
                if st.slot[b] not in avail[pid]:
                    continue
                if len(st.members[b]) < st.cap[b] and len(st.members[a]) > 1:
                    if st.floor_ok(a, b, pid, None) and st.delta(a, b, pid, None) < zero:
                        st.apply(a, b, pid, None)
                        improved = True
                        continue
                for qid in list(st.members[b]):
                    if st.slot[a] not in avail[qid]:
                        continue
                    if st.floor_ok(a, b, pid, qid) and st.delta(a, b, pid, qid) < zero:
                        st.apply(a, b, pid, qid)
                        improved = True
                        break
        if not improved:
            break
    return [replace(s, people=tuple(m)) for s, m in zip(sessions, st.members, strict=True)]
