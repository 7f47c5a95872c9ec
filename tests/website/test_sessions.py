"""Signed-in sessions end after the idle timeout, and signing out ends the session on the server too."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings


def test_idle_timeout_defaults_to_thirty_minutes_and_slides_with_use():
    assert settings.ALONGSIDE_SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
@pytest.mark.parametrize("logout_path", ["/account/logout/", "/admin/logout/"])
def test_signing_out_deletes_the_server_session(client, coordinator, logout_path):
    client.force_login(coordinator)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(logout_path)
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/account/me/").status_code == 302


@pytest.mark.django_db
@override_settings(SESSION_COOKIE_AGE=60)
def test_a_request_moves_the_expiry_on(client, attendee):
    client.force_login(attendee)
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    Session.objects.filter(session_key=key).update(expire_date=first.replace(year=first.year))
    client.get("/account/me/")
    assert Session.objects.get(session_key=key).expire_date >= first


def test_the_500_page_is_branded_and_plain():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "site-header__brand" in page and "alongside.css" in page
    assert "Go to the home page" in page
