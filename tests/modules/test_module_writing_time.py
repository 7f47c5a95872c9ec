""" "About how long did this take?": a published suggestion is credited the time its author said it
took (every save of it, taken back and sent again included), one hour when they did not say, once."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from modules.models import ModuleInvolvement, ModuleMaterialPage, WritingTime
from modules.sections import sections_of
from modules.services.credits import suggestion_published

pytestmark = pytest.mark.django_db


def _rewrite(client, page, text, *, minutes="", action="send"):
    section = sections_of(page.get_latest_revision_as_object())[0]
    url = reverse("modules:write_rewrite", args=[page.pk, section.id])
    data = {"heading": "Body heading", "text": text, "time_spent": minutes, action: "1"}
    return client.post(url, data)


def _state(page):
    return WorkflowState.objects.for_instance(page).order_by("-pk").first()


def _act(page, user, action, comment=""):
    task_state = _state(page).current_task_state
    task_state.task.specific.on_action(task_state.specific, user, action, comment=comment)


def _writing_row(user):
    return ModuleInvolvement.objects.get(user=user, activity="writing")


def test_the_question_is_asked_in_plain_words(client, module_page, co_trainer):
    client.force_login(co_trainer)
    section = sections_of(module_page)[0]
    html = client.get(reverse("modules:write_rewrite", args=[module_page.pk, section.id]))
    text = html.content.decode()
    assert "About how long did this take you?" in text
    assert "About half an hour" in text and "I am not sure" in text


def test_the_hours_follow_what_the_co_trainer_said(client, module_page, co_trainer, lead_trainer):
    client.force_login(co_trainer)
    assert (
        _rewrite(client, module_page, "First go.", minutes="30", action="save").status_code == 302
    )
    assert _rewrite(client, module_page, "Second go.", minutes="60").status_code == 302
    _act(module_page, lead_trainer, "reject", comment="Shorter, please.")
    client.post(reverse("modules:write_take_back", args=[module_page.pk]))
    assert _rewrite(client, module_page, "Third go.", minutes="15").status_code == 302
    _act(module_page, lead_trainer, "approve")

    row = _writing_row(co_trainer)
    assert row.hours == Decimal("1.75")  # 30 + 60 + 15 minutes, to the quarter hour
    assert WritingTime.objects.filter(involvement=row).count() == 3
    # Once only: the signal again adds nothing and claims nothing twice.
    suggestion_published(workflow_state=_state(module_page))
    assert ModuleInvolvement.objects.filter(user=co_trainer, activity="writing").count() == 1

    # The next suggestion starts from nothing.
    assert _rewrite(client, module_page, "Fourth go.", minutes="120").status_code == 302
    _act(module_page, lead_trainer, "approve")
    hours = sorted(
        ModuleInvolvement.objects.filter(user=co_trainer).values_list("hours", flat=True)
    )
    assert hours == [Decimal("1.75"), Decimal("2")]


def test_not_saying_credits_the_usual_hour(client, module_page, co_trainer, lead_trainer):
    client.force_login(co_trainer)
    assert _rewrite(client, module_page, "Not sure how long.").status_code == 302
    _act(module_page, lead_trainer, "approve")
    assert _writing_row(co_trainer).hours == Decimal("1")
    assert not WritingTime.objects.exists()


def test_a_new_activity_is_credited_its_own_time(client, module_page, co_trainer, lead_trainer):
    client.force_login(co_trainer)
    url = reverse("modules:write_new_activity", args=[module_page.pk])
    data = {"title": "Walk", "summary": "", "text": "- Walk\n- Talk", "time_spent": "240"}
    assert client.post(url, {**data, "send": "1"}).status_code == 302
    activity = ModuleMaterialPage.objects.get()
    _act(activity, lead_trainer, "approve")
    assert _writing_row(co_trainer).hours == Decimal("4")


def test_an_answer_that_is_not_offered_is_refused(client, module_page, co_trainer):
    client.force_login(co_trainer)
    response = _rewrite(client, module_page, "Too long.", minutes="9999")
    assert response.status_code == 400
    assert not WritingTime.objects.exists()
    assert _state(module_page) is None
