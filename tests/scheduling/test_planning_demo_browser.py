"""On the demo provider, the coordinator plans the later programme that overlaps the current one, reads
the release panel, and publishes; no week list shows anyone, any room or any trainer twice."""

import io
from collections import Counter

import pytest

from scheduling.models import Attendance, Programme, Session
from tests.browser import assert_no_axe_violations, login_in_browser


@pytest.fixture
def demo(settings):
    """The demo provider's logins, starter module, roster and programmes (not its reflections)."""
    from demo import modules, plan, roster, users

    settings.ALONGSIDE_PLAN_GREEDY = True  # the product is under test here, not the solver
    out = io.StringIO()
    for part in (users, modules, roster, plan):
        part.load(stdout=out)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_plans_an_overlapping_programme_and_publishes(page, demo, settings):
    later = Programme.objects.get(status=Programme.Status.DRAFT, refresher_months=12)
    assert Programme.objects.filter(  # it overlaps the published current programme
        status=Programme.Status.PUBLISHED,
        start_date__lte=later.end_date,
        end_date__gte=later.start_date,
    ).exists()

    login_in_browser(page, "coordinator", "alongside-demo")
    page.goto(f"/admin/training-plans/{later.pk}/")
    # Before planning: only those still due.
    due = page.locator("section", has=page.get_by_role("heading", name="Who this programme is for"))
    assert "due a refresher" in due.inner_text()
    assert "booked into another programme" in due.inner_text()
    page.get_by_role("button", name="Plan sessions").click()
    page.get_by_role("heading", name="Releasing more staff at once").wait_for()
    release = page.locator(".plan__release")
    rows = release.locator("tbody tr")
    assert rows.count() == 11  # 2 … 12 staff released at once
    assert rows.first.locator("th").inner_text() == "2"
    assert page.locator("svg.plan__chart rect").count() == 11
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Publish").click()
    page.get_by_text("sessions published").wait_for()
    later.refresh_from_db()
    assert later.status == Programme.Status.PUBLISHED

    live = list(
        Session.objects.filter(status__in=["published", "held"]).select_related("unit", "room")
    )
    for a in live:
        for b in live:
            if a.pk < b.pk and a.start < b.end and b.start < a.end:
                assert a.room_id != b.room_id, (a, b)
                assert not ({a.lead_id, a.co_trainer_id} - {None}) & (
                    {b.lead_id, b.co_trainer_id} - {None}
                ), (a, b)
    bookings = Counter(
        (a.person_id, a.session.start)
        for a in Attendance.objects.exclude(status__in=Attendance.NOT_LIVE).select_related(
            "session"
        )
    )
    assert max(bookings.values()) == 1

    # The week list of a ward in both programmes shows each session once.
    unit = later.units.order_by("name").first()
    first_session = later.sessions.order_by("start").first()
    monday = first_session.start.date().isoformat()
    page.goto(f"/training/units/{unit.slug}/week/?week={monday}")
    rows = [row.inner_text() for row in page.locator("tbody tr").all()]
    assert rows and len(rows) == len(set(rows))
