"""The shared factories make consistent rows, and `frozen_now` fixes "today"."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from modules.models import ModuleIndexPage
from scheduling.models import Session
from tests.factories import (
    PROGRAMME_START,
    AttendanceFactory,
    SessionFactory,
    TrainingModulePageFactory,
)

pytestmark = pytest.mark.django_db


def test_a_module_page_is_live_under_the_module_index_and_one_per_title():
    page = TrainingModulePageFactory(title="Sharing the plan")
    assert page.live and page.slug == "sharing-the-plan"
    assert page.get_parent().specific_class is ModuleIndexPage
    assert TrainingModulePageFactory(title="Sharing the plan").pk == page.pk


def test_an_attendance_books_a_member_of_the_unit_into_a_session_the_programme_covers():
    attendance = AttendanceFactory()
    session = attendance.session
    assert attendance.programme == session.programme
    assert session.unit in attendance.person.units.all()
    assert session.unit in session.programme.units.all()
    assert session.status == Session.Status.PUBLISHED
    assert timezone.localtime(session.start).date() == PROGRAMME_START
    assert session.end - session.start == timedelta(minutes=90)


def test_sessions_of_one_programme_share_it():
    first = SessionFactory()
    second = SessionFactory(programme=first.programme)
    assert set(first.programme.units.all()) == {first.unit, second.unit}


def test_frozen_now_fixes_today(frozen_now):
    assert timezone.localdate() == date(2027, 2, 22)
    assert date.today() == date(2027, 2, 22)
    frozen_now.shift(timedelta(days=1))
    assert timezone.localdate() == date(2027, 2, 23)
