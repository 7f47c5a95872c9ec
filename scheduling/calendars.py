"""iCalendar files for training sessions: subscription feeds, single-session downloads and invitations.

Pure on purpose: plain dataclasses in, bytes out, no database. The selectors turn sessions into
`CalendarEvent`s; everything that decides what a calendar file says (and what it must never say, such as
a resident's name or an attendee list) lives here, where it is easy to test.

Rules (docs/architecture.md, "Calendar rules"): the UID is the session's stored UUID and never changes; SEQUENCE is
the stored counter that rises on every change of time, room or status; DTSTAMP is the generation time;
times are written with TZID=Europe/London and a VTIMEZONE generated from the tz database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration, vText

from scheduling.statuses import VISIBLE_SESSION_STATUSES

TZID = "Europe/London"
LONDON = ZoneInfo(TZID)
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


def _year_range(events: tuple[CalendarEvent, ...] | list[CalendarEvent]) -> tuple[int, int]:
    if not events:
        this_year = datetime.now(UTC).year
        return this_year, this_year + 1
    years = [e.start.astimezone(LONDON).year for e in events]
    years += [e.end.astimezone(LONDON).year for e in events]
    return min(years), max(years) + 1


@lru_cache(maxsize=32)
def london_vtimezone(first_year: int, last_year: int) -> bytes:
    """Europe/London as a VTIMEZONE, generated from the tz database for the years the file needs.

    icalendar's generator gives each observance the first local time *after* the change. RFC 5545 wants
    the onset in the local time *before* it (TZOFFSETFROM): right for the October change (02:00 BST), but
    an hour late for March, where the onset is 01:00 GMT. We move spring-forward onsets back by the gap
    so that strict clients (Outlook) switch at exactly 01:00 UTC. Returned as bytes because icalendar
    components are mutable and this result is cached.
    """
    vtimezone = Timezone.from_tzinfo(
        LONDON, TZID, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )
    for observance in vtimezone.subcomponents:
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
    return vtimezone.to_ical()


def _new_calendar(*, name: str = "", description: str = "", method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if method:
        cal.add("METHOD", method)
    if name:
        cal.add("NAME", name)
        cal.add("X-WR-CALNAME", name)
    if description:
        cal.add("X-WR-CALDESC", description)
    cal.add("X-WR-TIMEZONE", TZID)
    return cal


def _add_timezone(cal: Calendar, events) -> None:
    first, last = _year_range(events)
    cal.add_component(Timezone.from_ical(london_vtimezone(first, last)))


def _vevent(event: CalendarEvent, *, now: datetime, cancel: bool = False) -> Event:
    vevent = Event()
    vevent.add("UID", event.ical_uid)
    vevent.add("DTSTAMP", now.astimezone(UTC))
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("DTSTART", event.start.astimezone(LONDON))
    vevent.add("DTEND", event.end.astimezone(LONDON))
    vevent.add("SUMMARY", event_summary(event))
    vevent.add("DESCRIPTION", event_description(event))
    if event_location(event):
        vevent.add("LOCATION", event_location(event))
    url = event.page_url or event.module_url
    if url:
        vevent.add("URL", url)
    cancelled = cancel or event.is_cancelled
    vevent.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("TRANSP", "OPAQUE")
    vevent.add("CLASS", "PUBLIC")
    if event.updated is not None:
        vevent.add("LAST-MODIFIED", event.updated.astimezone(UTC))
    return vevent


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def build_feed(feed: CalendarFeed, *, now: datetime | None = None) -> bytes:
    """A subscription feed: no METHOD, no ATTENDEE, no resident's name; cancelled sessions stay, marked
    STATUS:CANCELLED with their higher SEQUENCE, so calendars that already hold them update them."""
    now = now or _utcnow()
    events = [e for e in feed.events if e.status in VISIBLE_STATUSES]
    events.sort(key=lambda e: (e.start, e.uid))
    cal = _new_calendar(name=feed.name, description=feed.description)
    cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    _add_timezone(cal, events)
    for event in events:
        cal.add_component(_vevent(event, now=now))
    return cal.to_ical()


def build_single(event: CalendarEvent, *, now: datetime | None = None) -> bytes:
    """One session as a file to download and open; like a feed, it names nobody who attends."""
    now = now or _utcnow()
    cal = _new_calendar(name=event_summary(event))
    _add_timezone(cal, [event])
    cal.add_component(_vevent(event, now=now))
    return cal.to_ical()


def build_caldav_object(event: CalendarEvent, *, now: datetime | None = None) -> bytes:
    """One session as a CalDAV calendar object resource (RFC 4791 forbids METHOD in stored objects)."""
    now = now or _utcnow()
    cal = _new_calendar()
    _add_timezone(cal, [event])
    cal.add_component(_vevent(event, now=now))
    return cal.to_ical()


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
    now = now or _utcnow()
    cal = _new_calendar(method=method)
    _add_timezone(cal, [event])
    vevent = _vevent(event, now=now, cancel=method == METHOD_CANCEL)
    organizer = vCalAddress(f"mailto:{organizer_email}")
    if organizer_name:
        organizer.params["CN"] = vText(organizer_name)
    vevent.add("ORGANIZER", organizer)
    attendee = vCalAddress(f"mailto:{attendee_email}")
    if attendee_name:
        attendee.params["CN"] = vText(attendee_name)
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["CUTYPE"] = vText("INDIVIDUAL")
    if method == METHOD_REQUEST:
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("FALSE")
    vevent.add("ATTENDEE", attendee)
    if method == METHOD_CANCEL:
        vevent.pop("SUMMARY")
        vevent.add("SUMMARY", event_summary(_as_cancelled(event)))
        vevent.pop("DESCRIPTION")
        vevent.add("DESCRIPTION", event_description(_as_cancelled(event)))
    cal.add_component(vevent)
    return cal.to_ical()


def _as_cancelled(event: CalendarEvent) -> CalendarEvent:
    from dataclasses import replace

    return replace(event, status="cancelled")


def feed_fingerprint(feed: CalendarFeed) -> str:
    """An ETag for a feed that does not change when only DTSTAMP would: it hashes what the feed says,
    so a calendar asking again gets 304 until a session really changes (or joins or leaves the feed)."""
    digest = hashlib.sha256(feed.name.encode())
    for event in sorted(feed.events, key=lambda e: e.uid):
        if event.status not in VISIBLE_STATUSES:
            continue
        digest.update(
            "|".join(
                [
                    event.uid,
                    str(event.sequence),
                    event.status,
                    event.start.astimezone(UTC).isoformat(),
                    event.end.astimezone(UTC).isoformat(),
                    event_summary(event),
                    event_description(event),
                    event_location(event),
                ]
            ).encode()
        )
    return digest.hexdigest()[:32]


def feed_last_modified(feed: CalendarFeed) -> datetime | None:
    stamps = [e.updated for e in feed.events if e.updated and e.status in VISIBLE_STATUSES]
    return max(stamps) if stamps else None
