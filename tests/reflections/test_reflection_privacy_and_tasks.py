"""Answers never reach logs or e-mails; one reminder each; the ideas backlog; retention; dashboard."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from modules.models import ModuleIdea
from reflections import services, tasks
from reflections.models import RaisedItemForward, Reflection, ReflectionLink, ReflectionReminder
from scheduling.models import Session
from tests.factories import PersonFactory, ResidentFactory, UserFactory

from .conftest import attendance_of, make_session
from .helpers_reflections import attend_and_reflect

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Zebra-umbrella-secret-answer"
SECRET_RAISE = "Kettle-lantern-private-concern"


def test_answers_never_appear_in_logs_or_emails(
    client, held_session, coordinator, caplog, settings
):
    caplog.set_level(logging.DEBUG)
    cara = attendance_of(held_session, "Cara")
    asha = attendance_of(held_session, "Asha")
    for attendance in (cara, asha):
        attendance.status = "present"
        attendance.save()
    # Cara sends through the card page; Asha only saves a draft, so she still gets her reminder.
    _link, token = services.reflection_link_ensure(attendance=cara)
    card = reverse("reflections:card", args=[token])
    response = client.post(
        card,
        {
            "action": "send",
            "q-q-differently": SECRET_TEXT,
            "q-q-raise": SECRET_RAISE,
            "q-q-raise-consent": "on",
            "q-q-listened": "5",
        },
    )
    assert response.status_code == 302
    client.get(card)
    asha_link, _ = services.reflection_link_ensure(attendance=asha)
    services.reflection_save(link=asha_link, answers={"q-differently": SECRET_TEXT}, send=False)
    # The reminder task, the coordinator's views and export, the backlog, retention.
    # Asha only: Cara is a resident with no e-mail, Ben was never marked present.
    assert tasks.send_reflection_reminders() == 1
    client.force_login(coordinator)
    client.get(reverse("reflections:insights", args=["session", held_session.pk]))
    client.get(reverse("reflections:insights_csv", args=["session", held_session.pk]))
    reflection = Reflection.objects.get(status="sent")
    client.post(
        reverse("reflections:raised_forward"), {"reflection": reflection.pk, "block": "q-raise"}
    )
    assert ModuleIdea.objects.filter(source="reflection").count() == 1
    Session.objects.update(
        end=timezone.now() - timedelta(days=400),
        start=timezone.now() - timedelta(days=400, minutes=90),
    )
    call_command("reflection_retention")

    assert len(mail.outbox) == 1
    for message in mail.outbox:
        text = message.subject + message.body + "".join(str(a) for a in message.alternatives)
        assert SECRET_TEXT not in text and SECRET_RAISE not in text
        assert "/reflect/r/" in message.body
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert SECRET_TEXT not in logged and SECRET_RAISE not in logged
    assert "Reflection reminders sent: 1." in caplog.text  # the capture did work


def test_one_reminder_per_person_however_often_the_task_runs(held_session):
    asha = attendance_of(held_session, "Asha")
    attend_and_reflect(asha, None)
    assert services.reflection_reminders_send() == 1
    assert services.reflection_reminders_send() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["asha@example.org"]
    assert ReflectionReminder.objects.count() == 1


def test_no_reminder_after_sending_or_for_residents(held_session):
    attend_and_reflect(attendance_of(held_session, "Asha"), {"q-listened": 3})
    attend_and_reflect(attendance_of(held_session, "Cara"), None)
    assert services.reflection_reminders_send() == 0
    assert mail.outbox == []


def test_reminder_schedule_exists_once():
    from django_q.models import Schedule

    names = list(Schedule.objects.values_list("func", flat=True))
    assert names.count("reflections.tasks.send_reflection_reminders") == 1
    assert names.count("reflections.tasks.apply_reflection_retention") == 1


def test_raised_item_goes_to_the_backlog_once_without_a_name(
    client, held_session, coordinator, lead_trainer
):
    cara = attendance_of(held_session, "Cara")
    reflection = attend_and_reflect(
        cara, {"q-raise": {"text": "Can we talk about leave plans?", "consent": True}}
    )
    url = reverse("reflections:raised_forward")
    client.force_login(lead_trainer)
    client.post(url, {"reflection": reflection.pk, "block": "q-raise"})
    assert not ModuleIdea.objects.exists()
    client.force_login(coordinator)
    page = client.get(reverse("reflections:insights", args=["session", held_session.pk]))
    assert b"Send to the ideas backlog (no name)" in page.content
    client.post(url, {"reflection": reflection.pk, "block": "q-raise"})
    client.post(url, {"reflection": reflection.pk, "block": "q-raise"})
    idea = ModuleIdea.objects.get()
    assert idea.source == "reflection"
    assert idea.raised_by == "A resident, via a reflection"
    assert "Can we talk about leave plans?" in idea.description
    for field in (idea.title, idea.description, idea.raised_by):
        assert "Cara" not in field and "Residentname" not in field
    assert RaisedItemForward.objects.get().idea_id == idea.pk
    page = client.get(reverse("reflections:insights", args=["session", held_session.pk]))
    assert b"In the ideas backlog" in page.content


def test_raised_item_without_consent_is_not_sent(held_session, coordinator):
    from django.core.exceptions import ValidationError

    reflection = attend_and_reflect(
        attendance_of(held_session, "Dev"), {"q-raise": {"text": "Just for you.", "consent": False}}
    )
    with pytest.raises(ValidationError):
        services.raised_item_forward(reflection=reflection, block_id="q-raise", user=coordinator)
    assert not ModuleIdea.objects.exists()


def _age(session, days):
    Session.objects.filter(pk=session.pk).update(
        start=timezone.now() - timedelta(days=days, minutes=90),
        end=timezone.now() - timedelta(days=days),
    )


def test_retention_anonymises_old_reflections_and_keeps_recent_ones(named_module, lead_facilitator):
    old = make_session(
        module=named_module, lead=lead_facilitator, people=[PersonFactory(display_name="Old Timer")]
    )
    new = make_session(
        module=named_module,
        lead=lead_facilitator,
        people=[ResidentFactory(display_name="New Comer")],
    )
    answers = {
        "q-listened": 5,
        "q-helped": "The story",
        "q-differently": "Some words",
        "q-raise": {"text": "More", "consent": True},
    }
    attend_and_reflect(old.attendances.get(), answers)
    attend_and_reflect(new.attendances.get(), answers)
    _age(old, 366)
    counts = services.reflections_apply_retention()
    assert counts == {"anonymised": 1, "deleted": 0, "links_deleted": 1}
    aged = Reflection.objects.get(session=old)
    assert aged.answers == {"q-listened": 5, "q-helped": "The story"}
    assert (aged.person, aged.owner_hash, aged.anonymised, aged.is_anonymous) == (
        None,
        "",
        True,
        True,
    )
    assert not ReflectionLink.objects.filter(attendance__session=old).exists()
    fresh = Reflection.objects.get(session=new)
    assert fresh.answers == answers and fresh.person.display_name == "New Comer"
    # Running again changes nothing.
    assert services.reflections_apply_retention() == {
        "anonymised": 0,
        "deleted": 0,
        "links_deleted": 0,
    }


def test_retention_can_delete_instead(module, lead_facilitator, settings):
    settings.ALONGSIDE_REFLECTION_RETENTION_MODE = "delete"
    settings.ALONGSIDE_REFLECTION_RETENTION_DAYS = 30
    old = make_session(module=module, lead=lead_facilitator, people=[PersonFactory()])
    new = make_session(module=module, lead=lead_facilitator, people=[PersonFactory()])
    attend_and_reflect(old.attendances.get(), {"q-listened": 2})
    attend_and_reflect(new.attendances.get(), {"q-listened": 4})
    _age(old, 31)
    assert services.reflections_apply_retention()["deleted"] == 1
    assert list(Reflection.objects.values_list("session_id", flat=True)) == [new.pk]


def test_dashboard_lists_reflections_to_complete_and_opens_the_form(
    client, module, lead_facilitator
):
    user = UserFactory(username="staff-attendee")
    person = PersonFactory(display_name="Wren Worker", user=user)
    session = make_session(module=module, lead=lead_facilitator, people=[person])
    attend_and_reflect(session.attendances.get(), None)
    client.force_login(user)
    page = client.get(reverse("website:dashboard")).content.decode()
    assert "Reflections to complete" in page
    mine = reverse("reflections:mine", args=[session.attendances.get().pk])
    assert mine in page
    form = client.get(mine)
    assert form.status_code == 200 and "no-store" in form["Cache-Control"]
    client.post(mine, {"action": "send", "q-q-listened": "4"})
    assert (
        "Reflections to complete" not in client.get(reverse("website:dashboard")).content.decode()
    )
    # Someone else's attendance is not reachable.
    other = make_session(module=module, lead=lead_facilitator, people=[PersonFactory()])
    attend_and_reflect(other.attendances.get(), None)
    assert (
        client.get(reverse("reflections:mine", args=[other.attendances.get().pk])).status_code
        == 404
    )
