"""Optional CalDAV publishing: a unit with a CalDAV calendar address gets its sessions written there.

Each session is one calendar object, PUT at a name made from its UID, so publishing again overwrites
rather than duplicates, and a cancelled session is updated in place to STATUS:CANCELLED with its higher
SEQUENCE. Credentials, when the server needs them, come from settings (ALONGSIDE_CALDAV_USERNAME,
ALONGSIDE_CALDAV_PASSWORD, ALONGSIDE_CALDAV_AUTH_TYPE), never from the database.
"""

from __future__ import annotations

import logging

import caldav
from django.conf import settings

from scheduling import calendars
from scheduling.models import Unit
from scheduling.selectors import calendars as calendar_selectors

logger = logging.getLogger(__name__)


def caldav_calendar(url: str):
    """The calendar collection at `url`; no network traffic until something is read or written."""
    client = caldav.DAVClient(
        url=url,
        username=getattr(settings, "ALONGSIDE_CALDAV_USERNAME", None) or None,
        password=getattr(settings, "ALONGSIDE_CALDAV_PASSWORD", None) or None,
        # "basic" sends credentials up front, for servers that never ask (and saves a round trip).
        auth_type=getattr(settings, "ALONGSIDE_CALDAV_AUTH_TYPE", None) or None,
        timeout=int(getattr(settings, "ALONGSIDE_CALDAV_TIMEOUT", 20)),
    )
    return client.calendar(url=url)


def caldav_publish_unit(*, unit: Unit, session_ids: list[int] | None = None) -> int:
    """Write the unit's published, held and cancelled sessions (or just `session_ids`) to its CalDAV
    calendar. Returns how many objects were written. Does nothing when no address is set."""
    if not unit.caldav_url:
        return 0
    sessions = calendar_selectors.sessions_for_unit(unit)
    if session_ids is not None:
        sessions = sessions.filter(pk__in=session_ids)
    calendar = caldav_calendar(unit.caldav_url)
    written = 0
    for event in calendar_selectors.calendar_events(sessions):
        ics = calendars.build_caldav_object(event).decode()
        # increase_seqno=False: our SEQUENCE is the stored one; the client must not bump it again.
        calendar.add_event(ics, increase_seqno=False)
        written += 1
    logger.info("Wrote %s session(s) of unit %s to CalDAV.", written, unit.pk)
    return written
