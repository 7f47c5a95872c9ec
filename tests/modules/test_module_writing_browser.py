"""Must show: the resident co-trainer suggests a rewrite in the plain-words space, the lead asks for
changes in the Wagtail admin, the co-trainer sees the comment on My page, takes it back, changes it and
sends again; the lead approves and publishes; the live page shows it and the co-trainer's involvement
record has a new row. axe-core runs on every plain-words page at 1280 px and at 320 px."""

import re

import pytest
from django.contrib.auth.models import Group

from modules.models import ModuleIndexPage, ModuleInvolvement
from tests.browser import assert_no_axe_violations, login_in_browser
from tests.factories import ResidentFactory, UserFactory
from tests.modules.conftest import build_module

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRST_WORDS = "We write the plan with you. You say what matters to you first."
COMMENT = "Please say who sits with you while you write it."
SECOND_WORDS = "We write the plan with you. A staff member you trust sits with you."
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 700}


def _check_page(page) -> None:
    """0 axe-core violations at 1280 px and at 320 px, with no sideways scrolling at 320 px."""
    page.set_viewport_size(WIDE)
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)
    page.set_viewport_size(WIDE)


def _press(page, locator) -> None:
    """Keyboard only: focus the control and press Enter, waiting for the page it leads to."""
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _open_more_actions(page):
    page.locator("footer .w-dropdown__toggle").first.click()


@pytest.fixture
def resident_co_trainer(db):
    user = UserFactory(username="jordan", first_name="Jordan")
    user.groups.add(Group.objects.get(name="Co-trainers"))
    ResidentFactory(display_name="Jordan F.", user=user)
    return user


def test_resident_co_trainer_suggestion_review_loop(
    page, chromium_browser, live_server, picture, resident_co_trainer, lead_trainer
):
    picture.title = "Easy read: together"
    picture.save()
    module = build_module(index=ModuleIndexPage.objects.get(), picture=picture, lead=lead_trainer)

    # The resident co-trainer signs in and finds the module from My page, by keyboard.
    login_in_browser(page, resident_co_trainer.username)
    page.goto("/account/me/")
    _press(page, page.get_by_role("link", name="Open my modules"))
    assert page.locator("h1").text_content().strip() == "My modules"
    _check_page(page)
    _press(page, page.get_by_role("link", name=module.title))
    assert "Part 1: Body heading" in page.content()
    _check_page(page)

    # Rewrite part 1 in the large text box, choose a picture, send it to the lead trainer.
    _press(page, page.get_by_role("link", name=re.compile(r"^Change this part\s*:\s*part 1$")))
    _check_page(page)
    box = page.get_by_label("The words")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(FIRST_WORDS)
    page.get_by_role("radio", name="together").focus()
    page.keyboard.press("Space")
    _press(page, page.get_by_role("button", name="Send to the lead trainer"))
    assert f"Waiting for {lead_trainer.first_name} (lead trainer) to read your changes." in (
        page.content()
    )
    _check_page(page)

    # The lead trainer sees it in the Wagtail admin and asks for changes with a comment.
    lead_context = chromium_browser.new_context(
        base_url=live_server.url, viewport=WIDE, locale="en-GB"
    )
    lead = lead_context.new_page()
    login_in_browser(lead, lead_trainer.username)
    lead.goto("/admin/")
    assert module.title in lead.content()
    lead.goto(f"/admin/pages/{module.pk}/edit/")
    assert FIRST_WORDS in lead.content()
    _open_more_actions(lead)
    lead.get_by_role("button", name="Request changes").click()
    lead.locator(".modal textarea[name=comment]").fill(COMMENT)
    with lead.expect_navigation():
        lead.locator(".modal button[type=submit]").click()

    # The co-trainer sees the comment on My page, in plain words, and takes the suggestion back.
    page.goto("/account/me/")
    assert f"{lead_trainer.first_name} asked for changes:" in page.content()
    assert COMMENT in page.content()
    assert "rejected" not in page.content().lower()
    _check_page(page)
    _press(
        page, page.get_by_role("link", name=re.compile(rf"^Make the changes\s*:\s*{module.title}$"))
    )
    assert COMMENT in page.locator(".lead-comment").text_content()
    _check_page(page)
    _press(page, page.get_by_role("button", name="I want to change something"))
    assert "You have taken your changes back." in page.content()

    # Changes it and sends it again.
    _press(page, page.get_by_role("link", name=re.compile(r"^Change this part\s*:\s*part 1$")))
    assert FIRST_WORDS in page.get_by_label("The words").input_value()
    page.get_by_label("The words").fill(SECOND_WORDS)
    _press(page, page.get_by_role("button", name="Send to the lead trainer"))
    assert "to read your changes." in page.content()

    # The lead approves and publishes.
    lead.goto(f"/admin/pages/{module.pk}/edit/")
    assert SECOND_WORDS in lead.content()
    _open_more_actions(lead)
    with lead.expect_navigation():
        lead.get_by_role("button", name="Approve and Publish", exact=True).click()
    lead_context.close()

    # The live page shows the change, and the involvement record has a new row.
    visitor_context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB")
    visitor = visitor_context.new_page()
    visitor.goto(module.url + "?view=standard")
    assert SECOND_WORDS in visitor.content()
    assert FIRST_WORDS not in visitor.content()
    visitor_context.close()
    rows = ModuleInvolvement.objects.filter(user=resident_co_trainer)
    assert rows.count() == 1
    assert rows.get().activity == "writing" and rows.get().payment_status == "due"

    # Good news on My page, and a credit offer that names nobody until they say yes.
    page.goto("/account/me/")
    assert "They are on the website now." in page.content()
    _check_page(page)
    _press(page, page.get_by_role("button", name="Yes, show my name"))
    page.goto(module.url + "?view=standard")
    assert "Jordan, co-trainer with lived experience" in page.content()
