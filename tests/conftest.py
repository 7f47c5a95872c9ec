"""Fixtures shared by the whole suite: users per role, a fixed "now", a fast plan instead of the solver,
and a real headless Chromium for browser tests."""

import os
import shutil
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group

from tests.factories import UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make in between
# are still plain synchronous calls, so Django's async guard must not stop them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ALONGSIDE_CHROMIUM", "/usr/bin/chromium")


def _user_in(group_name: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def coordinator(db):
    return _user_in("Coordinators", username="coordinator-user")


@pytest.fixture
def lead_trainer(db):
    return _user_in("Lead trainers", username="lead-user")


@pytest.fixture
def co_trainer(db):
    return _user_in("Co-trainers", username="cotrainer-user")


@pytest.fixture
def attendee(db):
    return _user_in("Attendees", username="attendee-user")


# Monday 22 February 2027, 09:00 in London (GMT): a week before tests.factories.PROGRAMME_START.
FROZEN_NOW = datetime(2027, 2, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now():
    """The clock starts at `FROZEN_NOW` for this test, whatever the real date and hour.

    It keeps ticking from there (so time limits and timeouts still work); "today", "this week" and "in
    the past" are the same on every run. Call `frozen_now.shift(timedelta(...))` or `.move_to(...)` to
    travel further. Only this process travels: a browser started by the test keeps real time.
    """
    with time_machine.travel(FROZEN_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def greedy_plan(settings):
    """Plan runs use the solver's greedy first-fit plan (`scheduling.solver.greedy_plan`) instead of the
    CP-SAT search: a valid plan in milliseconds, for database tests of saving, editing, publishing and
    re-planning plans. Tests of the solver's optimisation must not use it."""
    settings.ALONGSIDE_PLAN_GREEDY = True


@pytest.fixture(scope="session")
def chromium_path():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM}. Install it with: sudo apt-get install chromium",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture
def chromium_browser(chromium_path, live_server):
    """A headless Chromium for one test, started after the test database is ready.

    While Playwright's sync API is running, Django's `connections` hands out other connection objects
    (asgiref keys them by context). Starting Playwright per test, after pytest-django has restored the
    serialised data, and closing those connections before it stops, keeps every test's database clean.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def page(live_server, chromium_browser):
    """A desktop-sized page; call `page.set_viewport_size` for phone or tablet sizes."""
    context = chromium_browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    browser_page = context.new_page()
    yield browser_page
    context.close()


def pytest_collection_modifyitems(items):
    """Give every transactional test (browser tests included) a serialised rollback.

    A transactional test empties the tables when it ends, which would also remove what data migrations
    made (the role groups, the home page, the co-trainer review workflow) for every later test.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        wants_transaction = "live_server" in getattr(item, "fixturenames", ()) or (
            marker is not None and marker.kwargs.get("transaction")
        )
        if wants_transaction and not (marker and marker.kwargs.get("serialized_rollback")):
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True}
            kwargs["serialized_rollback"] = True
            args = marker.args if marker else ()
            item.add_marker(pytest.mark.django_db(*args, **kwargs), append=False)
