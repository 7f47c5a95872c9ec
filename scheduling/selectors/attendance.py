"""Reads about registers: which marks a register offers, and when it may be taken.

(Who declined and must not be re-planned is read by `scheduling.planning.due.declined`.)
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from scheduling.models import Attendance, Session

# The register's buttons, in the order a trainer meets them.
REGISTER_STATUSES = (
    Attendance.Status.PRESENT,
    Attendance.Status.LEFT_EARLY,
    Attendance.Status.ABSENT,
    Attendance.Status.DECLINED,
    Attendance.Status.EXCUSED,
)


def register_opens_minutes() -> int:
    return int(getattr(settings, "ALONGSIDE_REGISTER_OPENS_MINUTES", 30))


@dataclass(frozen=True)
class RegisterWindow:
    """When a register may be taken: from shortly before the start to the end of the session's day."""

    opens: datetime
    closes: datetime
    state: str  # "not_yet", "open" or "closed"

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    def reason(self) -> str:
        """Why the register cannot be taken now, in words for the page (empty when it is open)."""
        if self.state == "not_yet":
            opens = timezone.localtime(self.opens)
            return _(
                "The register opens at %(time)s on %(day)s, %(minutes)s minutes before the session "
                "starts."
            ) % {
                "time": format_date(opens, "H:i"),
                "day": format_date(opens, "l j F"),
                "minutes": register_opens_minutes(),
            }
        if self.state == "closed":
            return _(
                "The register closed at the end of the session's day. A coordinator can correct it; "
                "each correction is recorded."
            )
        return ""


def register_window(*, session: Session, now: datetime | None = None) -> RegisterWindow:
    now = now or timezone.now()
    opens = session.start - timedelta(minutes=register_opens_minutes())
    local_day = timezone.localtime(session.start).date()
    closes = datetime.combine(
        local_day + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
    )
    if now < opens:
        state = "not_yet"
    elif now >= closes:
        state = "closed"
    else:
        state = "open"
    return RegisterWindow(opens=opens, closes=closes, state=state)
