"""Roster screens: coordinators manage them; co-trainers and attendees get 403."""

import pytest
from django.urls import reverse

from scheduling.models import Person, Shift
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

ROSTER_URLS = [
    "/admin/units/",
    "/admin/people/",
    "/admin/people/new/",
    "/admin/shifts/",
    "/admin/unavailable-times/",
    "/admin/ward-routines/",
    "/admin/rooms/",
    "/admin/facilitators/",
    "/admin/roster/import/",
    "/admin/roster/rota/",
]


@pytest.mark.parametrize("url", ROSTER_URLS)
def test_coordinator_can_open_roster_screens(client, coordinator, url):
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ROSTER_URLS)
@pytest.mark.parametrize("who", ["co_trainer", "attendee", "lead_trainer"])
def test_others_get_403_on_roster_screens(client, request, who, url):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 403


def test_editing_a_person_is_refused_for_a_co_trainer(client, co_trainer):
    person = PersonFactory(units=[UnitFactory()])
    client.force_login(co_trainer)
    response = client.post(f"/admin/people/edit/{person.pk}/", {"display_name": "Changed"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.display_name != "Changed"


def test_roster_menu_is_shown_only_to_coordinators(client, coordinator, co_trainer):
    client.force_login(coordinator)
    assert b"Roster" in client.get("/admin/").content
    client.force_login(co_trainer)
    assert b"Import roster" not in client.get("/admin/").content


def test_people_list_searches_and_filters(client, coordinator):
    birch, cedar = UnitFactory(slug="birch"), UnitFactory(slug="cedar")
    PersonFactory(display_name="Amira K.", units=[birch])
    PersonFactory(display_name="Bram T.", units=[cedar])
    client.force_login(coordinator)
    content = client.get("/admin/people/", {"q": "Amira"}).content.decode()
    assert "Amira K." in content and "Bram T." not in content
    content = client.get("/admin/people/", {"units": cedar.pk}).content.decode()
    assert "Bram T." in content and "Amira K." not in content


def test_coordinator_creates_a_person_with_communication_needs(client, coordinator):
    unit = UnitFactory()
    client.force_login(coordinator)
    response = client.post(
        "/admin/people/new/",
        {
            "display_name": "Wren A.",
            "code": "R-77",
            "kind": "resident",
            "discipline": "",
            "units": [unit.pk],
            "communication_needs": ["easy_read", "large_print"],
            "email": "",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(code="R-77")
    assert person.communication_needs == ["easy_read", "large_print"]


def test_the_person_form_refuses_the_templates_example_codes(client, coordinator):
    unit = UnitFactory()
    client.force_login(coordinator)
    response = client.post(
        "/admin/people/new/",
        {
            "display_name": "Wren A.",
            "code": "example-r1",
            "kind": "resident",
            "discipline": "",
            "units": [unit.pk],
            "email": "",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "kept for the import template" in response.content.decode()
    assert not Person.objects.exists()


def test_import_screen_lists_every_bad_row_and_writes_nothing(client, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    UnitFactory(slug="birch")
    client.force_login(coordinator)
    csv = (
        b"code,display_name,kind,discipline,floor_staff,units,email,communication_needs,active\n"
        b"A1,Ada R.,staff,nurse,,birch,,,\nA2,Bea S.,visitor,,,birch,,,\n"
    )
    response = client.post(
        reverse("scheduling_roster_import"),
        {"files": SimpleUploadedFile("people.csv", csv, content_type="text/csv")},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in content
    assert "“visitor” is not a kind of person" in content
    assert Person.objects.count() == 0


def test_template_download(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("scheduling_roster_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('alongside-roster-template.xlsx"')


def test_rota_screen_writes_a_repeating_pattern(client, coordinator):
    unit = UnitFactory()
    nurse = PersonFactory(units=[unit])
    client.force_login(coordinator)
    response = client.post(
        reverse("scheduling_rota"),
        {"people": [nurse.pk], "start": "2027-01-11", "end": "2027-01-17", "pattern": "EELLOOO"},
    )
    assert response.status_code == 302
    kinds = list(Shift.objects.filter(person=nurse).order_by("date").values_list("kind", flat=True))
    assert kinds == ["early", "early", "late", "late", "off", "off", "off"]


def test_rota_screen_explains_an_unknown_letter(client, coordinator):
    nurse = PersonFactory(units=[UnitFactory()])
    client.force_login(coordinator)
    response = client.post(
        reverse("scheduling_rota"),
        {"people": [nurse.pk], "start": "2027-01-11", "end": "2027-01-17", "pattern": "EEXX"},
    )
    assert response.status_code == 200
    assert "letters we do not know: X" in response.content.decode()
    assert not Shift.objects.exists()
