"""A coordinator plans a small provider in a real browser, watches it finish, moves a person, publishes."""

import pytest

from scheduling.models import Attendance, Programme, Session
from tests.browser import assert_no_axe_violations, login_in_browser
from tests.scheduling.planning_factories import programme_for, small_roster


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_plans_moves_one_person_and_publishes(page, coordinator, settings):
    settings.ALONGSIDE_PLAN_TIME_LIMIT = 5
    birch, _people, _rooms, _leads = small_roster(slug="birch", staff=6, residents=4)
    cedar, _people, _rooms, _leads = small_roster(slug="cedar", staff=4, residents=5)
    programme = programme_for([birch, cedar], name="Working together on risk — test")

    login_in_browser(page, "coordinator-user")
    page.goto("/admin/programmes/")
    page.get_by_role("link", name="Plan sessions").first.click()
    page.get_by_role("button", name="Plan sessions").click()
    # Tests run q2 tasks in-process, so the plan is ready when the page comes back; in production the
    # page polls the progress until it is.
    page.get_by_text("Everyone is placed.").wait_for()
    # The plan per unit lists both wards; the sessions are shown one unit at a time.
    assert page.locator(".plan__stats").get_by_role("link", name="Cedar Ward").is_visible()
    assert page.get_by_role("heading", name="Birch Ward").is_visible()
    page.locator(".plan__pages").get_by_role("link", name="Cedar Ward").click()
    page.get_by_role("heading", name="Cedar Ward").wait_for()

    # Move one Cedar resident into the other Cedar session.
    cedar_sessions = list(Session.objects.filter(programme=programme, unit=cedar).order_by("start"))
    assert len(cedar_sessions) >= 2
    resident = (
        Attendance.objects.filter(session=cedar_sessions[0], person__kind="resident")
        .select_related("person")
        .first()
        .person
    )
    # The plan links each name to a small page with that person's choices (loaded only when opened).
    page.locator(f"#session-{cedar_sessions[0].pk}").get_by_role(
        "link", name=f"{resident.display_name} (move or swap)"
    ).click()
    page.get_by_role("heading", name="Move into another session").wait_for()
    _no_violations_wide_or_narrow(page)
    page.select_option("#move-session", str(cedar_sessions[1].pk))
    page.locator("[data-move-form] button[type=submit]").click()
    page.get_by_text(f"{resident.display_name} moved to").wait_for()
    assert Attendance.objects.get(person=resident).session_id == cedar_sessions[1].pk

    page.get_by_role("button", name="Publish").click()
    page.get_by_text("sessions published").wait_for()
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PUBLISHED
    assert not Session.objects.filter(programme=programme, status=Session.Status.DRAFT).exists()

    # A published session's time and room are changed on its own small page.
    page.goto(f"/admin/training-plans/{programme.pk}/?unit=cedar")
    page.locator(f"#session-{cedar_sessions[1].pk}").get_by_role(
        "link", name="Change time or room"
    ).click()
    page.get_by_role("heading", name="New time and room").wait_for()
    _no_violations_wide_or_narrow(page)


def _no_violations_wide_or_narrow(page):
    """axe-core finds nothing at 1280 px and at 320 px, where nothing scrolls sideways."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_plan_screen_follows_a_running_plan_until_it_finishes(page, coordinator):
    from scheduling.models import PlanRun

    birch, _people, _rooms, _leads = small_roster(slug="birch", staff=2, residents=2)
    programme = programme_for([birch])
    run = PlanRun.objects.create(
        programme=programme,
        status=PlanRun.Status.RUNNING,
        progress={"phase": "fewest sessions", "phase_index": 2, "best": 9, "bound": 7, "gap": 2},
    )
    login_in_browser(page, "coordinator-user")
    page.goto(f"/admin/training-plans/{programme.pk}/")
    panel = page.locator("[data-plan-progress]")
    assert panel.locator('[data-field="phase"]').inner_text() == "fewest sessions"
    PlanRun.objects.filter(pk=run.pk).update(progress={"phase": "co-trainers", "best": 8, "gap": 1})
    page.locator('[data-field="phase"]', has_text="co-trainers").wait_for()
    assert panel.locator('[data-field="gap"]').inner_text() == "1"
    PlanRun.objects.filter(pk=run.pk).update(
        status=PlanRun.Status.DONE, message="2 of 4 people placed in 1 sessions."
    )
    page.get_by_role("heading", name="Last planning run").wait_for()
    assert page.get_by_text("2 of 4 people placed").is_visible()
