"""The optional "Lived-experience check": switched on per module index, a resident co-trainer (never
the author) checks a change before the lead trainer approves it."""

import pytest
from wagtail.models import TaskState, WorkflowState

from modules.services.suggestions import suggestion_send
from tests.modules.factories import resident_co_trainer

pytestmark = pytest.mark.django_db


def _switch(index, on: bool):
    index.lived_experience_check = on
    index.save_revision().publish()


def _change(page, user, words):
    draft = page.get_latest_revision_as_object()
    draft.summary = words
    draft.save_revision(user=user)
    return suggestion_send(page=page, user=user)


def _act(page, user, action):
    state = WorkflowState.objects.for_instance(page).order_by("-pk").first()
    task_state = state.current_task_state
    task = task_state.task.specific
    assert action in {name for name, _label, _comment in task.get_actions(page, user)}
    task.on_action(task_state.specific, user, action, comment="")
    return state


def test_the_check_is_off_until_an_index_switches_it_on(module_page, module_index):
    assert module_page.get_workflow().name == "Co-trainer review"
    _switch(module_index, True)
    assert module_page.get_workflow().name == "Co-trainer review with lived-experience check"
    _switch(module_index, False)
    assert module_page.get_workflow().name == "Co-trainer review"


def test_a_resident_checks_then_the_lead_approves(
    module_page, module_index, co_trainer, lead_trainer
):
    _switch(module_index, True)
    author = resident_co_trainer("casey")
    checker = resident_co_trainer("robin")
    state = _change(module_page, author, "Checked by a resident.")
    task = state.current_task_state.task.specific
    assert task.name == "Lived-experience check"

    # The author cannot check their own change; a staff co-trainer or the lead cannot either.
    for user in (author, co_trainer, lead_trainer):
        assert task.get_actions(module_page, user) == []
        assert task.locked_for_user(module_page, user)
    assert not task.get_task_states_user_can_moderate(author).exists()
    assert task.get_task_states_user_can_moderate(checker).exists()

    _act(module_page, checker, "approve")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Lead trainer approval"
    assert TaskState.objects.filter(
        workflow_state=state, status=TaskState.STATUS_APPROVED, finished_by=checker
    ).exists()

    _act(module_page, lead_trainer, "approve")
    module_page.refresh_from_db()
    assert module_page.summary == "Checked by a resident."
    assert module_page.live and not module_page.has_unpublished_changes
