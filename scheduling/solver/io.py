"""The versioned JSON form of problems and plans, with validation that names the offending field."""

from __future__ import annotations

from collections.abc import Callable
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
    Plan,
    PlannedSession,
    Problem,
    Room,
    SessionRef,
    Slot,
    Unit,
    Unplaced,
)


class ProblemError(ValueError):
    """A malformed problem. `field` is a path such as `people[3].available[0]`.

    When several things are wrong, `errors` lists every (field, message) pair found; the exception itself
    describes the first one.
    """

    def __init__(self, field: str, message: str, errors: list[tuple[str, str]] | None = None):
        self.field = field
        self.message = message
        self.errors = errors or [(field, message)]
        super().__init__(f"{field}: {message}")


class _Stop(Exception):
    pass


_MAX_ERRORS = 50

# Largest accepted values: far above any real programme, low enough that no count overflows or makes
# a model explode (a ward has tens of people; a day has a handful of sessions).
MAX_COUNT = 10_000  # session size, room capacity, staff allowances, group minimums
MAX_PER_DAY = 100
MAX_WEIGHT = 1_000
MAX_MINUTES = 24 * 60
# Slot starts must fall in these years (time-zone arithmetic overflows at the ends of the calendar).
FIRST_YEAR, LAST_YEAR = 1970, 2200


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class _Reader:
    """Collects errors while reading a JSON-like structure."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))
        if len(self.errors) >= _MAX_ERRORS:
            raise _Stop

    # Field readers. Each returns a usable value (or None) and records an error when needed.
    def obj(self, value: Any, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, f"expected an object, got {_type_name(value)}")
            return None
        return value

    def get(
        self, d: dict, key: str, path: str, *, required: bool = True, default: Any = None
    ) -> Any:
        if key not in d or (d[key] is None and required):
            if required:
                self.error(_join(path, key), "missing")
            return default
        return d[key]

    def text(self, d: dict, key: str, path: str, *, required: bool = True) -> str | None:
        value = self.get(d, key, path, required=required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(_join(path, key), f"expected non-empty text, got {_type_name(value)}")
            return None
        return value

    def integer(
        self,
        d: dict,
        key: str,
        path: str,
        *,
        minimum: int,
        maximum: int = MAX_COUNT,
        required: bool = True,
        default=None,
    ) -> int | None:
        value = self.get(d, key, path, required=required, default=default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            elif isinstance(value, float) and value == float("inf"):
                self.error(_join(path, key), f"must be at most {maximum}, got a huge number")
                return None
            else:
                self.error(_join(path, key), f"expected a whole number, got {_type_name(value)}")
                return None
        if value < minimum:
            what = "positive" if minimum == 1 else "zero or more"
            self.error(_join(path, key), f"must be {what}, got {value}")
            return None
        if value > maximum:
            shown = value if len(str(value)) <= 12 else f"a {len(str(value))}-digit number"
            self.error(_join(path, key), f"must be at most {maximum}, got {shown}")
            return None
        return value

    def boolean(self, d: dict, key: str, path: str, default: bool) -> bool:
        value = d.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(_join(path, key), f"expected true or false, got {_type_name(value)}")
            return default
        return value

    def items(self, d: dict, key: str, path: str, *, required: bool = True) -> list:
        value = self.get(d, key, path, required=required, default=None)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(_join(path, key), f"expected a list, got {_type_name(value)}")
            return []
        return value

    def ids(
        self,
        d: dict,
        key: str,
        path: str,
        known: dict | set,
        what: str,
        *,
        required: bool = True,
        allow_empty: bool = True,
    ) -> tuple[str, ...]:
        """A list of references to known ids (duplicates dropped, order kept)."""
        values = self.items(d, key, path, required=required)
        out: list[str] = []
        seen: set[str] = set()
        for i, value in enumerate(values):
            p = f"{_join(path, key)}[{i}]"
            if not isinstance(value, str):
                self.error(p, f"expected a {what} id (text), got {_type_name(value)}")
            elif value not in known:
                self.error(p, f'unknown {what} id "{value}"')
            elif value not in seen:
                seen.add(value)
                out.append(value)
        if not allow_empty and not values and key in d:
            self.error(_join(path, key), f"must name at least one {what}")
        return tuple(out)

    def ref(self, d: dict, key: str, path: str, known: dict, what: str) -> str | None:
        value = self.get(d, key, path)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(_join(path, key), f"expected a {what} id (text), got {_type_name(value)}")
            return None
        if value not in known:
            self.error(_join(path, key), f'unknown {what} id "{value}"')
            return None
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _entities(
    r: _Reader, root: dict, key: str, build: Callable[[dict, str], Any], *, required: bool = True
) -> list:
    """Read a list of objects with unique `id`s, calling build(obj, path) for each."""
    out = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(r.items(root, key, "", required=required)):
        path = f"{key}[{i}]"
        obj = r.obj(raw, path)
        if obj is None:
            continue
        ident = r.text(obj, "id", path)
        if ident is None:
            continue
        if ident in seen:
            r.error(f"{path}.id", f'duplicate id "{ident}" (also {key}[{seen[ident]}])')
            continue
        seen[ident] = i
        built = build(obj, path)
        if built is not None:
            out.append(built)
    return out


def _parse_start(r: _Reader, obj: dict, path: str, tz: ZoneInfo | None) -> datetime | None:
    value = r.get(obj, "start", path)
    if value is None:
        return None
    if not isinstance(value, str):
        r.error(f"{path}.start", f"expected an ISO 8601 date-time, got {_type_name(value)}")
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
    r = _Reader()
    try:
        problem = _read_problem(r, d)
    except _Stop:
        problem = None
    if r.errors:
        field, message = r.errors[0]
        raise ProblemError(field, message, list(r.errors))
    assert problem is not None
    return problem


def _read_problem(r: _Reader, d: Any) -> Problem | None:
    if not isinstance(d, dict):
        r.error("problem", f"expected an object, got {_type_name(d)}")
        return None
    version = d.get("version")
    if version is None:
        r.error("version", f"missing (expected {VERSION})")
        return None
    if (
        isinstance(version, bool)
        or not isinstance(version, int)
        or version not in READABLE_VERSIONS
    ):
        shown = repr(version) if len(repr(version)) <= 20 else "that value"
        r.error("version", f"unsupported version {shown} (expected {VERSION})")
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

    slots = _entities(r, d, "slots", lambda o, p: _read_slot(r, o, p, tz))
    slot_ids = {s.id for s in slots}

    def read_room(o: dict, p: str) -> Room | None:
        capacity = r.integer(o, "capacity", p, minimum=1)
        available = r.ids(o, "available", p, slot_ids, "slot")
        if capacity is None:
            return None
        return Room(id=o["id"], capacity=capacity, available=available)

    rooms = _entities(r, d, "rooms", read_room)

    def read_unit(o: dict, p: str) -> Unit | None:
        away = r.integer(o, "max_staff_away", p, minimum=0)
        by_slot: dict[str, int] = {}
        raw = o.get("max_staff_away_by_slot") or {}
        if not isinstance(raw, dict):
            r.error(f"{p}.max_staff_away_by_slot", f"expected an object, got {_type_name(raw)}")
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
            r.error(f"{p}.name", f"expected text, got {_type_name(name)}")
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

    units = _entities(r, d, "units", read_unit)
    unit_ids = {u.id for u in units}

    def read_person(o: dict, p: str) -> Person | None:
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
            shown = repr(attend) if len(repr(attend)) <= 30 else _type_name(attend)
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

    people = _entities(r, d, "people", read_person)

    def read_facilitator(o: dict, p: str) -> Facilitator | None:
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

    facilitators = _entities(r, d, "facilitators", read_facilitator)

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


def _read_apart(r: _Reader, d: dict, people: dict) -> tuple[tuple[str, str], ...]:
    """`apart`: pairs of person ids never to be in one session (duplicates dropped, order kept)."""
    out: list[tuple[str, str]] = []
    seen: set[frozenset] = set()
    for i, raw in enumerate(r.items(d, "apart", "", required=False)):
        path = f"apart[{i}]"
        if not isinstance(raw, list) or len(raw) != 2:
            r.error(path, f"expected a list of two person ids, got {_type_name(raw)}")
            continue
        ok = True
        for j, pid in enumerate(raw):
            if not isinstance(pid, str):
                r.error(f"{path}[{j}]", f"expected a person id (text), got {_type_name(pid)}")
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


def _read_slot(r: _Reader, o: dict, p: str, tz: ZoneInfo | None) -> Slot | None:
    start = _parse_start(r, o, p, tz)
    if start is None:
        return None
    return Slot(id=o["id"], start=start)


def _place_refs(r: _Reader, o: dict, path: str, known: dict[str, dict]) -> tuple:
    """The unit, slot and room a session names, each checked against the known ids."""
    return (
        r.ref(o, "unit", path, known["unit"], "unit"),
        r.ref(o, "slot", path, known["slot"], "slot"),
        r.ref(o, "room", path, known["room"], "room"),
    )


def _read_fixed(r: _Reader, d: dict, known: dict[str, dict]) -> list[PlannedSession]:
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


def _read_current(r: _Reader, d: dict, known: dict[str, dict]) -> dict[str, SessionRef]:
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
        r.error("current", f"expected an object, got {_type_name(raw)}")
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


def _session_to_dict(s: PlannedSession, *, notes: bool = False) -> dict[str, Any]:
    out = {
        "unit": s.unit,
        "slot": s.slot,
        "room": s.room,
        "lead": s.lead,
        "co": s.co,
        "people": list(s.people),
    }
    if notes:
        out["notes"] = [dict(n) for n in s.notes]
    return out


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The JSON form of a problem (round-trips through `problem_from_dict`)."""
    out: dict[str, Any] = {
        "version": VERSION,
        "session_size": problem.session_size,
        "session_minutes": problem.session_minutes,
        "timezone": problem.timezone,
        "slots": [{"id": s.id, "start": s.start.isoformat()} for s in problem.slots],
        "rooms": [
            {"id": x.id, "capacity": x.capacity, "available": list(x.available)}
            for x in problem.rooms
        ],
        "units": [],
        "people": [],
        "facilitators": [],
    }
    for u in problem.units:
        unit: dict[str, Any] = {
            "id": u.id,
            "max_staff_away": u.max_staff_away,
            "max_staff_away_by_slot": dict(u.max_staff_away_by_slot),
            "min_staff": u.min_staff,
            "min_residents": u.min_residents,
        }
        if u.name is not None:
            unit["name"] = u.name
        out["units"].append(unit)
    for p in problem.people:
        person: dict[str, Any] = {
            "id": p.id,
            "units": list(p.units),
            "kind": p.kind,
            "floor": p.floor,
            "available": list(p.available),
        }
        if p.prefers:
            person["prefers"] = list(p.prefers)
        if p.attend != ONCE:
            person["attend"] = p.attend
        out["people"].append(person)
    for f in problem.facilitators:
        fac: dict[str, Any] = {"id": f.id, "role": f.role, "available": list(f.available)}
        if f.max_per_day is not None:
            fac["max_per_day"] = f.max_per_day
        if f.units is not None:
            fac["units"] = list(f.units)
        if f.weight != 1:
            fac["weight"] = f.weight
        out["facilitators"].append(fac)
    if problem.fixed_sessions:
        out["fixed_sessions"] = [_session_to_dict(s) for s in problem.fixed_sessions]
    if problem.current:
        out["current"] = {
            pid: {"unit": ref.unit, "slot": ref.slot, "room": ref.room}
            for pid, ref in problem.current.items()
        }
    if problem.apart:
        out["apart"] = [list(pair) for pair in problem.apart]
    return out


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The JSON form of a plan (docs/scheduler.md, contract version 2): sessions with their `notes`,
    unplaced people with a `code` and `params` (plus `unit` for people who attend each unit), `gap`,
    `bounds`, `phases` and the solver `parameters`."""
    return {
        "version": VERSION,
        "status": plan.status,
        "lower_bound": plan.lower_bound,
        "gap": plan.gap,
        "objective": dict(plan.objective),
        "sessions": [_session_to_dict(s, notes=True) for s in plan.sessions],
        "unplaced": [_unplaced_to_dict(u) for u in plan.unplaced],
        "solve_seconds": round(plan.solve_seconds, 3),
        "bounds": plan.bounds,
        "phases": list(plan.phases),
        "parameters": dict(plan.parameters),
    }


def _unplaced_to_dict(u: Unplaced) -> dict[str, Any]:
    out: dict[str, Any] = {"person": u.person, "reason": u.reason, "code": u.code}
    out["params"] = dict(u.params)
    if u.unit is not None:
        out["unit"] = u.unit
    return out


def plan_from_dict(d: dict[str, Any]) -> Plan:
    """Read a plan's JSON form (no validation against a problem: use `check_plan` for that)."""
    if not isinstance(d, dict):
        raise ProblemError("plan", f"expected an object, got {_type_name(d)}")
    sessions = []
    for i, s in enumerate(d.get("sessions") or []):
        try:
            sessions.append(
                PlannedSession(
                    unit=s["unit"],
                    slot=s["slot"],
                    room=s["room"],
                    lead=s.get("lead"),
                    co=s.get("co"),
                    people=tuple(s.get("people") or ()),
                    notes=tuple(dict(n) for n in s.get("notes") or ()),
                )
            )
        except (KeyError, TypeError) as exc:
            raise ProblemError(f"sessions[{i}]", f"missing or malformed field {exc}") from None
    unplaced = []
    for i, u in enumerate(d.get("unplaced") or []):
        try:
            unplaced.append(
                Unplaced(
                    person=u["person"],
                    reason=u.get("reason", ""),
                    code=u.get("code") or "",
                    params=dict(u.get("params") or {}),
                    unit=u.get("unit"),
                )
            )
        except (KeyError, TypeError) as exc:
            raise ProblemError(f"unplaced[{i}]", f"missing or malformed field {exc}") from None
    return Plan(
        status=d.get("status", "unknown"),
        lower_bound=int(d.get("lower_bound") or 0),
        objective=dict(d.get("objective") or {}),
        sessions=sessions,
        unplaced=unplaced,
        solve_seconds=float(d.get("solve_seconds") or 0.0),
        bounds=dict(d.get("bounds") or {}),
        phases=list(d.get("phases") or []),
        parameters=dict(d.get("parameters") or {}),
    )
