"""django-q2 entry points; the work is in services. Scheduled by migration 0002_schedules."""

from . import concerns, services


def send_reflection_reminders() -> int:
    return services.reflection_reminders_send()


def apply_reflection_retention() -> dict:
    return services.reflections_apply_retention()


def notify_raised_concerns(reflection_id: str) -> int:
    return concerns.concern_notices_send(reflection_id=reflection_id)
