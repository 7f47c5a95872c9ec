"""Building the solver's problem from the roster: shifts, routines, leave, rooms, trainers, clock changes."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling.models import (
    Facilitator,
    FacilitatorAbsence,
    Person,
    RoomClosure,
    Shift,
    Unavailability,
    WardRoutine,
)
from scheduling.planning.problem import build_problem, programme_problem_build
from scheduling.solver import problem_from_dict
from tests.factories import (
    FacilitatorFactory,
    PersonFactory,
    ResidentFactory,
    RoomFactory,
    UnitFactory,
)
from tests.scheduling.planning_factories import module_page, next_monday, programme_for

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def roster():
    monday = next_monday()
    tuesday = monday + timedelta(days=1)
    unit = UnitFactory(slug="birch", name="Birch Ward", max_staff_away=3, session_size=12)
    other = UnitFactory(slug="elm", name="Elm Ward")
    early = PersonFactory(display_name="Early Nurse", units=[unit])
    Shift.objects.create(person=early, date=monday, kind=Shift.Kind.EARLY)
    late = PersonFactory(display_name="Late Nurse", units=[unit])
    Shift.objects.create(person=late, date=monday, kind=Shift.Kind.LATE)
    PersonFactory(display_name="No Shift Nurse", units=[unit])
    psychologist = PersonFactory(
        display_name="Psychologist",
        units=[unit],
        discipline=Person.Discipline.PSYCHOLOGIST,
        is_floor_staff=False,
    )
    Shift.objects.create(person=psychologist, date=monday, kind=Shift.Kind.LONG_DAY)
    Shift.objects.create(person=psychologist, date=tuesday, kind=Shift.Kind.LONG_DAY)
    resident = ResidentFactory(display_name="Resident With Visit", units=[unit])
    Unavailability.objects.create(
        person=resident, start=at(monday, 9, 30), end=at(monday, 10, 30), reason="appointment"
    )
    ResidentFactory(display_name="Moved Away", units=[unit], active=False)
    ResidentFactory(display_name="Elsewhere", units=[other])
    co_resident = ResidentFactory(display_name="Resident Co-trainer", units=[unit])
    FacilitatorFactory(role=Facilitator.Role.CO, display_name="Co", person=co_resident)
    WardRoutine.objects.create(
        unit=unit, label="Community meeting", weekday=1, start_time=time(10), end_time=time(11)
    )
    lead = FacilitatorFactory(display_name="Lead", available_weekdays=[0])
    FacilitatorAbsence.objects.create(facilitator=lead, start=at(monday, 14), end=at(monday, 16))
    elsewhere_lead = FacilitatorFactory(display_name="Elm only")
    elsewhere_lead.units.set([other])
    room = RoomFactory(slug="oak-room", capacity=10, available_weekdays=[1])
    RoomClosure.objects.create(room=room, start=at(tuesday, 14), end=at(tuesday, 15))
    programme = programme_for([unit], start=monday, days=2)
    return {"monday": monday, "tuesday": tuesday, "programme": programme, "unit": unit}


def by_name(built, name):
    for key, person in built.people.items():
        if person.display_name == name:
            return next(p for p in built.data["people"] if p["id"] == key)
    raise AssertionError(f"{name} is not in the problem")


def test_slots_are_every_day_at_every_time(roster):
    data = programme_problem_build(programme=roster["programme"])
    monday = roster["monday"].isoformat()
    tuesday = roster["tuesday"].isoformat()
    assert [s["id"] for s in data["slots"]] == [
        f"{monday}T10:00",
        f"{monday}T14:00",
        f"{tuesday}T10:00",
        f"{tuesday}T14:00",
    ]
    assert data["session_minutes"] == 90
    assert data["session_size"] == 12  # the module says 15, the unit allows 12
    problem_from_dict(data)  # valid against the solver's contract


def test_staff_are_available_only_when_a_shift_covers_the_whole_session(roster):
    built = build_problem(programme=roster["programme"])
    monday, tuesday = roster["monday"].isoformat(), roster["tuesday"].isoformat()
    assert by_name(built, "Early Nurse")["available"] == [f"{monday}T10:00"]
    assert by_name(built, "Late Nurse")["available"] == [f"{monday}T14:00"]
    assert by_name(built, "No Shift Nurse")["available"] == []
    assert by_name(built, "Early Nurse")["floor"] is True
    assert by_name(built, "Psychologist")["floor"] is False
    # The Tuesday-morning community meeting removes that slot from the unit's people.
    assert by_name(built, "Psychologist")["available"] == [
        f"{monday}T10:00",
        f"{monday}T14:00",
        f"{tuesday}T14:00",
    ]


def test_residents_are_available_unless_away(roster):
    built = build_problem(programme=roster["programme"])
    monday, tuesday = roster["monday"].isoformat(), roster["tuesday"].isoformat()
    assert by_name(built, "Resident With Visit")["available"] == [
        f"{monday}T14:00",
        f"{tuesday}T14:00",
    ]


def test_only_active_people_of_the_programme_units_attend(roster):
    built = build_problem(programme=roster["programme"])
    names = {p.display_name for p in built.people.values()}
    assert "Moved Away" not in names and "Elsewhere" not in names
    # A resident who co-delivers the module is a trainer here, not an attendee.
    assert "Resident Co-trainer" not in names
    assert [p.display_name for p in built.facilitating] == ["Resident Co-trainer"]


def test_rooms_and_trainers_follow_their_days_and_absences(roster):
    data = programme_problem_build(programme=roster["programme"])
    monday, tuesday = roster["monday"].isoformat(), roster["tuesday"].isoformat()
    assert data["rooms"] == [{"id": "oak-room", "capacity": 10, "available": [f"{tuesday}T10:00"]}]
    trainers = {f["role"]: f for f in data["facilitators"]}
    assert trainers["lead"]["available"] == [f"{monday}T10:00"]
    assert "units" not in trainers["lead"]  # serves every unit
    assert len([f for f in data["facilitators"] if f["role"] == "lead"]) == 1  # not the Elm trainer
    assert trainers["co"]["available"] == [
        f"{monday}T10:00",
        f"{monday}T14:00",
        f"{tuesday}T10:00",
        f"{tuesday}T14:00",
    ]
    unit = data["units"][0]
    assert (unit["id"], unit["max_staff_away"], unit["min_staff"]) == ("birch", 3, 3)


def test_slot_times_stay_local_across_the_clock_change():
    unit = UnitFactory(slug="hazel")
    # British Summer Time ends on Sunday 31 October 2027 (no bank holiday either side).
    programme = programme_for(
        [unit], start=date(2027, 10, 29), days=4, slot_times=["10:00"], module=module_page()
    )
    data = programme_problem_build(programme=programme)
    starts = {s["id"]: s["start"] for s in data["slots"]}
    assert starts == {
        "2027-10-29T10:00": "2027-10-29T10:00:00+01:00",
        "2027-11-01T10:00": "2027-11-01T10:00:00+00:00",
    }


def test_past_slots_are_not_offered_to_new_sessions():
    unit = UnitFactory(slug="rowan")
    ResidentFactory(units=[unit])
    today = date.today()
    programme = programme_for(
        [unit], start=today - timedelta(days=14), days=28, weekdays=[0, 1, 2, 3, 4, 5, 6]
    )
    data = programme_problem_build(programme=programme)
    resident = data["people"][0]
    now = datetime.now(tz=LONDON)
    starts = {s["id"]: datetime.fromisoformat(s["start"]) for s in data["slots"]}
    assert resident["available"]
    assert all(starts[sid] >= now for sid in resident["available"])
    assert any(start < now for start in starts.values())
