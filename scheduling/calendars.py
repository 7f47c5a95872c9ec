"""iCalendar files for training sessions: subscription feeds, single-session downloads and invitations.

Pure on purpose: plain dataclasses in, bytes out, no database. The selectors turn sessions into
`CalendarEvent`s; everything that decides what a calendar file says (and what it must never say, such as
a resident's name or an attendee list) lives here, where it is easy to test.

Rules (docs/architecture.md, "Calendar rules"): the UID is the session's stored UUID and never changes; SEQUENCE is
the stored counter that rises on every change of time, room or status; DTSTAMP is the generation time;
times are written in the deployment's time zone, which the caller passes in (`time_zone`, from
`settings.TIME_ZONE`), with a VTIMEZONE generated from the tz database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, vDuration

from scheduling.statuses import VISIBLE_SESSION_STATUSES

PRODID = "-//Alongside//Training sessions//EN"
UID_DOMAIN = "alongside"
# Subscribed calendars ask again after this long; Google ignores it and takes up to a day.
REFRESH = timedelta(hours=1)

VISIBLE_STATUSES = VISIBLE_SESSION_STATUSES
METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"

# How a facilitator who is a resident appears anywhere outside the roster: by role, never by name.
RESIDENT_ROLE_LABELS = {
    "lead": "a lead trainer with lived experience",
    "co": "a co-trainer with lived experience",
}
ROLE_LABELS = {"lead": "lead trainer", "co": "co-trainer"}


@dataclass(frozen=True)
class CalendarFacilitator:
    display_name: str
    role: str  # "lead" or "co"
    is_resident: bool = False


@dataclass(frozen=True)
class CalendarEvent:
    """What a calendar needs to know about one session; deliberately holds no attendee."""

    uid: str
    sequence: int
    status: str  # draft / published / held / cancelled
    start: datetime
    end: datetime
    module_title: str
    module_url: str = ""
    unit_name: str = ""
    room_name: str = ""
    room_location: str = ""
    lead: CalendarFacilitator | None = None
    co_trainer: CalendarFacilitator | None = None
    is_catch_up: bool = False
    updated: datetime | None = None
    page_url: str = ""
    # The tz database name the times are written in: the site's TIME_ZONE, given by the selectors.
    time_zone: str = "UTC"

    @property
    def ical_uid(self) -> str:
        return f"{self.uid}@{UID_DOMAIN}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass(frozen=True)
class CalendarFeed:
    """A named list of events: a person's, a unit's, a programme's or a facilitator's sessions."""

    name: str
    events: tuple[CalendarEvent, ...] = field(default_factory=tuple)
    description: str = ""
    # The calendar's own zone (X-WR-TIMEZONE); empty: its first event's zone, or UTC with no events.
    time_zone: str = ""


def facilitator_label(facilitator: CalendarFacilitator | None) -> str:
    """A facilitator as shown in calendars and e-mails: a staff member by name and role, a resident by
    role only, because a resident's name must not leave the roster."""
    if facilitator is None:
        return ""
    if facilitator.is_resident:
        return RESIDENT_ROLE_LABELS.get(facilitator.role, "a trainer with lived experience")
    role = ROLE_LABELS.get(facilitator.role, "trainer")
    return f"{facilitator.display_name} ({role})"


def event_summary(event: CalendarEvent) -> str:
    title = f"Training: {event.module_title}"
    if event.is_catch_up:
        title += " (catch-up)"
    if event.is_cancelled:
        title = f"Cancelled – {title}"
    return title


def event_location(event: CalendarEvent) -> str:
    parts = [part for part in (event.room_name, event.room_location) if part]
    return ", ".join(parts)


def event_detail_lines(event: CalendarEvent, *, when: str = "") -> list[str]:
    """Module, time, room, who leads, the co-trainer's role and links: shared by feeds and e-mails."""
    lines = [f"Module: {event.module_title}"]
    if when:
        lines.append(f"When: {when}")
    if event.unit_name:
        lines.append(f"For: {event.unit_name}")
    if event_location(event):
        lines.append(f"Room: {event_location(event)}")
    if event.lead:
        lines.append(f"Led by: {facilitator_label(event.lead)}")
    if event.co_trainer:
        lines.append(f"With: {facilitator_label(event.co_trainer)}")
    if event.module_url:
        lines.append(f"About this module: {event.module_url}")
    if event.page_url:
        lines.append(f"Session page: {event.page_url}")
    return lines


