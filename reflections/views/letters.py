"""Printable easy-read invitation letters for residents, who get no e-mail invitation.

One letter per resident booked into the session: what it is, the date, time and room, who will be there
(by role, never other people's names), and a picture. Large print for those who need it.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from scheduling.models import Attendance, Person, Session
from scheduling.services.attendance import user_can_take_register

from .common import private


def who_will_be_there(session: Session) -> list[str]:
    """The people in the room, by role, in easy-read words."""
    lines = []
    if session.lead:
        lines.append(_("A trainer who leads the session."))
    co = session.co_trainer
    if co and co.person and co.person.kind == Person.Kind.RESIDENT:
        lines.append(_("A resident who helps to run the training. They have done it before."))
    elif co:
        lines.append(_("A second trainer."))
    lines.append(
        _("Staff and residents from %(unit)s. We all learn together.") % {"unit": session.unit.name}
    )
    return lines


@login_required
@never_cache
def invitation_letters(request, session_id: int):
    session = get_object_or_404(
        Session.objects.select_related(
            "programme__module", "unit", "room", "lead", "co_trainer__person"
        ),
        pk=session_id,
    )
    if not user_can_take_register(user=request.user, session=session):
        raise PermissionDenied(
            _("Only this session's trainers or a coordinator can print its letters.")
        )
    residents = (
        session.attendances.exclude(status__in=Attendance.NOT_LIVE)
        .filter(person__kind=Person.Kind.RESIDENT)
        .select_related("person")
        .order_by("person__display_name")
    )
    start = timezone.localtime(session.start)
    return private(
        render(
            request,
            "reflections/letters.html",
            {
                "session": session,
                "module": session.programme.module,
                "start": start,
                "end": timezone.localtime(session.end),
                "minutes": int((session.end - session.start).total_seconds() // 60),
                "who": who_will_be_there(session),
                "letters": [
                    {
                        "person": attendance.person,
                        "large": "large_print" in (attendance.person.communication_needs or []),
                    }
                    for attendance in residents
                ],
            },
        )
    )
