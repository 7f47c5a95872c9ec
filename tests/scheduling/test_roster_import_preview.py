"""Preview before writing: an upload shows what it would change and only "Import these changes" writes
it, exactly as shown, once; large imports go through the django-q2 task with progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_q.models import Task

from scheduling.models import Person, RosterImport, Shift
from scheduling.services.roster_import import batches, checking, roster_template_xlsx
from scheduling.services.roster_import.batches import roster_import_execute
from tests.conftest import _user_in
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

HEADER = "code,display_name,kind,discipline,floor_staff,units,email,communication_needs,active\n"
FILE = (
    HEADER
    + "BIR-N01,Amira Kh.,staff,nurse,,birch;cedar,,,yes\n"  # changed: name and units
    + "BIR-N02,Bram T.,staff,nurse,,birch,,,yes\n"  # unchanged
    + "BIR-R05,Cai D.,resident,,,birch,,easy_read,yes\n"  # new
)


@pytest.fixture
def roster():
    birch = UnitFactory(slug="birch")
    UnitFactory(slug="cedar")
    amira = PersonFactory(
        code="BIR-N01", display_name="Amira K.", discipline="nurse", units=[birch]
    )
    bram = PersonFactory(code="BIR-N02", display_name="Bram T.", discipline="nurse", units=[birch])
    return amira, bram


def _upload(client, text, name="people.csv"):
    content = text if isinstance(text, bytes) else text.encode()
    return client.post(
        reverse("scheduling_roster_import"), {"files": SimpleUploadedFile(name, content)}
    )


def _snapshot():
    return sorted(
        (p.code, p.display_name, p.kind, tuple(sorted(u.slug for u in p.units.all())))
        for p in Person.objects.prefetch_related("units")
    )


def test_preview_shows_new_changed_with_fields_and_unchanged_and_writes_nothing(
    client, coordinator, roster
):
    before = _snapshot()
    client.force_login(coordinator)
    response = _upload(client, FILE)
    batch = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("scheduling_roster_import_preview", args=[batch.pk])

    page = client.get(response["Location"]).content.decode()

    assert _snapshot() == before
    assert batch.status == "previewed"
    assert [p["code"] for p in batch.plan["people"]["new"]] == ["BIR-R05"]
    [changed] = batch.plan["people"]["changed"]
    assert {(c["field"], c["old"], c["new"]) for c in changed["changes"]} == {
        ("display name", "Amira K.", "Amira Kh."),
        ("units", "birch", "birch, cedar"),
    }
    assert [p["code"] for p in batch.plan["people"]["unchanged"]] == ["BIR-N02"]
    assert "People who will change" in page and "Amira Kh." in page and "birch, cedar" in page
    assert "New people" in page and "Cai D." in page
    assert "1 person stays as they are" in page and "Bram T." in page
    assert "Import these changes" in page


def test_confirm_writes_exactly_the_preview_once(client, coordinator, roster):
    client.force_login(coordinator)
    _upload(client, FILE)
    batch = RosterImport.objects.get()
    confirm = reverse("scheduling_roster_import_confirm", args=[batch.pk])

    response = client.post(confirm, {"sha256": batch.sha256}, follow=True)

    assert "Roster imported. People: 1 new, 1 changed, 1 unchanged" in response.content.decode()
    amira = Person.objects.get(code="BIR-N01")
    assert amira.display_name == "Amira Kh."
    assert sorted(amira.units.values_list("slug", flat=True)) == ["birch", "cedar"]
    assert Person.objects.get(code="BIR-R05").wants_easy_read
    batch.refresh_from_db()
    assert batch.status == "done" and not bytes(batch.content)
    after = _snapshot()

    again = client.post(confirm, {"sha256": batch.sha256})  # a second press, or a replayed form

    assert again.status_code == 302
    assert _snapshot() == after and Person.objects.count() == 3


def test_a_roster_changed_since_the_preview_is_not_written(client, coordinator, roster):
    amira, _bram = roster
    client.force_login(coordinator)
    _upload(client, FILE)
    batch = RosterImport.objects.get()
    amira.display_name = "Amira Changed Meanwhile"
    amira.save()

    response = client.post(
        reverse("scheduling_roster_import_confirm", args=[batch.pk]),
        {"sha256": batch.sha256},
        follow=True,
    )

    assert "the roster changed after you checked the file" in response.content.decode()
    assert not Person.objects.filter(code="BIR-R05").exists()
    amira.refresh_from_db()
    assert amira.display_name == "Amira Changed Meanwhile"
    batch.refresh_from_db()
    assert batch.status == "failed" and not bytes(batch.content)


def test_a_confirmation_for_other_bytes_or_by_someone_else_writes_nothing(
    client, coordinator, roster
):
    client.force_login(coordinator)
    _upload(client, FILE)
    batch = RosterImport.objects.get()
    confirm = reverse("scheduling_roster_import_confirm", args=[batch.pk])

    response = client.post(confirm, {"sha256": "0" * 64}, follow=True)
    assert "different file than the preview" in response.content.decode()

    client.force_login(_user_in("Coordinators", username="another-coordinator"))
    assert client.post(confirm, {"sha256": batch.sha256}).status_code == 404
    assert (
        client.get(reverse("scheduling_roster_import_preview", args=[batch.pk])).status_code == 404
    )
    assert not Person.objects.filter(code="BIR-R05").exists()
    batch.refresh_from_db()
    assert batch.status == "previewed"


def test_an_old_preview_cannot_be_confirmed(client, coordinator, roster, settings):
    client.force_login(coordinator)
    _upload(client, FILE)
    batch = RosterImport.objects.get()
    RosterImport.objects.filter(pk=batch.pk).update(created_at="2020-01-01T00:00Z")

    response = client.post(
        reverse("scheduling_roster_import_confirm", args=[batch.pk]),
        {"sha256": batch.sha256},
        follow=True,
    )

    assert "This preview is out of date" in response.content.decode()
    assert not Person.objects.filter(code="BIR-R05").exists()
    batch.refresh_from_db()
    assert batch.status == "expired" and not bytes(batch.content)


def test_a_newer_upload_replaces_the_earlier_preview(client, coordinator, roster):
    client.force_login(coordinator)
    _upload(client, FILE)
    first = RosterImport.objects.get()
    _upload(client, FILE.replace("Amira Kh.", "Amira Khan"))
    response = client.post(
        reverse("scheduling_roster_import_confirm", args=[first.pk]),
        {"sha256": first.sha256},
        follow=True,
    )
    assert "A newer upload replaced this preview" in response.content.decode()
    assert Person.objects.get(code="BIR-N01").display_name == "Amira K."
    first.refresh_from_db()
    assert first.status == "expired" and not bytes(first.content) and first.plan == {}


def test_uploading_the_untouched_template_changes_nothing_and_says_why(client, coordinator, roster):
    before = _snapshot()
    client.force_login(coordinator)
    response = _upload(client, roster_template_xlsx(), name="alongside-roster-template.xlsx")
    content = response.content.decode()
    assert response.status_code == 200
    assert "This is the template as it came" in content
    assert "example row from the template" in content
    assert _snapshot() == before and not RosterImport.objects.exists()


@pytest.mark.parametrize(
    "content,expected",
    [
        (HEADER.encode() + b"BIR-N09,Bad \xff name,staff,nurse,,birch,,,\n", "not UTF-8 text"),
        ((HEADER + "BIR-N09,Ok,staff,nurse,,birch,,,\n").encode("utf-16"), "UTF-16"),
        ((HEADER + f"BIR-N09,{'x' * 5_300_000},staff,nurse,,birch,,,\n").encode(), "far too long"),
        ((HEADER + f"{'C' * 41},Ok,staff,nurse,,birch,,,\n").encode(), "at most 40 characters"),
        ((HEADER + "BIR-N09,O\x00k,staff,nurse,,birch,,,\n").encode(), "NUL"),
        ((HEADER + "BIR-N09,O\u202ek,staff,nurse,,birch,,,\n").encode(), "U+202E"),
    ],
    ids=["undecodable", "utf16", "5mb-field", "41-char-code", "nul", "bidi"],
)
def test_the_import_screen_answers_hostile_files_with_row_errors(
    client, coordinator, roster, content, expected
):
    before = _snapshot()
    client.force_login(coordinator)
    response = _upload(client, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page and expected in page
    assert _snapshot() == before and not RosterImport.objects.exists()


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(
    client, coordinator, roster, settings
):
    settings.ALONGSIDE_ROSTER_IMPORT_MAX_BYTES = 100
    client.force_login(coordinator)
    response = _upload(client, FILE)
    assert "the largest roster file we take is 100\xa0bytes" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_large_import_runs_as_a_task_with_progress(
    client, coordinator, roster, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.ALONGSIDE_ROSTER_IMPORT_TASK_ROWS = 2
    monkeypatch.setattr(checking, "PROGRESS_EVERY", 4)
    reports = []
    report = batches._report
    monkeypatch.setattr(
        batches,
        "_report",
        lambda batch, phase, done: (reports.append((str(phase), done)), report(batch, phase, done)),
    )
    shifts = "code,date,shift\n" + "".join(
        f"BIR-N02,2027-01-{day:02d},early\n" for day in range(1, 11)
    )
    client.force_login(coordinator)
    _upload(client, shifts, name="shifts.csv")
    batch = RosterImport.objects.get()
    preview = reverse("scheduling_roster_import_preview", args=[batch.pk])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("scheduling_roster_import_confirm", args=[batch.pk]), {"sha256": batch.sha256}
        )
    queued = client.get(preview, HTTP_ACCEPT="application/json").json()
    assert queued["status"] == "queued" and not queued["finished"] and queued["rows"] == 10
    assert "Importing" in client.get(preview).content.decode()
    assert not Shift.objects.exists()

    for callback in callbacks:  # the commit queues the task; Q_CLUSTER sync runs it here
        callback()

    assert Task.objects.filter(name=f"roster-import-{batch.pk}", success=True).exists()
    assert reports == [
        ("Checking the rows", 0),
        ("Checking the rows", 4),
        ("Checking the rows", 8),
        ("Saving every row in one step", 10),
    ]
    done = client.get(preview, HTTP_ACCEPT="application/json").json()
    assert done["status"] == "done" and done["finished"]
    assert Shift.objects.filter(person__code="BIR-N02").count() == 10

    assert roster_import_execute(import_id=batch.pk).status == "done"  # a retry does nothing
    assert Shift.objects.count() == 10
