"""Hostile and careless roster files: each gets a specific, row-numbered answer and writes nothing."""

import io

import pytest
from openpyxl import load_workbook

from scheduling.models import Person, Shift
from scheduling.services.roster_import import (
    RosterImportError,
    roster_check_files,
    roster_import,
    roster_template_xlsx,
)
from tests.factories import AttendanceFactory, PersonFactory, ResidentFactory, UnitFactory

pytestmark = pytest.mark.django_db

HEADER = "code,display_name,kind,discipline,floor_staff,units,email,communication_needs,active\n"
GOOD = "BIR-N01,Amira K.,staff,nurse,,birch,,,yes\n"


@pytest.fixture(autouse=True)
def birch():
    return UnitFactory(slug="birch", name="Birch Ward")


def _refused(content: bytes, name="people.csv"):
    with pytest.raises(RosterImportError) as caught:
        roster_import(files=[(name, content)])
    assert Person.objects.count() == 0 and Shift.objects.count() == 0
    return caught.value.errors


def test_undecodable_bytes_are_named_by_row_and_byte():
    content = (HEADER + GOOD).encode() + b"BIR-N02,Bad \xff\xfe name,staff,nurse,,birch,,,\n"
    errors = _refused(content)
    assert [(e.sheet, e.row) for e in errors] == [("people.csv", 3)]
    assert "not UTF-8 text (byte 0xFF at position 13)" in errors[0].message
    assert "CSV UTF-8" in errors[0].message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_is_named(encoding):
    errors = _refused((HEADER + GOOD).encode(encoding))
    assert [(e.sheet, e.row) for e in errors] == [("people.csv", 1)]
    assert "saved as UTF-16 text" in errors[0].message


def test_a_five_megabyte_field_is_named_by_row():
    huge = "x" * (5 * 1024 * 1024)
    errors = _refused((HEADER + GOOD + f"BIR-N02,{huge},staff,nurse,,birch,,,\n").encode())
    assert [(e.sheet, e.row) for e in errors] == [("people.csv", 3)]
    assert "far too long" in errors[0].message


def test_a_long_cell_under_the_reader_limit_is_named_by_row_and_column():
    errors = _refused((HEADER + f"BIR-N02,{'y' * 5000},staff,nurse,,birch,,,\n").encode())
    assert [(e.row, e.column) for e in errors] == [(2, "display_name")]
    assert "holds 5,000 characters" in errors[0].message


def test_a_41_character_code_is_refused_before_the_database_sees_it():
    code = "C" * 41
    errors = _refused((HEADER + f"{code},Bram T.,staff,nurse,,birch,,,\n").encode())
    assert [(e.row, e.column) for e in errors] == [(2, "code")]
    assert "at most 40 characters long; this one has 41" in errors[0].message


@pytest.mark.parametrize(
    "character,named",
    [("\x00", "NUL"), ("\u202e", "U+202E"), ("\u2066", "U+2066"), ("\u200f", "U+200F")],
)
def test_nul_and_bidi_controls_are_refused(character, named):
    errors = _refused((HEADER + f"BIR-N02,Bram{character} T.,staff,nurse,,birch,,,\n").encode())
    assert [(e.row, e.column) for e in errors] == [(2, "display_name")]
    assert "hidden control character" in errors[0].message and named in errors[0].message


def test_a_bidi_control_in_a_shift_code_is_refused():
    PersonFactory(code="BIR-N01", units=[UnitFactory()])
    with pytest.raises(RosterImportError) as caught:
        roster_import(
            files=[("shifts.csv", "code,date,shift\nBIR\u202e-N01,2027-01-11,early\n".encode())]
        )
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "code")]
    assert not Shift.objects.exists()


def test_a_damaged_xlsx_is_refused_plainly():
    errors = _refused(b"PK\x03\x04 not really a zip", name="roster.xlsx")
    assert "not a readable .xlsx workbook" in errors[0].message


