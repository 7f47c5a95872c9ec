"""A card link is for writing: once sent, only its author (this browser, or the edit code) sees it.

Everyone who handles the printed cards (lead trainer, co-trainer, coordinator, admin) opens a sent
card's link and gets the thank-you page with no answer, and cannot change or withdraw it.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reflections import keys, services
from reflections.models import Reflection, ReflectionLink
from reflections.views.card import AUTHOR_COOKIE
from scheduling.models import Attendance, Session
from tests.factories import FacilitatorFactory, UserFactory

from .conftest import attendance_of

pytestmark = pytest.mark.django_db

SECRET = "Marigold-teapot-private-answer"
RAISED = "Lighthouse-parcel-private-concern"


@pytest.fixture
def sent_card(client, held_session):
    """Cara (a resident) sends her card from her own browser (`client`)."""
    Attendance.objects.filter(session=held_session).update(status="present")
    _link, token = services.reflection_link_ensure(attendance=attendance_of(held_session, "Cara"))
    url = reverse("reflections:card", args=[token])
    response = client.post(
        url,
        {
            "action": "send",
            "wording": "easy",
            "q-q-listened": "2",
            "q-q-differently": SECRET,
            "q-q-raise": RAISED,
            "q-q-raise-consent": "on",
        },
    )
    assert response.status_code == 302
    assert Reflection.objects.get().status == "sent"
    return url


@pytest.fixture
def handlers(held_session, lead_trainer, co_trainer, coordinator):
    """Everyone who may hold the printed pack: the session's lead and co-trainer, a coordinator, an admin."""
    held_session.co_trainer = FacilitatorFactory(user=co_trainer, display_name="Kit Cotrainer")
    held_session.save()
    admin = UserFactory(username="admin-user", is_superuser=True, is_staff=True)
    return {
        "lead trainer": lead_trainer,
        "co-trainer": co_trainer,
        "coordinator": coordinator,
        "admin": admin,
    }


def _assert_no_answer(html: str) -> None:
    assert SECRET not in html and RAISED not in html
    assert "checked" not in html
    assert "Withdraw my reflection" not in html
    assert "Cara" not in html


def test_staff_who_hold_the_pack_see_only_the_thank_you_page(sent_card, handlers):
    for role, user in handlers.items():
        staff = Client()
        staff.force_login(user)
        # They can print the pack with the card on it...
        response = staff.get(sent_card)
        html = response.content.decode()
        assert response.status_code == 200, role
        assert "Thank you, your reflection was sent" in html, role
        _assert_no_answer(html)
        # ...and asking for the form, or the standard wording, shows no more.
        for query in ("?change=1", "?wording=standard&change=1"):
            _assert_no_answer(staff.get(sent_card + query).content.decode())


def test_staff_cannot_change_or_withdraw_a_sent_reflection(sent_card, handlers):
    for role, user in handlers.items():
        staff = Client()
        staff.force_login(user)
        changed = staff.post(sent_card, {"action": "send", "q-q-listened": "5"})
        assert changed.status_code == 403, role
        _assert_no_answer(changed.content.decode())
        assert staff.post(sent_card, {"action": "save", "q-q-listened": "5"}).status_code == 403
        ask = staff.post(sent_card, {"action": "withdraw"})
        assert ask.status_code == 403 and b"Yes, withdraw it" not in ask.content
        assert staff.post(sent_card, {"action": "withdraw-confirm"}).status_code == 403
        # A forged author cookie is refused too.
        staff.cookies[AUTHOR_COOKIE] = "0" * 64
        assert staff.post(sent_card, {"action": "withdraw-confirm"}).status_code == 403
    reflection = Reflection.objects.get()
    assert reflection.answers["q-listened"] == 2
    assert ReflectionLink.objects.get().state == ReflectionLink.State.SENT


def test_the_authors_browser_can_see_change_and_withdraw_within_the_window(client, sent_card):
    # The thank-you page shows the edit code once, and offers to open the answers.
    thanks = client.get(sent_card + "?wording=easy&saved=sent").content.decode()
    assert "Thank you, your reflection was sent" in thanks
    assert "Your secret code" in thanks
    assert SECRET not in thanks  # the answers stay off screen until asked for
    assert "Your secret code" not in client.get(sent_card).content.decode()  # shown once
    cookie = client.cookies[AUTHOR_COOKIE]
    assert cookie["httponly"] and cookie["path"] == sent_card and cookie["samesite"] == "Lax"
    form = client.get(sent_card + "?change=1").content.decode()
    assert SECRET in form and "Withdraw my reflection" in form
    assert client.post(sent_card, {"action": "send", "q-q-listened": "4"}).status_code == 302
    assert Reflection.objects.get().answers == {"q-listened": 4}
    assert b"Yes, withdraw it" in client.post(sent_card, {"action": "withdraw"}).content
    assert client.post(sent_card, {"action": "withdraw-confirm"}).status_code == 200
    assert not Reflection.objects.exists()


