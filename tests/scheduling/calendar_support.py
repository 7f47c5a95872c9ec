"""Shared set-up for the calendar tests: one unit, a module page, a programme and three sessions.

Helpers and fixtures for the calendar tests; it holds no tests.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from scheduling.models import Attendance, Facilitator, Programme, Session
from tests.factories import (
    FacilitatorFactory,
    PersonFactory,
    ResidentFactory,
    RoomFactory,
    TrainingModulePageFactory,
    UnitFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")
RESIDENT_NAMES = ("Marnie Quill", "Tobias Wren", "Ifeoma Rook")
RESIDENT_COTRAINER = "Suki Larkspur"


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def make_programme(world, name="Spring safety plans") -> Programme:
    programme = Programme.objects.create(
        name=name,
        module=world.module,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 11, 30),
        slot_times=["10:00", "14:00"],
        weekdays=[0, 1, 2, 3, 4],
        status=Programme.Status.PUBLISHED,
    )
    programme.units.set([world.unit])
    return programme


def make_session(
    world, start: datetime, *, status="published", minutes=90, people=(), programme=None
):
    """A session in its own programme unless one is given (one live booking per person per programme)."""
    from datetime import timedelta

    programme = programme or make_programme(world, name=f"Safety plans {start:%d %b %Y}")
    session = Session.objects.create(
        programme=programme,
        unit=world.unit,
        room=world.room,
        start=start,
        end=start + timedelta(minutes=minutes),
        lead=world.lead,
        co_trainer=world.resident_co,
        status=status,
        sequence=1 if status != "draft" else 0,
    )
    for person in people:
        Attendance.objects.create(session=session, person=person, programme=programme)
    return session


class World:
    pass


@pytest.fixture
def world(db):
    """Birch ward: a staff attendee with e-mail and a login, residents (one with a login), a staff lead
    with e-mail and a resident co-trainer (who also has an e-mail that must never be used)."""
    w = World()
    w.unit = UnitFactory(name="Birch Ward", slug="birch")
    w.room = RoomFactory(name="Oak Room", slug="oak-room", location="Ground floor, Hub building")
    w.module = TrainingModulePageFactory(
        title="Keeping each other safe", slug="keeping-safe", summary="Plans made together."
    )
    w.attendee_user = UserFactory(username="attendee-staff")
    w.staff = PersonFactory(
        display_name="Nadia Okafor", email="nadia@example.org", units=[w.unit], user=w.attendee_user
    )
    w.staff_no_email = PersonFactory(display_name="Leon Vale", units=[w.unit])
    w.resident_user = UserFactory(username="attendee-resident")
    w.residents = [ResidentFactory(display_name=name, units=[w.unit]) for name in RESIDENT_NAMES]
    w.residents[0].user = w.resident_user
    w.residents[0].save()
    w.lead_user = UserFactory(username="lead-facilitator")
    w.lead = FacilitatorFactory(
        display_name="Sam Lead",
        role=Facilitator.Role.LEAD,
        email="sam@example.org",
        user=w.lead_user,
    )
    w.resident_co_person = ResidentFactory(display_name=RESIDENT_COTRAINER, units=[w.unit])
    w.resident_co_user = UserFactory(username="resident-cotrainer")
    w.resident_co = FacilitatorFactory(
        display_name=RESIDENT_COTRAINER,
        role=Facilitator.Role.CO,
        person=w.resident_co_person,
        user=w.resident_co_user,
        email="suki@example.org",
    )
    everyone = [w.staff, w.staff_no_email, *w.residents]
    # Either side of the 2027 clock changes (28 March and 31 October), all at 10:00 local time.
    w.before_spring = make_session(w, london(2027, 3, 26, 10, 0), people=everyone)
    w.programme = w.before_spring.programme
    w.after_spring = make_session(w, london(2027, 3, 29, 10, 0), people=everyone)
    w.before_autumn = make_session(w, london(2027, 10, 29, 10, 0), people=everyone)
    w.after_autumn = make_session(w, london(2027, 11, 1, 10, 0), people=everyone)
    w.draft = make_session(w, london(2027, 11, 2, 14, 0), status="draft", people=[w.staff])
    return w


def resident_names() -> list[str]:
    return [*RESIDENT_NAMES, RESIDENT_COTRAINER]
