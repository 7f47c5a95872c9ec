"""The register: one tap per person, saved as it goes, and absentees fed to the catch-up re-plan."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Attendance, PlanRun, Session
from scheduling.planning.ids import person_key
from scheduling.planning.problem import build_problem
from scheduling.services.attendance import attendance_mark
from tests.factories import AttendanceFactory

from .conftest import attendance_of, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_session(module, lead_facilitator, held_session):
    """Published, starting in ten minutes: its register is open (it opens 30 minutes before)."""
    session = held_session
    session.status = Session.Status.PUBLISHED
    session.start = timezone.now() + timedelta(minutes=10)
    session.end = session.start + timedelta(minutes=90)
    session.save()
    return session


def test_marking_saves_who_and_when_and_marks_the_session_held(published_session, lead_trainer):
    attendance = attendance_of(published_session, "Asha")
    attendance_mark(attendance=attendance, status="present", user=lead_trainer)
    attendance.refresh_from_db()
    assert attendance.status == "present"
    assert attendance.marked_by == lead_trainer
    assert attendance.marked_at is not None
    published_session.refresh_from_db()
    assert published_session.status == Session.Status.HELD
    assert published_session.sequence == 0  # no calendar change, no new invitation


def test_only_the_sessions_trainers_or_a_coordinator_can_mark(
    published_session, co_trainer, coordinator
):
    attendance = attendance_of(published_session, "Asha")
    with pytest.raises(PermissionDenied):
        attendance_mark(attendance=attendance, status="present", user=co_trainer)
    attendance_mark(attendance=attendance, status="left_early", user=coordinator)
    with pytest.raises(ValidationError):
        attendance_mark(attendance=attendance, status="booked", user=coordinator)


def test_register_page_posts_without_javascript(client, published_session, lead_trainer):
    client.force_login(lead_trainer)
    day = timezone.localtime(published_session.start).date().isoformat()
    page = client.get(reverse("reflections:today") + f"?date={day}")
    html = page.content.decode()
    assert "Asha Staffmember" in html and "Dev Residentname" in html
    assert html.count('aria-pressed="true"') == 0
    attendance = attendance_of(published_session, "Dev")
    response = client.post(
        reverse("reflections:register_mark", args=[attendance.pk]), {"status": "absent"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#attendee-{attendance.pk}")
    attendance.refresh_from_db()
    assert attendance.status == "absent"
    html = client.get(reverse("reflections:today") + f"?date={day}").content.decode()
    assert html.count('aria-pressed="true"') == 1
    assert "Offer a catch-up session to people who were absent or excused" in html


def test_register_answers_fetch_with_json(client, published_session, lead_trainer):
    client.force_login(lead_trainer)
    attendance = attendance_of(published_session, "Asha")
    response = client.post(
        reverse("reflections:register_mark", args=[attendance.pk]),
        {"status": "present"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.json() == {
        "ok": True,
        "status": "present",
        "label": "Present",
        "name": "Asha Staffmember",
    }


def test_other_trainers_cannot_see_or_mark_this_register(client, published_session, co_trainer):
    client.force_login(co_trainer)
    day = timezone.localtime(published_session.start).date().isoformat()
    assert "Asha" not in client.get(reverse("reflections:today") + f"?date={day}").content.decode()
    attendance = attendance_of(published_session, "Asha")
    response = client.post(
        reverse("reflections:register_mark", args=[attendance.pk]), {"status": "present"}
    )
    assert response.status_code == 403


def test_absentees_go_back_into_the_replan(published_session, lead_trainer):
    """An absent person no longer counts in the held session, so the re-plan places them again."""
    absent = attendance_of(published_session, "Dev")
    present = attendance_of(published_session, "Asha")
    attendance_mark(attendance=present, status="present", user=lead_trainer)
    attendance_mark(attendance=absent, status="absent", user=lead_trainer)
    problem = build_problem(programme=published_session.programme, replan=True).data
    kept = [person for session in problem.get("fixed_sessions", []) for person in session["people"]]
    assert person_key(present.person_id) in kept
    assert person_key(absent.person_id) not in kept
    assert person_key(absent.person_id) in {p["id"] for p in problem["people"]}


def test_replan_button_starts_a_catch_up_replan(client, published_session, lead_trainer):
    attendance_mark(
        attendance=attendance_of(published_session, "Dev"), status="absent", user=lead_trainer
    )
    client.force_login(lead_trainer)
    response = client.post(reverse("reflections:session_replan", args=[published_session.pk]))
    assert response.status_code == 302
    run = PlanRun.objects.get()
    assert run.replan is True
    assert run.programme == published_session.programme
    assert run.started_by == lead_trainer


def test_replan_button_is_refused_to_co_trainers(client, published_session, co_trainer):
    client.force_login(co_trainer)
    response = client.post(reverse("reflections:session_replan", args=[published_session.pk]))
    assert response.status_code == 403
    assert not PlanRun.objects.exists()


def test_pack_has_register_and_one_card_per_booked_person(
    client, module, lead_trainer, lead_facilitator
):
    from tests.factories import PersonFactory, ResidentFactory

    session = make_session(
        module=module,
        lead=lead_facilitator,
        people=[
            PersonFactory(display_name="Eve Example"),
            ResidentFactory(display_name="Fin Sample"),
        ],
    )
    Attendance.objects.filter(person__display_name="Fin Sample").update(status="absent")
    client.force_login(lead_trainer)
    response = client.get(reverse("reflections:session_pack", args=[session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert html.count('<article class="reflection-card') == 1
    assert "<svg" in html and "/reflect/r/" in html
    assert "Tell us what you thought" in html
    assert "Fin Sample" in html  # on the register, marked absent, but no card


def test_today_page_shows_the_modules_agenda_and_trainer_notes(
    client, module, lead_trainer, lead_facilitator
):
    module.agenda = [
        ("agenda_item", {"minutes": 20, "title": "Welcome and ground rules", "led_by": "both"}),
        ("agenda_item", {"minutes": 70, "title": "Writing a plan in pairs", "led_by": "co"}),
    ]
    module.trainer_notes = "<p>Keep the pairs mixed: one staff member, one resident.</p>"
    module.save_revision().publish()
    session = make_session(module=module, lead=lead_facilitator, status=Session.Status.PUBLISHED)
    client.force_login(lead_trainer)
    day = timezone.localtime(session.start).date().isoformat()
    html = client.get(reverse("reflections:today") + f"?date={day}").content.decode()
    assert "Agenda (90 minutes)" in html
    assert "Welcome and ground rules" in html and "Writing a plan in pairs" in html
    assert "Keep the pairs mixed" in html
    assert module.url in html


def test_today_page_shows_each_modules_agenda_once_and_reads_the_day_in_fixed_queries(
    client, module, named_module, lead_trainer, lead_facilitator
):
    """A coordinator's day can hold dozens of sessions of one module: its agenda is rendered once,
    each session links to it, and the page's queries do not grow with the sessions."""
    module.agenda = [("agenda_item", {"minutes": 20, "title": "Welcome and ground rules"})]
    module.save_revision().publish()
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    day = timezone.localtime(start).date().isoformat()
    url = reverse("reflections:today") + f"?date={day}"
    client.force_login(lead_trainer)

    def day_with(sessions: int) -> tuple[str, int]:
        for _ in range(sessions):
            session = make_session(module=module, lead=lead_facilitator, start=start)
            attendance_mark(
                attendance=AttendanceFactory(session=session),
                status="present",
                user=lead_trainer,
                now=start,
            )
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        return html, len(captured.captured_queries)

    make_session(module=named_module, lead=lead_facilitator, start=start)
    _html, few = day_with(1)
    html, many = day_with(4)
    assert many == few
    assert html.count("Welcome and ground rules") == 1
    assert html.count(f'href="#agenda-{module.pk}"') == 5
    assert html.count(f'id="agenda-{module.pk}"') == 1
    assert html.count(f'id="agenda-{named_module.pk}"') == 1
    assert html.count('class="register__row') == 5