def event_description(event: CalendarEvent) -> str:
    """The plain-text description: module, room, who leads, the co-trainer's role and the module link."""
    lines = []
    if event.is_cancelled:
        lines.append("This session is cancelled. You do not need to come.")
    return "\n".join(lines + event_detail_lines(event))


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _year_range(events: tuple[CalendarEvent, ...] | list[CalendarEvent]) -> tuple[int, int]:
    if not events:
        this_year = datetime.now(UTC).year
        return this_year, this_year + 1
    years = [e.start.astimezone(_zone(e.time_zone)).year for e in events]
    years += [e.end.astimezone(_zone(e.time_zone)).year for e in events]
    return min(years), max(years) + 1


@lru_cache(maxsize=32)
def vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """A time zone (e.g. Europe/London) as a VTIMEZONE, generated from the tz database for the years the
    file needs.

    icalendar's generator gives each observance the first local time *after* the change. RFC 5545 wants
    the onset in the local time *before* it (TZOFFSETFROM): right for the October change (02:00 BST), but
    an hour late for March, where the onset is 01:00 GMT. We move spring-forward onsets back by the gap
    so that strict clients (Outlook) switch at exactly 01:00 UTC. Returned as bytes because icalendar
    components are mutable and this result is cached.
    """
    component = Timezone.from_tzinfo(
        _zone(tzid), tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )
    for observance in component.subcomponents:
        offset_from = observance["TZOFFSETFROM"].td
        offset_to = observance["TZOFFSETTO"].td
        gap = offset_to - offset_from
        if gap <= timedelta(0):
            continue
        onset = observance.decoded("DTSTART") - gap
        observance.pop("DTSTART")
        observance.add("DTSTART", onset)
        rdates = observance.get("RDATE")
        if rdates is not None:
            rdates = rdates if isinstance(rdates, list) else [rdates]
            moved = [rdate.dt - gap for group in rdates for rdate in group.dts]
            observance.pop("RDATE")
            observance.add("RDATE", moved)
    return component.to_ical()


# Writing content lines ------------------------------------------------------------------------------
#
# Feeds are written here line by line rather than through icalendar's component objects: building and
# folding thousands of VEVENTs through them cost about a millisecond an event, most of it in folding one
# character at a time. The rules are few (RFC 5545 sections 3.1 and 3.3.11), the tests parse every file
# with icalendar and vobject, and icalendar still generates the VTIMEZONE.

CRLF = "\r\n"
_FOLD_AT = 75  # octets per line, not counting the line break


def _text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, any line break written as \\n."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _param(value: str) -> str:
    """A quoted parameter value (RFC 6868 caret escapes), e.g. a CN with a comma in it."""
    value = value.replace("^", "^^").replace("\r\n", "\n").replace("\n", "^n")
    return '"' + value.replace('"', "^'") + '"'


def _fold(line: str) -> str:
    """Fold a content line to 75 octets, never inside a UTF-8 character and never between a backslash and
    the character it escapes (some clients mishandle that)."""
    if len(line) <= _FOLD_AT and line.isascii():
        return line
    data = line.encode()
    if len(data) <= _FOLD_AT:
        return line
    parts, start, room = [], 0, _FOLD_AT
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        backslashes = 0
        while end - 1 - backslashes >= start and data[end - 1 - backslashes] == 0x5C:
            backslashes += 1
        if backslashes % 2:
            end -= 1
        parts.append(data[start:end])
        start, room = end, _FOLD_AT - 1  # a continuation line starts with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local_stamp(moment: datetime, time_zone: str) -> str:
    return moment.astimezone(_zone(time_zone)).strftime("%Y%m%dT%H%M%S")


def _calendar_head(
    *, time_zone: str, name: str = "", description: str = "", method: str | None = None
) -> list[str]:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        lines += [f"NAME:{_text(name)}", f"X-WR-CALNAME:{_text(name)}"]
    if description:
        lines.append(f"X-WR-CALDESC:{_text(description)}")
    lines.append(f"X-WR-TIMEZONE:{time_zone}")
    return [_fold(line) for line in lines]


def _timezone_blocks(events, time_zone: str) -> list[str]:
    """A VTIMEZONE for the calendar's zone and for any other zone an event is written in."""
    first, last = _year_range(events)
    zones = dict.fromkeys([time_zone, *(e.time_zone for e in events)])
    return [vtimezone(zone, first, last).decode().rstrip("\r\n") for zone in zones]


