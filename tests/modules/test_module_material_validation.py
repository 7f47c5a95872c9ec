"""An empty activity (material page) cannot be sent for review or published from the Wagtail editor;
it can still be saved as a draft to finish later. Driven through the real admin views."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from modules.models import ModuleMaterialPage

pytestmark = pytest.mark.django_db

EMPTY_MESSAGE = "This activity is empty."


def material_form_data(*, title="Walk and talk", body=(), **actions) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "walk-and-talk",
            "summary": "A short walk, talking about what helps.",
            "body": streamfield(list(body)),
            "easy_read": streamfield([]),
            "trainer_notes": rich_text(""),
            "comments": inline_formset([]),
            **actions,
        }
    )


@pytest.fixture
def empty_draft(module_page, co_trainer):
    page = ModuleMaterialPage(
        title="Walk and talk", slug="walk-and-talk", summary="A walk.", live=False, owner=co_trainer
    )
    module_page.add_child(instance=page)
    page.save_revision(user=co_trainer)
    return page


def test_an_empty_activity_cannot_be_submitted_from_the_editor(client, empty_draft, co_trainer):
    client.force_login(co_trainer)
    url = reverse("wagtailadmin_pages:edit", args=[empty_draft.pk])
    response = client.post(url, material_form_data(**{"action-submit": "1"}))
    assert response.status_code == 200
    assert EMPTY_MESSAGE in response.content.decode()
    assert not WorkflowState.objects.for_instance(empty_draft).exists()

    # Whitespace and empty paragraphs are still empty.
    blank = [("rich_text", rich_text("<p> </p><p>&nbsp;</p>"))]
    response = client.post(url, material_form_data(body=blank, **{"action-submit": "1"}))
    assert EMPTY_MESSAGE in response.content.decode()
    assert not WorkflowState.objects.for_instance(empty_draft).exists()


def test_an_empty_activity_can_still_be_saved_as_a_draft(client, empty_draft, co_trainer):
    client.force_login(co_trainer)
    revisions = empty_draft.revisions.count()
    url = reverse("wagtailadmin_pages:edit", args=[empty_draft.pk])
    response = client.post(url, material_form_data(title="Walk and talk, first go"))
    assert response.status_code == 302
    assert empty_draft.revisions.count() == revisions + 1


def test_an_activity_with_words_is_submitted(client, empty_draft, co_trainer):
    client.force_login(co_trainer)
    url = reverse("wagtailadmin_pages:edit", args=[empty_draft.pk])
    body = [("rich_text", rich_text("<p>We walk round the garden and talk.</p>"))]
    response = client.post(url, material_form_data(body=body, **{"action-submit": "1"}))
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(empty_draft).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_new_empty_activity_cannot_be_published_by_the_lead(client, module_page, lead_trainer):
    client.force_login(lead_trainer)
    url = reverse("wagtailadmin_pages:add", args=["modules", "modulematerialpage", module_page.pk])
    response = client.post(url, material_form_data(**{"action-publish": "1"}))
    assert response.status_code == 200
    assert EMPTY_MESSAGE in response.content.decode()
    assert not ModuleMaterialPage.objects.exists()
