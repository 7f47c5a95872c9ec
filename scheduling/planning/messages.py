"""The checker's violations and the solver's reasons, in words a coordinator recognises.

Rendered from each violation's `code` and the ids in its `params` (solver contract v2), through gettext:
the solver's English `message` is for the command line and is never parsed here. A violation that comes
without the ids a sentence needs is worded without them (still true, only less specific).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .ids import slot_label

# Sentences naming what is involved, by code. Placeholders (from the checker's params): session (its unit,
# time and room), person, facilitator, unit, room, slot, day; count (people or sessions involved), limit.
NAMED = {
    "PERSON_WRONG_UNIT": _("%(session)s: %(person)s does not belong to that unit."),
    "PERSON_UNAVAILABLE": _("%(session)s: %(person)s is not available then."),
    "PERSON_DOUBLE_BOOKED": _("%(session)s: %(person)s is booked into two sessions."),
    "PERSON_TIME_CLASH": _("%(session)s: %(person)s is in another session at the same time."),
    "PERSON_MISSING": _("%(person)s is neither in a session nor listed as unplaced."),
    "EMPTY_SESSION": _("%(session)s: nobody is in this session."),
    "SESSION_TOO_BIG": _("%(session)s: %(count)s people, more than the session size %(limit)s."),
    "ROOM_TOO_SMALL": _("%(session)s: %(count)s people, but the room holds %(limit)s."),
    "ROOM_UNAVAILABLE": _("%(session)s: the room is not available then."),
    "ROOM_DOUBLE_BOOKED": _("%(room)s is used by %(count)s sessions at %(slot)s."),
    "LEAD_MISSING": _("%(session)s: there is no lead trainer."),
    "LEAD_WRONG_ROLE": _("%(session)s: %(facilitator)s is not a lead trainer."),
    "LEAD_UNAVAILABLE": _("%(session)s: the lead trainer %(facilitator)s is not available then."),
    "LEAD_WRONG_UNIT": _(
        "%(session)s: the lead trainer %(facilitator)s does not work with that unit."
    ),
    "CO_WRONG_ROLE": _("%(session)s: %(facilitator)s is not a co-trainer."),
    "CO_UNAVAILABLE": _("%(session)s: the co-trainer %(facilitator)s is not available then."),
    "CO_WRONG_UNIT": _("%(session)s: the co-trainer %(facilitator)s does not work with that unit."),
    "FACILITATOR_DOUBLE_BOOKED": _("%(facilitator)s would run %(count)s sessions at %(slot)s."),
    "FACILITATOR_DAILY_LIMIT": _(
        "%(facilitator)s would run %(count)s sessions on %(day)s, more than their limit of "
        "%(limit)s."
    ),
    "FLOOR_ALLOWANCE_EXCEEDED": _(
        "%(unit)s would have %(count)s floor staff away at %(slot)s, more than its allowance of "
        "%(limit)s."
    ),
    # Deliberately without names: who must be kept apart is for the coordinators' list alone.
    "APART_TOGETHER": _("%(session)s: two people who must be kept apart are in it together."),
}

# The same facts without names, for a violation that carries no ids.
GENERAL = {
    "UNKNOWN_UNIT": _("A session names a unit that is not in the programme."),
    "UNKNOWN_SLOT": _("A session is at a time that is not one of the programme's."),
    "UNKNOWN_ROOM": _("A session names a room that no longer exists."),
    "UNKNOWN_PERSON": _("A session names someone who is no longer on the roster."),
    "UNKNOWN_FACILITATOR": _("A session names a trainer who is no longer active."),
    "PERSON_WRONG_UNIT": _("Someone is in a session of a unit they do not belong to."),
    "PERSON_UNAVAILABLE": _("Someone is in a session at a time they are not available."),
    "PERSON_DOUBLE_BOOKED": _("Someone is booked into two sessions at once."),
    "PERSON_PLACED_AND_UNPLACED": _("Someone is both in a session and listed as unplaced."),
    "PERSON_LISTED_TWICE": _("Someone is listed twice as unplaced."),
    "PERSON_MISSING": _("Someone is neither in a session nor listed as unplaced."),
    "UNPLACED_NO_REASON": _("Someone is unplaced without a reason."),
    "EMPTY_SESSION": _("A session has nobody in it."),
    "SESSION_TOO_BIG": _("A session has more people than the session size."),
    "ROOM_TOO_SMALL": _("A session has more people than its room holds."),
    "ROOM_UNAVAILABLE": _("A session is in a room that is not available then."),
    "ROOM_DOUBLE_BOOKED": _("A room is used by two sessions at once."),
    "LEAD_MISSING": _("A session has no lead trainer."),
    "LEAD_WRONG_ROLE": _("A session's lead is not a lead trainer."),
    "LEAD_UNAVAILABLE": _("A session's lead trainer is not available then."),
    "LEAD_WRONG_UNIT": _("A session's lead trainer does not work with its unit."),
    "CO_WRONG_ROLE": _("A session's co-trainer is not a co-trainer."),
    "CO_UNAVAILABLE": _("A session's co-trainer is not available then."),
    "CO_WRONG_UNIT": _("A session's co-trainer does not work with its unit."),
    "FACILITATOR_DOUBLE_BOOKED": _("A trainer would run two sessions at once."),
    "FACILITATOR_DAILY_LIMIT": _("A trainer would run more sessions in a day than their limit."),
    "FLOOR_ALLOWANCE_EXCEEDED": _(
        "More floor staff would be away from a unit at once than its allowance."
    ),
    "FIXED_SESSION_CHANGED": _("A held or locked session would change."),
    "APART_TOGETHER": _("Two people who must be kept apart would be in the same session."),
    "PERSON_TIME_CLASH": _("Someone would be in two sessions at the same time."),
}
UNKNOWN = _("The plan breaks one of the planning rules.")

# Why the solver left someone unplaced, by its code.
UNPLACED = {
    "no_possible_slot": _(
        "No session time has a free room and a lead trainer when they can come. Add a time they "
        "can come, a room or a lead trainer, then plan again."
    ),
    "not_placed": _(
        "They can come at %(count)s session times, but at each the sessions were full, or the rooms, "
        "trainers or their unit's floor-staff allowance were used. The release panel shows what "
        "more cover would change."
    ),
    "time_clash": _("Every session they could join overlaps another one they are booked into."),
    "apart": _(
        "Left out of the session the planner chose, to keep a keep-apart pair apart. Move them "
        "into another session by hand."
    ),
}
NOT_PLACED_YET = _("Not placed in a session yet.")
NO_DAY_SHIFT = _(
    "No shift on the rota covers a session time (for example, only night shifts or leave in "
    "these weeks). Give them a day shift or a training day, then plan again."
)
NO_RESIDENT = {
    "no_resident_available": _("No resident of the unit can come at this time."),
    "no_resident_left": _("Every resident who can come is already in another session."),
}


class Namer:
    """Turns the problem's ids (``p12``, ``f3``, unit and room slugs, slot ids) back into names."""

    def __init__(self, built):
        self.built = built

    def person(self, key) -> str:
        person = self.built.people.get(key)
        return person.display_name if person else _("someone no longer on the roster")

    def facilitator(self, key) -> str:
        f = self.built.facilitators.get(key)
        return f.display_name if f else _("a trainer")

    def unit(self, slug) -> str:
        unit = self.built.units.get(slug)
        return unit.name if unit else str(slug)

    def room(self, slug) -> str:
        room = self.built.rooms.get(slug)
        return room.name if room else str(slug)

    def slot(self, sid) -> str:
        start = self.built.slot_starts.get(sid)
        return slot_label(start) if start else str(sid)

    def session(self, unit, sid, room) -> str:
        return _("The %(unit)s session on %(slot)s in %(room)s") % {
            "unit": self.unit(unit),
            "slot": self.slot(sid),
            "room": self.room(room),
        }


