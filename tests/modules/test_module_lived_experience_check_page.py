"""The plain-words page for the "Lived-experience check": a resident co-trainer (never the author)
reads the suggested change as it will read and says "This is fine" or "Ask for changes" without the
Wagtail admin; underneath, the same workflow task state is approved or rejected. Tested per role."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from modules.sections import sections_of
from modules.writing_selectors import writing_state
from tests.factories import UserFactory
from tests.modules.factories import resident_co_trainer

pytestmark = pytest.mark.django_db

NEW_WORDS = "We write the plan with you. You say what matters first."


@pytest.fixture
def author(db):
    return resident_co_trainer("casey")


@pytest.fixture
def checker(db):
    return resident_co_trainer("robin")


@pytest.fixture
def waiting(client, module_page, module_index, author):
    """Casey's rewrite of part 1, sent in the writing space with the check switched on."""
    module_index.lived_experience_check = True
    module_index.save_revision().publish()
    client.force_login(author)
    section = sections_of(module_page)[0]
    url = reverse("modules:write_rewrite", args=[module_page.pk, section.id])
    response = client.post(url, {"heading": "Body heading", "text": NEW_WORDS, "send": "1"})
    assert response.status_code == 302
    client.logout()
    return module_page


def _check_url(page):
    return reverse("modules:write_check", args=[page.pk])


def _state(page):
    return WorkflowState.objects.for_instance(page).order_by("-pk").first()


def test_the_author_is_told_who_checks_it_in_plain_words(client, waiting, author):
    text = writing_state(page=waiting, user=author).text
    assert text == "Waiting for a co-trainer with lived experience to read your changes."


def test_the_checker_finds_it_and_reads_the_change_as_it_will_read(client, waiting, checker):
    client.force_login(checker)
    home = client.get(reverse("modules:write_home")).content.decode()
    assert "Waiting for your check" in home and "Changed by Casey." in home
    assert _check_url(waiting) in home
    page = client.get(_check_url(waiting))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Casey suggested this change." in html
    assert NEW_WORDS in html  # as it will read
    assert "Standard body text." in html  # as it reads now, under "How it reads now"
    assert "What makes a plan fair?" not in html  # an unchanged part is not shown
    for jargon in ("workflow", "moderation", "approve", "reject", "revision"):
        assert jargon not in html.lower().replace('value="approve"', "").replace(
            'value="reject"', ""
        )


def test_this_is_fine_passes_it_to_the_lead_trainer(client, waiting, checker, lead_trainer):
    client.force_login(checker)
    response = client.post(_check_url(waiting), {"answer": "approve", "comment": ""})
    assert response.status_code == 302
    state = _state(waiting)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Lead trainer approval"
    assert TaskState.objects.filter(
        workflow_state=state, status=TaskState.STATUS_APPROVED, finished_by=checker
    ).exists()
    # Nothing is waiting for Robin any more; the lead approves in the admin as usual.
    assert (
        "Nothing is waiting for your check."
        in client.get(reverse("modules:write_home")).content.decode()
    )
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state.specific, lead_trainer, "approve")
    waiting.refresh_from_db()
    assert NEW_WORDS in waiting.specific.body[0].value.source and waiting.live


def test_asking_for_changes_needs_a_comment_and_reaches_the_author(
    client, waiting, checker, author, mailoutbox
):
    client.force_login(checker)
    mailoutbox.clear()
    refused = client.post(_check_url(waiting), {"answer": "reject", "comment": "  "})
    assert refused.status_code == 400
    assert "Write what should change" in refused.content.decode()
    assert _state(waiting).status == WorkflowState.STATUS_IN_PROGRESS

    asked = client.post(
        _check_url(waiting), {"answer": "reject", "comment": "Say who sits with you."}
    )
    assert asked.status_code == 302
    assert _state(waiting).status == WorkflowState.STATUS_NEEDS_CHANGES
    state = writing_state(page=waiting, user=author)
    assert state.text == "Robin asked for changes:" and state.comment == "Say who sits with you."
    to_author = [mail for mail in mailoutbox if author.email in mail.to]
    assert to_author and "Robin asked for changes" in to_author[-1].subject
    assert "Say who sits with you." in to_author[-1].body
    assert "reject" not in (to_author[-1].subject + to_author[-1].body).lower()

    # Casey sends it again: it comes back to the check, with what Robin asked the time before.
    client.force_login(author)
    assert client.post(reverse("modules:write_send", args=[waiting.pk])).status_code == 302
    client.force_login(checker)
    again = client.get(_check_url(waiting)).content.decode()
    assert "Last time, Robin asked for changes" in again and "Say who sits with you." in again


@pytest.mark.parametrize(
    "who, expected",
    [
        ("author", 403),
        ("co_trainer", 403),
        ("lead_trainer", 403),
        ("coordinator", 403),
        ("attendee", 403),
        ("checker", 200),
    ],
)
def test_only_a_resident_co_trainer_who_did_not_write_it_can_check(
    client, request, waiting, who, expected
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(_check_url(waiting)).status_code == expected
    answered = client.post(_check_url(waiting), {"answer": "approve", "comment": ""})
    assert answered.status_code == (302 if who == "checker" else expected)
    if who != "checker":
        assert _state(waiting).current_task_state.task.name == "Lived-experience check"
        assert _check_url(waiting) not in client.get(reverse("modules:write_home")).content.decode()


def test_signed_out_people_are_sent_to_sign_in(client, waiting):
    response = client.get(_check_url(waiting))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_page_not_at_the_check_sends_the_checker_back(client, module_page, checker):
    client.force_login(checker)
    response = client.get(_check_url(module_page))
    assert response.status_code == 302
    assert response["Location"] == reverse("modules:write_home")


@pytest.mark.parametrize("lived, expected", [(True, True), (False, False)])
def test_a_co_trainer_on_the_facilitator_list_with_lived_experience_can_check(lived, expected):
    from modules.permissions import user_has_lived_experience
    from scheduling.models import Facilitator
    from tests.factories import FacilitatorFactory

    user = UserFactory(username=f"facilitator-{lived}")
    user.groups.add(Group.objects.get(name="Co-trainers"))
    FacilitatorFactory(user=user, role=Facilitator.Role.CO, lived_experience=lived)
    assert user_has_lived_experience(user) is expected
