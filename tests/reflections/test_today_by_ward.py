"""A coordinator's day on a large provider is shown one ward at a time, so the page (every session's
register with its buttons) stays the same size however many wards there are; a small day shows every
ward at once, with the same links to narrow it down."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reflections.views.register import ALL_WARDS_UP_TO
from tests.factories import AttendanceFactory, UnitFactory

from .conftest import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(module):
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    wards = [
        UnitFactory(slug="birch", name="Birch Ward"),
        UnitFactory(slug="cedar", name="Cedar Ward"),
    ]

    def sessions_per_ward(n):
        for ward in wards:
            for _ in range(n):
                session = make_session(module=module, unit=ward, start=start, status="published")
                AttendanceFactory(session=session)

    return timezone.localtime(start).date().isoformat(), sessions_per_ward


def _open(client, url):
    client.get(url)  # the first request also fills caches (the site root) that later ones reuse
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return html, len(captured.captured_queries)


def test_a_full_day_shows_one_ward_at_a_time_in_the_same_queries(client, coordinator, day):
    date, sessions_per_ward = day
    url = reverse("reflections:today") + f"?date={date}"
    client.force_login(coordinator)
    sessions_per_ward(2)
    small, small_queries = _open(client, url)
    assert small.count('class="session-card"') == 4
    assert "All wards (4 sessions)" in small and "Cedar Ward (2 sessions)" in small

    sessions_per_ward(ALL_WARDS_UP_TO // 2)  # now more than ALL_WARDS_UP_TO in all
    full, full_queries = _open(client, url)
    per_ward = 2 + ALL_WARDS_UP_TO // 2
    assert full_queries == small_queries
    assert full.count('class="session-card"') == per_ward  # Birch Ward's, the first by name
    assert "All wards" not in full and "choose a ward to see their registers" in full
    assert f'aria-current="page">Birch Ward ({per_ward} sessions)' in full
    cedar, _queries = _open(client, url + "&unit=cedar")
    assert cedar.count('class="session-card"') == per_ward
    assert f'aria-current="page">Cedar Ward ({per_ward} sessions)' in cedar


def test_a_mark_returns_to_the_registers_ward(client, coordinator, day):
    from scheduling.models import Attendance

    date, sessions_per_ward = day
    sessions_per_ward(1)
    attendance = Attendance.objects.filter(session__unit__slug="cedar").first()
    client.force_login(coordinator)
    response = client.post(
        reverse("reflections:register_mark", args=[attendance.pk]), {"status": "present"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?date={date}&unit=cedar#attendee-{attendance.pk}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_ward_choice_passes_axe_and_reflows(page, coordinator, module):
    from tests.browser import assert_no_axe_violations, login_in_browser

    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    for slug in ("birch", "cedar"):
        ward = UnitFactory(slug=slug, name=f"{slug.title()} Ward")
        for _ in range(ALL_WARDS_UP_TO // 2 + 1):
            AttendanceFactory(
                session=make_session(module=module, unit=ward, start=start, status="published")
            )
    login_in_browser(page, coordinator.username)
    date = timezone.localtime(start).date().isoformat()
    page.goto(f"/reflect/today/?date={date}")
    page.get_by_role("navigation", name="Choose a ward").get_by_role(
        "link", name="Cedar Ward"
    ).click()
    page.wait_for_url("**unit=cedar")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_no_axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
