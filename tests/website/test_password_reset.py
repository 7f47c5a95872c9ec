"""One sign-in look and one "Forgotten password?" flow for the site and the admin."""

import re

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def ask_for_a_link(client, email):
    return client.post("/account/password-reset/", {"email": email})


def test_both_sign_in_pages_are_the_same_page_with_a_forgotten_password_link(client):
    site = client.get("/account/login/")
    admin = client.get("/admin/login/")
    for response in (site, admin):
        assert response.status_code == 200
        assert "website/login.html" in [t.name for t in response.templates]
        assert 'href="/account/password-reset/"' in response.content.decode()
        assert "Forgotten password?" in response.content.decode()


def test_wagtails_own_reset_address_leads_to_the_same_flow(client):
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302
    assert response["Location"] == "/account/password-reset/"


def test_the_admin_sign_in_opens_the_admin_and_honours_next(client, coordinator):
    response = client.post(
        "/admin/login/", {"username": coordinator.username, "password": "password"}
    )
    assert response["Location"] == "/admin/"
    client.logout()
    response = client.post(
        "/admin/login/",
        {"username": coordinator.username, "password": "password", "next": "/admin/pages/"},
    )
    assert response["Location"] == "/admin/pages/"
    # Already signed in: straight to the admin.
    assert client.get("/admin/login/")["Location"] == "/admin/"


def test_the_answer_never_says_whether_an_account_exists(client, attendee):
    known = ask_for_a_link(client, attendee.email)
    unknown = ask_for_a_link(client, "nobody-here@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/account/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [attendee.email]
    page = client.get("/account/password-reset/sent/").content.decode()
    assert "If that address belongs to an account" in page


def test_the_link_sets_a_new_password_once(client, attendee, settings):
    settings.ALONGSIDE_BASE_URL = "https://training.example.org"
    ask_for_a_link(client, attendee.email)
    message = mail.outbox[0]
    assert message.subject == "Set a new password for Alongside"
    link = re.search(r"https://training\.example\.org(/account/password-reset/\S+/)", message.body)
    assert link, message.body
    assert attendee.username in message.body

    # Django swaps the token for a session marker and redirects, so the token never sits in the page.
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0]
    new_password = "a-long-new-ward-password-42"
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done["Location"] == "/account/password-reset/done/"
    assert "Password changed" in client.get(done["Location"]).content.decode()

    fresh = Client()
    assert fresh.login(username=attendee.username, password=new_password)
    # Used once: the same link no longer works.
    again = Client().get(link.group(1), follow=True)
    assert "already been used or is too old" in again.content.decode()


def test_a_new_password_is_checked_like_any_other(client, attendee):
    ask_for_a_link(client, attendee.email)
    path = re.search(r"(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    attendee.refresh_from_db()
    assert attendee.check_password("password")
