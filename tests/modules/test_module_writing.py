"""The plain-words writing space: a suggestion is a page revision under "Co-trainer review", sent,
commented on, taken back, sent again, approved; credit follows once."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState

from modules.models import ModuleCreditOffer, ModuleInvolvement, ModuleMaterialPage
from modules.sections import sections_of
from modules.services.credits import suggestion_published
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_WORDS = "We write the plan with you.\n\nYou say what matters first."


def _first_text_part(page):
    return next(s for s in sections_of(page) if s.block.block_type == "rich_text")


def _rewrite_url(page, section):
    return reverse("modules:write_rewrite", args=[page.pk, section.id])


def _send_rewrite(client, page, *, text=NEW_WORDS, heading="Body heading", action="send"):
    section = _first_text_part(page.get_latest_revision_as_object())
    return client.post(_rewrite_url(page, section), {"heading": heading, "text": text, action: "1"})


def _state(page):
    return WorkflowState.objects.for_instance(page).order_by("-pk").first()


def _reject(page, lead, comment):
    state = _state(page)
    state.current_task_state.specific.task.specific.on_action(
        state.current_task_state, lead, "reject", comment=comment
    )


def _approve(page, lead):
    state = _state(page)
    state.current_task_state.specific.task.specific.on_action(
        state.current_task_state, lead, "approve", comment=""
    )


def test_a_co_trainer_sees_their_modules_in_plain_words(client, module_page, co_trainer):
    client.force_login(co_trainer)
    html = client.get(reverse("modules:write_home")).content.decode()
    assert "My modules" in html and "Easy read:" in html
    assert module_page.title in html  # offered under "Suggest a change to another module"
    parts = client.get(reverse("modules:write_sections", args=[module_page.pk])).content.decode()
    assert "Part 1: Body heading" in parts
    assert "Standard body text." in parts  # the section as it reads on the site
    assert "Change this part" in parts


def test_sending_a_rewrite_saves_a_revision_and_starts_co_trainer_review(
    client, module_page, co_trainer, lead_trainer
):
    client.force_login(co_trainer)
    revisions_before = module_page.revisions.count()
    response = _send_rewrite(client, module_page)
    assert response.status_code == 302
    module_page.refresh_from_db()
    assert module_page.revisions.count() == revisions_before + 1
    state = _state(module_page)
    assert state.workflow.name == "Co-trainer review"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == co_trainer
    # The same revision the editor would make: same block id, rich text in the body.
    draft = module_page.get_latest_revision_as_object()
    block = draft.body[0]
    assert block.id == module_page.specific.body[0].id
    assert "<p>We write the plan with you.</p>" in block.value.source
    # Not live until a lead approves.
    assert "We write the plan with you." not in client.get(module_page.url).content.decode()
    home = client.get(reverse("modules:write_home")).content.decode()
    assert f"Waiting for {lead_trainer.first_name} (lead trainer) to read your changes." in home


def test_an_empty_suggestion_is_refused_with_a_clear_message(client, module_page, co_trainer):
    client.force_login(co_trainer)
    revisions_before = module_page.revisions.count()
    response = _send_rewrite(client, module_page, text="", heading="")
    assert response.status_code == 400
    assert "Write the new words for this part before you send it." in response.content.decode()
    unchanged = _send_rewrite(client, module_page, text="Standard body text.")
    assert "You have not changed anything yet." in unchanged.content.decode()
    assert module_page.revisions.count() == revisions_before
    assert _state(module_page) is None


def test_an_empty_new_activity_cannot_be_sent(client, module_page, co_trainer):
    client.force_login(co_trainer)
    url = reverse("modules:write_new_activity", args=[module_page.pk])
    response = client.post(url, {"title": "", "summary": "", "text": "", "send": "1"})
    assert response.status_code == 400
    assert "The activity is empty." in response.content.decode()
    assert not ModuleMaterialPage.objects.exists()


def test_a_new_activity_becomes_a_draft_under_the_module_in_review(client, module_page, co_trainer):
    client.force_login(co_trainer)
    url = reverse("modules:write_new_activity", args=[module_page.pk])
    client.post(
        url,
        {
            "title": "Walk and talk",
            "summary": "A short walk.",
            "text": "- Walk\n- Talk",
            "send": "1",
        },
    )
    activity = ModuleMaterialPage.objects.get()
    assert activity.get_parent().pk == module_page.pk
    assert not activity.live and activity.owner == co_trainer
    assert "<ul><li>Walk</li><li>Talk</li></ul>" in activity.body[0].value.source
    assert _state(activity).status == WorkflowState.STATUS_IN_PROGRESS


def test_the_full_loop_comment_take_back_send_again_approve(
    client, module_page, co_trainer, lead_trainer
):
    client.force_login(co_trainer)
    _send_rewrite(client, module_page)
    # While it waits, the co-trainer cannot change it here...
    section = _first_text_part(module_page.get_latest_revision_as_object())
    assert client.get(_rewrite_url(module_page, section)).status_code == 302
    _reject(module_page, lead_trainer, "Please say who writes the plan.")

    # ...and sees the lead's comment in plain words on My page and in the writing space.
    me = client.get("/account/me/").content.decode()
    assert f"{lead_trainer.first_name} asked for changes:" in me
    assert "Please say who writes the plan." in me
    assert "rejected" not in me.lower()
    parts = client.get(reverse("modules:write_sections", args=[module_page.pk])).content.decode()
    assert "Please say who writes the plan." in parts

    # "I want to change something" cancels their own review; the comment stays in the history.
    response = client.post(reverse("modules:write_take_back", args=[module_page.pk]))
    assert response.status_code == 302
    first = _state(module_page)
    assert first.status == WorkflowState.STATUS_CANCELLED
    assert TaskState.objects.filter(workflow_state=first, status="rejected").exists()
    assert "Please say who writes the plan." in client.get("/account/me/").content.decode()

    _send_rewrite(client, module_page, text="You and staff write the plan together.")
    second = _state(module_page)
    assert second.pk != first.pk and second.status == WorkflowState.STATUS_IN_PROGRESS

    _approve(module_page, lead_trainer)
    client.logout()
    live = client.get(module_page.url).content.decode()
    assert "You and staff write the plan together." in live

    # Credit follows, once: one writing row and one credit offer.
    record = ModuleInvolvement.objects.get(user=co_trainer)
    assert record.activity == "writing" and record.payment_status == "due"
    offer = ModuleCreditOffer.objects.get(user=co_trainer)
    suggestion_published(workflow_state=_state(module_page))
    assert ModuleInvolvement.objects.filter(user=co_trainer).count() == 1
    assert ModuleCreditOffer.objects.filter(user=co_trainer).count() == 1

    # Named only if they say yes.
    assert co_trainer.first_name not in live.split("Written together by")[-1]
    client.force_login(co_trainer)
    me = client.get("/account/me/").content.decode()
    assert "They are on the website now." in me
    client.post(reverse("modules:write_credit", args=[offer.pk]), {"answer": "named"})
    client.logout()
    assert co_trainer.first_name in client.get(module_page.url).content.decode()


def test_sending_again_after_a_comment_resumes_the_same_review(
    client, module_page, co_trainer, lead_trainer
):
    client.force_login(co_trainer)
    _send_rewrite(client, module_page)
    _reject(module_page, lead_trainer, "Shorter, please.")
    first = _state(module_page)
    assert first.status == WorkflowState.STATUS_NEEDS_CHANGES
    _send_rewrite(client, module_page, text="Shorter words.")
    first.refresh_from_db()
    assert _state(module_page).pk == first.pk
    assert first.status == WorkflowState.STATUS_IN_PROGRESS


def test_only_the_sender_can_take_a_suggestion_back(client, module_page, co_trainer):
    client.force_login(co_trainer)
    _send_rewrite(client, module_page)
    other = UserFactory(username="other-cotrainer")
    other.groups.add(Group.objects.get(name="Co-trainers"))
    client.force_login(other)
    response = client.post(reverse("modules:write_take_back", args=[module_page.pk]))
    assert response.status_code == 403
    assert _state(module_page).status == WorkflowState.STATUS_IN_PROGRESS


def test_an_easy_read_point_is_added_with_a_picture(client, module_page, co_trainer, picture):
    picture.title = "Easy read: together"
    picture.save()
    client.force_login(co_trainer)
    url = reverse("modules:write_easy_read", args=[module_page.pk])
    empty = client.post(url, {"picture": picture.pk, "text": "", "send": "1"})
    assert "Write one or two short sentences" in empty.content.decode()
    saved = client.post(
        url, {"picture": picture.pk, "text": "We plan together.", "after": "0", "save": "1"}
    )
    assert saved.status_code == 302
    module_page.refresh_from_db()
    draft = module_page.get_latest_revision_as_object()
    assert [b.block_type for b in draft.easy_read] == [
        "heading",
        "easy_read_point",
        "easy_read_point",
    ]
    assert draft.easy_read[1].value["text"] == "We plan together."
    assert _state(module_page) is None  # saved for later, not sent


@pytest.mark.parametrize("role", ["attendee", "coordinator"])
def test_the_writing_space_is_for_trainers_only(client, request, role, module_page):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("modules:write_home")).status_code == 403
    assert client.get(reverse("modules:write_sections", args=[module_page.pk])).status_code == 403


def test_the_writing_space_only_opens_module_pages(client, co_trainer, module_index):
    client.force_login(co_trainer)
    home = Page.objects.get(depth=2)
    assert client.get(reverse("modules:write_sections", args=[home.pk])).status_code == 404


def test_a_redirect_after_taking_back_never_leaves_the_site(client, module_page, co_trainer):
    client.force_login(co_trainer)
    _send_rewrite(client, module_page)
    response = client.post(
        reverse("modules:write_take_back", args=[module_page.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"].startswith("/")


def test_the_author_is_told_in_plain_words_never_rejected(
    client, module_page, co_trainer, lead_trainer, mailoutbox
):
    client.force_login(co_trainer)
    _send_rewrite(client, module_page)
    mailoutbox.clear()
    _reject(module_page, lead_trainer, "Add one more example.")
    to_author = [mail for mail in mailoutbox if co_trainer.email in mail.to]
    assert to_author, "the co-trainer is told the lead asked for changes"
    text = to_author[0].subject + to_author[0].body
    assert "asked for" in text and "Add one more example." in text
    assert "reject" not in text.lower()

    client.post(reverse("modules:write_take_back", args=[module_page.pk]))
    _send_rewrite(client, module_page, text="One more example: a walk.")
    mailoutbox.clear()
    _approve(module_page, lead_trainer)
    to_author = [mail for mail in mailoutbox if co_trainer.email in mail.to]
    assert "are on the website" in to_author[0].subject
