"""The coordinator's changes to a plan: move, swap, lock, reschedule, cancel, publish.

Every change that could break a hard rule is checked by the solver's independent checker on the problem
rebuilt from the roster, and refused with the checker's reason when it adds a violation. Only violations
the change *adds* count: a plan that a later roster change has made imperfect can still be repaired one
step at a time.

Each write is one transaction that first locks (`select_for_update`) the sessions it touches and the
people it moves, always in the same order (sessions by id, then people by id), so two coordinators
editing one plan at once cannot double-book a person; the `one_live_booking_per_programme` constraint is
the last line of defence.

Across programmes, the rows a clash would share are locked too, in one global order (units, rooms,
trainers, people, each by id): a clash between two programmes always shares a person, a room, a trainer
or a unit (the floor-staff allowance), so two coordinators publishing or editing at once are serialised
exactly where they could collide, and the second one's check sees what the first committed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from scheduling.models import Attendance, Facilitator, Person, Programme, Room, Session, Unit
from scheduling.planning.checks import programme_problems, raise_for_new_problems
from scheduling.planning.days import programme_slot_starts, unit_session_minutes
from scheduling.planning.ids import LIVE
from scheduling.planning.problem import each_unit_units
from scheduling.signals import sessions_changed

# An empty session is tidied away (drafts) or left for the coordinator to cancel (published), so the
# checker's "nobody is in this session" is not a reason to refuse a move.
IGNORED_WHILE_EDITING = ("EMPTY_SESSION",)


def _lock_sessions(programme: Programme, pks) -> dict[int, Session]:
    sessions = {
        s.pk: s
        for s in Session.objects.select_for_update()
        .filter(pk__in=sorted(pks), programme=programme)
        .order_by("pk")
    }
    missing = set(pks) - set(sessions)
    if missing:
        raise ValidationError(_("That session is not part of this programme."))
    return sessions


def _lock_people(people: list[Person]) -> None:
    list(
        Person.objects.select_for_update()
        .filter(pk__in=sorted(p.pk for p in people))
        .order_by("pk")
    )


def _lock_shared(sessions, *, also_room: Room | None = None) -> None:
    """Lock the units, rooms, trainers and people the sessions involve (see the module docstring)."""
    sessions = list(sessions)
    ids = [s.pk for s in sessions if s.pk]
    people = set(
        Attendance.objects.filter(LIVE, session_id__in=ids).values_list("person_id", flat=True)
    )
    trainers = {pk for s in sessions for pk in (s.lead_id, s.co_trainer_id) if pk}
    people |= set(
        Facilitator.objects.filter(pk__in=trainers, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    for model, pks in (
        (Unit, {s.unit_id for s in sessions}),
        (Room, {s.room_id for s in sessions} | ({also_room.pk} if also_room else set())),
        (Facilitator, trainers),
        (Person, people),
    ):
        list(model.objects.select_for_update().filter(pk__in=sorted(pks)).order_by("pk"))


def _live_bookings(programme: Programme, person: Person, *, lock: bool = False) -> list[Attendance]:
    bookings = Attendance.objects.filter(LIVE, programme=programme, person=person).order_by("pk")
    return list(bookings.select_for_update() if lock else bookings)


def _live_booking(
    programme: Programme, person: Person, unit=None, *, lock: bool = True
) -> Attendance | None:
    """The person's live booking in the programme; for someone who attends with each unit they cover,
    their booking with `unit` (None if they have none there yet)."""
    bookings = _live_bookings(programme, person, lock=lock)
    if unit is not None and any(b.each_unit for b in bookings):
        return next((b for b in bookings if b.unit_id == unit.pk), None)
    return bookings[0] if bookings else None


def _attends_each(programme: Programme, person: Person, unit) -> bool:
    """Whether a new booking of the person with `unit` is one of their per-unit bookings."""
    mine = [u for u in programme.units.all() if u in set(person.units.all())]
    return unit in each_unit_units(person, mine)


def _swap_pair(programme: Programme, person_a: Person, person_b: Person, *, lock: bool):
    """The two bookings to swap: for people who attend with each unit, the ones in a unit they share
    (a swap stays within a unit); otherwise each person's one booking."""
    first, second = (
        _live_bookings(programme, person_a, lock=lock),
        _live_bookings(programme, person_b, lock=lock),
    )
    for a in first:
        for b in second:
            if a.unit_id == b.unit_id and a.session_id != b.session_id:
                return a, b
    return (first[0] if first else None), (second[0] if second else None)


def _check_people_editable(session: Session) -> None:
    if session.status == Session.Status.HELD:
        raise ValidationError(
            _("The session on %(when)s has already been held, so who was in it cannot change.")
            % {"when": _when(session)}
        )
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("That session has been cancelled."))
    if session.locked:
        raise ValidationError(
            _("The session on %(when)s is locked. Unlock it first to change who is in it.")
            % {"when": _when(session)}
        )


