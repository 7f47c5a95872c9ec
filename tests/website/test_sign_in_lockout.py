"""Sign-in lockout (django-axes): the name AND the address are locked, never the person everywhere."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db

GUESSER = "10.0.0.66"
WARD_PC = "10.0.0.7"


def sign_in(client, username, password, *, address, path="/account/login/", **headers):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def guess_five_times(username, *, address=GUESSER, path="/account/login/"):
    client = Client()
    for _ in range(5):
        response = sign_in(client, username, "wrong", address=address, path=path)
    return client, response


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_that_name_from_that_address_only(attendee):
    client, last = guess_five_times(attendee.username)
    assert last.status_code == 429
    assert "too many wrong passwords" in last.content.decode()

    # The guesser cannot get in even with the right password...
    response = sign_in(client, attendee.username, "password", address=GUESSER)
    assert response.status_code == 429
    assert not signed_in(client)

    # ...but the real person, on the ward computer, is not locked out.
    ward = Client()
    response = sign_in(ward, attendee.username, "password", address=WARD_PC)
    assert response.status_code == 302
    assert signed_in(ward)


def test_admin_sign_in_is_locked_the_same_way(coordinator):
    client, last = guess_five_times(coordinator.username, path="/admin/login/")
    assert last.status_code == 429
    response = sign_in(
        client, coordinator.username, "password", address=GUESSER, path="/admin/login/"
    )
    assert response.status_code == 429
    # The lock is shared by both sign-in pages, and still only for that address.
    assert sign_in(Client(), coordinator.username, "password", address=GUESSER).status_code == 429
    ward = Client()
    response = sign_in(
        ward, coordinator.username, "password", address=WARD_PC, path="/admin/login/"
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_changing_the_case_of_the_name_earns_no_new_guesses(attendee):
    client = Client()
    for name in (
        "Attendee-User",
        "ATTENDEE-USER",
        " attendee-user",
        "attendee-USER",
        "Attendee-user",
    ):
        response = sign_in(client, name, "wrong", address=GUESSER)
    assert response.status_code == 429
    assert sign_in(client, attendee.username, "password", address=GUESSER).status_code == 429


def test_a_forged_forwarded_for_header_does_not_buy_a_fresh_address(attendee, settings):
    settings.ALONGSIDE_TRUSTED_PROXY_COUNT = 0
    client = Client()
    for n in range(5):
        response = sign_in(
            client, attendee.username, "wrong", address=GUESSER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_locked(attendee, settings):
    settings.ALONGSIDE_TRUSTED_PROXY_COUNT = 1
    proxy = "10.9.9.9"
    client = Client()
    for _ in range(5):
        sign_in(client, attendee.username, "wrong", address=proxy, HTTP_X_FORWARDED_FOR=GUESSER)
    locked = sign_in(
        client, attendee.username, "password", address=proxy, HTTP_X_FORWARDED_FOR=GUESSER
    )
    assert locked.status_code == 429
    # Someone else behind the same proxy is not locked.
    ward = Client()
    ok = sign_in(ward, attendee.username, "password", address=proxy, HTTP_X_FORWARDED_FOR=WARD_PC)
    assert ok.status_code == 302


def test_the_lock_ends_after_the_cool_off(attendee, settings):
    settings.ALONGSIDE_LOGIN_COOLOFF_SECONDS = 900
    with time_machine.travel(datetime(2027, 3, 1, 10, 0, tzinfo=UTC), tick=False) as clock:
        client, _ = guess_five_times(attendee.username)
        clock.shift(timedelta(seconds=890))
        assert sign_in(client, attendee.username, "password", address=GUESSER).status_code == 429
        clock.shift(timedelta(seconds=20))
        response = sign_in(client, attendee.username, "password", address=GUESSER)
        assert response.status_code == 302
        assert signed_in(client)
    # A successful sign-in clears the failures it had.
    assert not AccessAttempt.objects.filter(username=attendee.username).exists()


def test_the_locked_page_says_until_when(attendee, settings):
    settings.ALONGSIDE_LOGIN_COOLOFF_SECONDS = 900
    with time_machine.travel(datetime(2027, 3, 1, 10, 0, tzinfo=UTC), tick=False):
        _, last = guess_five_times(attendee.username)
    # 10:00 UTC on 1 March is 10:00 in London; the lock ends 15 minutes later.
    assert "10:15" in last.content.decode()


def test_a_coordinator_sees_and_ends_a_lock(attendee, coordinator):
    guess_five_times(attendee.username)
    admin = Client()
    admin.force_login(coordinator)
    page = admin.get("/admin/sign-in-locks/")
    assert page.status_code == 200
    assert attendee.username in page.content.decode()
    assert GUESSER in page.content.decode()

    lock = AccessAttempt.objects.get(username=attendee.username, ip_address=GUESSER)
    response = admin.post(f"/admin/sign-in-locks/{lock.pk}/unlock/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=lock.pk).exists()
    client = Client()
    assert sign_in(client, attendee.username, "password", address=GUESSER).status_code == 302
    assert "Nobody is locked out now" in admin.get("/admin/sign-in-locks/").content.decode()


@pytest.mark.parametrize("role", ["lead_trainer", "co_trainer", "attendee"])
def test_only_coordinators_may_unlock(role, request, coordinator):
    user = request.getfixturevalue(role)
    guess_five_times(coordinator.username)
    lock = AccessAttempt.objects.get(username=coordinator.username)
    client = Client()
    client.force_login(user)
    assert client.get("/admin/sign-in-locks/").status_code == 403
    assert client.post(f"/admin/sign-in-locks/{lock.pk}/unlock/").status_code == 403
    assert AccessAttempt.objects.filter(pk=lock.pk).exists()


def test_unlocking_needs_a_post(coordinator, attendee):
    guess_five_times(attendee.username)
    lock = AccessAttempt.objects.get(username=attendee.username)
    client = Client()
    client.force_login(coordinator)
    assert client.get(f"/admin/sign-in-locks/{lock.pk}/unlock/").status_code == 405
    assert AccessAttempt.objects.filter(pk=lock.pk).exists()


def test_the_menu_shows_sign_in_locks_to_coordinators_only(coordinator, lead_trainer):
    from django.test import RequestFactory

    from website.wagtail_hooks import register_sign_in_locks_menu_item

    item = register_sign_in_locks_menu_item()
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    assert item.is_shown(request)
    request.user = lead_trainer
    assert not item.is_shown(request)


def test_an_address_is_always_a_real_ip_or_none(rf, settings):
    """axes keeps the address in an IP column (PostgreSQL checks it): never a made-up word."""
    from website.auth import client_address

    settings.ALONGSIDE_TRUSTED_PROXY_COUNT = 1
    assert client_address(rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="junk")) == (
        "10.1.1.1"
    )
    assert client_address(rf.get("/", HTTP_X_FORWARDED_FOR="2001:db8::1")) == "2001:db8::1"
    request = rf.get("/")
    request.META.pop("REMOTE_ADDR")
    assert client_address(request) is None


def test_signing_in_without_a_request_address_works(attendee):
    """Tests and commands sign in without an address; that must not fail on an IP column."""
    client = Client()
    client.force_login(attendee)
    assert client.get("/account/me/").status_code == 200


def test_a_wrong_password_is_one_info_line_without_name_or_address(attendee, caplog):
    """axes' per-failure WARNING (name and address) becomes one plain INFO line; lockouts stay warnings."""
    caplog.set_level("INFO")
    sign_in(Client(), attendee.username, "wrong", address=GUESSER)
    failures = [r for r in caplog.records if "sign-in failed" in r.getMessage()]
    assert [(r.name, r.levelname) for r in failures] == [("website.sign_in", "INFO")]
    assert not [r for r in caplog.records if r.levelno >= 30]
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert attendee.username not in text and GUESSER not in text

    # Four more wrong passwords reach the limit of five: one lockout WARNING (masked); the fifth guess
    # is refused before any password check (django.request logs its 429 without name or address).
    caplog.clear()
    guess_five_times(attendee.username)
    assert len([r for r in caplog.records if "sign-in failed" in r.getMessage()]) == 4
    warnings = [r for r in caplog.records if r.levelno >= 30 and r.name.startswith("axes")]
    assert len(warnings) == 1 and "Locking out" in warnings[0].getMessage()
    assert attendee.username not in warnings[0].getMessage()