def _names(namer: Namer, params: dict, plan: dict | None) -> dict:
    values = dict(params)
    session = params.get("session")
    if isinstance(session, int) and plan and 0 <= session < len(plan.get("sessions", [])):
        item = plan["sessions"][session]
        for key in ("unit", "slot", "room"):
            values.setdefault(key, item[key])
    if {"unit", "slot", "room"} <= values.keys():
        values["session"] = namer.session(values["unit"], values["slot"], values["room"])
    people = params.get("people")
    if isinstance(people, int):
        values["count"] = people
    elif isinstance(people, list | tuple):
        values["count"] = len(people)
    if isinstance(params.get("sessions"), list | tuple):
        values.setdefault("count", len(set(params["sessions"])))
    for key, convert in (
        ("person", namer.person),
        ("facilitator", namer.facilitator),
        ("unit", namer.unit),
        ("room", namer.room),
        ("slot", namer.slot),
    ):
        if key in values:
            values[key] = convert(values[key])
    if isinstance(values.get("day"), str):
        try:
            day = date.fromisoformat(values["day"])
            values["day"] = f"{day:%a} {day.day} {day:%b}"
        except ValueError:
            pass
    return values


def violation_text(built, code: str, params: dict | None = None, plan: dict | None = None) -> str:
    """One violation in words: named when its ids are given, general otherwise."""
    params = params or {}
    template = NAMED.get(code)
    if template is not None and params:
        try:
            return str(template) % _names(Namer(built), params, plan)
        except (KeyError, TypeError, ValueError):
            pass
    return str(GENERAL.get(code, UNKNOWN))


