"""Helpers shared by the reflections tests (plain functions, imported by path-relative import)."""

from reflections import services
from scheduling.models import Attendance


def attend_and_reflect(attendance: Attendance, answers: dict | None, *, send: bool = True):
    """Mark a person present and, when answers are given, save their reflection through the service."""
    attendance.status = Attendance.Status.PRESENT
    attendance.save()
    if answers is None:
        return None
    link, _token = services.reflection_link_ensure(attendance=attendance)
    return services.reflection_save(link=link, answers=answers, send=send).reflection
