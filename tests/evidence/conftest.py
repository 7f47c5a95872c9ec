"""A fixed, hand-countable provider for the evidence tests (see `test_evidence_figures.py` for the
counts worked out by hand), and the sponsor fixture."""

import hashlib
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from modules.models import TrainingModulePage
from reflections.models import Reflection, ReflectionLink
from scheduling.models import Attendance, Programme, Session
from tests.factories import (
    PersonFactory,
    ResidentFactory,
    SessionFactory,
    TrainingModulePageFactory,
    UnitFactory,
    UserFactory,
)

RATING_QUESTIONS = [
    {"type": "rating", "id": "q-listened", "value": {"question": "I felt listened to."}},
    {"type": "rating", "id": "q-safe", "value": {"question": "I felt safe to speak."}},
    {"type": "free_text", "id": "q-words", "value": {"question": "What will you do differently?"}},
]


@pytest.fixture
def sponsor(db):
    user = UserFactory(username="sponsor-user")
    user.groups.add(Group.objects.get(name="Sponsors"))
    return user


def make_module(title: str, *, anonymous: bool = True) -> TrainingModulePage:
    return TrainingModulePageFactory(
        title=title,
        summary="A joint session.",
        reflection_questions=RATING_QUESTIONS,
        anonymous_reflections=anonymous,
    )


def make_programme(*, name, module, units, status=Programme.Status.PUBLISHED, days_ago=20):
    today = timezone.localdate()
    programme = Programme.objects.create(
        name=name,
        module=module,
        start_date=today - timedelta(days=days_ago),
        end_date=today + timedelta(days=20),
        slot_times=["10:00"],
        weekdays=[0, 1, 2, 3, 4],
        status=status,
    )
    programme.units.set(units)
    return programme


def make_session(*, programme, unit, status=Session.Status.HELD, hours=-48, register=()):
    start = timezone.now() + timedelta(hours=hours)
    session = SessionFactory(programme=programme, unit=unit, start=start, status=status, lead=None)
    for person, attendance_status in register:
        Attendance.objects.create(
            session=session, person=person, programme=programme, status=attendance_status
        )
    return session


def reflect(session, person, answers: dict) -> Reflection:
    """A sent reflection, stored as the reflection service stores it: the card's link says "sent",
    and the anonymous reflection row carries no person."""
    attendance = session.attendances.get(person=person)
    ReflectionLink.objects.create(
        attendance=attendance,
        salt=uuid.uuid4().hex,
        token_hash=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
        expires_at=timezone.now() + timedelta(days=7),
        state=ReflectionLink.State.SENT,
    )
    module = session.programme.module
    return Reflection.objects.create(
        session=session,
        programme=session.programme,
        module=module,
        unit=session.unit,
        person_kind=person.kind,
        is_anonymous=module.anonymous_reflections,
        person=None if module.anonymous_reflections else person,
        answers=answers,
        status=Reflection.Status.SENT,
        sent_on=timezone.localdate(),
    )


@pytest.fixture
def provider(db):
    """Birch and Cedar, one anonymous programme on both (see the hand counts in the figures test)."""
    birch = UnitFactory(name="Birch", slug="birch")
    cedar = UnitFactory(name="Cedar", slug="cedar")
    p = {}

    def staff(code, discipline, units):
        p[code] = PersonFactory(
            code=code, display_name=f"Staffname {code}", discipline=discipline, units=units
        )

    def resident(code, units):
        p[code] = ResidentFactory(code=code, display_name=f"Residentname {code}", units=units)

    for code in ("N1", "N2", "N3", "N4"):
        staff(code, "nurse", [birch])
    for code in ("S1", "S2", "S3"):
        staff(code, "support_worker", [birch])
    staff("Y1", "psychologist", [birch, cedar])
    for code in ("N5", "N6", "N7"):
        staff(code, "nurse", [cedar])
    staff("Q1", "psychiatrist", [cedar])
    for code in ("R1", "R2", "R3", "R4"):
        resident(code, [birch])
    for code in ("R5", "R6", "R7"):
        resident(code, [cedar])
    # Someone who has left: not due, whatever their history.
    PersonFactory(code="GONE", display_name="Staffname Gone", units=[birch], active=False)

    module = make_module("Talking about risk together", anonymous=True)
    programme = make_programme(name="Risk together 2026", module=module, units=[birch, cedar])
    present, absent = Attendance.Status.PRESENT, Attendance.Status.ABSENT
    b1 = make_session(
        programme=programme,
        unit=birch,
        register=[
            (p["N1"], present),
            (p["N2"], present),
            (p["N3"], Attendance.Status.LEFT_EARLY),
            (p["S1"], present),
            (p["S2"], absent),
            (p["Y1"], present),
            (p["R1"], present),
            (p["R2"], present),
            (p["R3"], Attendance.Status.DECLINED),
            (p["R4"], Attendance.Status.EXCUSED),
        ],
    )
    booked = Attendance.Status.BOOKED
    make_session(
        programme=programme,
        unit=birch,
        status=Session.Status.PUBLISHED,
        hours=72,
        register=[(p["N4"], booked), (p["S3"], booked), (p["S2"], booked)],
    )
    c1 = make_session(
        programme=programme,
        unit=cedar,
        register=[
            (p["N5"], present),
            (p["N6"], present),
            (p["Q1"], present),
            (p["R5"], present),
            (p["R6"], present),
            (p["R7"], absent),
        ],
    )
    make_session(
        programme=programme,
        unit=cedar,
        status=Session.Status.CANCELLED,
        hours=24,
        register=[(p["N7"], Attendance.Status.CANCELLED)],
    )
    for code, answers in (
        ("N1", {"q-listened": 5, "q-safe": 4, "q-words": "Residentname R9 helped me"}),
        ("N2", {"q-listened": 4, "q-safe": 4}),
        ("Y1", {"q-listened": 3, "q-safe": 5}),
        ("R1", {"q-listened": 2, "q-safe": 3, "q-words": "Ask me first."}),
        ("R2", {"q-listened": 4, "q-safe": 2}),
    ):
        reflect(b1, p[code], answers)
    reflect(c1, p["N5"], {"q-listened": 5, "q-safe": 5})
    reflect(c1, p["R5"], {"q-listened": 3, "q-safe": 4})
    return {
        "birch": birch,
        "cedar": cedar,
        "people": p,
        "module": module,
        "programme": programme,
        "sessions": {"b1": b1, "c1": c1},
    }
