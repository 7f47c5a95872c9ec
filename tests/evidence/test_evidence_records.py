"""Training records, the staff completion export for HR, the report CSVs and the My page links."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from modules.models import ModuleIdea
from scheduling.models import Attendance
from scheduling.planning.due import add_months
from tests.factories import PersonFactory, UserFactory

from .conftest import make_module, make_programme, make_session

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_staff_completion_export_lists_staff_marked_present_only(client, coordinator, provider):
    people, birch = provider["people"], provider["birch"]
    # A roster code that a spreadsheet would run as a formula comes out harmless.
    odd = PersonFactory(code="=HYPERLINK(1)", display_name="Staffname Odd", units=[birch])
    make_session(
        programme=provider["programme"],
        unit=birch,
        register=[(odd, Attendance.Status.PRESENT)],
    )
    client.force_login(coordinator)
    response = client.get(reverse("evidence:staff_completion_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    b1 = timezone.localtime(provider["sessions"]["b1"].start).date().isoformat()
    c1 = timezone.localtime(provider["sessions"]["c1"].start).date().isoformat()
    title = "Talking about risk together"
    assert rows[0] == ["roster_code", "module", "completion_date"]
    # N3 left early (attended, not completed); residents never appear, even those marked present.
    assert rows[1:] == [
        ["'=HYPERLINK(1)", title, b1],
        ["N1", title, b1],
        ["N2", title, b1],
        ["N5", title, c1],
        ["N6", title, c1],
        ["Q1", title, c1],
        ["S1", title, b1],
        ["Y1", title, b1],
    ]
    body = response.content.decode()
    assert "Residentname" not in body and "Staffname" not in body
    assert not any(row[0].startswith("R") for row in rows[1:])
    assert people["R1"].code == "R1"


def test_a_person_reads_their_own_record_and_nobody_else_s(client, attendee, provider):
    person = provider["people"]["N1"]
    person.user = attendee
    person.save()
    provider["programme"].refresher_months = 12
    provider["programme"].save()
    client.force_login(attendee)
    response = client.get(reverse("evidence:my_record"))
    assert response.status_code == 200
    completed = timezone.localtime(provider["sessions"]["b1"].start).date()
    record = response.context["completed"]
    assert [(e["module_title"], e["completed_on"]) for e in record] == [
        ("Talking about risk together", completed)
    ]
    assert record[0]["refresher_due"] == add_months(completed, 12)
    assert "My training record" in response.content.decode()
    assert client.get(reverse("evidence:record", args=[person.pk])).status_code == 200
    other = provider["people"]["N2"]
    assert client.get(reverse("evidence:record", args=[other.pk])).status_code == 403
    upcoming = client.get(reverse("evidence:record", args=[provider["people"]["N4"].pk]))
    assert upcoming.status_code == 403


def test_coordinator_finds_and_reads_anyone_s_record(client, coordinator, provider):
    client.force_login(coordinator)
    listing = client.get(reverse("evidence:records"), {"unit": provider["cedar"].pk, "q": "R5"})
    assert listing.status_code == 200
    assert [p.code for p in listing.context["people"]] == ["R5"]
    response = client.get(reverse("evidence:record", args=[provider["people"]["N4"].pk]))
    assert response.status_code == 200
    assert response.context["completed"] == []
    assert len(response.context["upcoming"]) == 1


def test_signed_in_without_a_roster_entry_has_no_record(client, sponsor):
    client.force_login(sponsor)
    assert client.get(reverse("evidence:my_record")).status_code == 404


def test_coverage_csv_shows_the_page_s_figures_and_words_for_hidden_cells(
    client, sponsor, provider
):
    client.force_login(sponsor)
    rows = rows_of(client.get(reverse("evidence:coverage_csv")))
    assert rows[0] == ["scope", "group", "measure", "count", "percent_of_due"]
    by_key = {(r[0], r[1], r[2]): r[3:] for r in rows[1:] if len(r) == 5}
    assert by_key[("Whole provider", "All staff", "attended")] == ["8", "66.7"]
    assert by_key[("Whole provider", "Everyone", "due")] == ["19", ""]
    assert by_key[("Whole provider", "Psychologist", "attended")] == ["fewer than 3", ""]
    assert by_key[("Unit: Birch", "Residents", "reflected")] == ["fewer than 3", ""]
    # Every hidden cell holds words and no number, nor a percentage.
    hidden = [r for r in rows[1:] if len(r) == 5 and r[3] == "fewer than 3"]
    assert len(hidden) > 10 and all(r[4] == "" for r in hidden)
    gaps = [r[3] for r in rows if len(r) == 5 and r[2] == "gap"]
    assert gaps[0].startswith("Whole provider: 4 staff still to attend")


def test_said_csv_and_ideas_loop(client, sponsor, provider):
    named = make_module("Planning a good day", anonymous=False)
    ModuleIdea.objects.create(title="Backlog idea", source="reflection")
    ModuleIdea.objects.create(title="Being written", source="reflection", answered_by=named)
    ModuleIdea.objects.create(
        title="Published", source="ward_meeting", status="done", answered_by=provider["module"]
    )
    ModuleIdea.objects.create(title="No", source="co_trainer", status="declined")
    client.force_login(sponsor)
    response = client.get(reverse("evidence:said"))
    ideas = {row["source"]: row for row in response.context["ideas"]["rows"]}
    assert (ideas["reflection"]["backlog"], ideas["reflection"]["draft"]) == (1, 1)
    assert ideas["ward_meeting"]["published"] == 1
    assert ideas["co_trainer"]["declined"] == 1
    assert ideas["all"]["total"] == 4
    body = response.content.decode()
    for title in ("Backlog idea", "Being written", "No<"):
        assert title not in body  # idea titles can be people's own words
    rows = rows_of(client.get(reverse("evidence:said_csv")))
    assert rows[1][4:] == ["staff", "4", str(round(35 / 8, 2))]
    assert rows[2][4:] == ["resident", "3", "3.0"]
    birch = rows_of(
        client.get(reverse("evidence:said_scope_csv", args=["unit", provider["birch"].pk]))
    )
    assert birch[2][4:] == ["resident", "fewer than 3", "fewer than 3"]


def test_a_refresher_due_makes_a_person_due_again(provider):
    """Completed an earlier programme of the module: not due, unless the refresher falls due."""
    from evidence.selectors.coverage import coverage
    from evidence.selectors.scopes import Scope

    birch = provider["birch"]
    module = provider["module"]
    earlier = make_programme(name="Earlier", module=module, units=[birch], days_ago=400)
    earlier.status = "closed"
    earlier.save()
    newcomer = PersonFactory(code="N9", display_name="Staffname N9", units=[birch])
    session = make_session(
        programme=earlier, unit=birch, hours=-24 * 390, register=[(newcomer, "present")]
    )
    assert session.status == "held"

    def nurses_due():
        rows = coverage(scope=Scope("programme", provider["programme"]))["rows"]
        return next(r for r in rows if r["key"] == "nurse")["cells"][0]["count"]

    assert nurses_due() == 7  # N9 trained in the earlier programme, no refresher
    provider["programme"].refresher_months = 12
    provider["programme"].save()
    assert nurses_due() == 8  # completed 390 days ago: the 12-month refresher is due


def test_my_page_links_by_role(client, sponsor, coordinator, attendee):
    client.force_login(sponsor)
    body = client.get(reverse("website:dashboard")).content.decode()
    assert reverse("evidence:coverage") in body and reverse("evidence:records") not in body
    client.force_login(coordinator)
    body = client.get(reverse("website:dashboard")).content.decode()
    assert reverse("evidence:records") in body
    PersonFactory(user=attendee)
    client.force_login(attendee)
    body = client.get(reverse("website:dashboard")).content.decode()
    assert reverse("evidence:my_record") in body and reverse("evidence:coverage") not in body


def test_sponsors_group_has_view_permissions_only():
    group = Group.objects.get(name="Sponsors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {"view_reports"}
    user = UserFactory(username="s2")
    user.groups.add(group)
    assert not user.has_perm("wagtailadmin.access_admin")
    assert date(2026, 1, 31) < add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_someone_who_declined_the_module_counts_as_declined_in_a_later_programme(provider):
    """R3 declined in the first programme; the planner does not book them into the next one."""
    from evidence.selectors.coverage import coverage
    from evidence.selectors.scopes import Scope

    later = make_programme(name="Later", module=provider["module"], units=[provider["birch"]])
    rows = {r["key"]: r for r in coverage(scope=Scope("programme", later))["rows"]}
    # Birch residents: all four are due (R1 and R2 completed the module only after this programme
    # began); R3 declined it before and is not booked again; nobody has been offered a place yet.
    residents = [cell["count"] for cell in rows["resident"]["cells"]]
    assert residents == [4, 0, 1, 0, 0, 0]
