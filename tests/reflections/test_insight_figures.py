"""Insight figures on a fixed data set: exact numbers, staff and residents side by side."""

import csv
import io

import pytest
from django.urls import reverse

from reflections.insights import insight_figures, insight_sessions
from scheduling.models import Attendance
from tests.factories import PersonFactory, ResidentFactory

from .conftest import make_session
from .helpers_reflections import attend_and_reflect

pytestmark = pytest.mark.django_db

STAFF_ANSWERS = [
    {"q-listened": 5, "q-safe": 5, "q-helped": "The story"},
    {"q-listened": 4, "q-safe": 5, "q-helped": "Talking in pairs"},
    {"q-listened": 4, "q-safe": 4, "q-helped": "Talking in pairs"},
]
RESIDENT_ANSWERS = [
    {"q-listened": 2, "q-safe": 3, "q-helped": "Talking in pairs"},
    {"q-listened": 3, "q-safe": 3},
    {"q-listened": 4, "q-safe": 1, "q-helped": "The plan exercise"},
]


@pytest.fixture
def fixed_session(module, lead_facilitator):
    """4 staff (one absent, three reflect) and 4 residents (all present, three reflect)."""
    staff = [PersonFactory(display_name=f"Staff{i} Person") for i in range(4)]
    residents = [ResidentFactory(display_name=f"Resident{i} Person") for i in range(4)]
    session = make_session(module=module, lead=lead_facilitator, people=staff + residents)
    by_name = {a.person.display_name: a for a in session.attendances.select_related("person")}
    for i, answers in enumerate(STAFF_ANSWERS):
        attend_and_reflect(by_name[f"Staff{i} Person"], answers)
    absent = by_name["Staff3 Person"]
    absent.status = "absent"
    absent.save()
    for i, answers in enumerate(RESIDENT_ANSWERS):
        attend_and_reflect(by_name[f"Resident{i} Person"], answers)
    attend_and_reflect(by_name["Resident3 Person"], None)
    return session


def _question(figures, qid):
    return next(q for q in figures["modules"][0]["questions"] if q["id"] == qid)


def test_rates_and_side_by_side_ratings_are_exact(fixed_session, coordinator):
    sessions = insight_sessions(user=coordinator, scope="session", obj=fixed_session)
    figures = insight_figures(sessions=sessions)
    assert (figures["booked"], figures["attended"], figures["attendance_rate"]) == (8, 7, 87.5)
    assert (figures["sent"], figures["completion_rate"]) == (6, 85.7)
    keys = ("kind", "attended", "sent", "completion_rate")
    assert [{key: group[key] for key in keys} for group in figures["by_kind"]] == [
        {"kind": "staff", "attended": 3, "sent": 3, "completion_rate": 100.0},
        {"kind": "resident", "attended": 4, "sent": 3, "completion_rate": 75.0},
    ]
    listened = _question(figures, "q-listened")
    staff, residents = listened["groups"]
    assert [row["count"] for row in staff["rows"]] == [0, 0, 0, 2, 1]
    assert [row["count"] for row in residents["rows"]] == [0, 1, 1, 1, 0]
    assert [row["percent"] for row in staff["rows"]] == [0.0, 0.0, 0.0, 66.7, 33.3]
    assert (staff["n"], staff["mean"], residents["n"], residents["mean"]) == (3, 4.33, 3, 3.0)
    safe = _question(figures, "q-safe")
    assert [g["mean"] for g in safe["groups"]] == [4.67, 2.33]
    helped = _question(figures, "q-helped")
    assert [(r["value"], r["staff"]["count"], r["resident"]["count"]) for r in helped["rows"]] == [
        ("The story", 1, 0),
        ("Talking in pairs", 2, 1),
        ("The plan exercise", 0, 1),
    ]


def test_every_scope_gives_the_same_figures_for_one_session(fixed_session, coordinator):
    objs = {
        "session": fixed_session,
        "unit": fixed_session.unit,
        "module": fixed_session.programme.module,
        "programme": fixed_session.programme,
    }
    for scope, obj in objs.items():
        figures = insight_figures(sessions=insight_sessions(user=coordinator, scope=scope, obj=obj))
        assert (figures["attended"], figures["sent"]) == (7, 6), scope


