"""The facts several apps share, each defined once: the CSV formula guard, the token hash and the set of
session statuses people see."""

import csv
import io

import pytest

from scheduling.models import Session
from scheduling.statuses import VISIBLE_SESSION_STATUSES
from website.csv_export import csv_response, csv_safe
from website.tokens import token_hash


def test_text_that_a_spreadsheet_would_run_is_quoted_and_nothing_else_changes():
    for dangerous in ('=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_safe(dangerous) == "'" + dangerous
    for harmless in ("Birch Ward", "", "a=b", 3, -2, None):
        assert csv_safe(harmless) == harmless


def test_csv_response_guards_every_cell_and_is_never_cached():
    response = csv_response(filename="x.csv", rows=[["Name", "Note"], ["Sam", "=1+1"]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["Name", "Note"], ["Sam", "'=1+1"]]


def test_token_hash_is_the_hex_sha256_and_never_the_token():
    digest = token_hash("abc")
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert "abc" not in digest


def test_visible_statuses_are_session_statuses_and_drafts_stay_hidden():
    assert VISIBLE_SESSION_STATUSES <= set(Session.Status.values)
    assert Session.Status.DRAFT not in VISIBLE_SESSION_STATUSES
    assert Session(status=Session.Status.CANCELLED).is_visible_to_attendees
    assert not Session(status=Session.Status.DRAFT).is_visible_to_attendees


def test_calendar_times_are_written_in_the_zone_the_caller_gives():
    from datetime import UTC, datetime, timedelta

    from scheduling import calendars

    start = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
    event = calendars.CalendarEvent(
        uid="u1",
        sequence=0,
        status="published",
        start=start,
        end=start + timedelta(minutes=90),
        module_title="Keeping each other safe",
        time_zone="Pacific/Auckland",
    )
    data = calendars.build_single(event).decode()
    assert "DTSTART;TZID=Pacific/Auckland:20270111T220000" in data
    assert "TZID:Pacific/Auckland" in data and "Europe/London" not in data


@pytest.mark.django_db
def test_calendar_events_take_the_sites_time_zone(settings):
    from scheduling.selectors.calendars import calendar_event
    from tests.factories import SessionFactory

    settings.TIME_ZONE = "Europe/Dublin"
    assert calendar_event(SessionFactory()).time_zone == "Europe/Dublin"
