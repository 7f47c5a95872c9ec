"""A small held session of a module with one question of each kind, for the reflections tests."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify

from scheduling.models import Attendance, Session
from tests.factories import (
    AttendanceFactory,
    FacilitatorFactory,
    PersonFactory,
    ProgrammeFactory,
    ResidentFactory,
    SessionFactory,
    TrainingModulePageFactory,
    UnitFactory,
)

QUESTIONS = [
    {
        "type": "rating",
        "id": "q-listened",
        "value": {
            "question": "I felt listened to in this session.",
            "easy_read_question": "People listened to me.",
        },
    },
    {
        "type": "rating",
        "id": "q-safe",
        "value": {
            "question": "I felt safe to speak in this session.",
            "easy_read_question": "I felt safe to talk.",
        },
    },
    {
        "type": "single_choice",
        "id": "q-helped",
        "value": {
            "question": "Which part helped you most?",
            "easy_read_question": "What helped most?",
            "choices": ["The story", "Talking in pairs", "The plan exercise"],
        },
    },
    {
        "type": "free_text",
        "id": "q-differently",
        "value": {
            "question": "What will you do differently after today?",
            "easy_read_question": "What will you do now?",
        },
    },
    {
        "type": "raise_concern",
        "id": "q-raise",
        "value": {
            "question": "Is there something you want to raise with the team?",
            "easy_read_question": "Is there something you want to tell us?",
        },
    },
]


def make_module(*, title="Talking about risk together", anonymous=True, slug=None):
    """A live module with every kind of reflection question (`QUESTIONS`)."""
    return TrainingModulePageFactory(
        title=title,
        slug=slug or slugify(title),
        summary="A joint session on noticing and talking about risk.",
        reflection_questions=QUESTIONS,
        anonymous_reflections=anonymous,
    )


def make_session(
    *, module, unit=None, lead=None, status=Session.Status.HELD, start=None, people=()
):
    unit = unit or UnitFactory()
    programme = ProgrammeFactory(
        name=f"{module.title} on {unit.name}",
        module=module,
        start_date=timezone.localdate() - timedelta(days=30),
        end_date=timezone.localdate() + timedelta(days=30),
        slot_times=["10:00"],
        units=[unit],
    )
    start = start or timezone.now() - timedelta(hours=3)
    session = SessionFactory(programme=programme, unit=unit, start=start, lead=lead, status=status)
    for person in people:
        AttendanceFactory(session=session, person=person)
    return session


@pytest.fixture
def module(db):
    return make_module()


@pytest.fixture
def named_module(db):
    return make_module(title="Planning a good day", anonymous=False)


@pytest.fixture
def lead_facilitator(lead_trainer):
    return FacilitatorFactory(user=lead_trainer, display_name="Morgan Lee")


@pytest.fixture
def held_session(module, lead_facilitator):
    """A held session with two staff and two residents booked (the register not yet taken)."""
    people = [
        PersonFactory(display_name="Asha Staffmember", email="asha@example.org"),
        PersonFactory(display_name="Ben Nurseperson", email="ben@example.org"),
        ResidentFactory(display_name="Cara Residentname", communication_needs=["easy_read"]),
        ResidentFactory(display_name="Dev Residentname"),
    ]
    return make_session(module=module, lead=lead_facilitator, people=people)


def attendance_of(session, name_start: str) -> Attendance:
    return session.attendances.get(person__display_name__startswith=name_start)