def test_insights_page_shows_chart_and_table(client, fixed_session, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reflections:insights", args=["session", fixed_session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="insight-chart"') == 3
    assert "Answers, staff and residents side by side" in html
    assert '<td data-mean="staff">4.33</td>' in html
    assert '<td data-mean="resident">3.0</td>' in html
    assert "no-store" in response["Cache-Control"]


def test_small_groups_are_hidden_for_anonymous_modules(module, lead_facilitator, coordinator):
    staff = [PersonFactory() for _ in range(3)]
    resident = ResidentFactory()
    session = make_session(module=module, lead=lead_facilitator, people=[*staff, resident])
    attendances = {a.person_id: a for a in session.attendances.all()}
    for person in staff:
        attend_and_reflect(attendances[person.pk], {"q-listened": 4})
    attend_and_reflect(attendances[resident.pk], {"q-listened": 1, "q-differently": "Ask more."})
    figures = insight_figures(
        sessions=insight_sessions(user=coordinator, scope="session", obj=session)
    )
    staff_group, resident_group = _question(figures, "q-listened")["groups"]
    assert (staff_group["n"], staff_group["hidden"]) == (3, False)
    assert (resident_group["n"], resident_group["hidden"], resident_group["mean"]) == (
        None,
        True,
        None,
    )
    assert all(row["count"] is None and row["percent"] is None for row in resident_group["rows"])
    item = _question(figures, "q-differently")["items"][0]
    assert item == {"text": "Ask more.", "author": None, "kind": ""}


def test_suppressed_cells_say_fewer_than_3_answers_and_show_no_number(
    client, module, lead_facilitator, coordinator
):
    staff = [PersonFactory() for _ in range(3)]
    resident = ResidentFactory()
    session = make_session(module=module, lead=lead_facilitator, people=[*staff, resident])
    for attendance in session.attendances.all():
        attend_and_reflect(attendance, {"q-listened": 4})
    client.force_login(coordinator)
    html = client.get(reverse("reflections:insights", args=["session", session.pk])).content
    html = html.decode()
    table = html.split('data-question="q-listened"')[1].split("</table>")[0]
    assert table.count("fewer than 3 answers") == 5 + 2  # five answer rows, the count, the average
    for row in table.split("<tr>")[2:7]:  # each answer row: staff cell, then residents' cell
        resident_cell = row.split("<td>")[2]
        assert "fewer than 3 answers" in resident_cell and "%" not in resident_cell
    assert (
        "Too few to show" not in html and "(0.0%)</td></tr>" not in table.split("</tbody>")[0][-80:]
    )
    assert "Residents: fewer than 3 answers, so not shown." in html
    csv_text = client.get(
        reverse("reflections:insights_csv", args=["session", session.pk])
    ).content.decode()
    assert "fewer than 3 answers" in csv_text


def test_offered_declined_excused_attended_and_reflected_are_counted_apart(
    module, lead_facilitator, coordinator
):
    people = [PersonFactory() for _ in range(3)] + [ResidentFactory() for _ in range(3)]
    session = make_session(module=module, lead=lead_facilitator, people=people)
    marks = ["present", "declined", "excused", "present", "absent", "left_early"]
    for attendance, status in zip(session.attendances.order_by("pk"), marks, strict=True):
        Attendance.objects.filter(pk=attendance.pk).update(status=status)
    first = session.attendances.order_by("pk").first()
    attend_and_reflect(first, {"q-listened": 5})
    figures = insight_figures(
        sessions=insight_sessions(user=coordinator, scope="session", obj=session)
    )
    assert {k: figures[k] for k in ("offered", "declined", "excused", "absent", "attended")} == {
        "offered": 6,
        "declined": 1,
        "excused": 1,
        "absent": 1,
        "attended": 3,
    }
    assert figures["sent"] == 1 and figures["completion_rate"] == 33.3
    staff, residents = figures["by_kind"]
    assert (staff["declined"], staff["excused"], residents["absent"]) == (1, 1, 1)


def test_lead_trainers_see_only_their_own_sessions(client, fixed_session, lead_trainer):
    from tests.factories import FacilitatorFactory, UserFactory

    other_lead = FacilitatorFactory(user=UserFactory())
    other = make_session(
        module=fixed_session.programme.module, lead=other_lead, people=[PersonFactory()]
    )
    client.force_login(lead_trainer)
    assert (
        client.get(reverse("reflections:insights", args=["session", other.pk])).status_code == 403
    )
    assert (
        client.get(reverse("reflections:insights", args=["session", fixed_session.pk])).status_code
        == 200
    )
    figures = insight_figures(
        sessions=insight_sessions(user=lead_trainer, scope="module", obj=other.programme.module)
    )
    assert figures["booked"] == 8  # the other lead's session is not counted


def test_co_trainers_and_attendees_cannot_see_insights(client, fixed_session, co_trainer, attendee):
    for user in (co_trainer, attendee):
        client.force_login(user)
        url = reverse("reflections:insights", args=["session", fixed_session.pk])
        assert client.get(url).status_code == 403
        assert client.get(url + "export.csv").status_code == 403


def test_csv_export_has_the_same_figures(client, fixed_session, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reflections:insights_csv", args=["session", fixed_session.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["scope", "module", "question", "group"]
    listened = [
        row
        for row in rows
        if row[2] == "I felt listened to in this session." and row[3] == "resident"
    ]
    assert [(r[4], r[5]) for r in listened] == [
        ("1", "0"),
        ("2", "1"),
        ("3", "1"),
        ("4", "1"),
        ("5", "0"),
    ]
    attended = next(row for row in rows if row[2] == "attended")
    assert attended[5:7] == ["7", "87.5"]


def test_csv_export_defuses_spreadsheet_formulas(client, module, lead_facilitator, coordinator):
    people = [PersonFactory() for _ in range(3)]
    session = make_session(module=module, lead=lead_facilitator, people=people)
    for attendance in session.attendances.all():
        attend_and_reflect(attendance, {"q-differently": '=HYPERLINK("http://example.org")'})
    client.force_login(coordinator)
    text = client.get(reverse("reflections:insights_csv", args=["session", session.pk])).content
    assert b"'=HYPERLINK" in text
    assert b",=HYPERLINK" not in text
