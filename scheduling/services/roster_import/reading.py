"""Turning uploaded bytes into sheets of text cells, refusing what a roster file cannot be.

Everything here answers a careless or hostile file with a `RowError` naming the row: bytes that are not
UTF-8 text (the usual cause is Excel's "CSV" or "Unicode Text" instead of "CSV UTF-8"), a file or a
cell far too big to be a roster, too many rows, and hidden control characters (a NUL, or a bidirectional
override that makes "BIR-01" display as something else). Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .errors import RosterImportError, RowError

# The longest cell a roster can need (a list of units or communication needs); anything longer was
# pasted by mistake, or is an attack on the reader.
MAX_CELL_CHARS = 1000
# More columns than this in a sheet is not a roster (the widest sheet has nine).
MAX_COLUMNS = 40
# An .xlsx file is a zip: refuse one that unpacks to far more than the byte limit (a "zip bomb").
XLSX_UNPACKED_FACTOR = 20
# Characters that change how text is displayed without being seen: bidirectional embeddings, overrides
# and isolates, and marks that make two different codes look the same.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
INVISIBLE = BIDI_CONTROLS | {"\u200b", "\u2060", "\ufeff"}
MAX_ENCODING_ERRORS = 20


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> ImportLimits:
        return cls(
            max_bytes=settings.ALONGSIDE_ROSTER_IMPORT_MAX_BYTES,
            max_rows=settings.ALONGSIDE_ROSTER_IMPORT_MAX_ROWS,
        )


@dataclass
class Sheet:
    """One sheet of text cells; `kind` is people, shifts, unavailable or "unknown"."""

    kind: str
    label: str
    rows: list[list[str]]


@dataclass
class Row:
    """One data row of a sheet, its cells by column name; `number` counts the heading as row 1."""

    sheet: str
    number: int
    values: dict


def file_size(size: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(size)


def too_big_error(*, name: str, size: int, limits: ImportLimits) -> RowError:
    return RowError(
        name,
        0,
        "",
        _(
            "This file is %(size)s; the largest roster file we take is %(limit)s. Split it "
            "into smaller files (for example people in one, shifts in another) and upload each."
        )
        % {"size": file_size(size), "limit": file_size(limits.max_bytes)},
    )


def roster_file_read(*, name: str, content: bytes, limits: ImportLimits) -> list[Sheet]:
    """Return the sheets of a .csv or .xlsx file, or raise RosterImportError naming what is wrong."""
    if len(content) > limits.max_bytes:
        raise RosterImportError([too_big_error(name=name, size=len(content), limits=limits)])
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return _read_xlsx(name, content, limits)
    if lowered.endswith(".csv"):
        return [_read_csv(name, content, limits)]
    raise RosterImportError([RowError(name, 0, "", _("Upload a .csv or .xlsx file."))])


# CSV


def _looks_like_utf16(content: bytes) -> bool:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    # Without a byte-order mark, UTF-16 text of Latin letters has a zero byte in every other place.
    head = content[:200]
    if len(head) < 4:
        return False
    return max(head[0::2].count(0), head[1::2].count(0)) >= len(head) // 4


def _decode(name: str, content: bytes) -> str:
    if _looks_like_utf16(content):
        raise RosterImportError(
            [
                RowError(
                    name,
                    1,
                    "",
                    _(
                        "This file is saved as UTF-16 text (Excel calls it “Unicode Text”). Save it "
                        "again as “CSV UTF-8 (comma delimited)” and upload that."
                    ),
                )
            ]
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    errors = []
    for number, line in enumerate(content.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            errors.append(
                RowError(
                    name,
                    number,
                    "",
                    _(
                        "This row has bytes that are not UTF-8 text (byte %(byte)s at position "
                        "%(position)s). Save the file as “CSV UTF-8 (comma delimited)” and upload it "
                        "again."
                    )
                    % {
                        "byte": f"0x{line[error.start]:02X}",
                        "position": error.start + 1,
                    },
                )
            )
            if len(errors) >= MAX_ENCODING_ERRORS:
                break
    raise RosterImportError(errors)


def _read_csv(name: str, content: bytes, limits: ImportLimits) -> Sheet:
    text = _decode(name, content)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            if len(rows) > limits.max_rows:
                raise RosterImportError([too_many_rows_error(name=name, limits=limits)])
            rows.append(cells[:MAX_COLUMNS])
    except csv.Error as error:
        raise RosterImportError(
            [
                RowError(
                    name,
                    len(rows) + 1,
                    "",
                    _(
                        "This row could not be read: a cell is far too long, or a quotation mark "
                        '(") is opened and never closed.'
                    ),
                )
            ]
        ) from error
    return Sheet(sheet_kind_for_header(rows[0] if rows else []), name, rows)


def too_many_rows_error(*, name: str, limits: ImportLimits) -> RowError:
    return RowError(
        name,
        limits.max_rows + 2,
        "",
        _(
            "This file has more than %(limit)s rows; that is more than one import takes. Split it "
            "into smaller files and upload each."
        )
        % {"limit": number_format(limits.max_rows, force_grouping=True)},
    )


# XLSX


def _read_xlsx(name: str, content: bytes, limits: ImportLimits) -> list[Sheet]:
    from openpyxl import load_workbook

    from .columns import SHEETS

    unreadable = RowError(
        name, 0, "", _("This is not a readable .xlsx workbook. Open it in Excel and save it again.")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise RosterImportError([unreadable]) from error
    if unpacked > limits.max_bytes * XLSX_UNPACKED_FACTOR:
        raise RosterImportError([too_big_error(name=name, size=unpacked, limits=limits)])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise RosterImportError([unreadable]) from error
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            rows = []
            for values in worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                if len(rows) > limits.max_rows:
                    raise RosterImportError(
                        [too_many_rows_error(name=worksheet.title, limits=limits)]
                    )
                rows.append(["" if value is None else _cell_text(value) for value in values])
            while rows and not any(rows[-1]):
                rows.pop()
            kind = worksheet.title.strip().lower()
            if kind not in SHEETS:
                kind = sheet_kind_for_header(rows[0] if rows else [])
            sheets.append(Sheet(kind, worksheet.title, rows))
    except RosterImportError:
        raise
    except Exception as error:  # a damaged sheet inside a readable zip
        raise RosterImportError([unreadable]) from error
    finally:
        workbook.close()
    return sheets


def _cell_text(value) -> str:
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M")
            if (value.hour or value.minute)
            else f"{value:%Y-%m-%d}"
        )
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_kind_for_header(header: list[str]) -> str:
    from .columns import REQUIRED

    columns = {column.strip().lower() for column in header}
    for kind, required in REQUIRED.items():
        if required <= columns:
            return kind
    return "unknown"


# Cells


def cell_problem(value: str) -> str | None:
    """Why this cell cannot be imported (too long, or a hidden control character), or None."""
    if len(value) > MAX_CELL_CHARS:
        return _(
            "This cell holds %(count)s characters; a roster cell holds at most %(limit)s. Was "
            "something pasted here by mistake?"
        ) % {
            "count": number_format(len(value), force_grouping=True),
            "limit": number_format(MAX_CELL_CHARS, force_grouping=True),
        }
    for character in value:
        if character in INVISIBLE or unicodedata.category(character) == "Cc":
            return _(
                "This cell contains a hidden control character (%(name)s) that can hide or reorder "
                "text on screen. Delete the cell's text and type it again."
            ) % {"name": _character_name(character)}
    return None


def _character_name(character: str) -> str:
    if character == "\x00":
        return _("a NUL, “zero” character")
    if character in BIDI_CONTROLS:
        label = _("a right-to-left or left-to-right control")
    else:
        label = unicodedata.name(character, _("a control character")).lower()
    return f"{label}, U+{ord(character):04X}"
