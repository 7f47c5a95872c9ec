"""A co-trainer edits a module in the Wagtail admin and submits it; a lead trainer approves it; the
published page shows the change and passes axe-core in both reading views."""

import pytest

from modules.models import ModuleCredit, ModuleIndexPage
from tests.browser import assert_no_axe_violations, login_in_browser
from tests.modules.conftest import build_module

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: the home page, groups, module index and workflow come from data migrations,
    # and a transactional test must get them back after an earlier one flushed the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_SENTENCE = "Co-trainers added this sentence in the browser."


def _open_more_actions(page):
    page.locator("footer .w-dropdown__toggle").first.click()


def test_co_trainer_edit_review_and_publish_journey(
    page, chromium_browser, live_server, picture, co_trainer, lead_trainer
):
    module = build_module(
        index=ModuleIndexPage.objects.get(),
        picture=picture,
        credits=[ModuleCredit(name="Named Writer", role="lived_experience", named_publicly=True)],
    )

    # The co-trainer edits the first text section of the body and submits it for review.
    login_in_browser(page, co_trainer.username)
    page.goto(f"/admin/pages/{module.pk}/edit/")
    # The agenda total is worked out as the trainer types (the fixture's agenda is 30 + 60 minutes).
    live_total = page.locator("[data-agenda-live]")
    assert "90 minutes, the same as the module length" in live_total.text_content()
    page.fill('input[name="default_minutes"]', "60")
    assert "90 minutes, but the module is 60 minutes long" in live_total.text_content()
    page.fill('input[name="default_minutes"]', "90")
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" " + NEW_SENTENCE)
    # Draftail copies its content into the form field a moment after typing stops.
    page.wait_for_function(
        """sentence => [...document.querySelectorAll('input[name^="body-"][name$="-value"]')]
            .some(field => field.value.includes(sentence))""",
        arg=NEW_SENTENCE,
    )
    _open_more_actions(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Submit to Co-trainer review").click()
    assert "has been submitted for moderation" in page.content()
    # Not published yet.
    anonymous = chromium_browser.new_context(base_url=live_server.url, locale="en-GB")
    visitor = anonymous.new_page()
    visitor.goto(module.url)
    assert NEW_SENTENCE not in visitor.content()

    # The lead trainer approves it in the admin, which publishes it.
    lead_context = chromium_browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    lead_page = lead_context.new_page()
    login_in_browser(lead_page, lead_trainer.username)
    lead_page.goto(f"/admin/pages/{module.pk}/edit/")
    _open_more_actions(lead_page)
    with lead_page.expect_navigation():
        lead_page.get_by_role("button", name="Approve and Publish", exact=True).click()
    lead_context.close()

    # Everyone now sees the change, and the page passes axe-core in both views.
    visitor.goto(module.url + "?view=standard")
    assert NEW_SENTENCE in visitor.content()
    assert "Named Writer" in visitor.content()
    assert_no_axe_violations(visitor)

    with visitor.expect_navigation():
        visitor.get_by_role("link", name="Easy read").click()
    assert "Easy words here." in visitor.content()
    assert visitor.get_by_role("link", name="Easy read").get_attribute("aria-current") == "page"
    assert_no_axe_violations(visitor)

    # The choice is remembered, and the switch works from the keyboard.
    visitor.goto(module.url)
    assert "Easy words here." in visitor.content()
    visitor.get_by_role("link", name="Standard version").focus()
    with visitor.expect_navigation():
        visitor.keyboard.press("Enter")
    assert NEW_SENTENCE in visitor.content()
    anonymous.close()
