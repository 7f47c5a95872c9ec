"""Reads for the plan screen's small edit pages, opened from the plan one person or session at a time:
where a person could be moved or whom they could swap with, and the times and rooms a session could
move to. The plan screen itself holds only links, so its size does not grow with the provider."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from scheduling.models import Attendance, Person, Programme, Room, Session
from scheduling.planning.ids import LIVE

LIVE_STATUSES = [s for s in Attendance.Status.values if s not in Attendance.NOT_LIVE]


def programme_person(*, programme: Programme, person_pk: int) -> Person | None:
    """A person on one of the programme's units (anyone else is not the plan's to move)."""
    return (
        Person.objects.filter(pk=person_pk, units__in=programme.units.values("pk"))
        .distinct()
        .first()
    )


@dataclass
class MoveChoices:
    person: Person
    current: list[Session]  # the programme's sessions they are booked into
    sessions: list[Session]  # where they could be moved, each with `people_n`
    partners: list[tuple[Person, Session]]  # whom they could swap with, and that person's session


def person_move_choices(*, programme: Programme, person: Person) -> MoveChoices:
    """The sessions of the person's units in this programme (not cancelled or held) and the people
    booked into them: three small queries, bounded by one person's units."""
    units = programme.units.filter(pk__in=person.units.values("pk"))
    sessions = list(
        Session.objects.filter(programme=programme, unit__in=units)
        .exclude(status__in=[Session.Status.CANCELLED, Session.Status.HELD])
        .select_related("unit", "room")
        .annotate(people_n=Count("attendances", filter=Q(attendances__status__in=LIVE_STATUSES)))
        .order_by("start", "room__name", "pk")
    )
    current_pks = set(
        Attendance.objects.filter(LIVE, programme=programme, person=person).values_list(
            "session_id", flat=True
        )
    )
    by_pk = {session.pk: session for session in sessions}
    partners = [
        (attendance.person, by_pk[attendance.session_id])
        for attendance in Attendance.objects.filter(LIVE, session__in=sessions)
        .exclude(person=person)
        .exclude(session_id__in=current_pks)
        .select_related("person")
        .order_by("person__display_name", "person__pk", "session__start")
    ]
    current = list(
        Session.objects.filter(pk__in=current_pks).select_related("unit", "room").order_by("start")
    )
    return MoveChoices(
        person=person,
        current=current,
        sessions=[s for s in sessions if s.pk not in current_pks],
        partners=partners if current else [],
    )


def session_for_change(*, session_pk: int) -> Session | None:
    return (
        Session.objects.select_related("programme", "unit", "room", "lead", "co_trainer")
        .filter(pk=session_pk)
        .first()
    )


def rooms_for_change() -> list[Room]:
    """Every room, by name: a session may move to any room the provider has (rooms are not tied to
    wards), and only this one page lists them."""
    return list(Room.objects.order_by("name"))
