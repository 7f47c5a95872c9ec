"""Card links: unguessable, hashed, single-attendee, and closed after expiry or withdrawal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reflections import keys, services
from reflections.models import Reflection, ReflectionLink

from .conftest import attendance_of

pytestmark = pytest.mark.django_db


def _card_url(attendance):
    _link, token = services.reflection_link_ensure(attendance=attendance)
    return reverse("reflections:card", args=[token]), token


def test_token_is_long_random_and_only_its_hash_is_stored(held_session):
    attendance = attendance_of(held_session, "Cara")
    link, token = services.reflection_link_ensure(attendance=attendance)
    assert len(token) >= 22  # 22 base64url characters = 132 bits
    assert token not in link.token_hash and token not in link.salt
    assert link.token_hash == keys.token_hash(token)
    # Reprinting gives the same link; another attendee gets a different one.
    assert services.reflection_link_ensure(attendance=attendance)[1] == token
    other = services.reflection_link_ensure(attendance=attendance_of(held_session, "Dev"))[1]
    assert other != token
    expected = held_session.end + timedelta(days=14)
    assert link.expires_at == expected


def test_card_link_opens_only_its_own_form(client, held_session):
    url, _token = _card_url(attendance_of(held_session, "Cara"))
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cara" in html
    # Nothing about anyone else, no register, no navigation into the site's data.
    # Full names and long surnames: a three-letter first name could occur by chance in a CSRF token.
    for other in (
        "Asha Staffmember",
        "Nurseperson",
        "Dev Residentname",
        "Residentname",
        "Morgan Lee",
    ):
        assert other not in html
    for path in ("/account/", "/admin/", "/reflect/today", "/reflect/insights", "/training/"):
        assert f'href="{path}' not in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    # Easy read is chosen from Cara's communication needs.
    assert "People listened to me." in html
    assert "I felt listened to in this session." not in html
    standard = client.get(url + "?wording=standard").content.decode()
    assert "I felt listened to in this session." in standard


def test_card_link_needs_no_login_and_other_pages_still_do(client, held_session):
    url, _token = _card_url(attendance_of(held_session, "Cara"))
    assert client.get(url).status_code == 200
    assert client.get(reverse("reflections:today")).status_code == 302
    assert client.get(reverse("reflections:insights_index")).status_code == 302
    assert (
        client.get(reverse("reflections:session_pack", args=[held_session.pk])).status_code == 302
    )


def test_unknown_token_is_refused(client, held_session):
    _card_url(attendance_of(held_session, "Cara"))
    response = client.get(reverse("reflections:card", args=["x" * 22]))
    assert response.status_code == 404
    assert "Cara" not in response.content.decode()


def test_link_stops_working_after_expiry(client, held_session):
    attendance = attendance_of(held_session, "Cara")
    url, _token = _card_url(attendance)
    ReflectionLink.objects.filter(attendance=attendance).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(url)
    assert response.status_code == 404
    assert "Cara" not in response.content.decode()
    assert client.post(url, {"action": "send", "q-q-listened": "4"}).status_code == 404
    assert not Reflection.objects.exists()


def test_withdrawal_deletes_answers_and_closes_the_link(client, held_session):
    url, _token = _card_url(attendance_of(held_session, "Cara"))
    response = client.post(url, {"action": "send", "q-q-listened": "5", "wording": "easy"})
    assert response.status_code == 302
    assert Reflection.objects.get().answers == {"q-listened": 5}
    confirm = client.post(url, {"action": "withdraw"})
    assert b"Yes, withdraw it" in confirm.content
    assert Reflection.objects.count() == 1  # asking is not doing
    done = client.post(url, {"action": "withdraw-confirm"})
    assert done.status_code == 200
    assert not Reflection.objects.exists()
    assert client.get(url).status_code == 404
    assert ReflectionLink.objects.get().state == ReflectionLink.State.WITHDRAWN


def test_author_can_edit_within_the_window_but_not_after(client, held_session):
    url, _token = _card_url(attendance_of(held_session, "Cara"))
    client.post(url, {"action": "save", "q-q-listened": "2"})
    reflection = Reflection.objects.get()
    assert reflection.status == Reflection.Status.DRAFT
    client.post(url, {"action": "send", "q-q-listened": "3"})
    reflection.refresh_from_db()
    assert (reflection.status, reflection.answers) == ("sent", {"q-listened": 3})
    client.post(url, {"action": "send", "q-q-listened": "4"})
    reflection.refresh_from_db()
    assert reflection.answers == {"q-listened": 4}
    Reflection.objects.update(sent_on=timezone.localdate() - timedelta(days=8))
    response = client.post(url, {"action": "send", "q-q-listened": "1"})
    assert response.status_code == 403
    reflection.refresh_from_db()
    assert reflection.answers == {"q-listened": 4}
    assert b"Withdraw my reflection" not in client.get(url).content


def test_absent_people_get_no_card_and_their_link_closes(client, held_session):
    attendance = attendance_of(held_session, "Dev")
    url, _token = _card_url(attendance)
    attendance.status = "absent"
    attendance.save()
    assert client.get(url).status_code == 404
    cards = services.reflection_links_for_session(session=held_session)
    assert "Dev" not in {card["attendance"].person.first_name for card in cards}


def test_invalid_answers_are_refused_with_a_sentence(client, held_session):
    url, _token = _card_url(attendance_of(held_session, "Cara"))
    response = client.post(url, {"action": "send", "q-q-listened": "9"})
    assert response.status_code == 400
    assert b"Choose one of the five faces." in response.content
    assert not Reflection.objects.exists()


def test_reflections_stay_out_of_the_search_index_and_the_admin_menu_is_role_based(
    client, coordinator, attendee
):
    from wagtail.search.index import Indexed

    assert not issubclass(Reflection, Indexed)
    assert not issubclass(ReflectionLink, Indexed)
    client.force_login(coordinator)
    admin = client.get("/admin/").content.decode()
    assert "Reflection insights" in admin and "/reflect/insights/" in admin
    me = client.get(reverse("website:dashboard")).content.decode()
    assert "Sessions and reflections" in me
    client.force_login(attendee)
    assert (
        "Sessions and reflections" not in client.get(reverse("website:dashboard")).content.decode()
    )


def test_a_refused_send_keeps_what_was_typed_and_offers_no_withdraw(client, held_session):
    url, _token = _card_url(attendance_of(held_session, "Cara"))
    response = client.post(url, {"action": "send", "q-q-differently": "   "})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Answer at least one question before you send." in html
    assert "Withdraw my reflection" not in html
    response = client.post(url, {"action": "send", "q-q-listened": "7", "q-q-differently": "Kept"})
    assert ">Kept</textarea>" in response.content.decode()