def test_size_limits_are_settings_with_a_clear_message(settings):
    settings.ALONGSIDE_ROSTER_IMPORT_MAX_BYTES = 1000
    errors = _refused((HEADER + GOOD * 40).encode())
    assert [(e.row, e.column) for e in errors] == [(0, "")]
    assert "the largest roster file we take is 1000\xa0bytes" in errors[0].message
    settings.ALONGSIDE_ROSTER_IMPORT_MAX_BYTES = 10_000_000
    settings.ALONGSIDE_ROSTER_IMPORT_MAX_ROWS = 3
    rows = "".join(f"BIR-N{i:02d},Person {i},staff,nurse,,birch,,,\n" for i in range(5))
    errors = _refused((HEADER + rows).encode())
    assert "more than 3 rows" in errors[0].message


def test_changing_kind_is_refused_when_shifts_are_attached():
    nurse = PersonFactory(code="BIR-N01", kind="staff", discipline="nurse", units=[UnitFactory()])
    Shift.objects.create(person=nurse, date="2027-01-11", kind="early")
    Shift.objects.create(person=nurse, date="2027-01-12", kind="late")
    with pytest.raises(RosterImportError) as caught:
        roster_import(
            files=[("p.csv", (HEADER + "BIR-N01,Amira K.,resident,,,birch,,,\n").encode())]
        )
    [error] = caught.value.errors
    assert (error.row, error.column) == (2, "kind")
    assert "is staff on the roster and has 2 shifts, so we cannot change them to resident" in (
        error.message
    )
    nurse.refresh_from_db()
    assert nurse.kind == "staff"


def test_changing_kind_is_refused_when_session_bookings_are_attached():
    resident = ResidentFactory(code="ROW-R07", display_name="Ada Y.", units=[UnitFactory()])
    AttendanceFactory(person=resident)
    with pytest.raises(RosterImportError) as caught:
        roster_import(
            files=[("p.csv", (HEADER + "ROW-R07,Ada Y.,staff,nurse,,birch,,,\n").encode())]
        )
    [error] = caught.value.errors
    assert (error.row, error.column) == (2, "kind")
    assert "is resident on the roster and has 1 session booking" in error.message
    resident.refresh_from_db()
    assert resident.kind == "resident"


def test_changing_kind_is_allowed_when_nothing_is_attached():
    PersonFactory(code="BIR-N01", kind="staff", discipline="nurse", units=[UnitFactory()])
    roster_import(files=[("p.csv", (HEADER + "BIR-N01,Amira K.,resident,,,birch,,,\n").encode())])
    assert Person.objects.get(code="BIR-N01").kind == "resident"


def test_the_untouched_template_changes_nothing_and_says_why():
    real = PersonFactory(code="BIR-N01", display_name="Real Person", units=[UnitFactory()])
    with pytest.raises(RosterImportError) as caught:
        roster_check_files(files=[("alongside-roster-template.xlsx", roster_template_xlsx())])
    assert caught.value.untouched_template
    assert all("example row from the template" in e.message for e in caught.value.errors)
    real.refresh_from_db()
    assert real.display_name == "Real Person" and Person.objects.count() == 1


def test_template_codes_can_never_match_real_ones():
    workbook = load_workbook(io.BytesIO(roster_template_xlsx()))
    codes = [
        row[0]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert codes and all(code.startswith("EXAMPLE-") for code in codes)
    # Even a real person who was given such a code by hand cannot be touched by an import row.
    PersonFactory(code="EXAMPLE-N01", display_name="Kept", units=[UnitFactory()])
    with pytest.raises(RosterImportError):
        roster_import(
            files=[("p.csv", (HEADER + "EXAMPLE-N01,Renamed,staff,nurse,,birch,,,\n").encode())]
        )
    assert Person.objects.get(code="EXAMPLE-N01").display_name == "Kept"


def test_an_xlsx_workbook_gets_the_same_cell_checks():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "People"
    sheet.append(["code", "display_name", "kind", "discipline", "units"])
    sheet.append(["BIR-N01", "Amira\u202e K.", "staff", "nurse", "birch"])
    sheet.append(["D" * 41, "Bram T.", "staff", "nurse", "birch"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    errors = _refused(buffer.getvalue(), name="roster.xlsx")
    assert [(e.sheet, e.row, e.column) for e in errors] == [
        ("people", 2, "display_name"),
        ("people", 3, "code"),
    ]
