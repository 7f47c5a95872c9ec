"""django-q2 tasks for calendars. Thin on purpose: each calls one service with plain arguments."""

from scheduling.models import Unit
from scheduling.services.caldav_publish import caldav_publish_unit
from scheduling.services.invites import invites_send_for_sessions


def send_session_invites(session_ids: list[int], change: str, removed: dict | None = None) -> int:
    """Queued after sessions are published, moved or cancelled; safe to run twice."""
    return invites_send_for_sessions(session_ids=session_ids, change=change, removed=removed)


def publish_sessions_to_caldav(unit_id: int, session_ids: list[int] | None = None) -> int:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return 0
    return caldav_publish_unit(unit=unit, session_ids=session_ids)
