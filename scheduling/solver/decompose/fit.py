"""Do some units' sessions fit beside the others'? Rooms and lead trainers, matched exactly.

Units compete only for rooms and trainers (and the few people who cover several units), so these
checks are what the decomposition's stages use to accept a plan, price a slot or find an overload.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from ..clock import clock
from ..model import PlannedSession
from ..prepare import Prepared
from ..resources import assign_facilitators, assign_rooms


def without(plan: list[PlannedSession], people: set[str]) -> list[PlannedSession]:
    """The plan without people placed elsewhere (who cover several units); empty sessions go."""
    out = []
    for x in plan:
        kept = tuple(pid for pid in x.people if pid not in people)
        if kept:
            out.append(replace(x, people=kept) if len(kept) != len(x.people) else x)
    return out


def fits(prep: Prepared, accepted: list[PlannedSession], new: list[PlannedSession]) -> bool:
    """Can `new` sessions get a room and a lead trainer beside the `accepted` ones?"""
    slots = {x.slot for x in new}
    days = {prep.day[x.slot] for x in new}
    near = [x for x in accepted if prep.day[x.slot] in days] + list(new)
    if assign_rooms(prep, [x for x in near if x.slot in slots]) is None:
        return False
    _, missing = assign_facilitators(prep, near, "lead", days=days)
    return missing == 0


def concretize(prep: Prepared, sessions: list[PlannedSession]) -> list[PlannedSession] | None:
    """Rooms, lead trainers and co-trainers for every session; None if rooms or leads run out."""
    rooms = assign_rooms(prep, sessions)
    if rooms is None:
        return None
    leads, missing = assign_facilitators(prep, sessions, "lead")
    if missing:
        return None
    cos, _ = assign_facilitators(prep, sessions, "co")
    return [replace(s, room=rooms[i], lead=leads[i], co=cos.get(i)) for i, s in enumerate(sessions)]


def overload(prep: Prepared, sessions: list[PlannedSession]) -> dict[str, float]:
    """Per slot, how far rooms and lead trainers fall short for these sessions (0: they fit)."""
    over: dict[str, float] = defaultdict(float)
    by_slot: dict[str, list[PlannedSession]] = defaultdict(list)
    for x in sessions:
        by_slot[x.slot].append(x)
    for slot, lst in by_slot.items():
        if assign_rooms(prep, lst) is None:
            over[slot] += max(1, len(lst) - len(prep.free_rooms.get(slot, [])))
    leads, _ = assign_facilitators(prep, sessions, "lead")
    for i, x in enumerate(sessions):
        if i not in leads:
            over[x.slot] += 1
    return over


def prices(
    prep: Prepared,
    others: list[PlannedSession],
    unit: str,
    history: dict[str, float],
    pressure: float,
) -> dict[str, int]:
    """Per slot, what one more session of `unit` would cost beside the other units' sessions:
    nothing where a room and a lead trainer are still free for it, else a price that grows with
    the slot's history of overload and with the pressure of the negotiation round."""
    by_day: dict[object, list[PlannedSession]] = defaultdict(list)
    for x in others:
        by_day[prep.day[x.slot]].append(x)
    price = {}
    for slot in prep.usable.get(unit, ()):
        probe = PlannedSession(unit, slot, "", None, None, ("probe",))
        free = fits(prep, by_day.get(prep.day[slot], []), [probe])
        cfg = clock().config
        base = cfg.base_slot_price
        price[slot] = (
            0
            if free
            else min(cfg.max_slot_price, round(base * (1 + history.get(slot, 0.0)) * pressure))
        )
    return price
