"""E-mailed invitations: METHOD in header and body, one ATTENDEE, idempotent task, no residents."""

import email

import icalendar
import pytest
import vobject
from django.core import mail

from scheduling.models import InviteDelivery
from scheduling.signals import sessions_changed
from scheduling.tasks_calendar import send_session_invites
from tests.scheduling import calendar_support as support
from tests.scheduling.calendar_support import resident_names

pytestmark = pytest.mark.django_db
world = support.world  # the shared fixture


def calendar_part(message):
    """The text/calendar part as a mail client sees it, from the real MIME message."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0]


def test_publish_sends_request_to_staff_and_staff_facilitators_only(world):
    sent = send_session_invites([world.after_spring.pk], "published")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert sent == 2
    # Nadia (staff with e-mail) and Sam (staff lead). Not Leon (no e-mail), not any resident, and not
    # the resident co-trainer, although an address is stored for her.
    assert recipients == ["Nadia Okafor <nadia@example.org>", "Sam Lead <sam@example.org>"]
    for message in mail.outbox:
        part = calendar_part(message)
        assert part["Content-Type"] == "text/calendar; method=REQUEST; charset=utf-8"
        data = part.get_payload(decode=True)
        cal = icalendar.Calendar.from_ical(data)
        assert str(cal["METHOD"]) == "REQUEST"
        assert vobject.readOne(data.decode()).method.value == "REQUEST"
        vevent = cal.walk("VEVENT")[0]
        attendee = vevent["ATTENDEE"]
        assert not isinstance(attendee, list)
        assert str(attendee) == f"mailto:{message.to[0].split('<')[1].rstrip('>')}"
        assert "ORGANIZER" in vevent
        assert str(vevent["UID"]) == f"{world.after_spring.uid}@alongside"
        text = message.body + message.subject + data.decode()
        for name in resident_names():
            assert name not in text
        assert "a co-trainer with lived experience" in message.body


def test_running_the_task_twice_sends_each_message_once(world):
    send_session_invites([world.after_spring.pk], "published")
    first = len(mail.outbox)
    again = send_session_invites([world.after_spring.pk], "published")
    assert again == 0
    assert len(mail.outbox) == first == 2
    keys = set(InviteDelivery.objects.values_list("key", flat=True))
    assert f"{world.after_spring.uid}:1:REQUEST:nadia@example.org" in keys


def test_a_move_sends_a_new_request_with_the_higher_sequence(world):
    session = world.after_spring
    send_session_invites([session.pk], "published")
    session.sequence += 1
    session.save()
    mail.outbox.clear()
    send_session_invites([session.pk], "moved")
    assert len(mail.outbox) == 2
    assert all(m.subject.startswith("Changed:") for m in mail.outbox)
    data = calendar_part(mail.outbox[0]).get_payload(decode=True)
    assert b"SEQUENCE:2" in data


def test_cancelling_through_planning_sends_cancel_by_the_signal_and_task(
    world, django_capture_on_commit_callbacks
):
    """The real path: planning's session_cancel -> sessions_changed on commit -> receiver ->
    django-q2 task (synchronous in tests) -> one CANCEL per recipient."""
    from scheduling.services.plan_edit import session_cancel

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=world.before_autumn)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        part = calendar_part(message)
        assert part["Content-Type"] == "text/calendar; method=CANCEL; charset=utf-8"
        data = part.get_payload(decode=True)
        cal = icalendar.Calendar.from_ical(data)
        assert str(cal["METHOD"]) == "CANCEL"
        vevent = cal.walk("VEVENT")[0]
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert int(vevent["SEQUENCE"]) == 2
        assert message.subject.startswith("Cancelled:")
        assert "cancelled" in message.body
    # The signal arriving again (a retried commit hook, a second worker) sends nothing more.
    sessions_changed.send(sender=None, session_ids=[world.before_autumn.pk], change="cancelled")
    assert len(mail.outbox) == 2


def test_people_moved_out_get_a_cancel_when_planning_says_who(world):
    session = world.after_spring
    send_session_invites([session.pk], "published")
    session.attendances.filter(person=world.staff).delete()
    mail.outbox.clear()
    send_session_invites([session.pk], "published", {str(session.pk): [world.staff.pk]})
    assert [m.to[0] for m in mail.outbox] == ["Nadia Okafor <nadia@example.org>"]
    part = calendar_part(mail.outbox[0])
    assert "method=CANCEL" in part["Content-Type"]
    assert "no longer booked" in mail.outbox[0].body


def test_drafts_are_never_announced(world):
    assert send_session_invites([world.draft.pk], "published") == 0
    assert mail.outbox == []
