"""Browser journey at phone size: a resident answers a card by keyboard only; a coordinator sees it.

axe-core checks the reflection form in both wordings, the register and the insights page.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from reflections import services
from scheduling.models import Attendance
from tests.browser import assert_no_axe_violations, login_in_browser
from tests.factories import PersonFactory, ResidentFactory

from .conftest import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab (only Tab) until the element matching `selector` has the keyboard focus."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.fixture
def journey(module, lead_facilitator):
    resident = ResidentFactory(display_name="Robin Resident")
    staff = PersonFactory(display_name="Sasha Staff")
    # Started two minutes ago: its cards work and its register is open (until the end of the day).
    start = timezone.now() - timedelta(minutes=2)
    session = make_session(
        module=module, lead=lead_facilitator, people=[resident, staff], start=start
    )
    Attendance.objects.filter(session=session).update(status="present")
    _link, token = services.reflection_link_ensure(
        attendance=session.attendances.get(person=resident)
    )
    return session, token


def test_resident_answers_by_keyboard_and_coordinator_sees_counts_change(
    page, chromium_browser, live_server, journey, coordinator, lead_trainer
):
    session, token = journey

    # The coordinator's view before: nothing sent yet.
    staff_context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB")
    staff_page = staff_context.new_page()
    login_in_browser(staff_page, coordinator.username)
    insights = f"/reflect/insights/session/{session.pk}/"
    staff_page.goto(insights)
    assert staff_page.inner_text("[data-figure=sent]").startswith("0 / 2")

    # The resident, on a phone, opens their card link: standard wording first.
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"/reflect/r/{token}/")
    assert page.locator("h1").inner_text() == "Your reflection"
    assert page.get_by_text("I felt listened to in this session.").is_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Switch to easy read with the keyboard.
    tab_to(page, "a[href*='wording=easy']")
    page.keyboard.press("Enter")
    page.wait_for_url("**wording=easy")
    assert page.get_by_text("People listened to me.").is_visible()
    assert_no_axe_violations(page)

    # Faces: Space picks the first face, arrow keys move along the scale.
    tab_to(page, "input[name='q-q-listened']")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    tab_to(page, "input[name='q-q-safe']")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    tab_to(page, "input[name='q-q-helped']")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    tab_to(page, "textarea[name='q-q-differently']")
    page.keyboard.type("Ask me first.")
    tab_to(page, "textarea[name='q-q-raise']")
    page.keyboard.type("More pictures please.")
    tab_to(page, "input[name='q-q-raise-consent']")
    page.keyboard.press("Space")
    assert page.is_checked("#q-q-listened-4")
    assert page.is_checked("#q-q-safe-2")
    tab_to(page, "button[value=send]")
    page.keyboard.press("Enter")
    page.wait_for_url("**saved=sent")
    assert page.locator("h1").inner_text() == "Thank you, your reflection was sent"
    assert page.locator("[data-edit-code]").is_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # The author's own browser can open the answers again.
    tab_to(page, "a[href*='change=1']")
    page.keyboard.press("Enter")
    page.wait_for_url("**change=1")
    assert page.is_checked("#q-q-listened-4")

    # The coordinator sees the count change, with the resident's answer in the resident column.
    staff_page.goto(insights)
    assert staff_page.inner_text("[data-figure=sent]").startswith("1 / 2")
    assert staff_page.inner_text("[data-kind=resident] [data-figure=sent-resident]") == "1"
    assert "Robin" not in staff_page.content()
    assert_no_axe_violations(staff_page)
    staff_context.close()

    # The lead trainer's register, tablet-sized: one tap saves (fetch) and updates aria-pressed.
    tablet = chromium_browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 768, "height": 1024}
    )
    trainer_page = tablet.new_page()
    login_in_browser(trainer_page, lead_trainer.username)
    day = timezone.localtime(session.start).date().isoformat()
    trainer_page.goto(f"/reflect/today/?date={day}")
    assert_no_axe_violations(trainer_page)
    row = trainer_page.locator("tr", has_text="Sasha Staff")
    row.get_by_role("button", name="Left early").click()
    trainer_page.wait_for_function(
        "() => document.querySelector('[data-register-status]').textContent.includes('Saved')"
    )
    assert row.get_by_role("button", name="Left early").get_attribute("aria-pressed") == "true"
    assert row.get_by_role("button", name="Present").get_attribute("aria-pressed") == "false"
    assert Attendance.objects.get(person__display_name="Sasha Staff").status == "left_early"
    box = row.get_by_role("button", name="Present").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    tablet.close()


def test_resident_sends_on_a_tablet_and_the_lead_sees_only_the_thank_you_page(
    page, chromium_browser, live_server, journey, lead_trainer
):
    """The card's link, opened by the lead trainer who printed it, shows nothing of the answers."""
    _session, token = journey
    card = f"/reflect/r/{token}/"

    # The resident, on a tablet, answers in easy read and sends.
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(card + "?wording=easy")
    assert page.locator("h1").inner_text() == "Tell us what you thought"
    assert page.get_by_text("If you feel unsafe now, tell a member of staff today.").is_visible()
    page.locator("label[for='q-q-listened-2']").click()
    page.locator("label[for='q-q-safe-5']").click()
    page.get_by_label("What will you do now?").fill("Tell staff when the plan feels wrong.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**saved=sent")
    assert page.locator("h1").inner_text() == "Thank you, your reflection was sent"
    assert "Your secret code" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # The lead trainer, signed in, in another browser, opens the same printed link.
    other = chromium_browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 768, "height": 1024}
    )
    lead_page = other.new_page()
    login_in_browser(lead_page, lead_trainer.username)
    lead_page.goto(card)
    assert lead_page.locator("h1").inner_text() == "Thank you, your reflection was sent"
    text = lead_page.inner_text("body")
    assert "Tell staff when the plan feels wrong." not in text
    assert "Robin" not in text
    assert lead_page.locator("input[type=radio], textarea").count() == 0
    assert lead_page.get_by_role("button", name="Withdraw my reflection").count() == 0
    assert_no_axe_violations(lead_page)
    # Asking for the form directly changes nothing.
    lead_page.goto(card + "?change=1")
    assert lead_page.locator("textarea").count() == 0
    lead_page.set_viewport_size({"width": 320, "height": 740})
    assert lead_page.evaluate("document.documentElement.scrollWidth") <= 320
    other.close()
