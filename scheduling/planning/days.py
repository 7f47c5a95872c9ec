"""Which days and times a programme may use, and how long its sessions are.

A programme runs on its chosen weekdays between its first and last day, except bank holidays (from the
maintained `holidays` package: England and Wales by default, Scotland or Northern Ireland through the
`ALONGSIDE_BANK_HOLIDAYS` setting) and the closure dates its coordinator enters (a ward event, an
inspection). Times are the site's wall-clock times, so 10:00 stays 10:00 across a clock change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from functools import lru_cache

import holidays
from django.conf import settings

from scheduling.models import Programme, Unit

from .ids import local_zone

# The `holidays` package's subdivisions of the United Kingdom, by the names the setting accepts.
REGIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
DEFAULT_REGION = "england"
DEFAULT_SESSION_MINUTES = 90


def bank_holiday_region() -> str:
    region = str(getattr(settings, "ALONGSIDE_BANK_HOLIDAYS", DEFAULT_REGION)).strip().lower()
    return region if region in REGIONS else DEFAULT_REGION


@lru_cache(maxsize=32)
def _bank_holidays(region: str, year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("GB", subdiv=REGIONS[region], years=[year]))


def bank_holidays(first: date, last: date) -> dict[date, str]:
    """Bank holidays (date: name) from `first` to `last`, in the site's region."""
    region = bank_holiday_region()
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update(_bank_holidays(region, year))
    return {day: name for day, name in sorted(found.items()) if first <= day <= last}


def closure_dates(programme: Programme) -> set[date]:
    if programme.pk is None:
        return set()
    return set(programme.closures.values_list("date", flat=True))


def programme_days(programme: Programme) -> list[date]:
    """The programme's dates on its weekdays, without bank holidays and its closure dates."""
    days = programme.dates()
    if not days:
        return []
    skip = set(bank_holidays(days[0], days[-1])) | closure_dates(programme)
    return [day for day in days if day not in skip]


def parse_time(value: str) -> time:
    hours, minutes = str(value).strip().split(":")[:2]
    return time(int(hours), int(minutes))


def programme_slot_starts(programme: Programme) -> list[datetime]:
    """Every working date of the programme at every slot time, as aware local datetimes."""
    zone = local_zone()
    times = sorted(parse_time(value) for value in (programme.slot_times or []))
    return [
        datetime.combine(day, at, tzinfo=zone) for day in programme_days(programme) for at in times
    ]


def unit_session_minutes(programme: Programme, unit: Unit) -> int:
    """A unit's sessions last the module's length, or less where the ward sets a shorter session."""
    module_minutes = programme.module.default_minutes or DEFAULT_SESSION_MINUTES
    return min(module_minutes, unit.session_minutes or module_minutes)


def session_minutes(programme: Programme, units: Iterable[Unit] | None = None) -> int:
    """The longest session of the programme (what rooms and trainers must be free for)."""
    units = list(programme.units.all() if units is None else units)
    if not units:
        return programme.module.default_minutes or DEFAULT_SESSION_MINUTES
    return max(unit_session_minutes(programme, unit) for unit in units)


def session_size(programme: Programme, units: Iterable[Unit]) -> int:
    """The module's group size, capped by the smallest unit limit (the solver has one size for all)."""
    sizes = [programme.module.default_group_size or 15]
    sizes += [unit.session_size for unit in units]
    return min(sizes)
