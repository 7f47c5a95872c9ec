"""Out-of-range dates and unknown values in links and crafted requests: 400 with a sentence, not 500,
and always after the permission check (a stranger gets 403/404, never a hint)."""

import pytest
from django.test import Client

from scheduling.models import Attendance
from tests.factories import AttendanceFactory, FacilitatorFactory, ProgrammeFactory, SessionFactory

pytestmark = pytest.mark.django_db

FAR = ["9999-12-31", "0001-01-01", "1899-06-01"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_plain_400(response, day):
    assert response.status_code == 400
    html = response.content.decode()
    assert f"{day} is not a date we can show" in html
    assert "Nothing was changed" in html


@pytest.mark.parametrize("day", FAR)
def test_the_ward_week_list_answers_400_for_a_far_week(lead_trainer, day):
    session = SessionFactory()
    response = signed_in(lead_trainer).get(f"/training/units/{session.unit.slug}/week/?week={day}")
    assert_plain_400(response, day)


@pytest.mark.parametrize("day", FAR)
def test_the_days_registers_answer_400_for_a_far_date(lead_trainer, day):
    assert_plain_400(signed_in(lead_trainer).get(f"/reflect/today/?date={day}"), day)


@pytest.mark.parametrize("day", FAR)
def test_the_plan_screen_answers_400_for_a_far_week(coordinator, day):
    programme = ProgrammeFactory()
    response = signed_in(coordinator).get(f"/admin/training-plans/{programme.pk}/?week={day}")
    assert_plain_400(response, day)


def test_the_involvement_export_answers_400_for_a_far_date(coordinator):
    assert_plain_400(
        signed_in(coordinator).get("/modules-tools/involvement.csv?from=9999-12-31"), "9999-12-31"
    )


def test_dates_in_range_and_empty_parameters_keep_working(lead_trainer, coordinator):
    session = SessionFactory()
    trainer = signed_in(lead_trainer)
    assert (
        trainer.get(f"/training/units/{session.unit.slug}/week/?week=2099-12-28").status_code == 200
    )
    assert (
        trainer.get(f"/training/units/{session.unit.slug}/week/?week=2000-01-03").status_code == 200
    )
    # A blank field from a filter form means "not given": the page's default.
    assert trainer.get(f"/training/units/{session.unit.slug}/week/?week=").status_code == 200
    assert trainer.get("/reflect/today/?date=").status_code == 200
    assert signed_in(coordinator).get("/modules-tools/involvement.csv?from=&to=").status_code == 200


NOT_DATES = ["soon", "abc", "2026-13-01", "02/03/2026", "yesterday"]


def assert_not_a_date_400(response, value):
    """The branded 400 page, saying what was wrong and how to write it; nothing changed."""
    assert response.status_code == 400
    html = response.content.decode()
    assert f"“{value}” is not a date" in html
    assert "year-month-day" in html
    assert "Nothing was changed" in html


@pytest.mark.parametrize("value", NOT_DATES)
def test_the_ward_week_list_answers_400_for_a_week_that_is_not_a_date(lead_trainer, value):
    session = SessionFactory()
    response = signed_in(lead_trainer).get(
        f"/training/units/{session.unit.slug}/week/?week={value}"
    )
    assert_not_a_date_400(response, value)


@pytest.mark.parametrize("value", NOT_DATES)
def test_the_days_registers_answer_400_for_a_date_that_is_not_a_date(lead_trainer, value):
    assert_not_a_date_400(signed_in(lead_trainer).get(f"/reflect/today/?date={value}"), value)


@pytest.mark.parametrize("value", NOT_DATES)
def test_the_plan_screen_answers_400_for_a_week_that_is_not_a_date(coordinator, value):
    programme = ProgrammeFactory()
    response = signed_in(coordinator).get(f"/admin/training-plans/{programme.pk}/?week={value}")
    assert_not_a_date_400(response, value)


@pytest.mark.parametrize("param", ["from", "to"])
def test_the_involvement_export_answers_400_for_a_date_that_is_not_a_date(coordinator, param):
    response = signed_in(coordinator).get(f"/modules-tools/involvement.csv?{param}=abc")
    assert_not_a_date_400(response, "abc")


def test_a_stranger_gets_the_refusal_not_the_date_message(attendee):
    """The permission check comes first: someone who may not see the page learns nothing from it."""
    session = SessionFactory()
    client = signed_in(attendee)
    assert client.get(f"/training/units/{session.unit.slug}/week/?week=soon").status_code in (
        403,
        404,
    )
    assert client.get("/modules-tools/involvement.csv?from=abc").status_code == 403


def test_the_400_page_never_shows_djangos_own_error_text(client):
    """A SuspiciousOperation also answers 400, but its text is not for visitors."""
    response = client.get("/", HTTP_HOST="evil.example.org")
    assert response.status_code == 400
    assert "evil.example.org" not in response.content.decode()
    assert "We could not use that request" in response.content.decode()


@pytest.fixture
def register(lead_trainer, frozen_now):
    from datetime import timedelta

    from django.utils import timezone

    session = SessionFactory(
        start=timezone.now() + timedelta(minutes=10),
        end=timezone.now() + timedelta(minutes=100),
        lead=FacilitatorFactory(user=lead_trainer),
    )
    return AttendanceFactory(session=session)


@pytest.mark.parametrize("status", ["", "maybe", "present'--", "x" * 500])
def test_an_unknown_register_mark_is_refused_with_400_and_changes_nothing(
    register, lead_trainer, status
):
    before = register.status
    trainer = signed_in(lead_trainer)
    response = trainer.post(f"/reflect/register/{register.pk}/", {"status": status})
    assert response.status_code == 400
    assert "is not a register mark we know" in response.content.decode()
    fetch = trainer.post(
        f"/reflect/register/{register.pk}/", {"status": status}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert fetch.status_code == 400
    assert fetch.json()["ok"] is False
    register.refresh_from_db()
    assert register.status == before


def test_an_unknown_mark_from_someone_not_allowed_is_refused_for_permission_first(
    register, attendee, co_trainer
):
    for user in (attendee, co_trainer):
        response = signed_in(user).post(f"/reflect/register/{register.pk}/", {"status": "maybe"})
        assert response.status_code == 403
    assert (
        Client().post(f"/reflect/register/{register.pk}/", {"status": "maybe"}).status_code == 302
    )


def test_a_known_mark_still_works(register, lead_trainer):
    response = signed_in(lead_trainer).post(
        f"/reflect/register/{register.pk}/",
        {"status": Attendance.Status.PRESENT},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 200, response.content
    register.refresh_from_db()
    assert register.status == Attendance.Status.PRESENT


def test_a_reflection_id_that_is_not_a_uuid_is_400(coordinator):
    response = signed_in(coordinator).post(
        "/reflect/insights/forward/", {"reflection": "not-a-uuid"}
    )
    assert response.status_code == 400
