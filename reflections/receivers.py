"""Reflections' side of scheduling's signals: the register's history.

Scheduling takes the register but may not import the apps above it, so it announces each mark
(`scheduling.signals.register_marked`) and this app keeps the record.
"""

from django.dispatch import receiver

from scheduling.models import Attendance
from scheduling.signals import register_marked

from .services import register_change_record


@receiver(register_marked, sender=Attendance, dispatch_uid="reflections.register_marked")
def record_register_change(
    sender, *, attendance, from_status, to_status, user, now, is_correction, **kwargs
):
    register_change_record(
        attendance=attendance,
        from_status=from_status,
        to_status=to_status,
        user=user,
        now=now,
        is_correction=is_correction,
    )
