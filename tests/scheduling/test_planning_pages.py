"""The plan screen holds links, not choices: each person's "Move or swap" page and each session's
"Change time or room" page load the choices when opened, work without JavaScript (plain forms posting
to the plan's own actions) and are the coordinator's only."""

import re

import pytest

from scheduling.models import Session
from scheduling.services import plan_edit
from tests.factories import PersonFactory, UnitFactory
from tests.scheduling.test_planning_edits import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return Plan()


def test_the_plan_screen_links_each_person_and_carries_no_choices(client, coordinator, plan):
    plan_edit.programme_publish(programme=plan.programme)
    client.force_login(coordinator)
    html = client.get(f"/admin/training-plans/{plan.programme.pk}/").content.decode()
    assert "<select" not in html and "<option" not in html
    base = f"/admin/training-plans/{plan.programme.pk}/people/"
    for person in (plan.nurse_a, plan.residents[0], plan.residents[3]):  # Resident 3 is not placed
        assert f'href="{base}{person.pk}/"' in html
    for session in (plan.morning, plan.afternoon):
        assert f'href="/admin/training-plans/sessions/{session.pk}/change/"' in html


def test_the_person_page_offers_the_units_other_sessions_and_people_to_swap_with(
    client, coordinator, plan
):
    client.force_login(coordinator)
    url = f"/admin/training-plans/{plan.programme.pk}/people/{plan.residents[0].pk}/"
    html = client.get(url).content.decode()
    assert "Move or swap: Resident 0" in html
    move = re.search(r'<select name="session".*?</select>', html, re.S).group(0)
    assert f'value="{plan.afternoon.pk}"' in move and f'value="{plan.morning.pk}"' not in move
    assert "(2 people)" in move
    swap = re.search(r'<select name="person_b".*?</select>', html, re.S).group(0)
    assert "Nurse B" in swap and "Resident 2" in swap
    assert "Resident 1" not in swap  # in the same session: nothing to swap

    # The form posts to the plan's own move action, as the old in-page form did.
    client.post(
        f"/admin/training-plans/{plan.programme.pk}/move/",
        {"person": plan.residents[0].pk, "session": plan.afternoon.pk},
    )
    assert "Resident 0" in plan.people_in(plan.afternoon)


def test_an_unplaced_person_can_be_moved_in_but_has_nobody_to_swap_with(client, coordinator, plan):
    client.force_login(coordinator)
    url = f"/admin/training-plans/{plan.programme.pk}/people/{plan.residents[3].pk}/"
    html = client.get(url).content.decode()
    assert "Not placed in a session yet." in html
    assert 'name="session"' in html and 'name="person_b"' not in html


def test_someone_from_another_unit_is_not_found(client, coordinator, plan):
    stranger = PersonFactory(units=[UnitFactory(slug="elm")])
    client.force_login(coordinator)
    url = f"/admin/training-plans/{plan.programme.pk}/people/{stranger.pk}/"
    assert client.get(url).status_code == 404


def test_the_change_page_offers_times_and_rooms_only_for_a_published_unlocked_session(
    client, coordinator, plan
):
    client.force_login(coordinator)
    url = f"/admin/training-plans/sessions/{plan.afternoon.pk}/change/"
    draft = client.get(url).content.decode()
    assert "Only a published session" in draft and "<select" not in draft
    plan_edit.programme_publish(programme=plan.programme)
    html = client.get(url).content.decode()
    assert f'action="/admin/training-plans/sessions/{plan.afternoon.pk}/reschedule/"' in html
    assert "Oak Room" in html and "Willow Room" in html
    assert html.count("<option") == 10 + 2  # 5 days x 2 times, 2 rooms
    assert re.search(r'<option value="[^"]+" selected>Mon', html)
    plan_edit.session_lock_set(session=Session.objects.get(pk=plan.afternoon.pk), locked=True)
    assert "Unlock it on the plan first" in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["co_trainer", "attendee", "lead_trainer"])
def test_only_coordinators_may_open_the_edit_pages(client, request, who, plan):
    client.force_login(request.getfixturevalue(who))
    person = f"/admin/training-plans/{plan.programme.pk}/people/{plan.residents[0].pk}/"
    change = f"/admin/training-plans/sessions/{plan.afternoon.pk}/change/"
    assert client.get(person).status_code == 403
    assert client.get(change).status_code == 403
