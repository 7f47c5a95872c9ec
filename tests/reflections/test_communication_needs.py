"""Communication needs are acted on: short tags on the day page, the register and the print pack;
large-print cards; easy-read invitation letters for residents."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import FacilitatorFactory, PersonFactory, ResidentFactory

from .conftest import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs_session(module, lead_facilitator):
    people = [
        ResidentFactory(
            display_name="Ola Residentperson",
            communication_needs=["easy_read", "interpreter"],
            interpreter_language="Polish",
        ),
        ResidentFactory(display_name="Pim Largeprint", communication_needs=["large_print"]),
        PersonFactory(
            display_name="Quin Staffperson", communication_needs=["hearing_loop", "read_aloud"]
        ),
    ]
    return make_session(module=module, lead=lead_facilitator, people=people)


def test_tags_show_on_the_day_page_and_the_printed_register(client, needs_session, lead_trainer):
    client.force_login(lead_trainer)
    day = timezone.localtime(needs_session.start).date().isoformat()
    today = client.get(reverse("reflections:today") + f"?date={day}").content.decode()
    pack = client.get(reverse("reflections:session_pack", args=[needs_session.pk])).content
    pack = pack.decode()
    for html in (today, pack):
        for tag in (
            "Easy read",
            "Interpreter: Polish",
            "Large print",
            "Hearing loop",
            "Read aloud",
        ):
            assert f">{tag}</span>" in html, tag
    # Large print people get a large-print card.
    assert pack.count("reflection-card--large") == 1
    large_card = pack.split("reflection-card--large")[1].split("</article>")[0]
    assert "Pim" in large_card


def test_easy_read_invitation_letters_for_residents_only(client, needs_session, lead_trainer):
    client.force_login(lead_trainer)
    response = client.get(reverse("reflections:invitation_letters", args=[needs_session.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert html.count("You are invited to a training session") == 2
    assert "Hello Ola." in html and "Hello Pim." in html
    assert "Quin" not in html  # staff get calendar invitations by e-mail instead
    start = timezone.localtime(needs_session.start)
    assert start.strftime("%H:%M") in html and needs_session.room.name in html
    assert "A trainer who leads the session." in html
    assert f"Staff and residents from {needs_session.unit.name}" in html
    assert "Morgan Lee" not in html  # roles, not names
    assert "img/letters/together" in html and 'alt="Four people' in html
    assert html.count("letter--large") == 1
    assert "You can say no. It is your choice." in html


def test_a_resident_co_trainer_is_described_by_role(client, needs_session, lead_trainer):
    resident = ResidentFactory(display_name="Jo Cotrainer")
    needs_session.co_trainer = FacilitatorFactory(person=resident, role="co")
    needs_session.save()
    client.force_login(lead_trainer)
    html = client.get(
        reverse("reflections:invitation_letters", args=[needs_session.pk])
    ).content.decode()
    assert "A resident who helps to run the training." in html
    assert "Jo Cotrainer" not in html


def test_letters_are_for_the_sessions_trainers_and_coordinators(
    client, needs_session, co_trainer, attendee, coordinator
):
    url = reverse("reflections:invitation_letters", args=[needs_session.pk])
    for user in (co_trainer, attendee):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
