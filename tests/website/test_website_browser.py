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


def csp_errors(page) -> list[str]:
    """Console errors a Content Security Policy caused, collected from now on."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def test_forgotten_password_pages_are_accessible_fit_320px_and_run_under_the_csp(page, attendee):
    from django.core import mail

    errors = csp_errors(page)
    page.goto("/account/login/")
    page.click("text=Forgotten password?")
    page.wait_for_url("**/account/password-reset/")
    assert_no_axe_violations(page)
    page.fill("#id_email", attendee.email)
    page.click("button[type=submit]")
    page.wait_for_url("**/account/password-reset/sent/")
    assert_no_axe_violations(page)

    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/account/password-reset/" in line
    )
    page.goto(link[link.index("/account/") :])
    page.wait_for_selector("#id_new_password1")
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})
    page.fill("#id_new_password1", "a-long-new-ward-password-42")
    page.fill("#id_new_password2", "a-long-new-ward-password-42")
    page.click("button[type=submit]")
    page.wait_for_url("**/account/password-reset/done/")
    assert_no_axe_violations(page)

    for path in ("/account/password-reset/", "/account/password-reset/sent/", "/admin/login/"):
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    assert errors == []


def test_the_locked_out_page_is_accessible(page, attendee):
    for _ in range(5):
        page.goto("/account/login/")
        page.fill("#id_username", attendee.username)
        page.fill("#id_password", "wrong")
        page.click("button[type=submit]")
        page.wait_for_load_state()
    assert page.get_by_role("heading", name="Sign-in paused").is_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
