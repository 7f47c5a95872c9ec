"""The hard rules of a programme's current sessions: the solver's independent checker (keep-apart pairs
included, from the problem's `apart`), plus what only the product can see: other programmes' live
sessions, named.

Used by every manual edit (only violations the edit *adds* refuse it) and by publishing (any refuses it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from scheduling.models import Attendance, CoverDay, Programme, Session

from .busy import Busy
from .ids import local_zone, overlaps, slot_label
from .messages import violation_text
from .problem import build_problem, live_sessions, plan_dict_from_sessions

CLASH_PERSON = "CLASH_PERSON"
CLASH_ROOM = "CLASH_ROOM"
CLASH_TRAINER = "CLASH_TRAINER"
CLASH_ALLOWANCE = "CLASH_ALLOWANCE"


@dataclass(frozen=True)
class Problem:
    """One broken rule: a code (for comparing before and after an edit) and the words for it."""

    code: str
    text: str


def _other(session: Session) -> str:
    return _("“%(programme)s”, %(unit)s, %(when)s in %(room)s") % {
        "programme": session.programme.name,
        "unit": session.unit.name,
        "when": slot_label(session.start),
        "room": session.room.name,
    }


def _here(session: Session) -> str:
    return _("%(unit)s, %(when)s") % {"unit": session.unit.name, "when": slot_label(session.start)}


def _live_people(session: Session) -> list[Attendance]:
    return [a for a in session.attendances.all() if a.status not in Attendance.NOT_LIVE]


def _session_clashes(session: Session, busy: Busy) -> list[Problem]:
    found = []
    start, end = session.start, session.end
    for attendance in _live_people(session):
        other = busy.person_clash(attendance.person_id, start, end)
        if other is not None:
            found.append(
                Problem(
                    CLASH_PERSON,
                    _("%(name)s (%(here)s) is already booked into %(other)s.")
                    % {
                        "name": attendance.person.display_name,
                        "here": _here(session),
                        "other": _other(other),
                    },
                )
            )
    other = busy.room_clash(session.room_id, start, end)
    if other is not None:
        found.append(
            Problem(
                CLASH_ROOM,
                _("%(room)s (%(here)s) is already used by %(other)s.")
                % {"room": session.room.name, "here": _here(session), "other": _other(other)},
            )
        )
    for trainer in (session.lead, session.co_trainer):
        other = busy.facilitator_clash(trainer, start, end) if trainer else None
        if other is not None:
            found.append(
                Problem(
                    CLASH_TRAINER,
                    _("%(name)s (%(here)s) is already running or attending %(other)s.")
                    % {
                        "name": trainer.display_name,
                        "here": _here(session),
                        "other": _other(other),
                    },
                )
            )
    return found


def _allowance_clashes(sessions: list[Session], busy: Busy) -> list[Problem]:
    """Floor staff away from a unit at once, this programme's sessions and others' summed."""
    zone = local_zone()
    cover = {
        (c.unit_id, c.date): c.max_staff_away
        for c in CoverDay.objects.filter(unit_id__in={s.unit_id for s in sessions})
    }
    found = []
    for session in sessions:
        unit = session.unit
        elsewhere = busy.floor_sessions(unit.pk, session.start, session.end)
        if not elsewhere:
            continue
        here = sum(
            1
            for other in sessions
            if other.unit_id == unit.pk
            and overlaps(other.start, other.end, session.start, session.end)
            for a in _live_people(other)
            if a.person.kind == a.person.Kind.STAFF and a.person.is_floor_staff
        )
        allowance = cover.get((unit.pk, session.start.astimezone(zone).date()), unit.max_staff_away)
        away = here + sum(n for _s, n in elsewhere)
        if here and away > allowance:
            found.append(
                Problem(
                    CLASH_ALLOWANCE,
                    _(
                        "%(unit)s would have %(away)s floor staff away at %(when)s, more than its "
                        "allowance of %(allowance)s, with %(other)s."
                    )
                    % {
                        "unit": unit.name,
                        "away": away,
                        "when": slot_label(session.start),
                        "allowance": allowance,
                        "other": _other(elsewhere[0][0]),
                    },
                )
            )
    return found


def programme_problems(*, programme: Programme, ignore: Iterable[str] = ()) -> list[Problem]:
    """Every hard rule the programme's current sessions break; clashes with other programmes first."""
    from scheduling.solver import check_plan, plan_from_dict, problem_from_dict

    built = build_problem(programme=programme, for_check=True)
    sessions = list(
        live_sessions(programme).prefetch_related("attendances__person", "lead", "co_trainer")
    )
    plan = plan_dict_from_sessions(built, sessions)
    found: list[Problem] = []
    for session in sessions:
        found += _session_clashes(session, built.busy)
    found += _allowance_clashes(sessions, built.busy)
    for v in check_plan(problem_from_dict(built.data), plan_from_dict(plan)):
        found.append(
            Problem(v.code, violation_text(built, v.code, getattr(v, "params", None), plan))
        )
    skip = set(ignore)
    return [p for p in found if p.code not in skip]


def raise_for_new_problems(before: list[Problem], after: list[Problem]) -> None:
    """Refuse a change that adds a broken rule, with the reason."""
    seen = Counter(before)
    new = []
    for problem in after:
        if seen[problem] > 0:
            seen[problem] -= 1
        else:
            new.append(problem.text)
    if new:
        raise ValidationError(
            _("This change breaks a rule, so it was not made: %(reason)s") % {"reason": new[0]}
        )
