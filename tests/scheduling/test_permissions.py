"""scheduling.permissions: one `user_can_*` function per right, over Django permissions, used by the
views, viewsets, menus and services alike (the URL x role matrix checks the answers they give)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client, RequestFactory

from scheduling import permissions
from tests.factories import FacilitatorFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

CHECKS = [
    permissions.user_can_manage_roster,
    permissions.user_can_plan_training,
    permissions.user_can_manage_calendar_links,
    permissions.user_can_see_unit_lists,
    permissions.user_can_read_programme_feeds,
]
# What each role may do, in the order of CHECKS.
EXPECTED = {
    "coordinator": [True, True, True, True, True],
    "lead_trainer": [False, False, False, True, True],
    "co_trainer": [False, False, False, False, False],
    "attendee": [False, False, False, False, False],
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_gets_the_rights_its_group_was_given(role, request):
    user = request.getfixturevalue(role)
    assert [check(user) for check in CHECKS] == EXPECTED[role]


def test_nobody_signed_out_or_inactive_passes(coordinator):
    from django.contrib.auth.models import AnonymousUser

    coordinator.is_active = False
    for user in (AnonymousUser(), coordinator):
        assert not any(check(user) for check in CHECKS)
        assert not permissions.user_can_correct_register(user=user)


def test_a_new_group_given_the_permission_gets_the_roster_without_a_code_change():
    """The checks read Django permissions, not group names: a provider's "Ward managers" group given
    "change person" in the admin manages the roster, menus and pages alike."""
    managers = Group.objects.create(name="Ward managers")
    managers.permissions.add(
        Permission.objects.get(codename="change_person", content_type__app_label="scheduling"),
        Permission.objects.get(codename="access_admin"),
    )
    user = UserFactory(username="ward-manager")
    user.groups.add(managers)
    assert permissions.user_can_manage_roster(user)
    client = Client()
    client.force_login(user)
    assert client.get("/admin/roster/import/").status_code == 200
    assert client.get("/admin/programmes/").status_code == 403
    assert not permissions.user_can_plan_training(user)


def test_the_register_is_taken_by_the_sessions_own_trainers_and_corrected_by_coordinators(
    coordinator, lead_trainer, co_trainer
):
    session = SessionFactory()
    session.lead = FacilitatorFactory(user=lead_trainer)
    session.save()
    assert permissions.user_can_take_register(user=coordinator, session=session)
    assert permissions.user_can_take_register(user=lead_trainer, session=session)
    assert not permissions.user_can_take_register(user=co_trainer, session=session)
    assert permissions.user_can_correct_register(user=coordinator)
    assert not permissions.user_can_correct_register(user=lead_trainer)


def test_a_trainer_reads_their_own_feed_and_a_coordinator_anyones(coordinator, lead_trainer):
    own = FacilitatorFactory(user=lead_trainer)
    other = FacilitatorFactory()
    assert permissions.user_can_read_facilitator_feed(lead_trainer, own)
    assert not permissions.user_can_read_facilitator_feed(lead_trainer, other)
    assert permissions.user_can_read_facilitator_feed(coordinator, other)


def test_refusals_are_the_plain_403_page_or_json_when_asked(lead_trainer):
    view = permissions.planning_only(lambda request: None)
    request = RequestFactory().get("/admin/training-plans/1/progress/")
    request.user = lead_trainer
    assert view(request).status_code == 403
    request = RequestFactory().get("/x/", HTTP_ACCEPT="application/json")
    request.user = lead_trainer
    response = view(request)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"


def test_menus_use_the_same_checks(coordinator, lead_trainer):
    from scheduling.admin_planning import register_training_plans_menu_item
    from scheduling.admin_roster import register_import_menu_item, register_rota_menu_item

    request = RequestFactory().get("/admin/")
    for make_item in (
        register_training_plans_menu_item,
        register_import_menu_item,
        register_rota_menu_item,
    ):
        item = make_item()
        request.user = coordinator
        assert item.is_shown(request)
        request.user = lead_trainer
        assert not item.is_shown(request)
