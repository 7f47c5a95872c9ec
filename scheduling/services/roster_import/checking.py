"""Checking every row of a roster file against the rules and the roster, without writing anything.

The checker collects every problem (sheet, row, column, reason) rather than stopping at the first, so a
coordinator fixes a file in one go. What it returns is plain data: the people, shifts and unavailable
times the file asks for, ready to be compared with the roster (`planning`) and written (`writing`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scheduling.models import Person, Unit

from .columns import EXAMPLE_PREFIX, REQUIRED, SHEETS
from .errors import RowError
from .reading import Row, Sheet, cell_problem
from .times import TimesChecks

# How often (in rows) the checker reports its progress.
PROGRESS_EVERY = 500
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass
class CheckedRoster:
    """What a file asks for, once every row has passed: people by code, shifts and unavailable times."""

    people: dict[str, dict] = field(default_factory=dict)
    shifts: list[dict] = field(default_factory=list)
    windows: list[dict] = field(default_factory=list)
    rows: int = 0
    example_rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def untouched_template(self) -> bool:
        return bool(self.rows) and self.example_rows == self.rows


def roster_check(
    *, sheets: list[Sheet], progress: Callable[[int], None] | None = None
) -> CheckedRoster:
    """Check every row of every sheet; the result's `errors` lists every problem found.

    `progress(rows_checked)` is called every `PROGRESS_EVERY` rows, for the worker's progress display.
    """
    checker = Checker(progress=progress)
    rows = checker.rows(sheets)
    result = CheckedRoster()
    result.people = checker.people(rows["people"])
    result.shifts = checker.shifts(rows["shifts"], result.people)
    result.windows = checker.unavailable(rows["unavailable"], result.people)
    result.rows = sum(len(sheet_rows) for sheet_rows in rows.values()) + checker.skipped_rows
    result.example_rows = checker.example_rows
    result.errors = checker.errors
    return result


class Checker(TimesChecks):
    def __init__(self, progress: Callable[[int], None] | None = None):
        self.progress = progress
        self.checked = 0
        self.errors: list[RowError] = []
        self.bad_rows: set[tuple[str, int]] = set()
        self.example_rows = 0
        self.skipped_rows = 0
        self.unreadable_codes: set[str] = set()
        self.units = {unit.slug: unit for unit in Unit.objects.all()}
        self.existing = {p.code: p for p in Person.objects.prefetch_related("units")}
        self.code_length = Person._meta.get_field("code").max_length

    def error(self, row: Row, column: str, message: str) -> None:
        self.errors.append(RowError(row.sheet, row.number, column, message))
        self.bad_rows.add((row.sheet, row.number))

    def tick(self) -> None:
        self.checked += 1
        if self.progress and self.checked % PROGRESS_EVERY == 0:
            self.progress(self.checked)

    def has_errors(self, row: Row) -> bool:
        return (row.sheet, row.number) in self.bad_rows

    # Sheets and cells

    def rows(self, sheets: list[Sheet]) -> dict[str, list[Row]]:
        by_kind: dict[str, list[Row]] = {key: [] for key in SHEETS}
        for sheet in sheets:
            if sheet.kind not in SHEETS or not sheet.rows:
                self.errors.append(
                    RowError(
                        sheet.label,
                        1,
                        "",
                        _(
                            "We could not tell what this sheet holds. Its first row must name the "
                            "columns of a People, Shifts or Unavailable sheet (see the template)."
                        ),
                    )
                )
                continue
            header = self._header(sheet)
            for number, cells in enumerate(sheet.rows[1:], start=2):
                row = self._row(sheet.kind, number, header, cells)
                if row is not None:
                    by_kind[sheet.kind].append(row)
        return by_kind

    def _header(self, sheet: Sheet) -> list[str]:
        header = [column.strip().lower() for column in sheet.rows[0]]
        seen = set()
        for index, column in enumerate(header):
            problem = cell_problem(column)
            if problem:
                self.errors.append(RowError(sheet.kind, 1, "", problem))
                header[index] = ""
            elif column and column not in SHEETS[sheet.kind]:
                self.errors.append(
                    RowError(sheet.kind, 1, column, _("This column is not one we know; remove it."))
                )
            elif column and column in seen:
                self.errors.append(
                    RowError(sheet.kind, 1, column, _("This column is named twice; keep one."))
                )
            seen.add(column)
        for column in sorted(REQUIRED[sheet.kind] - seen):
            self.errors.append(
                RowError(
                    sheet.kind, 1, column, _("This column is missing; add it (see the template).")
                )
            )
        return header

    def _row(self, kind: str, number: int, header: list[str], cells: list[str]) -> Row | None:
        row = Row(kind, number, {})
        for index, cell in enumerate(cells):
            column = header[index] if index < len(header) else ""
            value = (cell or "").strip()
            problem = cell_problem(value)
            if problem:
                self.error(row, column, problem)
            elif column:
                row.values[column] = value
            elif value:
                self.error(row, "", _("This cell has no column name above it; move or delete it."))
        if self.has_errors(row):
            # The row cannot be trusted, so it is checked no further; its code (when readable) still
            # counts as known so the person's other rows do not each report "no such person".
            self.skipped_rows += 1
            if row.values.get("code"):
                self.unreadable_codes.add(row.values["code"])
            return None
        return row if any(row.values.values()) else None

    def code_problem(self, code: str) -> str | None:
        if code.upper().startswith(EXAMPLE_PREFIX):
            self.example_rows += 1
            return _(
                "This is an example row from the template; replace it with a real person's row, "
                "or delete it."
            )
        if len(code) > self.code_length:
            return _(
                "A roster code is at most %(limit)s characters long; this one has %(count)s."
            ) % {"limit": self.code_length, "count": len(code)}
        return None

    # People

    def people(self, rows: list[Row]) -> dict[str, dict]:
        seen: dict[str, int] = {}
        people = {}
        for row in rows:
            self.tick()
            code = row.values.get("code", "")
            problem = (
                _("Every person needs a roster code.") if not code else self.code_problem(code)
            )
            if problem:
                self.error(row, "code", problem)
                continue
            if code in seen:
                self.error(
                    row,
                    "code",
                    _("The person with code “%(code)s” is already in row %(row)s.")
                    % {"code": code, "row": seen[code]},
                )
                continue
            seen[code] = row.number
            record = self._person(row, code)
            if not self.has_errors(row):
                self._check_person_model(row, record)
            if not self.has_errors(row):
                self._check_kind_change(row, record)
            people[code] = record
        return people

    def _person(self, row: Row, code: str) -> dict:
        v = row.values
        record = {"row": row.number, "code": code, "display_name": v.get("display_name", "")}
        if not record["display_name"]:
            self.error(row, "display_name", _("Every person needs a display name."))
        kind = v.get("kind", "").lower()
        if kind not in Person.Kind.values:
            self.error(
                row,
                "kind",
                _("“%(value)s” is not a kind of person; write staff or resident.")
                % {"value": v.get("kind", "")},
            )
        record["kind"] = kind
        discipline = v.get("discipline", "").lower().replace(" ", "_")
        if discipline and discipline not in Person.Discipline.values:
            self.error(
                row,
                "discipline",
                _("“%(value)s” is not a discipline we know. Use one of: %(known)s.")
                % {"value": v["discipline"], "known": ", ".join(Person.Discipline.values)},
            )
        record["discipline"] = discipline
        for column in ("floor_staff", "active"):
            answer = v.get(column, "").lower()
            if answer and answer not in YES | NO:
                self.error(row, column, _("Write yes or no, or leave it empty."))
        floor = v.get("floor_staff", "").lower()
        if floor in YES | NO:
            record["is_floor_staff"] = floor in YES
        else:
            record["is_floor_staff"] = kind == "staff" and discipline in Person.FLOOR_DISCIPLINES
        record["active"] = v.get("active", "").lower() not in NO
        record["units"] = self._units(row, v.get("units", ""))
        email = v.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.error(
                    row, "email", _("“%(value)s” is not an e-mail address.") % {"value": email}
                )
        record["email"] = email
        needs = [n.lower().replace(" ", "_") for n in split(v.get("communication_needs", ""))]
        for need in needs:
            if need not in Person.CommunicationNeed.values:
                self.error(
                    row,
                    "communication_needs",
                    _("“%(value)s” is not a communication need we know. Use: %(known)s.")
                    % {"value": need, "known": ", ".join(Person.CommunicationNeed.values)},
                )
        record["communication_needs"] = needs
        return record

    def _units(self, row: Row, value: str) -> list[str]:
        slugs = []
        for slug in split(value):
            if slug.lower() in self.units:
                slugs.append(slug.lower())
            else:
                self.error(
                    row,
                    "units",
                    _("There is no unit “%(slug)s”. Known units: %(known)s.")
                    % {"slug": slug, "known": ", ".join(sorted(self.units)) or _("none yet")},
                )
        if not split(value):
            self.error(row, "units", _("Name at least one unit."))
        return sorted(set(slugs))

    def _check_person_model(self, row: Row, record: dict) -> None:
        candidate = Person(
            code=record["code"],
            display_name=record["display_name"],
            kind=record["kind"],
            discipline=record["discipline"],
            is_floor_staff=record["is_floor_staff"],
            email=record["email"],
            communication_needs=record["communication_needs"],
        )
        try:
            candidate.full_clean(exclude=["units", "user", "code"], validate_unique=False)
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                column = {"is_floor_staff": "floor_staff"}.get(column, column)
                for message in messages:
                    self.error(row, column, message)

    def _check_kind_change(self, row: Row, record: dict) -> None:
        """Staff and residents are planned by different rules; a person with shifts or bookings cannot
        change kind, or their shifts would belong to a resident and their bookings break the rules."""
        person = self.existing.get(record["code"])
        if person is None or person.kind == record["kind"]:
            return
        counts = Person.objects.filter(pk=person.pk).aggregate(
            shifts=Count("shifts", distinct=True), bookings=Count("attendances", distinct=True)
        )
        if not counts["shifts"] and not counts["bookings"]:
            return
        attached = []
        if counts["shifts"]:
            attached.append(
                ngettext("%(count)s shift", "%(count)s shifts", counts["shifts"])
                % {"count": counts["shifts"]}
            )
        if counts["bookings"]:
            attached.append(
                ngettext(
                    "%(count)s session booking", "%(count)s session bookings", counts["bookings"]
                )
                % {"count": counts["bookings"]}
            )
        self.error(
            row,
            "kind",
            _(
                "%(name)s is %(old)s on the roster and has %(attached)s, so we cannot change them to "
                "%(new)s. If this is a different person, give them a new code."
            )
            % {
                "name": person.display_name,
                "old": person.get_kind_display().lower(),
                "new": Person.Kind(record["kind"]).label.lower(),
                "attached": _(" and ").join(attached),
            },
        )


def split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]
