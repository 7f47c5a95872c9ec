"""The front door in real Chromium: sign-in by keyboard, and no axe-core violations."""

import pytest

from tests.browser import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_and_sign_in_are_accessible_and_work_by_keyboard(page, attendee):
    page.goto("/")
    assert_no_axe_violations(page)

    page.goto("/account/login/")
    assert_no_axe_violations(page)
    page.focus("#id_username")
    page.keyboard.type(attendee.username)
    page.keyboard.press("Tab")
    page.keyboard.type("password")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/me/")
    assert_no_axe_violations(page)


def test_home_page_fits_a_320px_screen(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320
