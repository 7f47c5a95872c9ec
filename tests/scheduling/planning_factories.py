"""Small rosters for the planning tests: a module page, a unit or two, people with shifts, a room, trainers.

Kept beside the planning tests (as tests/factories.py suggests for app-specific helpers).
"""

from datetime import date, timedelta

from django.utils import timezone

from modules.models import TrainingModulePage
from scheduling.models import Facilitator, Person, Programme, Shift
from tests.factories import (
    FacilitatorFactory,
    PersonFactory,
    ResidentFactory,
    RoomFactory,
    TrainingModulePageFactory,
    UnitFactory,
)


def next_monday(weeks_ahead: int = 1) -> date:
    """The Monday after today in the site's time zone (freeze "today" with the `frozen_now` fixture)."""
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday() + 7 * (weeks_ahead - 1))


def module_page(title: str = "Talking about risk together", **fields) -> TrainingModulePage:
    return TrainingModulePageFactory(title=title, **fields)


def staff_with_shifts(
    unit, days, *, kind=Shift.Kind.EARLY, discipline=Person.Discipline.NURSE, **kwargs
) -> Person:
    person = PersonFactory(units=[unit], discipline=discipline, **kwargs)
    for day in days:
        Shift.objects.create(person=person, date=day, kind=kind)
    return person


def small_roster(
    *, slug="birch", staff=6, residents=4, days=None, max_staff_away=2, rooms=1, leads=1, start=None
):
    """One unit with floor staff on early shifts every day, residents, a room and a lead trainer."""
    start = start or next_monday()
    days = days or [start + timedelta(days=i) for i in range(5)]
    unit = UnitFactory(
        slug=slug,
        name=f"{slug.title()} Ward",
        max_staff_away=max_staff_away,
        min_staff=1,
        min_residents=1,
    )
    people = [staff_with_shifts(unit, days) for _ in range(staff)]
    people += [ResidentFactory(units=[unit]) for _ in range(residents)]
    room_list = [
        RoomFactory(slug=f"room-{slug}-{i}", name=f"Room {slug} {i}") for i in range(rooms)
    ]
    lead_list = [
        FacilitatorFactory(role=Facilitator.Role.LEAD, display_name=f"Lead {slug} {i}")
        for i in range(leads)
    ]
    return unit, people, room_list, lead_list


def programme_for(
    units, *, start=None, days=5, slot_times=("10:00", "14:00"), module=None, **fields
) -> Programme:
    start = start or next_monday()
    programme = Programme.objects.create(
        name=fields.pop("name", "Test programme"),
        module=module or module_page(),
        start_date=start,
        end_date=start + timedelta(days=days - 1),
        slot_times=list(slot_times),
        weekdays=fields.pop("weekdays", [0, 1, 2, 3, 4]),
        **fields,
    )
    programme.units.set(units)
    return programme
