import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site

from website import roles
from website.models import HomePage

pytestmark = pytest.mark.django_db


def test_home_page_is_the_site_root(client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = client.get("/")
    assert response.status_code == 200
    assert b"Alongside" in response.content


def test_role_groups_exist_and_only_staff_roles_reach_the_admin():
    for name in roles.ALL_GROUPS:
        group = Group.objects.get(name=name)
        has_admin = group.permissions.filter(codename="access_admin").exists()
        assert has_admin == (name in roles.ADMIN_GROUPS), name


@pytest.mark.parametrize(
    "role, admin, every_session, delivers, leads, notes, reviews, suggests",
    [
        ("coordinator", True, True, False, False, False, False, False),
        ("lead_trainer", True, False, True, True, True, True, False),
        ("co_trainer", True, False, True, False, True, False, True),
        ("attendee", False, False, False, False, False, False, False),
    ],
)
def test_what_each_role_may_do_comes_from_permissions(
    request, role, admin, every_session, delivers, leads, notes, reviews, suggests
):
    """The checks that used to ask for a group's name (the admin link, every session, delivering,
    leading, trainer notes) are `user_can_*` functions over permissions the migrations give."""
    from modules.permissions import (
        user_can_read_trainer_notes,
        user_can_review_modules,
        user_can_suggest_module_changes,
    )
    from scheduling.permissions import (
        user_can_deliver_sessions,
        user_can_lead_sessions,
        user_can_see_every_session,
    )
    from website.permissions import user_can_open_admin

    user = request.getfixturevalue(role)
    assert user_can_open_admin(user) is admin
    assert user_can_see_every_session(user) is every_session
    assert user_can_deliver_sessions(user) is delivers
    assert user_can_lead_sessions(user) is leads
    assert user_can_read_trainer_notes(user) is notes
    assert user_can_review_modules(user) is reviews
    assert user_can_suggest_module_changes(user) is suggests
    user.is_active = False
    assert not any(
        check(user)
        for check in (
            user_can_open_admin,
            user_can_see_every_session,
            user_can_deliver_sessions,
            user_can_read_trainer_notes,
        )
    )


def test_another_group_given_the_right_reads_trainer_notes_without_a_code_change(attendee):
    from django.contrib.auth.models import Permission

    from modules.permissions import user_can_read_trainer_notes

    ward_managers = Group.objects.create(name="Ward managers")
    ward_managers.permissions.add(Permission.objects.get(codename="view_trainer_notes"))
    attendee.groups.add(ward_managers)
    assert user_can_read_trainer_notes(type(attendee).objects.get(pk=attendee.pk))


def test_the_menu_offers_the_admin_by_permission(client, co_trainer, attendee):
    client.force_login(co_trainer)
    assert b'href="/admin/"' in client.get("/account/me/").content
    client.force_login(attendee)
    assert b'href="/admin/"' not in client.get("/account/me/").content


def test_dashboard_needs_login(client, attendee):
    response = client.get("/account/me/")
    assert response.status_code == 302
    client.force_login(attendee)
    assert client.get("/account/me/").status_code == 200
