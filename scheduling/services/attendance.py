"""Register writes: what happened in a session, marked one tap at a time by the session's trainers.

A register is taken on the day: from `ALONGSIDE_REGISTER_OPENS_MINUTES` before the start until the end
of the session's day (`scheduling.selectors.attendance.register_window`). Before that nobody can mark it,
so a session two weeks away can never become "held". Afterwards only coordinators can correct it, and
every mark, on the day or later, is kept with who made it and when: each mark that changes a status
sends `scheduling.signals.register_marked` inside its transaction, and the reflections app records it
(`reflections.RegisterChange`), so scheduling never imports the app above it.

Absent and excused people are what the catch-up re-plan looks for: those statuses no longer count as a
live booking (see the `one_live_booking_per_programme` constraint), so the solver may book them again.
Declined people are never booked again unless a coordinator asks them again
(`reflections.services.ask_again_record`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scheduling.models import Attendance, Session
from scheduling.permissions import user_can_correct_register, user_can_take_register
from scheduling.selectors.attendance import REGISTER_STATUSES, register_window
from scheduling.signals import register_marked


def _check_window(*, session: Session, user, now) -> bool:
    """Raise unless the register may be marked now; True when this mark is a later correction."""
    window = register_window(session=session, now=now)
    if window.state == "not_yet":
        raise ValidationError(window.reason())
    if window.state == "closed":
        if not user_can_correct_register(user=user):
            raise PermissionDenied(window.reason())
        return True
    return False


@transaction.atomic
def attendance_mark(*, attendance: Attendance, status: str, user, now=None) -> Attendance:
    """Record one register mark, with its history. Taking a register marks the session as held."""
    now = now or timezone.now()
    if status not in REGISTER_STATUSES:
        raise ValidationError(_("Choose present, left early, absent, declined or excused."))
    session = Session.objects.select_for_update().get(pk=attendance.session_id)
    if not user_can_take_register(user=user, session=session):
        raise PermissionDenied(
            _("Only this session's trainers or a coordinator can take its register.")
        )
    if session.status not in {Session.Status.PUBLISHED, Session.Status.HELD}:
        raise ValidationError(_("A register can only be taken for a published session."))
    is_correction = _check_window(session=session, user=user, now=now)
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.status == Attendance.Status.CANCELLED:
        raise ValidationError(_("This booking was cancelled, so it is not on the register."))
    previous = attendance.status
    attendance.status = status
    attendance.marked_at = now
    attendance.marked_by = user
    try:
        with transaction.atomic():
            attendance.save(update_fields=["status", "marked_at", "marked_by"])
    except IntegrityError as error:
        raise ValidationError(
            _(
                "%(name)s is already booked into another session of this programme, so they cannot "
                "be marked here. Mark them absent, or move them back first."
            )
            % {"name": attendance.person.display_name}
        ) from error
    if previous != status:
        register_marked.send(
            sender=Attendance,
            attendance=attendance,
            from_status=previous,
            to_status=status,
            user=user,
            now=now,
            is_correction=is_correction,
        )
    if session.status == Session.Status.PUBLISHED:
        session_mark_held(session=session, user=user, now=now)
    return attendance


@transaction.atomic
def session_mark_held(*, session: Session, user, now=None) -> Session:
    """A held session keeps its calendar identity; no invitation goes out, so SEQUENCE stays.

    Only inside the register's window (or as a coordinator's later correction): never in advance.
    """
    if not user_can_take_register(user=user, session=session):
        raise PermissionDenied(_("Only this session's trainers or a coordinator can do this."))
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("A cancelled session cannot be marked as held."))
    _check_window(session=session, user=user, now=now or timezone.now())
    if session.status != Session.Status.HELD:
        session.status = Session.Status.HELD
        session.save(update_fields=["status", "updated_at"])
    return session
