"""The "Co-trainer review" workflow, driven through the real Wagtail admin views."""

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from modules.models import TrainingModulePage

pytestmark = pytest.mark.django_db


def edit_form_data(page: TrainingModulePage, *, body_text: str, **actions) -> dict:
    """Everything the module edit form posts, as a browser would send it."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "audience": page.audience,
            "default_group_size": page.default_group_size,
            "default_minutes": page.default_minutes,
            "learning_outcomes": streamfield([]),
            "body": streamfield([("rich_text", rich_text(f"<p>{body_text}</p>"))]),
            "easy_read": streamfield([]),
            "agenda": streamfield(
                [("agenda_item", {"minutes": 90, "title": "All of it", "led_by": "both"})]
            ),
            "trainer_notes": rich_text("<p>Notes.</p>"),
            "reflection_questions": streamfield([]),
            "anonymous_reflections": "on",
            "credits": inline_formset([]),
            "comments": inline_formset([]),
            **actions,
        }
    )


def test_the_workflow_exists_on_the_module_index_after_migrate(module_index):
    workflow = Workflow.objects.get(name="Co-trainer review")
    assert module_index.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Lead trainers"]


def test_role_permissions_on_modules(module_page, co_trainer, lead_trainer, coordinator):
    co = module_page.permissions_for_user(co_trainer)
    assert co.can_edit() and not co.can_publish()
    assert module_page.get_parent().permissions_for_user(co_trainer).can_add_subpage()
    lead = module_page.permissions_for_user(lead_trainer)
    assert lead.can_edit() and lead.can_publish()
    coord = module_page.permissions_for_user(coordinator)
    assert not coord.can_edit() and not coord.can_publish()
    assert not module_page.get_parent().permissions_for_user(coordinator).can_add_subpage()


@pytest.mark.parametrize("fixture_name", ["co_trainer", "lead_trainer"])
def test_trainers_can_choose_and_upload_pictures(client, request, fixture_name):
    client.force_login(request.getfixturevalue(fixture_name))
    assert client.get(reverse("wagtailimages_chooser:choose")).status_code == 200
    assert client.get(reverse("wagtailimages:add")).status_code == 200


def test_co_trainer_cannot_publish_through_the_admin(client, module_page, co_trainer):
    client.force_login(co_trainer)
    url = reverse("wagtailadmin_pages:edit", args=[module_page.pk])
    response = client.post(
        url, edit_form_data(module_page, body_text="Sneaky change", **{"action-publish": "publish"})
    )
    assert response.status_code == 302
    module_page.refresh_from_db()
    live = module_page.specific
    assert "Sneaky change" not in str(live.body.raw_data)
    assert live.has_unpublished_changes
    assert "Sneaky change" in str(live.get_latest_revision_as_object().body.raw_data)
    assert "Sneaky change" not in client.get(module_page.url).content.decode()


def test_co_trainer_cannot_publish_a_new_module_either(client, module_index, co_trainer):
    client.force_login(co_trainer)
    url = reverse("wagtailadmin_pages:add", args=["modules", "trainingmodulepage", module_index.pk])
    page = TrainingModulePage(title="Brand new", slug="brand-new", summary="New.")
    response = client.post(
        url, edit_form_data(page, body_text="New body", **{"action-publish": "publish"})
    )
    assert response.status_code == 302
    created = TrainingModulePage.objects.get(slug="brand-new")
    assert not created.live


def test_submit_approve_publish_end_to_end(client, module_page, co_trainer, lead_trainer):
    # The co-trainer edits and submits for review.
    client.force_login(co_trainer)
    edit_url = reverse("wagtailadmin_pages:edit", args=[module_page.pk])
    response = client.post(
        edit_url, edit_form_data(module_page, body_text="Reviewed change", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(
        object_id=str(module_page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    assert state.workflow.name == "Co-trainer review"
    assert state.requested_by == co_trainer
    assert "Reviewed change" not in client.get(module_page.url).content.decode()

    # While it waits, the co-trainer cannot approve their own change.
    task_state = state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[module_page.pk, "approve", task_state.pk]
    )
    client.post(approve_url, {})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    # The lead trainer sees it on their page and approves it; approval publishes it.
    client.force_login(lead_trainer)
    assert module_page.title in client.get("/account/me/").content.decode()
    response = client.post(approve_url, {})
    assert response.status_code in (200, 302)
    task_state.refresh_from_db()
    state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert state.status == WorkflowState.STATUS_APPROVED
    page = Page.objects.get(pk=module_page.pk).specific
    assert page.live and not page.has_unpublished_changes
    client.logout()
    assert "Reviewed change" in client.get(module_page.url).content.decode()


def test_lead_trainer_sends_back_with_a_comment(client, module_page, co_trainer, lead_trainer):
    client.force_login(co_trainer)
    edit_url = reverse("wagtailadmin_pages:edit", args=[module_page.pk])
    client.post(
        edit_url, edit_form_data(module_page, body_text="Needs work", **{"action-submit": "1"})
    )
    state = WorkflowState.objects.get(object_id=str(module_page.pk))
    client.force_login(lead_trainer)
    reject_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[module_page.pk, "reject", state.current_task_state.pk],
    )
    client.post(reject_url, {"comment": "Please add an easy-read version of the new part."})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = TaskState.objects.filter(workflow_state=state).latest("pk")
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.get_comment() == "Please add an easy-read version of the new part."
    assert "Needs work" not in client.get(module_page.url).content.decode()


def test_lead_trainer_can_publish_directly(client, module_page, lead_trainer):
    client.force_login(lead_trainer)
    edit_url = reverse("wagtailadmin_pages:edit", args=[module_page.pk])
    client.post(
        edit_url, edit_form_data(module_page, body_text="Lead edit", **{"action-publish": "1"})
    )
    client.logout()
    assert "Lead edit" in client.get(module_page.url).content.decode()


def test_admin_preview_renders_the_unsaved_edit_with_trainer_notes(client, module_page, co_trainer):
    client.force_login(co_trainer)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[module_page.pk])
    response = client.post(url, edit_form_data(module_page, body_text="Only in preview"))
    assert response.json()["is_valid"]
    html = client.get(url).content.decode()
    assert "Only in preview" in html
    assert "Trainer notes" in html
    assert "Only in preview" not in client.get(module_page.url).content.decode()
