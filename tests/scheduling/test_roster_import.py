"""The roster import: all or nothing, every bad row named, and a second run changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from scheduling.models import Person, Shift, Unavailability
from scheduling.services.roster_import import (
    RosterImportError,
    roster_import,
    roster_template_xlsx,
)
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

PEOPLE = (
    "code,display_name,kind,discipline,floor_staff,units,email,communication_needs,active\n"
    "BIR-N01,Amira K.,staff,nurse,,birch,amira@example.org,,yes\n"
    "BIR-R01,Cai D.,resident,,,birch,,easy_read,yes\n"
    "MDT-01,Nell P.,staff,psychologist,,birch;cedar,,,\n"
)
SHIFTS = "code,date,shift\nBIR-N01,2027-01-11,early\nBIR-N01,12/01/2027,L\nMDT-01,2027-01-11,day\n"
UNAVAILABLE = "code,start,end,reason\nBIR-R01,2027-01-12 09:30,2027-01-12 12:00,appointment\n"


@pytest.fixture
def units():
    return UnitFactory(slug="birch", name="Birch Ward"), UnitFactory(
        slug="cedar", name="Cedar Ward"
    )


def _files(*texts):
    return [(f"file{i}.csv", text.encode()) for i, text in enumerate(texts)]


def test_good_files_import_people_shifts_and_unavailable_times(units):
    result = roster_import(files=_files(PEOPLE, SHIFTS, UNAVAILABLE))

    assert result.counts["people_created"] == 3
    nurse = Person.objects.get(code="BIR-N01")
    assert nurse.is_floor_staff and nurse.discipline == "nurse"
    psychologist = Person.objects.get(code="MDT-01")
    assert not psychologist.is_floor_staff
    assert sorted(psychologist.units.values_list("slug", flat=True)) == ["birch", "cedar"]
    assert Person.objects.get(code="BIR-R01").wants_easy_read
    assert list(
        Shift.objects.filter(person=nurse).order_by("date").values_list("kind", flat=True)
    ) == [
        "early",
        "late",
    ]
    assert Unavailability.objects.get().reason == "appointment"


def test_importing_the_same_files_again_changes_nothing(units):
    roster_import(files=_files(PEOPLE, SHIFTS, UNAVAILABLE))
    before = (Person.objects.count(), Shift.objects.count(), Unavailability.objects.count())

    again = roster_import(files=_files(PEOPLE, SHIFTS, UNAVAILABLE))

    assert (Person.objects.count(), Shift.objects.count(), Unavailability.objects.count()) == before
    assert again.counts["people_unchanged"] == 3
    assert again.counts["shifts_unchanged"] == 3
    assert again.counts["unavailable_unchanged"] == 1
    assert not again.counts["people_created"] and not again.counts["people_updated"]


def test_a_changed_row_updates_the_person_it_names(units):
    roster_import(files=_files(PEOPLE))
    changed = PEOPLE.replace("Amira K.", "Amira Kh.")
    result = roster_import(files=_files(changed))
    assert result.counts["people_updated"] == 1
    assert Person.objects.get(code="BIR-N01").display_name == "Amira Kh."


def test_bad_rows_are_all_reported_and_nothing_is_written(units):
    people = (
        "code,display_name,kind,discipline,floor_staff,units,email,communication_needs,active\n"
        "BIR-N01,Amira K.,staff,nurse,,birch,,,\n"
        "BIR-N02,Bram T.,patient,,,birch,,,\n"  # row 3: wrong kind
        "BIR-N03,Cleo S.,staff,nurse,,oak,,,\n"  # row 4: unknown unit
        "BIR-N01,Amira Again,staff,nurse,,birch,,,\n"  # row 5: duplicate person
        "BIR-R09,Dev A.,resident,nurse,,birch,,,\n"  # row 6: resident with a discipline
    )
    shifts = (
        "code,date,shift\n"
        "BIR-N01,2027-02-31,early\n"  # row 2: bad date
        "BIR-N01,2027-03-01,brunch\n"  # row 3: unknown shift
        "NOBODY,2027-03-01,early\n"  # row 4: unknown person
    )

    with pytest.raises(RosterImportError) as caught:
        roster_import(files=_files(people, shifts))

    found = {(e.sheet, e.row, e.column) for e in caught.value.errors}
    assert ("people", 3, "kind") in found
    assert ("people", 4, "units") in found
    assert ("people", 5, "code") in found
    assert ("people", 6, "discipline") in found
    assert ("shifts", 2, "date") in found
    assert ("shifts", 3, "shift") in found
    assert ("shifts", 4, "code") in found
    messages = " ".join(str(e) for e in caught.value.errors)
    assert "There is no unit “oak”" in messages
    assert "already in row 2" in messages
    assert "“2027-02-31” is not a date" in messages
    assert Person.objects.count() == 0
    assert Shift.objects.count() == 0


def test_one_bad_row_stops_an_update_of_existing_people(units):
    existing = PersonFactory(code="BIR-N01", display_name="Old Name", units=[units[0]])
    people = (
        "code,display_name,kind,discipline,floor_staff,units,email,communication_needs,active\n"
        "BIR-N01,New Name,staff,nurse,,birch,,,\n"
        "BIR-N02,Bram T.,staff,nurse,,nowhere,,,\n"
    )
    with pytest.raises(RosterImportError):
        roster_import(files=_files(people))
    existing.refresh_from_db()
    assert existing.display_name == "Old Name"
    assert not Person.objects.filter(code="BIR-N02").exists()


def test_a_shift_for_a_resident_is_refused(units):
    with pytest.raises(RosterImportError) as caught:
        roster_import(files=_files(PEOPLE, "code,date,shift\nBIR-R01,2027-01-11,early\n"))
    assert [(e.sheet, e.row, e.column) for e in caught.value.errors] == [("shifts", 2, "code")]


def test_xlsx_workbook_with_three_sheets_imports(units):
    workbook = load_workbook(io.BytesIO(roster_template_xlsx()))
    assert [s.title for s in workbook.worksheets] == ["People", "Shifts", "Unavailable"]
    for sheet in workbook.worksheets:  # a coordinator replaces the example codes with real ones
        for (cell,) in sheet.iter_rows(min_row=2, max_col=1):
            cell.value = cell.value.replace("EXAMPLE-", "BIR-")
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = roster_import(files=[("roster.xlsx", buffer.getvalue())])

    assert result.counts["people_created"] == 3
    assert Shift.objects.count() == 2
    assert Unavailability.objects.count() == 1


def test_xlsx_errors_name_the_sheet_and_row(units):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "People"
    sheet.append(["code", "display_name", "kind", "units"])
    sheet.append(["X1", "Ezra B.", "staff", "birch"])  # staff without a discipline
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(RosterImportError) as caught:
        roster_import(files=[("roster.xlsx", buffer.getvalue())])
    assert [(e.sheet, e.row, e.column) for e in caught.value.errors] == [
        ("people", 2, "discipline")
    ]


def test_a_file_that_is_not_a_roster_is_refused(units):
    with pytest.raises(RosterImportError) as caught:
        roster_import(files=[("notes.csv", b"colour,size\nred,big\n")])
    assert "could not tell what this sheet holds" in str(caught.value.errors[0])
    with pytest.raises(RosterImportError):
        roster_import(files=[("roster.pdf", b"%PDF")])


def test_management_command_imports_and_reports_errors(units, tmp_path, capsys):
    good = tmp_path / "people.csv"
    good.write_text(PEOPLE)
    call_command("import_roster", str(good), "--dry-run")
    assert "Nothing written. Would change: People: 3 new" in capsys.readouterr().out
    assert Person.objects.count() == 0
    call_command("import_roster", str(good))
    assert Person.objects.count() == 3

    bad = tmp_path / "bad.csv"
    bad.write_text(PEOPLE.replace("birch;cedar", "elm"))
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_roster", str(bad))
    assert "people, row 4, column “units”" in capsys.readouterr().err
