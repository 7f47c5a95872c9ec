"""The starter content: one complete module, one awaiting review, two ideas; loading twice adds nothing."""

import io

import pytest
from wagtail.models import WorkflowState

from demo import modules as modules_demo
from demo import users as website_demo
from modules.models import ModuleIdea, ModuleInvolvement, TrainingModulePage
from tests.conftest import built_once_for_the_module

pytestmark = pytest.mark.django_db


def _load():
    website_demo.load(stdout=io.StringIO())
    modules_demo.load(stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for this file's tests; each test's own writes are rolled back after it."""
    yield from built_once_for_the_module(django_db_blocker, _load)


def test_complete_module_is_published_by_the_lead_trainer(demo, client):
    page = TrainingModulePage.objects.get(slug="working-together-on-risk")
    assert page.title == "Working together on risk"
    assert page.live and not page.has_unpublished_changes
    assert page.live_revision.user.username == "lead"
    assert page.url == "/modules/working-together-on-risk/"
    assert page.agenda_total_minutes == 90 == page.default_minutes
    block_types = [block.block_type for block in page.body]
    assert {"rich_text", "talk_together", "case_story", "risk_plan_exercise", "image"} <= set(
        block_types
    )
    assert block_types.count("case_story") == 1 and block_types.count("risk_plan_exercise") == 1
    body_text = " ".join(str(block.value) for block in page.body)
    for topic in (
        "with the person",
        "own view",
        "Strengths",
        "Vulnerabilities",
        "Protective factors",
        "uncomfortable conversation",
    ):
        assert topic in body_text, topic
    # An easy-read section for each standard section.
    headings = [block.value for block in page.easy_read if block.block_type == "heading"]
    assert len(headings) >= 6
    assert page.trainer_notes
    questions = [block.block_type for block in page.reflection_questions]
    assert 4 <= len(questions) <= 6
    assert questions.count("rating") >= 2
    assert {"free_text", "single_choice", "raise_concern"} <= set(questions)
    ratings = [b.value["question"] for b in page.reflection_questions if b.block_type == "rating"]
    assert "I felt listened to in this session." in ratings
    assert "I understand what goes in my risk plan." in ratings
    assert page.anonymous_reflections
    credits = list(page.credits.all())
    assert any(c.named_publicly for c in credits) and any(not c.named_publicly for c in credits)
    assert page.get_children().live().count() == 1  # the handout

    for view in ("standard", "easy"):
        assert client.get(f"{page.url}?view={view}").status_code == 200


def test_shorter_module_waits_in_co_trainer_review(demo):
    draft = TrainingModulePage.objects.get(slug="planning-time-off-the-ward-together")
    assert not draft.live
    assert draft.default_minutes < 90
    state = WorkflowState.objects.get(object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Co-trainer review"
    assert state.requested_by.username == "cotrainer"


def test_backlog_and_involvement(demo):
    assert ModuleIdea.objects.count() == 2
    assert ModuleInvolvement.objects.count() == 3


def test_loading_twice_adds_nothing(demo):
    counts = (
        TrainingModulePage.objects.count(),
        ModuleIdea.objects.count(),
        ModuleInvolvement.objects.count(),
        WorkflowState.objects.count(),
    )
    modules_demo.load(stdout=io.StringIO())
    assert counts == (
        TrainingModulePage.objects.count(),
        ModuleIdea.objects.count(),
        ModuleInvolvement.objects.count(),
        WorkflowState.objects.count(),
    )


def test_the_resident_co_trainer_has_a_draft_to_edit_and_one_waiting(demo, client):
    from django.contrib.auth.models import User
    from django.urls import reverse

    from modules.models import ModuleMaterialPage
    from modules.writing_selectors import writing_state

    jordan = User.objects.get(username="resident-cotrainer")
    mine = {page.title: page for page in ModuleMaterialPage.objects.filter(owner=jordan)}
    draft, waiting = mine["Good day cards"], mine["Questions to ask before a trip out"]
    assert writing_state(page=draft, user=jordan).code == "not_sent"
    assert writing_state(page=waiting, user=jordan).code == "waiting"

    client.force_login(jordan)
    home = client.get(reverse("modules:write_home")).content.decode()
    assert "Good day cards" in home and "I want to change something" in home
    # The draft opens for editing: no "Only reviewers for this task can edit" lock.
    assert not (draft.get_lock() and draft.get_lock().for_user(jordan))
    part = draft.body[0]
    url = reverse("modules:write_rewrite", args=[draft.pk, part.id])
    assert client.get(url).status_code == 200
    admin_edit = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert "Only reviewers for this task can edit" not in admin_edit

    # A second load adds nothing.
    modules_demo.load(stdout=io.StringIO())
    assert ModuleMaterialPage.objects.filter(owner=jordan).count() == 2
