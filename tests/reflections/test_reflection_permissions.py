"""Reflections' rights are Django permissions given to groups, read through `reflections.permissions`."""

import pytest
from django.contrib.auth.models import Group, Permission

from reflections import permissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHTS = {
    "read_insights": permissions.user_can_read_insights,
    "read_every_insight": permissions.user_can_read_every_insight,
    "forward_raised_items": permissions.user_can_forward_raised_items,
    "ask_again": permissions.user_can_ask_again,
    "see_every_register": permissions.user_can_see_every_register,
    "see_registers": permissions.user_can_see_registers,
}


def _rights(user) -> set[str]:
    return {name for name, check in RIGHTS.items() if check(user)}


def test_each_role_has_exactly_its_rights(coordinator, lead_trainer, co_trainer, attendee):
    assert _rights(coordinator) == set(RIGHTS)
    assert _rights(lead_trainer) == {"read_insights", "see_registers"}
    assert _rights(co_trainer) == {"see_registers"}
    assert _rights(attendee) == set()


def test_an_inactive_coordinator_has_none(coordinator):
    coordinator.is_active = False
    coordinator.save()
    assert _rights(coordinator) == set()


def test_another_group_gets_a_right_without_a_code_change(client):
    """A provider's own "Ward managers" group reads every insight once given the two permissions."""
    managers = Group.objects.create(name="Ward managers")
    managers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reflections",
            codename__in=["view_insights", "view_every_insight"],
        )
    )
    manager = UserFactory(username="ward-manager")
    manager.groups.add(managers)
    assert _rights(manager) == {"read_insights", "read_every_insight"}
    client.force_login(manager)
    assert client.get("/reflect/insights/").status_code == 200
