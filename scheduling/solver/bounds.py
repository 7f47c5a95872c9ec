"""Cheap lower bounds on the number of sessions, and cheap proofs that not everyone can be placed.

All bounds are for plans that place everyone who has at least one possible slot ("placeable" people);
people with no possible slot are reported in `unplaceable` with a reason.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from .model import Problem
from .prepare import Prepared
from .reasons import no_candidate_reason


@dataclass
class UnitBound:
    unit: str
    people: int  # people still to place who belong to this unit only
    floor_staff: int  # of whom floor staff
    shared_people: int  # people still to place who could go to this or another unit
    fixed_sessions: int
    usable_slots: int  # slots with a free room, a lead trainer and someone of the unit available
    by_size: int  # new sessions needed by session size / room capacity
    by_floor_staff: int  # new sessions (distinct slots) needed by the floor-staff allowance
    # New sessions needed because some people share no possible slot with each other (shifts): the
    # size of a set of such people, found greedily; each of them needs a session of their own.
    by_availability: int
    lower_bound: int  # new sessions: max of the above
    max_sessions: int  # most new sessions the unit could hold (rooms, leads, slots)
    problems: list[str] = field(default_factory=list)


@dataclass
class Bounds:
    total: int  # lower bound on all sessions (fixed + new) in a plan placing every placeable person
    new_sessions: int  # lower bound on new sessions
    fixed_sessions: int
    units: dict[str, UnitBound]
    max_sessions: int  # most new sessions rooms and lead trainers allow
    slot_capacity: dict[str, int]  # most new sessions per slot: min(free rooms, free lead trainers)
    people_to_place: int
    unplaceable: dict[str, str]  # person -> reason (no possible slot at all)
    infeasible: list[str]  # cheap proofs that not every placeable person can be placed

    @property
    def proven_infeasible(self) -> bool:
        """True when it is certain that not everyone can be placed."""
        return bool(self.unplaceable or self.infeasible)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "new_sessions": self.new_sessions,
            "fixed_sessions": self.fixed_sessions,
            "max_sessions": self.max_sessions,
            "people_to_place": self.people_to_place,
            "unplaceable": len(self.unplaceable),
            "infeasible": list(self.infeasible),
            "units": {u: asdict(b) for u, b in self.units.items()},
        }


def _min_items(values: list[int], target: int) -> int | None:
    """Fewest values (largest first) whose sum reaches target; None if even all are not enough."""
    if target <= 0:
        return 0
    total = 0
    for i, v in enumerate(sorted(values, reverse=True), start=1):
        total += v
        if total >= target:
            return i
    return None


def disjoint_people(people: list, candidates: dict[str, list[tuple[str, str]]]) -> list[str]:
    """People no two of whom share a possible slot, so no two can be in one session: a lower bound on
    the sessions they need (found greedily, fewest slots first, so the same input gives the same set).

    This is the bound that shifts set: night staff who can come only on their office day, each on a
    different day, need a session each however many staff the ward could release."""
    taken: set[str] = set()
    chosen = []
    ordered = sorted(people, key=lambda x: len({s for _u, s in candidates[x.id]}))
    for person in ordered:
        slots = {s for _u, s in candidates[person.id]}
        if slots and not slots & taken:
            chosen.append(person.id)
            taken |= slots
    return chosen


def compute_bounds(problem: Problem, prep: Prepared | None = None) -> Bounds:
    prep = prep or Prepared(problem)
    p = problem
    size = p.session_size

    # Global capacity: sessions per slot are capped by free rooms and free lead trainers, and per day
    # by the lead trainers' daily limits.
    slot_cap = {s: min(len(prep.free_rooms[s]), len(prep.leads_at[s])) for s in prep.slots}
    max_sessions = 0
    for d, day_slots in prep.days.items():
        lead_day = 0
        for f in prep.leads:
            free = sum(1 for s in prep.fac_slots[f.id] if prep.day[s] == d)
            lead_day += min(free, prep.lead_day_cap(f, d))
        max_sessions += min(sum(slot_cap[s] for s in day_slots), lead_day)

    singles: dict[str, list] = defaultdict(list)
    shared: dict[str, int] = defaultdict(int)
    for person in prep.placeable:
        if len(person.units) == 1:
            singles[person.units[0]].append(person)
        else:
            for u in person.units:
                shared[u] += 1

    infeasible: list[str] = []
    units: dict[str, UnitBound] = {}
    best_cap: dict[str, int] = {}
    for unit in p.units:
        u = unit.id
        label = unit.label
        people = singles[u]
        avail_all: dict[str, int] = defaultdict(int)
        avail_floor: dict[str, int] = defaultdict(int)
        for person in people:
            for _u, s in prep.candidates[person.id]:
                avail_all[s] += 1
                if person.is_floor:
                    avail_floor[s] += 1
        usable = [s for s in prep.slots if s in prep.usable[u] and avail_all[s]]
        n = len(people)
        n_floor = sum(1 for x in people if x.is_floor)
        # Size: each session holds at most its room's capacity, and all sessions of a slot together
        # at most the people available then.
        session_values: list[int] = []
        unit_max = 0
        for s in usable:
            leads_u = sum(1 for f in prep.leads_at[s] if f.serves(u))
            left = avail_all[s]
            k = 0
            for rt in prep.room_types[s]:
                for _ in range(rt.count):
                    if k >= leads_u or left <= 0:
                        break
                    session_values.append(min(rt.capacity, left))
                    left -= min(rt.capacity, left)
                    k += 1
            unit_max += k
        for s in prep.usable[u]:
            if prep.room_types[s]:
                best_cap[u] = max(best_cap.get(u, 0), prep.room_types[s][0].capacity)
        by_size = _min_items(session_values, n)
        if by_size is None:
            infeasible.append(
                f"{label}: {n} people to place but its usable slots can hold at most "
                f"{sum(session_values)} of them"
            )
            by_size = len(session_values) + 1
        # Floor staff: a slot takes at most min(allowance, floor staff available) of them, whatever
        # the number of sessions; so the number of distinct slots used is bounded below.
        floor_values = [min(prep.allowance[u, s], avail_floor[s]) for s in usable]
        by_floor = _min_items(floor_values, n_floor)
        if by_floor is None:
            infeasible.append(
                f"{label}: {n_floor} floor staff to place but its floor-staff allowance in the slots "
                f"they can attend covers at most {sum(floor_values)}"
            )
            by_floor = len(floor_values) + 1
        by_availability = len(disjoint_people(people, prep.candidates))
        lb = max(by_size, by_floor, by_availability, 1 if n else 0)
        ub = UnitBound(
            unit=u,
            people=n,
            floor_staff=n_floor,
            shared_people=shared[u],
            fixed_sessions=prep.fixed_count[u],
            usable_slots=len(usable),
            by_size=by_size,
            by_floor_staff=by_floor,
            by_availability=by_availability,
            lower_bound=lb,
            max_sessions=unit_max,
        )
        units[u] = ub

    new_lb = sum(b.lower_bound for b in units.values())
    # People who could go to several units still need room somewhere.
    capacity_in_lb = sum(b.lower_bound * best_cap.get(u, 0) for u, b in units.items())
    n_total = len(prep.placeable)
    overflow = n_total - capacity_in_lb
    if overflow > 0:
        biggest = max(best_cap.values(), default=size) or size
        new_lb += math.ceil(overflow / biggest)
    if new_lb > max_sessions:
        infeasible.append(
            f"At least {new_lb} new sessions are needed to place everyone, but the free rooms and "
            f"lead trainers allow at most {max_sessions}"
        )
    unplaceable = {x.id: no_candidate_reason(prep, x) for x in prep.unplaceable}
    fixed = len(p.fixed_sessions)
    return Bounds(
        total=new_lb + fixed,
        new_sessions=new_lb,
        fixed_sessions=fixed,
        units=units,
        max_sessions=max_sessions,
        slot_capacity=slot_cap,
        people_to_place=len(prep.to_place),
        unplaceable=unplaceable,
        infeasible=infeasible,
    )
