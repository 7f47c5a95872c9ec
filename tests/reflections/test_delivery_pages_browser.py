"""axe-core (WCAG 2.2 AA) and 320 px reflow on the delivery pages this issue added: invitation letters,
the register with all five marks and need tags, the card that is not ready yet, the private page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reflections import services
from tests.browser import assert_no_axe_violations, login_in_browser
from tests.factories import PersonFactory, ResidentFactory

from .conftest import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_new_delivery_pages_pass_axe_and_reflow(page, module, lead_facilitator, lead_trainer):
    people = [
        ResidentFactory(
            display_name="Ola Residentperson",
            communication_needs=["easy_read", "interpreter", "large_print"],
            interpreter_language="British Sign Language",
        ),
        PersonFactory(display_name="Quin Staffperson", communication_needs=["hearing_loop"]),
    ]
    now = timezone.now()
    today = make_session(
        module=module, lead=lead_facilitator, people=people, start=now - timedelta(minutes=2)
    )
    later = make_session(
        module=module,
        lead=lead_facilitator,
        people=[ResidentFactory(display_name="Rae Later")],
        start=now + timedelta(days=3),
    )
    _link, not_yet_token = services.reflection_link_ensure(attendance=later.attendances.get())

    # The card that is not ready yet, as anyone holding it sees it.
    page.goto(f"/reflect/r/{not_yet_token}/")
    assert page.locator("h1").inner_text() == "This card is not ready yet"
    assert_no_axe_violations(page)
    _fits(page, 320)

    login_in_browser(page, lead_trainer.username)
    page.set_viewport_size({"width": 1024, "height": 800})
    day = timezone.localtime(today.start).date().isoformat()
    page.goto(f"/reflect/today/?date={day}")
    assert page.get_by_text("Interpreter: British Sign Language").first.is_visible()
    row = page.locator("tr", has_text="Quin Staffperson")
    row.get_by_role("button", name="Declined").click()
    page.wait_for_function(
        "() => document.querySelector('[data-register-status]').textContent.includes('Saved')"
    )
    assert row.get_by_role("button", name="Declined").get_attribute("aria-pressed") == "true"
    assert_no_axe_violations(page)
    _fits(page, 320)

    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"/reflect/session/{today.pk}/letters/")
    assert page.locator("article.letter--large").count() == 1
    assert_no_axe_violations(page)
    _fits(page, 320)

    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"/reflect/session/{today.pk}/pack/")
    assert page.locator("article.reflection-card--large").count() == 1
    assert_no_axe_violations(page)
    _fits(page, 320)
