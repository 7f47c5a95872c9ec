"""Plan (and problem) serialisation: the JSON forms written out, and a plan read back.

`problem_to_dict` round-trips through `problem_from_dict` (parse.py); `plan_to_dict` is the plan of
docs/scheduler.md (contract version 2).
"""

from __future__ import annotations

from typing import Any

from .model import ONCE, VERSION, Plan, PlannedSession, Problem, Unplaced
from .reader import ProblemError, type_name


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
        raise ProblemError("plan", f"expected an object, got {type_name(d)}")
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
