"""Import a roster from CSV or XLSX: all or nothing, with every bad row named.

A file is read completely and checked before anything is written; one bad row means nothing is saved
and the coordinator sees every problem at once (sheet, row number, column, reason). Rows are matched by
natural keys (the person's roster code; person and date for shifts; person, start and end for
unavailable times), so importing the same file again changes nothing.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scheduling.models import Person, Shift, Unavailability, Unit
from scheduling.services.roster import person_upsert

PEOPLE_COLUMNS = [
    "code",
    "display_name",
    "kind",
    "discipline",
    "floor_staff",
    "units",
    "email",
    "communication_needs",
    "active",
]
SHIFT_COLUMNS = ["code", "date", "shift"]
UNAVAILABLE_COLUMNS = ["code", "start", "end", "reason"]
SHEETS = {"people": PEOPLE_COLUMNS, "shifts": SHIFT_COLUMNS, "unavailable": UNAVAILABLE_COLUMNS}
REQUIRED = {
    "people": {"code", "display_name", "kind", "units"},
    "shifts": {"code", "date", "shift"},
    "unavailable": {"code", "start", "end"},
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass(frozen=True, order=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("%(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.column:
            where += _(", column “%(column)s”") % {"column": self.column}
        return f"{where}: {self.message}"


class RosterImportError(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors)
        super().__init__(f"{len(self.errors)} problem(s) in the roster file")


@dataclass
class ImportResult:
    counts: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        parts = []
        for what in ("people", "shifts", "unavailable"):
            c = {k: self.counts[f"{what}_{k}"] for k in ("created", "updated", "unchanged")}
            if any(c.values()):
                parts.append(
                    _("%(what)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged")
                    % {"what": what.capitalize(), **c}
                )
        return "; ".join(parts) or _("The file had no rows.")


@dataclass
class _Row:
    sheet: str
    number: int
    values: dict


# Reading files


def _read_csv(name: str, content: bytes) -> list[tuple[str, list[list[str]]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text)))
    return [(_sheet_for_header(name, rows[0] if rows else []), rows)]


def _read_xlsx(name: str, content: bytes) -> list[tuple[str, list[list[str]]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheets = []
    for worksheet in workbook.worksheets:
        rows = [
            ["" if cell is None else _cell_text(cell) for cell in row]
            for row in worksheet.iter_rows(values_only=True)
        ]
        key = worksheet.title.strip().lower()
        if key not in SHEETS:
            key = _sheet_for_header(worksheet.title, rows[0] if rows else [])
        sheets.append((key, rows))
    return sheets


def _cell_text(cell) -> str:
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M") if (cell.hour or cell.minute) else f"{cell:%Y-%m-%d}"
    if isinstance(cell, date):
        return f"{cell:%Y-%m-%d}"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _sheet_for_header(name: str, header: list[str]) -> str:
    columns = {column.strip().lower() for column in header}
    for key, required in REQUIRED.items():
        if required <= columns:
            return key
    return f"unknown:{name}"


def roster_file_read(*, name: str, content: bytes) -> list[tuple[str, list[list[str]]]]:
    """Return (sheet kind, rows) pairs for a .csv or .xlsx file."""
    if name.lower().endswith(".xlsx"):
        try:
            return _read_xlsx(name, content)
        except Exception as error:  # openpyxl raises many types for a damaged file
            raise RosterImportError(
                [RowError(name, 0, "", _("This is not a readable .xlsx file (%s).") % error)]
            ) from error
    if name.lower().endswith(".csv"):
        return _read_csv(name, content)
    raise RosterImportError([RowError(name, 0, "", _("Upload a .csv or .xlsx file."))])


# Checking rows


class _Checker:
    def __init__(self):
        self.errors: list[RowError] = []
        self.units = {unit.slug: unit for unit in Unit.objects.all()}
        self.existing = {p.code: p for p in Person.objects.all()}

    def error(self, row: _Row, column: str, message: str) -> None:
        self.errors.append(RowError(row.sheet, row.number, column, message))

    def rows(self, sheets) -> dict[str, list[_Row]]:
        by_kind: dict[str, list[_Row]] = {key: [] for key in SHEETS}
        for kind, rows in sheets:
            label = kind.split(":", 1)[-1]
            if kind.startswith("unknown:") or not rows:
                self.errors.append(
                    RowError(
                        label,
                        1,
                        "",
                        _(
                            "We could not tell what this sheet holds. Its first row must name the "
                            "columns of a People, Shifts or Unavailable sheet (see the template)."
                        ),
                    )
                )
                continue
            header = [column.strip().lower() for column in rows[0]]
            unknown = [c for c in header if c and c not in SHEETS[kind]]
            for column in unknown:
                self.errors.append(
                    RowError(kind, 1, column, _("This column is not one we know; remove it."))
                )
            for number, cells in enumerate(rows[1:], start=2):
                values = {
                    header[i]: (cells[i] or "").strip()
                    for i in range(min(len(header), len(cells)))
                    if header[i]
                }
                if any(values.values()):
                    by_kind[kind].append(_Row(kind, number, values))
        return by_kind

    def people(self, rows: list[_Row]) -> dict[str, dict]:
        seen: dict[str, int] = {}
        people = {}
        for row in rows:
            v = row.values
            code = v.get("code", "")
            if not code:
                self.error(row, "code", _("Every person needs a roster code."))
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
            record = {"row": row, "code": code, "display_name": v.get("display_name", "")}
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
            floor = v.get("floor_staff", "").lower()
            if floor and floor not in YES | NO:
                self.error(row, "floor_staff", _("Write yes or no, or leave it empty."))
            record["is_floor_staff"] = None if not floor else floor in YES
            active = v.get("active", "").lower()
            if active and active not in YES | NO:
                self.error(row, "active", _("Write yes or no, or leave it empty."))
            record["active"] = active not in NO
            units = []
            for slug in _split(v.get("units", "")):
                unit = self.units.get(slug.lower())
                if unit is None:
                    self.error(
                        row,
                        "units",
                        _("There is no unit “%(slug)s”. Known units: %(known)s.")
                        % {"slug": slug, "known": ", ".join(sorted(self.units)) or _("none yet")},
                    )
                else:
                    units.append(unit)
            if not units and not any(
                e.row == row.number and e.column == "units" for e in self.errors
            ):
                self.error(row, "units", _("Name at least one unit."))
            record["units"] = units
            email = v.get("email", "")
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    self.error(
                        row, "email", _("“%(value)s” is not an e-mail address.") % {"value": email}
                    )
            record["email"] = email
            needs = [n.lower().replace(" ", "_") for n in _split(v.get("communication_needs", ""))]
            for need in needs:
                if need not in Person.CommunicationNeed.values:
                    self.error(
                        row,
                        "communication_needs",
                        _("“%(value)s” is not a communication need we know. Use: %(known)s.")
                        % {"value": need, "known": ", ".join(Person.CommunicationNeed.values)},
                    )
            record["communication_needs"] = needs
            if kind in Person.Kind.values and not any(e.row == row.number for e in self.errors):
                self._check_person_model(row, record)
            people[code] = record
        return people

    def _check_person_model(self, row: _Row, record: dict) -> None:
        floor = record["is_floor_staff"]
        if floor is None:
            floor = record["kind"] == "staff" and record["discipline"] in Person.FLOOR_DISCIPLINES
        candidate = Person(
            code=record["code"],
            display_name=record["display_name"],
            kind=record["kind"],
            discipline=record["discipline"],
            is_floor_staff=floor,
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

    def _kind_of(self, code: str, people: dict) -> str | None:
        if code in people:
            return people[code]["kind"]
        if code in self.existing:
            return self.existing[code].kind
        return None

    def _person_code(self, row: _Row, people: dict) -> str | None:
        code = row.values.get("code", "")
        if not code:
            self.error(row, "code", _("Name the person by their roster code."))
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

    def shifts(self, rows: list[_Row], people: dict) -> list[dict]:
        seen: dict[tuple, int] = {}
        shifts = []
        codes = {kind.value: kind.value for kind in Shift.Kind}
        codes.update({letter: kind.value for letter, kind in Shift.CODES.items()})
        codes.update({label.lower(): value for value, label in Shift.Kind.choices})
        for row in rows:
            code = self._person_code(row, people)
            day = _parse_date(row.values.get("date", ""))
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

    def unavailable(self, rows: list[_Row], people: dict) -> list[dict]:
        windows = []
        for row in rows:
            code = self._person_code(row, people)
            start = _parse_datetime(row.values.get("start", ""))
            end = _parse_datetime(row.values.get("end", ""))
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
            if code and start and end:
                windows.append({"code": code, "start": start, "end": end, "reason": reason})
        return windows


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def _parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _parse_datetime(value: str) -> datetime | None:
    for fmt in DATETIME_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(value.strip(), fmt))
        except ValueError:
            continue
    return None


# Writing


@transaction.atomic
def roster_import(*, files: list[tuple[str, bytes]]) -> ImportResult:
    """Check every row of every file, then write them all, or raise RosterImportError and write nothing."""
    checker = _Checker()
    sheets = []
    for name, content in files:
        try:
            sheets.extend(roster_file_read(name=name, content=content))
        except RosterImportError as error:
            checker.errors.extend(error.errors)
    rows = checker.rows(sheets)
    people = checker.people(rows["people"])
    shifts = checker.shifts(rows["shifts"], people)
    windows = checker.unavailable(rows["unavailable"], people)
    if checker.errors:
        raise RosterImportError(checker.errors)

    result = ImportResult()
    persons = dict(checker.existing)
    for code, record in people.items():
        person, status = person_upsert(
            code=code,
            display_name=record["display_name"],
            kind=record["kind"],
            units=record["units"],
            discipline=record["discipline"],
            is_floor_staff=record["is_floor_staff"],
            email=record["email"],
            communication_needs=record["communication_needs"],
            active=record["active"],
        )
        persons[code] = person
        result.counts[f"people_{status}"] += 1

    for item in shifts:
        person = persons[item["code"]]
        shift, created = Shift.objects.get_or_create(
            person=person, date=item["date"], defaults={"kind": item["kind"]}
        )
        if created:
            result.counts["shifts_created"] += 1
        elif shift.kind != item["kind"]:
            shift.kind = item["kind"]
            shift.save(update_fields=["kind"])
            result.counts["shifts_updated"] += 1
        else:
            result.counts["shifts_unchanged"] += 1

    for item in windows:
        window, created = Unavailability.objects.get_or_create(
            person=persons[item["code"]],
            start=item["start"],
            end=item["end"],
            defaults={"reason": item["reason"]},
        )
        if created:
            result.counts["unavailable_created"] += 1
        elif window.reason != item["reason"]:
            window.reason = item["reason"]
            window.save(update_fields=["reason"])
            result.counts["unavailable_updated"] += 1
        else:
            result.counts["unavailable_unchanged"] += 1
    return result


def roster_template_xlsx() -> bytes:
    """A workbook with the three sheets, their columns and one example row each."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    examples = {
        "people": [
            ["BIR-N01", "Amira K.", "staff", "nurse", "", "birch", "amira@example.org", "", "yes"],
            ["BIR-R01", "Cai D.", "resident", "", "", "birch", "", "easy_read", "yes"],
            ["MDT-01", "Nell P.", "staff", "psychologist", "no", "birch;cedar", "", "", "yes"],
        ],
        "shifts": [["BIR-N01", "2027-01-11", "early"], ["MDT-01", "2027-01-11", "day"]],
        "unavailable": [["BIR-R01", "2027-01-12 09:30", "2027-01-12 12:00", "appointment"]],
    }
    for index, (name, columns) in enumerate(SHEETS.items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = name.capitalize()
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for example in examples[name]:
            sheet.append(example)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
