"""Checking the Shifts and Unavailable sheets: each row names a person (in the file or on the roster), a
real date or time, and a known shift or reason; residents have no shifts, and a day has one shift."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from scheduling.models import Person, Shift, Unavailability

from .reading import Row

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M")


class TimesChecks:
    """Mixed into the `Checker`, whose `error`, `code_problem`, `existing` and `unreadable_codes` it uses."""

    def _kind_of(self, code: str, people: dict) -> str | None:
        if code in people:
            return people[code]["kind"]
        if code in self.existing:
            return self.existing[code].kind
        return None

    def _person_code(self, row: Row, people: dict) -> str | None:
        code = row.values.get("code", "")
        problem = (
            _("Name the person by their roster code.") if not code else self.code_problem(code)
        )
        if problem:
            self.error(row, "code", problem)
            return None
        if code in self.unreadable_codes:
            return None
        if self._kind_of(code, people) is None:
            self.error(
                row,
                "code",
                _("No person has the code “%(code)s”, in this file or on the roster.")
                % {"code": code},
            )
            return None
        return code

    def shifts(self, rows: list[Row], people: dict) -> list[dict]:
        seen: dict[tuple, int] = {}
        shifts = []
        codes = {kind.value: kind.value for kind in Shift.Kind}
        codes.update({letter: kind.value for letter, kind in Shift.CODES.items()})
        codes.update({str(label).lower(): value for value, label in Shift.Kind.choices})
        for row in rows:
            self.tick()
            code = self._person_code(row, people)
            day = parse_date(row.values.get("date", ""))
            if day is None:
                self.error(
                    row,
                    "date",
                    _("“%(value)s” is not a date. Write it as 2027-01-31 or 31/01/2027.")
                    % {"value": row.values.get("date", "")},
                )
            raw = row.values.get("shift", "")
            kind = codes.get(raw) or codes.get(raw.upper()) or codes.get(raw.lower())
            if kind is None:
                self.error(
                    row,
                    "shift",
                    _(
                        "“%(value)s” is not a shift. Use early, late, long_day, day, night, off or leave."
                    )
                    % {"value": raw},
                )
            if code and self._kind_of(code, people) == Person.Kind.RESIDENT:
                self.error(
                    row,
                    "code",
                    _("“%(code)s” is a resident; shifts are only for staff.") % {"code": code},
                )
                continue
            if code and day:
                if (code, day) in seen:
                    self.error(
                        row,
                        "date",
                        _("%(code)s already has a shift on %(day)s in row %(row)s.")
                        % {"code": code, "day": day.isoformat(), "row": seen[(code, day)]},
                    )
                    continue
                seen[(code, day)] = row.number
            if code and day and kind:
                shifts.append({"code": code, "date": day, "kind": kind})
        return shifts

    def unavailable(self, rows: list[Row], people: dict) -> list[dict]:
        windows = []
        seen = set()
        for row in rows:
            self.tick()
            code = self._person_code(row, people)
            start = parse_datetime(row.values.get("start", ""))
            end = parse_datetime(row.values.get("end", ""))
            for column, value in (("start", start), ("end", end)):
                if value is None:
                    self.error(
                        row,
                        column,
                        _("“%(value)s” is not a date and time. Write it as 2027-01-31 14:00.")
                        % {"value": row.values.get(column, "")},
                    )
            if start and end and end <= start:
                self.error(row, "end", _("The end must be after the start."))
                continue
            reason = row.values.get("reason", "").lower() or Unavailability.Reason.OTHER
            if reason not in Unavailability.Reason.values:
                self.error(row, "reason", _("Write leave, appointment or other."))
                continue
            if code and start and end and (code, start, end) not in seen:
                seen.add((code, start, end))
                windows.append({"code": code, "start": start, "end": end, "reason": reason})
        return windows


def parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        return day if 1900 <= day.year <= 2999 else None
    return None


def parse_datetime(value: str) -> datetime | None:
    for fmt in DATETIME_FORMATS:
        try:
            moment = datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
        if not 1900 <= moment.year <= 2999:
            return None
        try:
            return timezone.make_aware(moment)
        except (ValueError, OverflowError):
            return None
    return None
