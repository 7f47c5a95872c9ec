"""The sponsor in a real browser: every page passes axe-core at 1280 px and 320 px, and the provider
coverage page prints on A4 with one page per scope (the provider, then each unit)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from tests.browser import assert_no_axe_violations, login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_page_count(pdf: bytes) -> int:
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    assert counts and max(counts) == pages, (pages, counts)
    return pages


def test_sponsor_pages_are_accessible_and_coverage_prints_one_page_per_scope(
    page, sponsor, provider
):
    login_in_browser(page, sponsor.username)
    assert page.get_by_role("link", name="Training coverage across the provider").is_visible()
    urls = [
        reverse("website:dashboard"),
        reverse("evidence:index"),
        reverse("evidence:coverage"),
        reverse("evidence:coverage_scope", args=["unit", provider["cedar"].pk]),
        reverse("evidence:coverage_scope", args=["programme", provider["programme"].pk]),
        reverse("evidence:said"),
        reverse("evidence:said_scope", args=["unit", provider["birch"].pk]),
    ]
    for url in urls:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        assert_no_axe_violations(page)
        page.set_viewport_size({"width": 320, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        assert_no_axe_violations(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("evidence:coverage"))
    scopes = page.locator("section.evidence-scope")
    assert scopes.count() == 3  # the provider, Birch, Cedar
    assert "Cedar: 1 member of staff still to attend" in page.inner_text(
        f"[data-scope=unit-{provider['cedar'].pk}] [data-gap]"
    )

    page.emulate_media(media="print")
    headers = page.locator(".evidence-print-header")
    today = date_format(timezone.localdate(), "j F Y")
    assert headers.count() == 3
    assert headers.first.is_visible()
    assert "Whole provider" in headers.first.inner_text()
    assert today in headers.nth(2).inner_text() and "Cedar" in headers.nth(2).inner_text()
    assert not page.locator(".evidence-nav").is_visible()

    pdf = page.pdf(format="A4", print_background=True)
    assert pdf_page_count(pdf) == 3


def test_training_record_pages_are_accessible(page, coordinator, attendee, provider):
    person = provider["people"]["N1"]
    person.user = attendee
    person.save()
    login_in_browser(page, coordinator.username)
    for url in (
        reverse("evidence:records") + f"?unit={provider['birch'].pk}",
        reverse("evidence:record", args=[person.pk]),
    ):
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(url)
            assert_no_axe_violations(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, url
    page.context.clear_cookies()
    login_in_browser(page, attendee.username)
    page.get_by_role("link", name="My training record").click()
    page.wait_for_url("**/evidence/my-record/")
    assert "Talking about risk together" in page.inner_text("main")
    assert_no_axe_violations(page)
