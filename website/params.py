"""Query and form values from the address bar or a crafted request, checked before any view uses them.

A date far outside any training programme (`?week=9999-12-31`) used to reach date arithmetic and fail
with a 500; now it is answered with 400 and a sentence saying what was wrong (see `website.views.
bad_request`). So is a value that is not a date at all (`?week=soon`, `?date=abc`): the page used to
fall back to today without a word, showing a week nobody asked for. A parameter left empty (`?from=`,
as a filter form sends a blank field) means "not given" and keeps the page's default.
"""

from datetime import date

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# Wide enough for any programme, past or planned; narrow enough that a week or a day on either side
# of it is still a date.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


class BadParameter(BadRequest):
    """A value we cannot use. Its message is written for the person and shown on the 400 page."""


def day_param(value: str | None, *, default: date | None = None) -> date | None:
    """The ISO date in `value`; `default` when it is empty; 400 when it is not a date or out of range."""
    if not value or not value.strip():
        return default
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise BadParameter(
            _(
                "“%(value)s” is not a date. Please write the date as year-month-day, "
                "for example %(example)s."
            )
            % {"value": value.strip()[:40], "example": EARLIEST_DAY.replace(year=2026).isoformat()}
        ) from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise BadParameter(
            _(
                "%(day)s is not a date we can show. Please choose a date between %(first)s and %(last)s."
            )
            % {
                "day": day.isoformat(),
                "first": EARLIEST_DAY.year,
                "last": LATEST_DAY.year,
            }
        )
    return day


def choice_param(value: str | None, *, choices, what: str) -> str:
    """`value` when it is one of `choices`; otherwise 400 naming what was expected."""
    if value in choices:
        return value
    raise BadParameter(
        _("“%(value)s” is not a %(what)s we know.") % {"value": (value or "")[:40], "what": what}
    )
