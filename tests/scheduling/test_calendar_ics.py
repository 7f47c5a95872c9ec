"""The pure calendar writer: parsing in two libraries, stable UIDs, SEQUENCE, clock changes, privacy."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from scheduling import calendars
from scheduling.calendars import CalendarEvent, CalendarFacilitator, CalendarFeed

LONDON = ZoneInfo("Europe/London")


def event(start_local: datetime, **changes) -> CalendarEvent:
    start = start_local.replace(tzinfo=LONDON)
    base = CalendarEvent(
        time_zone="Europe/London",
        uid="0d6f3c1e-8a47-4c3b-9a57-3e1f2b7d9c10",
        sequence=1,
        status="published",
        start=start,
        end=start + timedelta(minutes=90),
        module_title="Keeping each other safe",
        module_url="https://alongside.example/modules/keeping-safe/",
        unit_name="Birch Ward",
        room_name="Oak Room",
        room_location="Hub building",
        lead=CalendarFacilitator("Sam Lead", "lead"),
        co_trainer=CalendarFacilitator("Suki Larkspur", "co", is_resident=True),
        updated=datetime(2027, 1, 5, 9, 0, tzinfo=UTC),
        page_url="https://alongside.example/training/sessions/7/",
    )
    return replace(base, **changes)


def parse_both(data: bytes):
    """Parse with icalendar and vobject; both must accept the file."""
    ical = icalendar.Calendar.from_ical(data)
    vcal = vobject.readOne(data.decode())
    return ical, vcal


def utc_start(data: bytes) -> datetime:
    ical, vcal = parse_both(data)
    from_icalendar = ical.walk("VEVENT")[0].decoded("DTSTART").astimezone(UTC)
    from_vobject = vcal.vevent.dtstart.value.astimezone(UTC)
    assert from_icalendar == from_vobject
    return from_icalendar


@pytest.mark.parametrize(
    ("local", "expected_utc"),
    [
        (datetime(2027, 3, 26, 10, 0), datetime(2027, 3, 26, 10, 0, tzinfo=UTC)),  # GMT
        (datetime(2027, 3, 29, 10, 0), datetime(2027, 3, 29, 9, 0, tzinfo=UTC)),  # BST
        (datetime(2027, 10, 29, 10, 0), datetime(2027, 10, 29, 9, 0, tzinfo=UTC)),  # BST
        (datetime(2027, 11, 1, 10, 0), datetime(2027, 11, 1, 10, 0, tzinfo=UTC)),  # GMT again
    ],
)
def test_times_either_side_of_the_clock_changes_are_right_in_utc(local, expected_utc):
    data = calendars.build_single(event(local))
    assert b"DTSTART;TZID=Europe/London:" + local.strftime("%Y%m%dT%H%M%S").encode() in data
    assert utc_start(data) == expected_utc


def test_vtimezone_is_generated_and_agrees_with_the_tz_database_every_hour():
    """Read the generated VTIMEZONE back as a tzinfo (vobject) and compare its offset with zoneinfo at
    every hour of 2027, including the night of each change; the onset of BST is 01:00 UTC."""
    data = calendars.build_feed(CalendarFeed("t", (event(datetime(2027, 6, 1, 10, 0)),)))
    vcal = vobject.readOne(data.decode())
    generated = vcal.vtimezone.gettzinfo()
    moment = datetime(2027, 1, 1, tzinfo=UTC)
    while moment < datetime(2028, 1, 1, tzinfo=UTC):
        local = moment.astimezone(LONDON)
        as_generated = moment.astimezone(generated)
        assert as_generated.utcoffset() == local.utcoffset(), moment
        moment += timedelta(hours=1)
    tz = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]
    daylight = tz.walk("DAYLIGHT")[0]
    assert daylight.decoded("DTSTART") == datetime(2027, 3, 28, 1, 0)
    assert tz.walk("STANDARD")[-1].decoded("DTSTART") == datetime(2027, 10, 31, 2, 0)


def test_uid_is_stable_across_regenerations_and_dtstamp_is_generation_time():
    e = event(datetime(2027, 5, 4, 14, 0))
    first = calendars.build_feed(CalendarFeed("Feed", (e,)), now=datetime(2027, 1, 1, tzinfo=UTC))
    second = calendars.build_feed(CalendarFeed("Feed", (e,)), now=datetime(2027, 2, 1, tzinfo=UTC))
    uid_1 = icalendar.Calendar.from_ical(first).walk("VEVENT")[0]["UID"]
    uid_2 = icalendar.Calendar.from_ical(second).walk("VEVENT")[0]["UID"]
    assert uid_1 == uid_2 == f"{e.uid}@alongside"
    assert b"DTSTAMP:20270101T000000Z" in first
    assert b"DTSTAMP:20270201T000000Z" in second


def test_move_and_cancel_keep_the_uid_and_raise_sequence():
    published = event(datetime(2027, 5, 4, 10, 0), sequence=1)
    moved = replace(
        published,
        sequence=2,
        start=published.start + timedelta(hours=4),
        end=published.end + timedelta(hours=4),
    )
    cancelled = replace(moved, sequence=3, status="cancelled")
    seen = []
    for version in (published, moved, cancelled):
        data = calendars.build_feed(CalendarFeed("Feed", (version,)))
        ical, vcal = parse_both(data)
        vevent = ical.walk("VEVENT")[0]
        seen.append(
            (
                str(vevent["UID"]),
                int(vevent["SEQUENCE"]),
                str(vevent["STATUS"]),
                data,
            )
        )
        assert vcal.vevent.uid.value == str(vevent["UID"])
    assert len({uid for uid, *_ in seen}) == 1
    assert [seq for _, seq, _, _ in seen] == [1, 2, 3]
    assert [status for _, _, status, _ in seen] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert len({body for *_, body in seen}) == 3


def test_feed_has_refresh_hints_no_method_no_attendee_and_no_resident_name():
    events = (
        event(datetime(2027, 5, 4, 10, 0)),
        event(
            datetime(2027, 5, 5, 10, 0),
            uid="11111111-2222-3333-4444-555555555555",
            status="cancelled",
            sequence=4,
        ),
        event(datetime(2027, 5, 6, 10, 0), uid="draft-never-shown", status="draft"),
    )
    data = calendars.build_feed(CalendarFeed("Alongside: my training sessions", events))
    ical, _ = parse_both(data)
    assert "METHOD" not in ical
    assert b"ATTENDEE" not in data and b"ORGANIZER" not in data
    assert b"Suki" not in data and b"Larkspur" not in data
    assert b"a co-trainer with lived experience" in data
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in data
    assert b"X-PUBLISHED-TTL:PT1H" in data
    assert [str(v["STATUS"]) for v in ical.walk("VEVENT")] == ["CONFIRMED", "CANCELLED"]
    assert b"draft-never-shown" not in data
    assert len(ical.walk("VTIMEZONE")) == 1
    description = str(ical.walk("VEVENT")[0]["DESCRIPTION"])
    for expected in (
        "Module: Keeping each other safe",
        "Room: Oak Room",
        "Led by: Sam Lead",
        "https://alongside.example/modules/keeping-safe/",
    ):
        assert expected in description


def test_resident_lead_is_described_by_role():
    e = event(datetime(2027, 5, 4, 10, 0), lead=CalendarFacilitator("Rosa Resident", "lead", True))
    data = calendars.build_single(e)
    assert b"Rosa" not in data
    assert b"a lead trainer with lived experience" in data


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_invite_has_method_organizer_and_only_the_recipients_attendee_line(method):
    data = calendars.build_invite(
        event(datetime(2027, 5, 4, 10, 0), sequence=5),
        method=method,
        organizer_email="training@alongside.example",
        organizer_name="Alongside",
        attendee_email="nadia@example.org",
        attendee_name="Nadia Okafor",
    )
    ical, vcal = parse_both(data)
    assert str(ical["METHOD"]) == method
    assert vcal.method.value == method
    vevent = ical.walk("VEVENT")[0]
    attendees = vevent.get("ATTENDEE")
    assert not isinstance(attendees, list)
    assert str(attendees) == "mailto:nadia@example.org"
    assert str(vevent["ORGANIZER"]) == "mailto:training@alongside.example"
    assert int(vevent["SEQUENCE"]) == 5
    assert str(vevent["STATUS"]) == ("CANCELLED" if method == "CANCEL" else "CONFIRMED")
    assert b"Suki" not in data


def test_invite_refuses_an_unknown_method():
    with pytest.raises(ValueError, match="REQUEST or CANCEL"):
        calendars.build_invite(
            event(datetime(2027, 5, 4, 10, 0)),
            method="PUBLISH",
            organizer_email="a@b.example",
            organizer_name="",
            attendee_email="c@d.example",
        )


AWKWARD_TEXT = [
    "Plain words",
    "Commas, semicolons; and a back\\slash",
    "Two\nlines\r\nand a carriage\rreturn",
    "Ŵyn ap Siôn – café ☕ with émoji 🙂 " * 6,
    "\\" * 80,
    "x" * 73 + "\\;" + "y" * 200,
    "é" * 100,
]


@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_written_lines_fold_escape_and_parse_back_exactly(text):
    """The hand-written lines: at most 75 octets each, CRLF endings, and both libraries read back
    exactly the text that went in, however it was escaped or folded."""
    e = event(
        datetime(2027, 5, 4, 10, 0),
        module_title=text,
        room_name=text,
        room_location="Hub, 2nd floor; east",
        lead=CalendarFacilitator(text, "lead"),
    )
    data = calendars.build_feed(CalendarFeed(text, (e,)), now=datetime(2027, 1, 1, tzinfo=UTC))
    assert data.endswith(b"END:VCALENDAR\r\n")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        assert b"\n" not in line and b"\r" not in line
        line.decode()  # no UTF-8 character split across a fold
    ical, vcal = parse_both(data)
    vevent = ical.walk("VEVENT")[0]

    def lines(value: str) -> str:  # any line break comes back as a newline
        return value.replace("\r\n", "\n").replace("\r", "\n")

    assert str(vevent["SUMMARY"]) == lines(calendars.event_summary(e))
    assert str(vevent["DESCRIPTION"]) == lines(calendars.event_description(e))
    assert str(vevent["LOCATION"]) == lines(calendars.event_location(e))
    assert vcal.vevent.summary.value == lines(calendars.event_summary(e))
    assert vcal.vevent.description.value == lines(calendars.event_description(e))
    assert vcal.vevent.location.value == lines(calendars.event_location(e))
    assert vevent.decoded("LAST-MODIFIED") == e.updated
    assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == timedelta(minutes=90)
    assert str(vevent["URL"]) == e.page_url


def test_invite_organiser_and_attendee_names_survive_awkward_characters():
    data = calendars.build_invite(
        event(datetime(2027, 5, 4, 10, 0)),
        method="REQUEST",
        organizer_email="training@alongside.example",
        organizer_name='Alongside; "training" team, Birch',
        attendee_email="nadia@example.org",
        attendee_name="Nadia O'Kafor, RMN",
    )
    ical, vcal = parse_both(data)
    vevent = ical.walk("VEVENT")[0]
    assert vevent["ATTENDEE"].params["CN"] == "Nadia O'Kafor, RMN"
    assert vevent["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert vevent["ORGANIZER"].params["CN"] == 'Alongside; "training" team, Birch'
    assert vcal.vevent.attendee.value == "mailto:nadia@example.org"