def _vevent_lines(event: CalendarEvent, *, dtstamp: str, extra: tuple[str, ...] = ()) -> list[str]:
    """One VEVENT. `dtstamp` is written once per file by the caller; `extra` lines (an invitation's
    ORGANIZER and ATTENDEE) go before END:VEVENT."""
    # Lines of a fixed shape (a keyword and a stamp) are always shorter than 75 octets: only the
    # lines that carry text, a zone name or an address are folded.
    lines = [
        "BEGIN:VEVENT",
        _fold(f"UID:{_text(event.ical_uid)}"),
        f"DTSTAMP:{dtstamp}",
        f"SEQUENCE:{int(event.sequence)}",
        _fold(f"DTSTART;TZID={event.time_zone}:{_local_stamp(event.start, event.time_zone)}"),
        _fold(f"DTEND;TZID={event.time_zone}:{_local_stamp(event.end, event.time_zone)}"),
        _fold(f"SUMMARY:{_text(event_summary(event))}"),
        _fold(f"DESCRIPTION:{_text(event_description(event))}"),
    ]
    location = event_location(event)
    if location:
        lines.append(_fold(f"LOCATION:{_text(location)}"))
    url = event.page_url or event.module_url
    if url:
        lines.append(_fold(f"URL:{url}"))
    lines += [
        "STATUS:CANCELLED" if event.is_cancelled else "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "CLASS:PUBLIC",
    ]
    if event.updated is not None:
        lines.append(f"LAST-MODIFIED:{_utc_stamp(event.updated)}")
    lines += [_fold(line) for line in extra]
    lines.append("END:VEVENT")
    return lines


def _calendar(head: list[str], events, body: list[str], *, time_zone: str) -> bytes:
    blocks = _timezone_blocks(events, time_zone)
    return CRLF.join([*head, *blocks, *body, "END:VCALENDAR", ""]).encode()


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def build_feed(feed: CalendarFeed, *, now: datetime | None = None) -> bytes:
    """A subscription feed: no METHOD, no ATTENDEE, no resident's name; cancelled sessions stay, marked
    STATUS:CANCELLED with their higher SEQUENCE, so calendars that already hold them update them."""
    dtstamp = _utc_stamp(now or _utcnow())
    events = [e for e in feed.events if e.status in VISIBLE_STATUSES]
    events.sort(key=lambda e: (e.start, e.uid))
    zone = feed.time_zone or (events[0].time_zone if events else "UTC")
    head = _calendar_head(time_zone=zone, name=feed.name, description=feed.description)
    head += [
        f"REFRESH-INTERVAL;VALUE=DURATION:{_duration(REFRESH)}",
        f"X-PUBLISHED-TTL:{_duration(REFRESH)}",
    ]
    body = [line for event in events for line in _vevent_lines(event, dtstamp=dtstamp)]
    return _calendar(head, events, body, time_zone=zone)


def _duration(delta: timedelta) -> str:
    return vDuration(delta).to_ical().decode()


def build_single(event: CalendarEvent, *, now: datetime | None = None) -> bytes:
    """One session as a file to download and open; like a feed, it names nobody who attends."""
    dtstamp = _utc_stamp(now or _utcnow())
    return _calendar(
        _calendar_head(time_zone=event.time_zone, name=event_summary(event)),
        [event],
        _vevent_lines(event, dtstamp=dtstamp),
        time_zone=event.time_zone,
    )


def build_caldav_object(event: CalendarEvent, *, now: datetime | None = None) -> bytes:
    """One session as a CalDAV calendar object resource (RFC 4791 forbids METHOD in stored objects)."""
    dtstamp = _utc_stamp(now or _utcnow())
    return _calendar(
        _calendar_head(time_zone=event.time_zone),
        [event],
        _vevent_lines(event, dtstamp=dtstamp),
        time_zone=event.time_zone,
    )


def build_invite(
    event: CalendarEvent,
    *,
    method: str,
    organizer_email: str,
    organizer_name: str,
    attendee_email: str,
    attendee_name: str = "",
    now: datetime | None = None,
) -> bytes:
    """An iTIP message (RFC 5546) for one recipient: METHOD:REQUEST or CANCEL, the organiser and only
    that recipient's ATTENDEE line, so nobody learns from an invitation who else is coming."""
    if method not in (METHOD_REQUEST, METHOD_CANCEL):
        raise ValueError(f"Unknown invitation method {method!r}; use REQUEST or CANCEL.")
    if method == METHOD_CANCEL:
        event = _as_cancelled(event)
    organizer = "ORGANIZER"
    if organizer_name:
        organizer += f";CN={_param(organizer_name)}"
    attendee = "ATTENDEE"
    if attendee_name:
        attendee += f";CN={_param(attendee_name)}"
    attendee += ";ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL"
    if method == METHOD_REQUEST:
        attendee += ";PARTSTAT=NEEDS-ACTION;RSVP=FALSE"
    extra = (f"{organizer}:mailto:{organizer_email}", f"{attendee}:mailto:{attendee_email}")
    dtstamp = _utc_stamp(now or _utcnow())
    return _calendar(
        _calendar_head(time_zone=event.time_zone, method=method),
        [event],
        _vevent_lines(event, dtstamp=dtstamp, extra=extra),
        time_zone=event.time_zone,
    )


def _as_cancelled(event: CalendarEvent) -> CalendarEvent:
    return replace(event, status="cancelled")
