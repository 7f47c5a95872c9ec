"""Plain-English reasons, for a coordinator, why a person is not in the plan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .model import Person, PlannedSession, Unplaced
from .prepare import Prepared

NO_POSSIBLE_SLOT = "no_possible_slot"  # no slot with a room, a lead trainer and them available
NOT_PLACED = "not_placed"  # they had possible slots, but the plan could not take them


def _units_label(prep: Prepared, units: Iterable[str]) -> str:
    labels = [prep.problem.unit_label(u) for u in units]
    return " or ".join(labels)


def _possessive(label: str) -> str:
    return f"{label}'" if label.endswith("s") else f"{label}'s"


def no_candidate_reason(prep: Prepared, person: Person) -> str:
    """Why a person has no slot at all in which a session of their unit(s) could take them."""
    p = prep.problem
    avail = [s for s in dict.fromkeys(person.available) if s in prep.day]
    if not avail:
        return "No available slot in the programme: add availability or a slot they can attend."
    causes: dict[str, list[str]] = defaultdict(list)
    advice: set[str] = set()
    for u in person.units:
        if u not in prep.usable:
            continue
        label = p.unit_label(u)
        for s in avail:
            if not prep.free_rooms[s]:
                causes["no free room"].append(s)
                advice.add("book a room")
            elif not any(f.serves(u) for f in prep.leads_at[s]):
                if prep.leads_at[s]:
                    causes[f"no lead trainer who works with {label}"].append(s)
                else:
                    causes["no lead trainer"].append(s)
                advice.add("find a lead trainer")
            elif person.is_floor and prep.allowance[u, s] <= 0:
                causes[f"{_possessive(label)} floor-staff allowance is 0"].append(s)
                advice.add(f"raise {_possessive(label)} floor-staff allowance")
    only_rooms_leads = all(c.startswith("no free room") or c.startswith("no lead") for c in causes)
    head = (
        "Every slot they can attend has no free room or lead trainer"
        if only_rooms_leads
        else "No slot they can attend can take them"
    )
    detail = "; ".join(f"{cause}: {prep.slot_list(slots)}" for cause, slots in causes.items())
    tip = " or ".join(sorted(advice))
    return f"{head} ({detail}). To fix: {tip} for one of these slots, or add availability."


@dataclass
class PlanState:
    """What a plan uses up, to explain why nobody more could be added."""

    floor_used: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    sizes: dict[tuple[str, str], list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (unit, slot) -> [(size, capacity)]
    rooms_used: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    fac_used: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    fac_day: dict[tuple[str, object], int] = field(default_factory=lambda: defaultdict(int))


def plan_state(prep: Prepared, sessions: Iterable[PlannedSession]) -> PlanState:
    p = prep.problem
    st = PlanState()
    for s in sessions:
        room = p.room_by_id.get(s.room)
        cap = min(p.session_size, room.capacity) if room else p.session_size
        st.sizes[s.unit, s.slot].append((len(s.people), cap))
        st.rooms_used[s.slot].add(s.room)
        for fid in (s.lead, s.co):
            if fid:
                st.fac_used[s.slot].add(fid)
                if s.slot in prep.day:
                    st.fac_day[fid, prep.day[s.slot]] += 1
        for pid in s.people:
            person = p.person_by_id.get(pid)
            if person is not None and person.is_floor:
                st.floor_used[s.unit, s.slot] += 1
    return st


def _lead_free(prep: Prepared, st: PlanState, unit: str, slot: str) -> bool:
    d = prep.day[slot]
    for f in prep.problem.facilitators:
        if f.role != "lead" or not f.serves(unit) or slot not in f.available:
            continue
        if f.id in st.fac_used[slot]:
            continue
        if f.max_per_day is not None and st.fac_day[f.id, d] >= f.max_per_day:
            continue
        return True
    return False


def unplaced_reason(prep: Prepared, person: Person, st: PlanState) -> str:
    """Why a person with candidate slots is not in the finished plan `st`."""
    p = prep.problem
    cands = prep.candidates.get(person.id) or []
    if not cands:
        return no_candidate_reason(prep, person)
    causes: dict[str, list[str]] = defaultdict(list)
    advice: list[str] = []
    for u, s in cands:
        label = p.unit_label(u)
        allowance = p.unit_by_id[u].allowance(s)
        if person.is_floor and st.floor_used[u, s] >= allowance:
            cause = f"{_possessive(label)} floor-staff allowance ({allowance}) is used"
            tip = f"raise {_possessive(label)} floor-staff allowance"
        elif any(size < cap for size, cap in st.sizes[u, s]):
            cause = f"a {label} session still has space but the solver ran out of time"
            tip = "re-run the plan with a longer time limit"
        elif not set(prep.free_rooms[s]) - st.rooms_used[s]:
            cause = (
                f"{label} sessions are full and every room is taken"
                if st.sizes[u, s]
                else "every room is taken"
            )
            tip = "book another room"
        elif not _lead_free(prep, st, u, s):
            cause = (
                f"{label} sessions are full and every lead trainer who works with {label} is busy"
                if st.sizes[u, s]
                else f"every lead trainer who works with {label} is busy"
            )
            tip = "find another lead trainer"
        else:
            cause = f"a {label} session could have been opened but the solver ran out of time"
            tip = "re-run the plan with a longer time limit"
        causes[cause].append(s)
        if tip not in advice:
            advice.append(tip)
    slots = [s for _, s in cands]
    unit_note = f" for {_units_label(prep, person.units)}" if len(person.units) > 1 else ""
    if len(causes) == 1:
        (cause,) = causes
        if len(set(slots)) <= 4:
            text = f"Available only on {prep.slot_list(slots)}{unit_note}, when {cause}."
        else:
            text = f"Available on {len(set(slots))} slots{unit_note}, but at each one {cause}."
    elif len(set(slots)) <= 4:
        parts = "; ".join(f"on {prep.slot_list(sl)} {cause}" for cause, sl in causes.items())
        text = f"Available only on {prep.slot_list(slots)}{unit_note}: {parts}."
    else:
        parts = "; or ".join(
            f"{cause} ({len(sl)} slot{'s' if len(sl) != 1 else ''}: {prep.slot_list(sl, 3)})"
            for cause, sl in causes.items()
        )
        text = f"Available on {len(set(slots))} slots{unit_note}, but at each one {parts}."
    return f"{text} To fix: {' or '.join(advice)} for one of these slots, or add availability."


LEFT_OUT_WORDS = {
    "kept_apart": "Left out to keep them apart from someone they must not share a session with, "
    "and no other session of their unit had space then. To fix: add a session or availability.",
    "time_clash": "Left out because their other unit's session is at the same time, and no other "
    "session had space. To fix: add availability or a session at another time.",
}


def unplaced_entries(
    prep: Prepared, sessions: Iterable[PlannedSession], left_out: dict[str, str] | None = None
) -> list[Unplaced]:
    """Everyone to place who is in none of `sessions`, with a code, ids and an English reason.
    `left_out`: people taken out by repair.separate (person -> code)."""
    sessions = list(sessions)
    left_out = left_out or {}
    placed = {pid for s in sessions for pid in s.people}
    out = [
        Unplaced(x.id, no_candidate_reason(prep, x), NO_POSSIBLE_SLOT, {"person": x.id})
        for x in prep.unplaceable
    ]
    missing = [x for x in prep.placeable if x.id not in placed]
    if missing:
        st = plan_state(prep, sessions)
        for x in missing:
            slots = sorted({s for _, s in prep.candidates[x.id]}, key=prep.slot_index.get)
            params = {"person": x.id, "slots": slots}
            if x.id in left_out:
                code = left_out[x.id]
                out.append(Unplaced(x.id, LEFT_OUT_WORDS[code], code, params))
            else:
                out.append(Unplaced(x.id, unplaced_reason(prep, x, st), NOT_PLACED, params))
    return out


NO_RESIDENT_AVAILABLE = "no_resident_available"  # none of the unit's residents could come then
NO_RESIDENT = "no_resident"  # residents could come, but all are needed in other sessions


def with_notes(prep: Prepared, sessions: list[PlannedSession]) -> list[PlannedSession]:
    """Sessions without a resident get a note saying why (contract version 2)."""
    p = prep.problem
    could: dict[tuple[str, str], int] = {}
    for x in prep.placeable:
        if not x.is_staff:
            for key in prep.candidates[x.id]:
                could[key] = could.get(key, 0) + 1
    out = []
    for s in sessions:
        if any(not p.person_by_id[pid].is_staff for pid in s.people):
            out.append(s)
            continue
        n = could.get((s.unit, s.slot), 0)
        code = NO_RESIDENT if n else NO_RESIDENT_AVAILABLE
        params = {"unit": s.unit, "slot": s.slot, "residents_available": n}
        if n:
            message = (f"No resident in this session: the {n} resident(s) of "
                       f"{p.unit_label(s.unit)} free then are needed in other sessions.")  # fmt: skip
        else:
            message = f"No resident of {p.unit_label(s.unit)} can come to this session."
        out.append(replace(s, notes=({"code": code, "params": params, "message": message},)))
    return out
