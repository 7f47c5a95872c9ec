"""Register writes: what happened in a session, marked one tap at a time by the session's trainers.

Absent people are what the catch-up re-plan looks for: an absent attendance no longer counts as a live
booking (see the `one_live_booking_per_programme` constraint), so the solver may book them again.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scheduling.models import Attendance, Session
from website import roles

REGISTER_STATUSES = (
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.LEFT_EARLY,
)


def user_can_take_register(*, user, session: Session) -> bool:
    """Coordinators for any session; lead trainers and co-trainers for the sessions they deliver."""
    if roles.is_coordinator(user):
        return True
    if not user.is_authenticated:
        return False
    facilitator_user_ids = {
        facilitator.user_id for facilitator in (session.lead, session.co_trainer) if facilitator
    }
    return user.pk in facilitator_user_ids and roles.is_trainer(user)


@transaction.atomic
def attendance_mark(*, attendance: Attendance, status: str, user) -> Attendance:
    """Record one register mark. Taking a register also marks a published session as held."""
    if status not in REGISTER_STATUSES:
        raise ValidationError(_("Choose present, absent or left early."))
    session = Session.objects.select_for_update().get(pk=attendance.session_id)
    if not user_can_take_register(user=user, session=session):
        raise PermissionDenied(
            _("Only this session's trainers or a coordinator can take its register.")
        )
    if session.status not in {Session.Status.PUBLISHED, Session.Status.HELD}:
        raise ValidationError(_("A register can only be taken for a published session."))
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.status == Attendance.Status.CANCELLED:
        raise ValidationError(_("This booking was cancelled, so it is not on the register."))
    attendance.status = status
    attendance.marked_at = timezone.now()
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
    if session.status == Session.Status.PUBLISHED:
        session_mark_held(session=session, user=user)
    return attendance


@transaction.atomic
def session_mark_held(*, session: Session, user) -> Session:
    """A held session keeps its calendar identity; no invitation goes out, so SEQUENCE stays."""
    if not user_can_take_register(user=user, session=session):
        raise PermissionDenied(_("Only this session's trainers or a coordinator can do this."))
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("A cancelled session cannot be marked as held."))
    if session.status != Session.Status.HELD:
        session.status = Session.Status.HELD
        session.save(update_fields=["status", "updated_at"])
    return session
