"""Problem parsing and validation: the JSON form (version 2, or 1) into a `Problem`.

Every field is checked and every error is reported with its path (`people[3].available[0]`), through
reader.py's `Reader`; `problem_from_dict` raises one `ProblemError` listing them all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import (
    CO,
    EACH_UNIT,
    LEAD,
    ONCE,
    READABLE_VERSIONS,
    RESIDENT,
    STAFF,
    VERSION,
    Facilitator,
    Person,
    PlannedSession,
    Problem,
    Room,
    SessionRef,
    Slot,
    Unit,
)
from .reader import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_MINUTES,
    MAX_PER_DAY,
    MAX_WEIGHT,
    ProblemError,
    Reader,
    TooManyErrors,
    entities,
    type_name,
)


def _parse_start(r: Reader, obj: dict, path: str, tz: ZoneInfo | None) -> datetime | None:
    value = r.get(obj, "start", path)
    if value is None:
        return None
    if not isinstance(value, str):
        r.error(f"{path}.start", f"expected an ISO 8601 date-time, got {type_name(value)}")
        return None
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        r.error(f"{path}.start", f'not an ISO 8601 date-time: "{value}"')
        return None
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        r.error(f"{path}.start", f'must be between {FIRST_YEAR} and {LAST_YEAR}, got "{value}"')
        return None
    if start.tzinfo is None:
        if tz is None:
            return None
        start = start.replace(tzinfo=tz)
    try:
        start.astimezone(tz or start.tzinfo)
    except (OverflowError, ValueError):
        r.error(f"{path}.start", f'not a usable date-time: "{value}"')
        return None
    return start


def problem_from_dict(d: Any) -> Problem:
    """Validate and convert the JSON form (version 2, or 1) into a `Problem`; raise `ProblemError`."""
    r = Reader()
    try:
        problem = _read_problem(r, d)
    except TooManyErrors:
        problem = None
    if r.errors:
        field, message = r.errors[0]
        raise ProblemError(field, message, list(r.errors))
    assert problem is not None
    return problem


def _read_problem(r: Reader, d: Any) -> Problem | None:
    if not isinstance(d, dict):
        r.error("problem", f"expected an object, got {type_name(d)}")
        return None
    if not _version_ok(r, d):
        return None
    session_size = r.integer(d, "session_size", "", minimum=1)
    session_minutes = r.integer(
        d, "session_minutes", "", minimum=1, maximum=MAX_MINUTES, required=False, default=90
    )
    timezone = r.text(d, "timezone", "", required=False) or "Europe/London"
    tz: ZoneInfo | None
    try:
        tz = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        r.error("timezone", f'unknown time zone "{timezone}"')
        tz = None

    slots = entities(r, d, "slots", lambda o, p: _read_slot(r, o, p, tz))
    slot_ids = {s.id for s in slots}
    rooms = entities(r, d, "rooms", lambda o, p: _read_room(r, o, p, slot_ids))
    units = entities(r, d, "units", lambda o, p: _read_unit(r, o, p, slot_ids))
    unit_ids = {u.id for u in units}
    people = entities(r, d, "people", lambda o, p: _read_person(r, o, p, slot_ids, unit_ids))
    facilitators = entities(
        r, d, "facilitators", lambda o, p: _read_facilitator(r, o, p, slot_ids, unit_ids)
    )

    known = {
        "slot": {s.id: s for s in slots},
        "room": {x.id: x for x in rooms},
        "unit": {u.id: u for u in units},
        "person": {x.id: x for x in people},
        "facilitator": {f.id: f for f in facilitators},
    }
    fixed = _read_fixed(r, d, known)
    current = _read_current(r, d, known)
    apart = _read_apart(r, d, known["person"])

    if session_size is None:
        return None
    return Problem(
        version=VERSION,
        session_size=session_size,
        session_minutes=session_minutes or 90,
        timezone=timezone,
        slots=tuple(slots),
        rooms=tuple(rooms),
        units=tuple(units),
        people=tuple(people),
        facilitators=tuple(facilitators),
        fixed_sessions=tuple(fixed),
        current=current,
        apart=apart,
    )


def _version_ok(r: Reader, d: dict) -> bool:
    version = d.get("version")
    if version is None:
        r.error("version", f"missing (expected {VERSION})")
        return False
    if (
        isinstance(version, bool)
        or not isinstance(version, int)
        or version not in READABLE_VERSIONS
    ):
        shown = repr(version) if len(repr(version)) <= 20 else "that value"
        r.error("version", f"unsupported version {shown} (expected {VERSION})")
        return False
    return True


def _read_room(r: Reader, o: dict, p: str, slot_ids: set) -> Room | None:
    capacity = r.integer(o, "capacity", p, minimum=1)
    available = r.ids(o, "available", p, slot_ids, "slot")
    if capacity is None:
        return None
    return Room(id=o["id"], capacity=capacity, available=available)


def _read_unit(r: Reader, o: dict, p: str, slot_ids: set) -> Unit | None:
    away = r.integer(o, "max_staff_away", p, minimum=0)
    by_slot: dict[str, int] = {}
    raw = o.get("max_staff_away_by_slot") or {}
    if not isinstance(raw, dict):
        r.error(f"{p}.max_staff_away_by_slot", f"expected an object, got {type_name(raw)}")
        raw = {}
    for slot_id in raw:
        value = r.integer(raw, slot_id, f"{p}.max_staff_away_by_slot", minimum=0)
        if slot_id not in slot_ids:
            r.error(f"{p}.max_staff_away_by_slot.{slot_id}", f'unknown slot id "{slot_id}"')
        elif value is not None:
            by_slot[slot_id] = value
    min_staff = r.integer(o, "min_staff", p, minimum=0, required=False, default=0)
    min_residents = r.integer(o, "min_residents", p, minimum=0, required=False, default=0)
    name = o.get("name")
    if name is not None and not isinstance(name, str):
        r.error(f"{p}.name", f"expected text, got {type_name(name)}")
        name = None
    if away is None:
        return None
    return Unit(
        id=o["id"],
        max_staff_away=away,
        max_staff_away_by_slot=by_slot,
        min_staff=min_staff or 0,
        min_residents=min_residents or 0,
        name=name,
    )


def _read_person(r: Reader, o: dict, p: str, slot_ids: set, unit_ids: set) -> Person | None:
    person_units = r.ids(o, "units", p, unit_ids, "unit", allow_empty=False)
    kind = r.get(o, "kind", p)
    if kind is not None and kind not in (STAFF, RESIDENT):
        r.error(f"{p}.kind", f'expected "staff" or "resident", got {kind!r}')
        kind = None
    floor = r.boolean(o, "floor", p, False)
    if floor and kind == RESIDENT:
        r.error(f"{p}.floor", "only staff can be floor staff")
    available = r.ids(o, "available", p, slot_ids, "slot")
    prefers = r.ids(o, "prefers", p, slot_ids, "slot", required=False)
    attend = o.get("attend", ONCE)
    if attend is None:
        attend = ONCE
    if attend not in (ONCE, EACH_UNIT):
        shown = repr(attend) if len(repr(attend)) <= 30 else type_name(attend)
        r.error(f"{p}.attend", f'expected "{ONCE}" or "{EACH_UNIT}", got {shown}')
        attend = ONCE
    if kind is None or not person_units:
        return None
    return Person(
        id=o["id"],
        units=person_units,
        kind=kind,
        floor=floor,
        available=available,
        prefers=prefers,
        attend=attend,
    )


def _read_facilitator(
    r: Reader, o: dict, p: str, slot_ids: set, unit_ids: set
) -> Facilitator | None:
    role = r.get(o, "role", p)
    if role is not None and role not in (LEAD, CO):
        r.error(f"{p}.role", f'expected "lead" or "co", got {role!r}')
        role = None
    available = r.ids(o, "available", p, slot_ids, "slot")
    max_per_day = r.integer(
        o, "max_per_day", p, minimum=0, maximum=MAX_PER_DAY, required=False, default=None
    )
    weight = r.integer(o, "weight", p, minimum=0, maximum=MAX_WEIGHT, required=False, default=1)
    fac_units = None
    if o.get("units") is not None:
        fac_units = r.ids(o, "units", p, unit_ids, "unit", allow_empty=False)
    if role is None:
        return None
    return Facilitator(
        id=o["id"],
        role=role,
        available=available,
        max_per_day=max_per_day,
        units=fac_units,
        weight=1 if weight is None else weight,
    )


def _read_apart(r: Reader, d: dict, people: dict) -> tuple[tuple[str, str], ...]:
    """`apart`: pairs of person ids never to be in one session (duplicates dropped, order kept)."""
    out: list[tuple[str, str]] = []
    seen: set[frozenset] = set()
    for i, raw in enumerate(r.items(d, "apart", "", required=False)):
        path = f"apart[{i}]"
        if not isinstance(raw, list) or len(raw) != 2:
            r.error(path, f"expected a list of two person ids, got {type_name(raw)}")
            continue
        ok = True
        for j, pid in enumerate(raw):
            if not isinstance(pid, str):
                r.error(f"{path}[{j}]", f"expected a person id (text), got {type_name(pid)}")
                ok = False
            elif pid not in people:
                r.error(f"{path}[{j}]", f'unknown person id "{pid}"')
                ok = False
        if not ok:
            continue
        if raw[0] == raw[1]:
            r.error(path, f'names "{raw[0]}" twice')
            continue
        key = frozenset(raw)
        if key not in seen:
            seen.add(key)
            out.append((raw[0], raw[1]))
    return tuple(out)


def _read_slot(r: Reader, o: dict, p: str, tz: ZoneInfo | None) -> Slot | None:
    start = _parse_start(r, o, p, tz)
    if start is None:
        return None
    return Slot(id=o["id"], start=start)


def _place_refs(r: Reader, o: dict, path: str, known: dict[str, dict]) -> tuple:
    """The unit, slot and room a session names, each checked against the known ids."""
    return (
        r.ref(o, "unit", path, known["unit"], "unit"),
        r.ref(o, "slot", path, known["slot"], "slot"),
        r.ref(o, "room", path, known["room"], "room"),
    )


def _read_fixed(r: Reader, d: dict, known: dict[str, dict]) -> list[PlannedSession]:
    out: list[PlannedSession] = []
    person_in: dict[str, int] = {}
    room_at: dict[tuple[str, str], int] = {}
    fac_at: dict[tuple[str, str], int] = {}
    for i, raw in enumerate(r.items(d, "fixed_sessions", "", required=False)):
        path = f"fixed_sessions[{i}]"
        o = r.obj(raw, path)
        if o is None:
            continue
        unit, slot, room = _place_refs(r, o, path, known)
        lead = r.ref(o, "lead", path, known["facilitator"], "facilitator")
        co = None
        if o.get("co") is not None:
            co = r.ref(o, "co", path, known["facilitator"], "facilitator")
        people = r.ids(o, "people", path, known["person"], "person")
        for j, pid in enumerate(people):
            if pid in person_in:
                r.error(
                    f"{path}.people[{j}]",
                    f'person "{pid}" is already in fixed_sessions[{person_in[pid]}]',
                )
            person_in[pid] = i
        if slot is not None and room is not None:
            if (slot, room) in room_at:
                r.error(
                    f"{path}.room",
                    f'room "{room}" is already used at "{slot}" by '
                    f"fixed_sessions[{room_at[slot, room]}]",
                )
            room_at[slot, room] = i
        for key, fac in (("lead", lead), ("co", co)):
            if slot is not None and fac is not None:
                if (slot, fac) in fac_at and fac_at[slot, fac] != i:
                    r.error(
                        f"{path}.{key}",
                        f'facilitator "{fac}" is already in fixed_sessions[{fac_at[slot, fac]}] '
                        "at that slot",
                    )
                fac_at[slot, fac] = i
        if None in (unit, slot, room, lead):
            continue
        out.append(PlannedSession(unit, slot, room, lead, co, people))
    return out


def _read_current(r: Reader, d: dict, known: dict[str, dict]) -> dict[str, SessionRef]:
    raw = d.get("current")
    if raw is None:
        return {}
    out: dict[str, SessionRef] = {}
    if isinstance(raw, list):
        # Also accepted: a list of published sessions [{"unit", "slot", "room", "people": [...]}].
        for i, item in enumerate(raw):
            path = f"current[{i}]"
            o = r.obj(item, path)
            if o is None:
                continue
            unit, slot, room = _place_refs(r, o, path, known)
            people = r.ids(o, "people", path, known["person"], "person")
            if None not in (unit, slot, room):
                for pid in people:
                    out[pid] = SessionRef(unit, slot, room)
        return out
    if not isinstance(raw, dict):
        r.error("current", f"expected an object, got {type_name(raw)}")
        return {}
    for pid, item in raw.items():
        path = f"current.{pid}"
        if pid not in known["person"]:
            r.error(path, f'unknown person id "{pid}"')
            continue
        o = r.obj(item, path)
        if o is None:
            continue
        unit = r.ref(o, "unit", path, known["unit"], "unit")
        slot = r.ref(o, "slot", path, known["slot"], "slot")
        room = r.ref(o, "room", path, known["room"], "room")
        if None not in (unit, slot, room):
            out[pid] = SessionRef(unit, slot, room)
    return out
