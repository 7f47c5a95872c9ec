"""The attendee's calendar pages in real Chromium: axe-core clean, copy link by keyboard, 320 px."""

import pytest
from django.utils import timezone

from tests.browser import assert_no_axe_violations, login_in_browser
from tests.scheduling import calendar_support as support

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
world = support.world  # the shared fixture


def test_my_sessions_and_add_to_calendar_are_accessible_and_work_by_keyboard(page, world):
    # One session in the future so "Coming up" has a card with a download button.
    start = timezone.now().replace(microsecond=0) + timezone.timedelta(days=3)
    upcoming = support.make_session(world, start, people=[world.staff])

    login_in_browser(page, world.attendee_user.username)
    page.goto("/training/me/")
    assert page.get_by_role("heading", name="My training sessions", level=1).is_visible()
    assert page.get_by_text("A co-trainer with lived experience").first.is_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add to your calendar").click()
    page.wait_for_url("**/training/me/calendar/")
    assert_no_axe_violations(page)

    # Make the link with the keyboard, then copy it with the keyboard.
    page.get_by_role("button", name="Make my link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/training/me/calendar/#your-link")
    link = page.get_by_label("Your calendar link")
    assert "/training/feeds/" in link.input_value()
    assert link.get_attribute("readonly") is not None
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy = page.get_by_role("button", name="Copy link")
    copy.focus()
    page.keyboard.press("Enter")
    status = page.locator("[data-copy-status='person-link']")
    status.filter(has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link.input_value()
    assert page.evaluate("document.activeElement.textContent").strip() == "Copy link"
    assert_no_axe_violations(page)

    page.goto(f"/training/sessions/{upcoming.pk}/")
    assert page.get_by_role("link", name="Download to your calendar").is_visible()
    assert_no_axe_violations(page)
    page.goto("/account/me/")
    assert page.get_by_role("heading", name="My training sessions").is_visible()
    assert_no_axe_violations(page)

    # Readable on a 320 px phone screen without sideways scrolling.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.goto("/training/me/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