def unplaced_text(built, item: dict) -> str:
    """Why the solver left someone unplaced, from its reason code."""
    if item.get("person") in built.no_day_shift:
        return str(NO_DAY_SHIFT)
    template = UNPLACED.get(item.get("code") or "")
    if template is None:
        return str(NOT_PLACED_YET)
    slots = (item.get("params") or {}).get("slots") or []
    return str(template) % {"count": len(slots)}


def limit_text(
    unit_name: str, limit: dict | None, *, sessions: int, people: int, names: dict | None = None
) -> str:
    """What sets a unit's number of sessions in the plan, and what would change it, in plain words.

    From `planning.release.unit_limits` and the plan's own figures for the unit (its sessions and the
    people in them): groups already as large as they can be; or the staff's shifts (people who can each
    come only at times none of the others can); or the floor staff released at once, with the release
    that would allow fewer, larger groups; or, failing those, who is on duty at the same times."""
    if not limit or not sessions:
        return ""
    size = limit.get("session_size") or 15
    values = {
        "unit": unit_name,
        "sessions": sessions,
        "people": people,
        "size": size,
        "allowance": limit.get("allowance", 0),
        "cover": limit.get("cover_allowance", 0),
    }
    if sessions <= -(-people // size):
        return (
            ngettext(
                "Groups are as large as they can be: %(people)s people in %(sessions)s session of up "
                "to %(size)s.",
                "Groups are as large as they can be: %(people)s people in %(sessions)s sessions of up "
                "to %(size)s.",
                sessions,
            )
            % values
        )
    apart = limit.get("apart_in_time") or []
    if len(apart) > -(-people // size):
        return _shifts_text(values, apart, names or {})
    better = _better(limit, sessions, people)
    bounds = limit.get("bounds") or {}
    if better or bounds.get("floor_staff", 0) >= sessions:
        if values["cover"] > values["allowance"]:
            text = _(
                "%(unit)s can release %(allowance)s floor staff at once (%(cover)s on cover days)."
            )
        else:
            text = _("%(unit)s can release %(allowance)s floor staff at once.")
        if better:
            return (
                f"{text % values} "
                + _("With %(allowance)s, groups would average about %(average)s.") % better
            )
        return f"{text % values} " + str(
            _("Cover on more training days would allow fewer sessions.")
        )
    return str(
        _(
            "Shifts set it: too few of %(unit)s's staff are on duty at the same times to fill "
            "larger groups. Rostering more of them onto training days would allow fewer, larger "
            "groups."
        )
        % values
    )


def _shifts_text(values: dict, apart: list, names: dict) -> str:
    listed = [names[key] for key in apart[:4] if key in names]
    shown = ", ".join(listed)
    if len(apart) > len(listed):
        shown = _("%(names)s and %(more)s more") % {
            "names": shown,
            "more": len(apart) - len(listed),
        }
    return str(
        _(
            "Shifts set it: %(count)s people (%(names)s) can each come only at times none of the "
            "others can, so %(unit)s needs at least %(count)s sessions. Rostering them onto the same "
            "training day would allow fewer, larger groups."
        )
        % {**values, "count": len(apart), "names": shown}
    )


def _better(limit: dict, sessions: int, people: int) -> dict | None:
    """The fewest floor staff released at once, above the unit's best day now, that would need fewer
    sessions than the plan has (from the release frontier), with the groups' average then."""
    best_day = max(limit.get("allowance", 0), limit.get("cover_allowance", 0))
    for allowance, bound in limit.get("frontier") or []:
        if allowance > best_day and 0 < bound < sessions:
            return {"allowance": allowance, "average": round(people / bound, 1)}
    return None
