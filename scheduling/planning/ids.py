"""Identifiers in the solver's problem.

Units and rooms by slug, people as ``p<pk>`` and facilitators as ``f<pk>``. The prefixes keep the two
kinds apart in the checker's output, which `planning.messages` turns back into names; primary keys
(rather than roster codes) keep stored results free of the provider's references. A slot is named by its
local start ("2027-01-11T10:00"), so it reads well on the command line too.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from scheduling.models import Attendance

# Bookings that hold a place (not absent, cancelled, declined or excused).
LIVE = ~Q(status__in=Attendance.NOT_LIVE)


def local_zone() -> ZoneInfo:
    """The site's time zone (settings.TIME_ZONE), in which programmes' dates and times are meant."""
    return ZoneInfo(settings.TIME_ZONE)


def person_key(pk: int) -> str:
    return f"p{pk}"


def facilitator_key(pk: int) -> str:
    return f"f{pk}"


def key_pk(key: str) -> int:
    return int(key[1:])


def slot_key(start: datetime) -> str:
    return start.astimezone(local_zone()).strftime("%Y-%m-%dT%H:%M")


def slot_label(start: datetime) -> str:
    """ "Mon 11 Jan 10:00": how a slot is named to people."""
    local = start.astimezone(local_zone())
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def overlaps(start_a: datetime, end_a: datetime, start_b: datetime, end_b: datetime) -> bool:
    return start_a < end_b and start_b < end_a