def test_after_the_edit_window_even_the_author_cannot_change_it(client, sent_card):
    Reflection.objects.update(sent_on=timezone.localdate() - timedelta(days=8))
    assert client.post(sent_card, {"action": "send", "q-q-listened": "5"}).status_code == 403
    assert client.post(sent_card, {"action": "withdraw-confirm"}).status_code == 403
    assert Reflection.objects.get().answers["q-listened"] == 2
    html = client.get(sent_card + "?change=1").content.decode()
    assert "The time to change these answers has passed." in html


def test_the_edit_code_opens_the_answers_in_another_browser(held_session):
    author = Client()
    Attendance.objects.filter(session=held_session).update(status="present")
    _link, token = services.reflection_link_ensure(attendance=attendance_of(held_session, "Dev"))
    url = reverse("reflections:card", args=[token])
    author.post(url, {"action": "send", "q-q-differently": SECRET})
    page = author.get(url + "?saved=sent").content.decode()
    code = page.split("data-edit-code>")[1].split("<")[0]
    assert len(keys.normalise_code(code)) == keys.CODE_LENGTH
    link = ReflectionLink.objects.get()
    assert code not in link.edit_code_hash and keys.normalise_code(code) not in link.edit_code_hash

    other = Client()
    wrong = other.post(url, {"action": "code", "code": "AAAA-AAAA"})
    assert wrong.status_code == 400 and b"That code is not right." in wrong.content
    assert SECRET not in wrong.content.decode()
    opened = other.post(url, {"action": "code", "code": code.lower().replace("-", " ")})
    assert opened.status_code == 302
    assert SECRET in other.get(opened["Location"]).content.decode()
    # "Forget my answers on this device" for shared tablets.
    other.post(url, {"action": "forget"})
    assert SECRET not in other.get(url + "?change=1").content.decode()


def test_wrong_codes_are_limited_per_card(held_session):
    Attendance.objects.filter(session=held_session).update(status="present")
    link, token = services.reflection_link_ensure(attendance=attendance_of(held_session, "Dev"))
    saved = services.reflection_save(link=link, answers={"q-listened": 3}, send=True)
    url = reverse("reflections:card", args=[token])
    guesser = Client()
    for _ in range(keys.MAX_CODE_TRIES):
        assert guesser.post(url, {"action": "code", "code": "ZZZZ-ZZZZ"}).status_code == 400
    refused = guesser.post(url, {"action": "code", "code": saved.new_code})
    assert refused.status_code == 403
    assert b"Too many wrong codes" in refused.content
    assert b"Open my answers" not in guesser.get(url).content


def test_a_draft_is_private_too(client, held_session):
    Attendance.objects.filter(session=held_session).update(status="present")
    _link, token = services.reflection_link_ensure(attendance=attendance_of(held_session, "Ben"))
    url = reverse("reflections:card", args=[token])
    client.post(url, {"action": "save", "q-q-differently": SECRET})
    assert SECRET in client.get(url).content.decode()
    stranger = Client().get(url).content.decode()
    assert "These answers are private" in stranger and SECRET not in stranger
    assert Client().post(url, {"action": "send", "q-q-listened": "1"}).status_code == 403


def test_signed_in_attendee_is_the_author_of_their_own_reflection(client, held_session):
    user = UserFactory(username="cara-login")
    cara = attendance_of(held_session, "Cara")
    cara.person.user = user
    cara.person.save()
    Attendance.objects.filter(pk=cara.pk).update(status="present")
    client.force_login(user)
    mine = reverse("reflections:mine", args=[cara.pk])
    assert client.post(mine, {"action": "send", "q-q-differently": SECRET}).status_code == 302
    assert SECRET in client.get(mine + "?change=1").content.decode()
    # The same person's printed card, opened by someone else, stays private.
    _link, token = services.reflection_link_ensure(attendance=cara)
    assert SECRET not in Client().get(reverse("reflections:card", args=[token])).content.decode()


def test_cards_refuse_use_before_the_session_starts(client, held_session):
    start = timezone.now() + timedelta(hours=2)
    Session.objects.filter(pk=held_session.pk).update(
        start=start, end=start + timedelta(minutes=90)
    )
    _link, token = services.reflection_link_ensure(attendance=attendance_of(held_session, "Cara"))
    url = reverse("reflections:card", args=[token])
    response = client.get(url)
    assert response.status_code == 403
    assert b"This card is not ready yet" in response.content
    assert client.post(url, {"action": "send", "q-q-listened": "3"}).status_code == 403
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("status", ["absent", "declined", "excused"])
def test_cards_stop_once_the_person_is_marked_not_there(client, held_session, status):
    attendance = attendance_of(held_session, "Cara")
    _link, token = services.reflection_link_ensure(attendance=attendance)
    url = reverse("reflections:card", args=[token])
    attendance.status = status
    attendance.save()
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "send", "q-q-listened": "3"}).status_code == 404
    assert not Reflection.objects.exists()
    cards = services.reflection_links_for_session(session=held_session)
    assert attendance.pk not in {card["attendance"].pk for card in cards}