def _when(session: Session) -> str:
    from django.utils import timezone

    local = timezone.localtime(session.start)
    return f"{local:%a} {local.day} {local:%b %H:%M} ({session.unit.name})"


def _violations(programme: Programme):
    return programme_problems(programme=programme, ignore=IGNORED_WHILE_EDITING)


def _announce(session_ids: list[int], change: str, removed: dict | None = None) -> None:
    """Tell the calendars after commit; nothing is sent for a change that was rolled back.

    `removed` maps a session id to the people moved out of it, so they are sent a cancellation.
    """
    ids = sorted(set(session_ids))
    if ids:
        transaction.on_commit(
            lambda: sessions_changed.send(
                sender=Session, session_ids=ids, change=change, removed=removed or {}
            )
        )


NEEDS_CONFIRMATION = "needs_confirmation"


def _residents_in(session_ids) -> dict[int, int]:
    counts = {pk: 0 for pk in session_ids}
    for session_id in Attendance.objects.filter(
        LIVE, session_id__in=list(session_ids), person__kind=Person.Kind.RESIDENT
    ).values_list("session_id", flat=True):
        counts[session_id] += 1
    return counts


def _confirm_residents_kept(before: dict[int, int], confirmed: bool) -> None:
    """Refuse (unless confirmed) a change that leaves a session with people but no resident: the
    training is joint, so a staff-only session is a decision the coordinator makes knowingly."""
    if confirmed:
        return
    after = _residents_in(before)
    for session_id, count in before.items():
        left = Attendance.objects.filter(LIVE, session_id=session_id).exists()
        if count and not after[session_id] and left:
            session = Session.objects.select_related("unit").get(pk=session_id)
            raise ValidationError(
                _(
                    "This moves the last resident out of the session on %(when)s, leaving it "
                    "staff-only. Confirm if that is what you want."
                )
                % {"when": _when(session)},
                code=NEEDS_CONFIRMATION,
            )


def _tidy_if_empty(session: Session) -> None:
    """A draft session nobody is left in is deleted, so the plan never shows empty drafts."""
    if session.status == Session.Status.DRAFT and not session.attendances.filter(LIVE).exists():
        session.delete()


@transaction.atomic
def attendance_move(
    *, programme: Programme, person: Person, to_session: Session, confirmed: bool = False
) -> Attendance:
    """Move a person into `to_session` (from wherever they are booked, or from unplaced).

    People moved in or out of a published session are announced as "published" for that session, so the
    calendar code can send the new attendee an invitation.
    """
    current = _live_booking(programme, person, to_session.unit, lock=False)
    wanted = {to_session.pk} | ({current.session_id} if current else set())
    sessions = _lock_sessions(programme, wanted)
    _lock_shared(sessions.values())
    _lock_people([person])
    current = _live_booking(programme, person, to_session.unit)
    if current is not None and current.session_id not in sessions:
        raise ValidationError(
            _("%(name)s was moved by someone else just now. Reload the plan and try again.")
            % {"name": person.display_name}
        )
    target = sessions[to_session.pk]
    if current is not None and current.session_id == target.pk:
        raise ValidationError(
            _("%(name)s is already in that session.") % {"name": person.display_name}
        )
    _check_people_editable(target)
    source = sessions.get(current.session_id) if current else None
    if source is not None:
        _check_people_editable(source)

    before = _violations(programme)
    residents = _residents_in(set(sessions))
    if current is not None:
        current.delete()
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                session=target,
                programme=programme,
                person=person,
                each_unit=_attends_each(programme, person, target.unit),
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s is already booked into another session of this programme.")
            % {"name": person.display_name}
        ) from error
    if source is not None:
        _tidy_if_empty(source)
    raise_for_new_problems(before, _violations(programme))
    _confirm_residents_kept(residents, confirmed)
    _announce(
        [s.pk for s in (target, source) if s and s.status == Session.Status.PUBLISHED],
        "published",
        removed={source.pk: [person.pk]}
        if source is not None and source.status == Session.Status.PUBLISHED
        else None,
    )
    return attendance


