"""Cheap lower bounds on the number of sessions, a cheap upper bound on how many people can be placed,
and cheap proofs that not everyone can be placed.

The session bounds are for plans that place everyone who has at least one possible slot ("placeable"
people); people with no possible slot are reported in `unplaceable` with a reason. The placement bound
(`placement_flow_bound`) holds for every plan, whoever it leaves out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from ortools.graph.python import max_flow

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
    # Most placeable people any plan can place (placement_flow_bound; at most len(placeable)).
    placement: int = 0
    placeable: int = 0

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
            "placeable": self.placeable,
            "placement": self.placement,
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


def _room_caps(prep: Prepared, s: str) -> list[int]:
    """The effective capacities (min(room, session size)) of the free rooms of slot s, largest first."""
    return [rt.capacity for rt in prep.room_types[s] for _ in range(rt.count)]


def slot_session_caps(prep: Prepared) -> dict[str, list[int]]:
    """Per slot, the capacities of the sessions it can hold at most: one per free room and free lead
    trainer, in the largest rooms (largest first)."""
    return {s: _room_caps(prep, s)[: len(prep.leads_at[s])] for s in prep.slots}


def day_session_limit(prep: Prepared, day_slots: list[str]) -> int:
    """Most new sessions on one day: each needs a free room and a lead trainer, and a lead trainer
    gives at most their daily limit (and one session per slot)."""
    rooms_and_leads = sum(min(len(prep.free_rooms[s]), len(prep.leads_at[s])) for s in day_slots)
    leads = 0
    for f in prep.leads:
        free = sum(1 for s in day_slots if s in prep.fac_slot_set[f.id])
        if free:
            leads += min(free, prep.lead_day_cap(f, prep.day[day_slots[0]]))
    return min(rooms_and_leads, leads)


def placement_flow_bound(prep: Prepared) -> int:
    """An upper bound on the number of placeable people any plan places: a maximum flow.

    Network: source -> each person (capacity 1: one session each) -> each (unit, slot) the person can
    attend (floor staff through a node of capacity `allowance[unit, slot]`: the unit's floor staff
    away at once) -> the slot, with capacity the largest rooms the unit could fill there (one per
    free room and per lead trainer who serves the unit) -> the slot's day, with capacity the largest
    rooms the slot can fill (one per free room and free lead trainer) -> the sink, with capacity the
    largest `day_session_limit` session capacities among the day's slots (lead trainers' daily
    limits).

    Why it is valid: take any plan and send each placed person along person -> (their unit, slot) ->
    slot -> day. Every capacity holds in that plan: a person is in one session; a unit's floor staff
    in a slot are within its allowance; the sessions of a unit in a slot each have their own room and
    a lead trainer who serves the unit, so they hold at most the largest such rooms; likewise for all
    sessions of a slot; and the sessions of a day are at most `day_session_limit`, each in a
    different (slot, room), so they hold at most the largest that many capacities. So every plan is
    a flow, and no plan places more people than the maximum flow. It ignores that a session belongs
    to one unit (a slot's capacity may be shared by several units' people), so it can be above the
    true maximum; never below.
    """
    people = prep.placeable
    if not people:
        return 0
    caps = slot_session_caps(prep)
    nodes: dict[tuple, int] = {}

    def node(key: tuple) -> int:
        if key not in nodes:
            nodes[key] = len(nodes) + 2
        return nodes[key]

    source, sink = 0, 1
    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []

    def arc(a: int, b: int, c: int) -> None:
        tails.append(a)
        heads.append(b)
        capacities.append(max(0, int(c)))

    pairs: set[tuple[str, str]] = set()
    floor_pairs: set[tuple[str, str]] = set()
    for person in people:
        p = node(("p", person.id))
        arc(source, p, 1)
        for u, s in prep.candidates[person.id]:
            pairs.add((u, s))
            if person.is_floor:
                floor_pairs.add((u, s))
                arc(p, node(("floor", u, s)), 1)
            else:
                arc(p, node(("pair", u, s)), 1)
    for u, s in sorted(floor_pairs):
        arc(node(("floor", u, s)), node(("pair", u, s)), prep.allowance[u, s])
    for u, s in sorted(pairs):
        leads_u = sum(1 for f in prep.leads_at[s] if f.serves(u))
        arc(node(("pair", u, s)), node(("slot", s)), sum(_room_caps(prep, s)[:leads_u]))
    for s in sorted({s for _u, s in pairs}, key=prep.slot_index.__getitem__):
        arc(node(("slot", s)), node(("day", prep.day[s])), sum(caps[s]))
    for d, day_slots in prep.days.items():
        if ("day", d) in nodes:
            limit = day_session_limit(prep, day_slots)
            best = sorted((c for s in day_slots for c in caps[s]), reverse=True)[:limit]
            arc(node(("day", d)), sink, sum(best))
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(tails, heads, capacities)
    if flow.solve(source, sink) != flow.OPTIMAL:
        return len(people)  # cannot happen with non-negative capacities; the trivial bound
    return min(len(people), int(flow.optimal_flow()))


def sessions_to_hold(prep: Prepared, people: int) -> int:
    """A lower bound on the new sessions of any plan that places `people` people: the fewest of the
    largest possible sessions whose capacities add up to that many.

    Valid because a plan's sessions on one day are at most `day_session_limit`, each in its own
    (slot, room), so their capacities are at most the largest that many of the day's possible
    sessions; over all days, k sessions hold at most the k largest of those lists together."""
    caps: list[int] = []
    slot_caps = slot_session_caps(prep)
    for day_slots in prep.days.values():
        limit = day_session_limit(prep, day_slots)
        caps.extend(sorted((c for s in day_slots for c in slot_caps[s]), reverse=True)[:limit])
    found = _min_items(caps, people)
    return len(caps) + 1 if found is None else found


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
    placement = placement_flow_bound(prep)
    if placement < n_total:
        infeasible.append(
            f"At most {placement} of the {n_total} people with a possible slot can be placed: the "
            "free rooms, lead trainers and floor-staff allowances of the slots they can attend hold "
            "no more"
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
        placement=placement,
        placeable=n_total,
    )
