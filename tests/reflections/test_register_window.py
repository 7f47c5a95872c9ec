"""Registers on the day: open from 30 minutes before the start to the end of the session's day; later
only coordinators correct them, with history; declined people are not re-planned, absent and excused are."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from reflections import selectors
from reflections.models import AskAgain, RegisterChange
from reflections.services import ask_again_record
from scheduling.models import Attendance, Session
from scheduling.planning.ids import person_key
from scheduling.planning.problem import build_problem
from scheduling.selectors.attendance import register_window
from scheduling.services.attendance import attendance_mark

from .conftest import attendance_of

pytestmark = pytest.mark.django_db


def _move(session, start, status=Session.Status.PUBLISHED):
    session.start = start
    session.end = start + timedelta(minutes=90)
    session.status = status
    session.save()
    return session


def _today_page(client, session):
    day = timezone.localtime(session.start).date().isoformat()
    return client.get(reverse("reflections:today") + f"?date={day}").content.decode()


def test_a_register_before_its_window_is_refused_and_the_session_is_not_held(
    client, held_session, lead_trainer, coordinator
):
    session = _move(held_session, timezone.now() + timedelta(days=14))
    attendance = attendance_of(session, "Asha")
    for user in (lead_trainer, coordinator):
        with pytest.raises(ValidationError, match="The register opens at"):
            attendance_mark(attendance=attendance, status="present", user=user)
    # Through the page, with and without JavaScript.
    client.force_login(lead_trainer)
    url = reverse("reflections:register_mark", args=[attendance.pk])
    response = client.post(url, {"status": "present"})
    assert response.status_code == 302
    fetched = client.post(url, {"status": "present"}, headers={"X-Requested-With": "fetch"})
    assert fetched.status_code == 400 and "The register opens at" in fetched.json()["error"]
    session.refresh_from_db()
    attendance.refresh_from_db()
    assert session.status == Session.Status.PUBLISHED
    assert attendance.status == "booked" and not RegisterChange.objects.exists()
    html = _today_page(client, session)
    assert "The register opens at" in html
    assert 'name="status"' not in html  # read-only: no buttons
    # Thirty-one minutes before the start it is still closed; twenty-nine minutes before, open.
    start = session.start
    assert register_window(session=session, now=start - timedelta(minutes=31)).state == "not_yet"
    assert register_window(session=session, now=start - timedelta(minutes=29)).state == "open"


def test_on_the_day_the_register_opens_half_an_hour_early_and_the_session_is_held(
    client, held_session, lead_trainer
):
    session = _move(held_session, timezone.now() + timedelta(minutes=20))
    attendance_mark(attendance=attendance_of(session, "Asha"), status="present", user=lead_trainer)
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    client.force_login(lead_trainer)
    html = _today_page(client, session)
    for label in ("Present", "Left early", "Absent", "Declined", "Excused"):
        assert f">{label}</button>" in html
    # Held early, yet the cards and "to complete" wait for the start.
    link_attendance = attendance_of(session, "Asha")
    assert not selectors.session_has_begun(session)
    from reflections import services

    link, _token = services.reflection_link_ensure(attendance=link_attendance)
    assert not selectors.link_is_usable(link)


def test_a_mark_whose_history_cannot_be_kept_is_not_saved(held_session, lead_trainer, monkeypatch):
    """Scheduling announces each mark and reflections keeps it, in the mark's own transaction."""
    session = _move(held_session, timezone.now() + timedelta(minutes=20))
    attendance = attendance_of(session, "Asha")

    def history_fails(**kwargs):
        raise RuntimeError("history not kept")

    monkeypatch.setattr("reflections.receivers.register_change_record", history_fails)
    with pytest.raises(RuntimeError, match="history not kept"):
        attendance_mark(attendance=attendance, status="present", user=lead_trainer)
    attendance.refresh_from_db()
    session.refresh_from_db()
    assert attendance.status == "booked" and attendance.marked_at is None
    assert session.status == Session.Status.PUBLISHED
    assert not RegisterChange.objects.exists()


def test_after_the_day_only_a_coordinator_corrects_and_the_history_says_who_and_when(
    client, held_session, lead_trainer, coordinator
):
    day_before_yesterday = timezone.now() - timedelta(days=2)
    session = _move(held_session, day_before_yesterday)
    attendance = attendance_of(session, "Ben")
    on_the_day = session.start + timedelta(minutes=5)
    attendance_mark(attendance=attendance, status="absent", user=lead_trainer, now=on_the_day)
    with pytest.raises(PermissionDenied, match="A coordinator can correct it"):
        attendance_mark(attendance=attendance, status="present", user=lead_trainer)
    client.force_login(lead_trainer)
    html = _today_page(client, session)
    assert "The register closed at the end of the session" in html
    assert 'name="status"' not in html

    attendance_mark(attendance=attendance, status="present", user=coordinator)
    attendance.refresh_from_db()
    assert attendance.status == "present"
    changes = list(RegisterChange.objects.filter(attendance=attendance))
    assert [(c.from_status, c.to_status, c.changed_by, c.is_correction) for c in changes] == [
        ("booked", "absent", lead_trainer, False),
        ("absent", "present", coordinator, True),
    ]
    assert changes[0].changed_at == on_the_day
    client.force_login(coordinator)
    html = _today_page(client, session)
    assert "Correcting the register after the day" in html
    assert "Register history (2 changes)" in html
    who = coordinator.get_full_name() or coordinator.username
    assert f"{escape(who)} marked Ben Nurseperson as Present" in html
    assert "correction after the day" in html


def test_declined_people_are_not_replanned_absent_and_excused_are(
    client, held_session, lead_trainer, coordinator
):
    session = _move(held_session, timezone.now() + timedelta(minutes=5))
    marks = {"Asha": "present", "Ben": "declined", "Cara": "excused", "Dev": "absent"}
    for name, status in marks.items():
        attendance_mark(attendance=attendance_of(session, name), status=status, user=lead_trainer)
    people = {
        p["id"] for p in build_problem(programme=session.programme, replan=True).data["people"]
    }
    key = {name: person_key(attendance_of(session, name).person_id) for name in marks}
    assert key["Ben"] not in people  # declined: their right to say no
    assert key["Cara"] in people and key["Dev"] in people  # excused and absent: offered a catch-up
    # The page offers the catch-up to the two of them, and says why Ben is not offered a place.
    client.force_login(coordinator)
    html = _today_page(client, session)
    assert "2 people were absent or excused." in html
    assert "I asked Ben again: offer a place" in html
    # Unless a coordinator asks again: then the next re-plan offers Ben a place.
    ben = attendance_of(session, "Ben")
    with pytest.raises(PermissionDenied):
        ask_again_record(attendance=ben, user=lead_trainer)
    response = client.post(reverse("reflections:ask_again", args=[ben.pk]))
    assert response.status_code == 302
    assert AskAgain.objects.get(attendance=ben).asked_by == coordinator
    people = {
        p["id"] for p in build_problem(programme=session.programme, replan=True).data["people"]
    }
    assert key["Ben"] in people
    with pytest.raises(ValidationError):
        ask_again_record(attendance=attendance_of(session, "Cara"), user=coordinator)
    assert Attendance.objects.get(pk=ben.pk).status == "declined"  # the record stays true