@transaction.atomic
def attendance_swap(
    *, programme: Programme, person_a: Person, person_b: Person, confirmed: bool = False
) -> None:
    """Swap two booked people between their sessions."""
    if person_a.pk == person_b.pk:
        raise ValidationError(_("Choose two different people to swap."))
    first, second = _swap_pair(programme, person_a, person_b, lock=False)
    for booking, person in ((first, person_a), (second, person_b)):
        if booking is None:
            raise ValidationError(
                _("%(name)s is not in a session yet. Use “Move” to place them.")
                % {"name": person.display_name}
            )
    sessions = _lock_sessions(programme, {first.session_id, second.session_id})
    _lock_shared(sessions.values())
    _lock_people([person_a, person_b])
    first, second = _swap_pair(programme, person_a, person_b, lock=True)
    if (
        first is None
        or second is None
        or not {first.session_id, second.session_id} <= set(sessions)
    ):
        raise ValidationError(
            _("Someone else changed these bookings just now. Reload the plan and try again.")
        )
    if first.session_id == second.session_id:
        raise ValidationError(
            _("%(a)s and %(b)s are in the same session already.")
            % {"a": person_a.display_name, "b": person_b.display_name}
        )
    for session in sessions.values():
        _check_people_editable(session)
    before = _violations(programme)
    residents = _residents_in(set(sessions))
    Attendance.objects.filter(pk=first.pk).update(
        session_id=second.session_id, unit_id=second.unit_id
    )
    Attendance.objects.filter(pk=second.pk).update(
        session_id=first.session_id, unit_id=first.unit_id
    )
    raise_for_new_problems(before, _violations(programme))
    _confirm_residents_kept(residents, confirmed)
    published = {pk for pk, s in sessions.items() if s.status == Session.Status.PUBLISHED}
    removed = {
        session_id: [person.pk]
        for session_id, person in ((first.session_id, person_a), (second.session_id, person_b))
        if session_id in published
    }
    _announce(sorted(published), "published", removed=removed)


@transaction.atomic
def session_lock_set(*, session: Session, locked: bool) -> Session:
    """Locked sessions are kept exactly as they are when the plan is re-run."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("A cancelled session cannot be locked."))
    if session.locked != locked:
        session.locked = locked
        session.save(update_fields=["locked", "updated_at"])
    return session


@transaction.atomic
def session_reschedule(*, session: Session, start: datetime, room: Room) -> Session:
    """Move a session to another of the programme's slots and/or another room.

    A published session's SEQUENCE rises and the calendars hear "moved" once this commits.
    """
    programme = session.programme
    session = _lock_sessions(programme, {session.pk})[session.pk]
    _check_people_editable(session)
    _lock_shared([session], also_room=room)
    allowed = {s for s in programme_slot_starts(programme)} | {session.start}
    if start not in allowed:
        raise ValidationError(_("Choose one of the programme's session times."))
    if start == session.start and room.pk == session.room_id:
        raise ValidationError(_("That is already the session's time and room."))
    before = _violations(programme)
    session.start = start
    session.end = start + timedelta(minutes=unit_session_minutes(programme, session.unit))
    session.room = room
    fields = ["start", "end", "room", "updated_at"]
    if session.status == Session.Status.PUBLISHED:
        session.sequence += 1
        fields.append("sequence")
    session.save(update_fields=fields)
    raise_for_new_problems(before, _violations(programme))
    if session.status == Session.Status.PUBLISHED:
        _announce([session.pk], "moved")
    return session


@transaction.atomic
def session_cancel(*, session: Session) -> Session | None:
    """Cancel a session. A draft simply goes; a published one keeps its UID and bookings (marked
    cancelled, so its people can be booked again and still receive the cancellation)."""
    session = _lock_sessions(session.programme, {session.pk})[session.pk]
    if session.status == Session.Status.HELD:
        raise ValidationError(_("A session that has been held cannot be cancelled."))
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("That session is already cancelled."))
    if session.status == Session.Status.DRAFT:
        session.delete()
        return None
    session.status = Session.Status.CANCELLED
    session.locked = False
    session.sequence += 1
    session.save(update_fields=["status", "locked", "sequence", "updated_at"])
    session.attendances.filter(status=Attendance.Status.BOOKED).update(
        status=Attendance.Status.CANCELLED
    )
    _announce([session.pk], "cancelled")
    return session


@transaction.atomic
def programme_publish(*, programme: Programme) -> list[int]:
    """Make the draft sessions visible to attendees and their calendars.

    Refused while the plan breaks a hard rule. Each published session's SEQUENCE rises, the programme is
    marked published, and the calendars hear "published" for exactly these sessions after commit.
    """
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    drafts = list(
        Session.objects.select_for_update()
        .filter(programme=programme, status=Session.Status.DRAFT)
        .order_by("pk")
    )
    for session in drafts:
        _tidy_if_empty(session)
    drafts = [s for s in drafts if s.pk is not None]
    if not drafts:
        raise ValidationError(_("There are no draft sessions to publish."))
    _lock_shared(drafts)
    problems = _violations(programme)
    if problems:
        raise ValidationError(
            _("The plan breaks %(count)s rule(s), so it was not published. First: %(reason)s")
            % {"count": len(problems), "reason": problems[0].text}
        )
    ids = [s.pk for s in drafts]
    for session in drafts:
        session.status = Session.Status.PUBLISHED
        session.sequence += 1
        session.save(update_fields=["status", "sequence", "updated_at"])
    programme.status = Programme.Status.PUBLISHED
    programme.save(update_fields=["status", "updated_at"])
    _announce(ids, "published")
    return ids
