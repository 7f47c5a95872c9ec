"""A raised item reaches the unit's named contact at once, once, and never with the answer in it;
the easy-read wording carries the same safety advice as the standard one."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from reflections import concerns, services, tasks
from reflections.models import RaisedConcernNotice, Reflection
from scheduling.models import Attendance

from .conftest import attendance_of

pytestmark = pytest.mark.django_db

SAFETY = "If you feel unsafe now, tell a member of staff today."
CONCERN = "Quokka-harbour-private-worry"


@pytest.fixture
def unit_with_contact(held_session):
    unit = held_session.unit
    unit.concern_contact_name = "Pat Wardmanager"
    unit.concern_contact_email = "pat@ward.example.org"
    unit.save()
    Attendance.objects.filter(session=held_session).update(status="present")
    return unit


def _send(session, name, answers):
    link, _token = services.reflection_link_ensure(attendance=attendance_of(session, name))
    return services.reflection_save(link=link, answers=answers, send=True)


def test_easy_read_safety_sentence_is_the_standard_advice(client, held_session):
    Attendance.objects.filter(session=held_session).update(status="present")
    _link, token = services.reflection_link_ensure(attendance=attendance_of(held_session, "Cara"))
    url = reverse("reflections:card", args=[token])
    easy = Client().get(url + "?wording=easy").content.decode()
    standard = Client().get(url + "?wording=standard").content.decode()
    assert SAFETY in easy
    assert "If you feel unsafe now" in standard and "tell a member of staff today" in standard


def test_a_raised_item_tells_the_named_contact_at_once_without_the_answer(
    held_session, unit_with_contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(held_session, "Cara", {"q-raise": {"text": CONCERN, "consent": False}})
    assert len(mail.outbox) == 1  # the task ran straight after the send (sync in tests)
    message = mail.outbox[0]
    assert message.to == ["pat@ward.example.org"]
    text = message.subject + message.body
    assert CONCERN not in text and "Cara" not in text and "Residentname" not in text
    assert "Hello Pat Wardmanager" in message.body
    assert f"/reflect/insights/session/{held_session.pk}/" in message.body
    assert held_session.unit.name in message.subject
    notice = RaisedConcernNotice.objects.get()
    assert notice.recipient == "pat@ward.example.org"


def test_the_task_is_idempotent_and_a_changed_send_does_not_tell_twice(
    held_session, unit_with_contact
):
    saved = _send(held_session, "Dev", {"q-raise": {"text": CONCERN, "consent": True}})
    reflection_id = str(saved.reflection.pk)
    assert tasks.notify_raised_concerns(reflection_id) in (0, 1)
    assert tasks.notify_raised_concerns(reflection_id) == 0
    assert len(mail.outbox) == 1
    assert RaisedConcernNotice.objects.count() == 1


def test_no_raised_item_no_notice_and_no_contact_no_email(held_session, unit_with_contact):
    saved = _send(held_session, "Asha", {"q-listened": 4})
    assert concerns.concern_notices_send(reflection_id=saved.reflection.pk) == 0
    assert not mail.outbox and not RaisedConcernNotice.objects.exists()
    unit = held_session.unit
    unit.concern_contact_email = ""
    unit.save()
    saved = _send(held_session, "Ben", {"q-raise": {"text": CONCERN, "consent": False}})
    concerns.concern_notices_send(reflection_id=saved.reflection.pk)
    assert not mail.outbox
    assert RaisedConcernNotice.objects.get(reflection=saved.reflection).recipient == ""
    # A draft tells nobody.
    link, _ = services.reflection_link_ensure(attendance=attendance_of(held_session, "Cara"))
    draft = services.reflection_save(link=link, answers={"q-raise": {"text": "x"}}, send=False)
    assert concerns.raised_block_ids(draft.reflection) == []
    assert Reflection.objects.filter(status="draft").count() == 1
