"""Fixtures shared by the whole suite: users per role, a fixed "now", a fast plan instead of the solver,
data built once for a module's tests, and a real headless Chromium for browser tests."""

import os
import shutil
import sqlite3
import sys
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import transaction

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
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database, created by the migrations once per run; on SQLite, also a copy
    of its file exactly as the migrations left it, for `migrated_sqlite_file`.

    The copy is taken now because later it would not be the same: transactional tests empty the
    tables when they end.
    """
    from django.db import connection

    test_name = connection.settings_dict.get("TEST", {}).get("NAME")
    # Only when this run made the test database: a run with no database test makes none, and the
    # connection then still names the development database, which is not to be copied.
    if (
        connection.vendor == "sqlite"
        and test_name
        and connection.settings_dict["NAME"] == test_name
    ):
        copy = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
        with django_db_blocker.unblock():
            connection.ensure_connection()
            target = sqlite3.connect(copy)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        _MIGRATED_SQLITE_COPY.append(copy)
    yield


_MIGRATED_SQLITE_COPY: list = []


@pytest.fixture
def migrated_sqlite_file(django_db_setup, tmp_path):
    """A path for an SQLite database of a test's own, for tests that start a real web server and worker:
    a copy of the test database as the migrations made it, when this run made one (copying costs
    milliseconds where running the migrations again costs half a minute of CPU), else a new file for
    the test's own `migrate` to fill."""
    path = tmp_path / "alongside.sqlite3"
    if _MIGRATED_SQLITE_COPY:
        shutil.copyfile(_MIGRATED_SQLITE_COPY[0], path)
    return path


def built_once_for_the_module(django_db_blocker, build):
    """For a module-scoped fixture (`yield from built_once_for_the_module(django_db_blocker, build)`):
    run `build()` once, in a transaction that stays open while the module's tests run and is rolled
    back after the last of them.

    Each test still runs in its own savepoint inside it (pytest-django's `db`), so what a test writes is
    undone before the next one; only what `build` made is shared, as with Django's `setUpTestData`.
    Loading the demo once instead of once per test is the point. Only for modules whose tests are not
    transactional (those commit and flush), and whose every database test expects the built data.
    """
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            built = build()
        except BaseException:
            block.__exit__(*sys.exc_info())
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


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
