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


def test_role_checks(coordinator, co_trainer, attendee):
    assert roles.is_coordinator(coordinator)
    assert not roles.is_coordinator(co_trainer)
    assert roles.is_trainer(co_trainer)
    assert not roles.is_trainer(attendee)


def test_dashboard_needs_login(client, attendee):
    response = client.get("/account/me/")
    assert response.status_code == 302
    client.force_login(attendee)
    assert client.get("/account/me/").status_code == 200
