"""Derived data shared by the bounds, the greedy baseline and the CP-SAT model.

Everything here accounts for re-plan mode: fixed sessions use up their rooms, their facilitators' slots and
daily allowances, and their units' floor-staff allowance in their slots; their people are already placed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .model import CO, LEAD, Facilitator, Person, Problem

INF = 10**6


@dataclass(frozen=True)
class RoomType:
    """Free rooms of one effective capacity (min(room capacity, session size)) in one slot."""

    capacity: int
    rooms: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.rooms)


class Prepared:
    def __init__(self, problem: Problem):
        self.problem = problem
        p = problem
        self.size = p.session_size
        self.slots: list[str] = [s.id for s in sorted(p.slots, key=lambda s: (s.start, s.id))]
        self.slot_index = {s: i for i, s in enumerate(self.slots)}
        self.day: dict[str, date] = {s: p.slot_day(s) for s in self.slots}
        self.days: dict[date, list[str]] = defaultdict(list)
        for s in self.slots:
            self.days[self.day[s]].append(s)

        # What the fixed sessions use up.
        self.fixed_people: set[str] = set()
        used_rooms: dict[str, set[str]] = defaultdict(set)
        self.fac_busy: dict[str, set[str]] = defaultdict(set)  # facilitator -> slots
        fac_day_used: dict[tuple[str, date], int] = defaultdict(int)
        self.fixed_floor: dict[tuple[str, str], int] = defaultdict(int)
        self.fixed_count: dict[str, int] = defaultdict(int)  # unit -> fixed sessions
        for fs in p.fixed_sessions:
            self.fixed_people.update(fs.people)
            used_rooms[fs.slot].add(fs.room)
            self.fixed_count[fs.unit] += 1
            for fid in (fs.lead, fs.co):
                if fid:
                    self.fac_busy[fid].add(fs.slot)
                    fac_day_used[fid, self.day[fs.slot]] += 1
            for pid in fs.people:
                person = p.person_by_id.get(pid)
                if person is not None and person.is_floor:
                    self.fixed_floor[fs.unit, fs.slot] += 1

        # Free rooms per slot, grouped by effective capacity (largest first).
        self.room_types: dict[str, list[RoomType]] = {}
        self.free_rooms: dict[str, list[str]] = {}
        by_slot: dict[str, list[str]] = defaultdict(list)
        for room in p.rooms:
            for s in room.available:
                if room.id not in used_rooms[s]:
                    by_slot[s].append(room.id)
        for s in self.slots:
            rooms = sorted(by_slot.get(s, []))
            self.free_rooms[s] = rooms
            groups: dict[int, list[str]] = defaultdict(list)
            for rid in rooms:
                groups[min(self.size, p.room_by_id[rid].capacity)].append(rid)
            self.room_types[s] = [
                RoomType(cap, tuple(groups[cap])) for cap in sorted(groups, reverse=True)
            ]

        # Facilitators: free slots and remaining daily allowance.
        self.leads = [f for f in p.facilitators if f.role == LEAD]
        self.cos = [f for f in p.facilitators if f.role == CO]
        self.fac_slots: dict[str, list[str]] = {}
        self.fac_day_cap: dict[tuple[str, date], int] = {}
        for f in p.facilitators:
            free = []
            for s in f.available:
                if s in self.day and s not in self.fac_busy[f.id]:
                    d = self.day[s]
                    cap = self.day_capacity(f, d, fac_day_used[f.id, d])
                    self.fac_day_cap[f.id, d] = cap
                    if cap > 0:
                        free.append(s)
            self.fac_slots[f.id] = sorted(free, key=self.slot_index.__getitem__)
        self.fac_slot_set: dict[str, set[str]] = {k: set(v) for k, v in self.fac_slots.items()}
        self.leads_at: dict[str, list[Facilitator]] = defaultdict(list)
        self.cos_at: dict[str, list[Facilitator]] = defaultdict(list)
        for f in p.facilitators:
            target = self.leads_at if f.role == LEAD else self.cos_at
            for s in self.fac_slots[f.id]:
                target[s].append(f)

        # Floor-staff allowance left per (unit, slot).
        self.allowance: dict[tuple[str, str], int] = {}
        for u in p.units:
            for s in self.slots:
                self.allowance[u.id, s] = max(0, u.allowance(s) - self.fixed_floor[u.id, s])

        # Usable (unit, slot): a free room and a lead trainer who serves the unit.
        self.usable: dict[str, set[str]] = {}
        for u in p.units:
            self.usable[u.id] = {
                s
                for s in self.slots
                if self.free_rooms[s] and any(f.serves(u.id) for f in self.leads_at[s])
            }

        # People to place and their candidate (unit, slot) pairs.
        self.to_place: list[Person] = [x for x in p.people if x.id not in self.fixed_people]
        self.candidates: dict[str, list[tuple[str, str]]] = {}
        for person in self.to_place:
            cands = []
            avail = sorted(
                (s for s in set(person.available) if s in self.day), key=self.slot_index.get
            )
            for u in person.units:
                if u not in self.usable:  # a unit outside this (sub-)problem
                    continue
                for s in avail:
                    if s in self.usable[u] and (not person.is_floor or self.allowance[u, s] > 0):
                        cands.append((u, s))
            self.candidates[person.id] = cands
        self.placeable = [x for x in self.to_place if self.candidates[x.id]]
        self.unplaceable = [x for x in self.to_place if not self.candidates[x.id]]

    @staticmethod
    def day_capacity(f: Facilitator, d: date, used: int) -> int:
        if f.max_per_day is None:
            return INF
        return max(0, f.max_per_day - used)

    def lead_day_cap(self, f: Facilitator, d: date) -> int:
        return self.fac_day_cap.get((f.id, d), 0)

    def slot_list(self, slots: list[str], limit: int = 4) -> str:
        """ "12 Jan 10:00, 13 Jan 14:00 and 2 more" (chronological)."""
        ordered = sorted(set(slots), key=lambda s: self.slot_index.get(s, 0))
        labels = [self.problem.slot_label(s) for s in ordered]
        if len(labels) > limit:
            return ", ".join(labels[:limit]) + f" and {len(labels) - limit} more"
        if len(labels) <= 1:
            return "".join(labels)
        return ", ".join(labels[:-1]) + " and " + labels[-1]
