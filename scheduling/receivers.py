"""Calendar side of `sessions_changed`: queue invitations and CalDAV writes as django-q2 tasks.

Planning sends the signal after its transaction commits, so the tasks see the committed sessions.
"""

from django.dispatch import receiver
from django_q.tasks import async_task

from scheduling.selectors.calendars import units_with_caldav
from scheduling.signals import sessions_changed

CHANGES = {"published", "moved", "cancelled"}


@receiver(sessions_changed, dispatch_uid="scheduling.calendar.sessions_changed")
def queue_calendar_updates(sender, session_ids=None, change=None, removed=None, **kwargs):
    if not session_ids or change not in CHANGES:
        return
    session_ids = [int(pk) for pk in session_ids]
    async_task(
        "scheduling.tasks_calendar.send_session_invites",
        session_ids,
        change,
        removed,
        task_name=f"calendar-invites-{change}",
        group="calendar",
    )
    for unit_id in units_with_caldav(session_ids):
        async_task(
            "scheduling.tasks_calendar.publish_sessions_to_caldav",
            unit_id,
            session_ids,
            group="calendar",
        )
