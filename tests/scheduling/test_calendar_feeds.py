"""Feed links, conditional GET, privacy of feeds and pages, the export command and who sees what."""

from datetime import timedelta

import icalendar
import pytest
import vobject
from django.core.management import CommandError, call_command
from django.urls import reverse

from scheduling.models import FeedToken, Session
from scheduling.services.calendar_feeds import feed_token_create, feed_token_rotate
from tests.scheduling import calendar_support as support
from tests.scheduling.calendar_support import resident_names
from website.tokens import token_hash

pytestmark = pytest.mark.django_db
world = support.world  # the shared fixture


def feed_path(raw: str) -> str:
    return reverse("scheduling:feed", args=[raw])


def assert_clean_feed(data: bytes):
    icalendar.Calendar.from_ical(data)
    vobject.readOne(data.decode())
    assert b"ATTENDEE" not in data
    assert b"METHOD" not in data
    for name in resident_names():
        for part in name.split():
            assert part.encode() not in data, part


def test_token_is_long_random_and_stored_only_as_a_hash(world):
    token, raw = feed_token_create(person=world.staff)
    assert len(raw) >= 43  # 32 random bytes, URL-safe base64
    assert token.token_hash == token_hash(raw)
    assert raw not in {t.token_hash for t in FeedToken.objects.all()}
    assert token.scope == FeedToken.Scope.PERSON


def test_personal_feed_holds_own_sessions_private_and_without_names(client, world):
    _token, raw = feed_token_create(person=world.staff)
    response = client.get(feed_path(raw))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    data = response.content
    assert_clean_feed(data)
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    expected = {
        f"{s.uid}@alongside"
        for s in (world.before_spring, world.after_spring, world.before_autumn, world.after_autumn)
    }
    assert uids == expected  # the draft is not there


def test_resident_personal_feed_has_no_resident_name_either(client, world):
    _token, raw = feed_token_create(person=world.residents[0])
    response = client.get(feed_path(raw))
    assert response.status_code == 200
    assert_clean_feed(response.content)


def test_rotated_and_revoked_links_answer_404(client, world):
    _old, old_raw = feed_token_create(person=world.staff)
    _new, new_raw = feed_token_rotate(person=world.staff)
    assert client.get(feed_path(old_raw)).status_code == 404
    assert client.get(feed_path(new_raw)).status_code == 200
    assert client.get(feed_path("not-a-real-token-" + "x" * 30)).status_code == 404


def test_etag_and_last_modified_answer_304_until_a_session_changes(client, world):
    _token, raw = feed_token_create(unit=world.unit)
    first = client.get(feed_path(raw))
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified
    again = client.get(feed_path(raw), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(feed_path(raw), headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304
    # Planning moves a session: time changes, SEQUENCE rises (its contract), so the feed changes.
    session = world.after_spring
    session.start += timedelta(hours=4)
    session.end += timedelta(hours=4)
    session.sequence += 1
    session.save()
    changed = client.get(feed_path(raw), headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_move_and_cancel_raise_sequence_in_the_feed_and_keep_the_uid(client, world):
    _token, raw = feed_token_create(person=world.staff)
    session = world.before_autumn

    def vevent():
        cal = icalendar.Calendar.from_ical(client.get(feed_path(raw)).content)
        return next(e for e in cal.walk("VEVENT") if str(e["UID"]) == f"{session.uid}@alongside")

    assert int(vevent()["SEQUENCE"]) == 1
    session.start += timedelta(days=1)
    session.end += timedelta(days=1)
    session.sequence += 1
    session.save()
    assert int(vevent()["SEQUENCE"]) == 2
    from scheduling.services.plan_edit import session_cancel

    session_cancel(session=session)
    cancelled = vevent()
    assert int(cancelled["SEQUENCE"]) == 3
    assert str(cancelled["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("scope", ["unit", "programme", "facilitator"])
def test_every_token_scope_serves_a_clean_feed(client, world, scope):
    target = {"unit": world.unit, "programme": world.programme, "facilitator": world.resident_co}
    _token, raw = feed_token_create(**{scope: target[scope]})
    response = client.get(feed_path(raw))
    assert response.status_code == 200
    assert_clean_feed(response.content)
    assert b"BEGIN:VEVENT" in response.content


def test_login_feeds_check_roles(client, world, coordinator, attendee, lead_trainer):
    unit_url = reverse("scheduling:unit_feed", args=[world.unit.slug])
    programme_url = reverse("scheduling:programme_feed", args=[world.programme.pk])
    mine_url = reverse("scheduling:facilitator_feed", args=[world.lead.pk])
    assert client.get(unit_url).status_code == 302  # to the login page
    client.force_login(attendee)
    assert client.get(unit_url).status_code == 404
    assert client.get(programme_url).status_code == 404
    assert client.get(mine_url).status_code == 404
    client.force_login(lead_trainer)
    assert client.get(programme_url).status_code == 200
    client.force_login(world.lead_user)
    assert client.get(mine_url).status_code == 200
    client.force_login(coordinator)
    response = client.get(unit_url)
    assert response.status_code == 200
    assert_clean_feed(response.content)


def test_session_ics_download_for_attendee_not_for_others(client, world, attendee):
    url = reverse("scheduling:session_ics", args=[world.after_spring.pk])
    client.force_login(world.attendee_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert_clean_feed(response.content)
    client.force_login(attendee)  # an attendee who is not booked into it
    assert client.get(url).status_code == 404
    client.force_login(world.attendee_user)
    draft_url = reverse("scheduling:session_ics", args=[world.draft.pk])
    assert client.get(draft_url).status_code == 404  # drafts are not shown to attendees


def test_session_page_names_residents_only_to_coordinators_and_facilitators(
    client, world, coordinator
):
    url = reverse("scheduling:session_detail", args=[world.after_spring.pk])
    client.force_login(world.attendee_user)
    page = client.get(url).content.decode()
    assert "Keeping each other safe" in page and "Oak Room" in page and "Sam Lead" in page
    assert "A co-trainer with lived experience" in page
    for name in resident_names():
        assert name not in page
    assert "Leon Vale" not in page  # nor other staff attendees: attendees see a head count
    assert (
        "6 people are booked: 2 staff and 4 residents." not in page
    )  # sanity: 2 staff + 3 residents
    assert "5 people are booked: 2 staff and 3 residents." in page
    client.force_login(world.resident_user)
    page = client.get(url).content.decode()
    assert "Tobias Wren" not in page and "Suki Larkspur" not in page
    for user in (coordinator, world.lead_user, world.resident_co_user):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert all(name in page for name in resident_names()), user
        assert "Leon Vale" in page


def test_my_sessions_and_add_to_calendar_pages(client, world):
    client.force_login(world.attendee_user)
    page = client.get(reverse("scheduling:my_sessions")).content.decode()
    assert "My training sessions" in page
    assert "Suki" not in page
    response = client.post(reverse("scheduling:my_new_link"), {"which": "person"})
    assert response.status_code == 302
    help_page = client.get(reverse("scheduling:add_to_calendar")).content.decode()
    token = FeedToken.objects.get(person=world.staff, revoked_at__isnull=True)
    raw = help_page.split("/training/feeds/")[1].split(".ics")[0]
    assert token_hash(raw) == token.token_hash
    for words in ("Outlook", "Google Calendar", "Apple Calendar", "up to a day", "e-mail"):
        assert words in help_page
    # Shown once: the next visit only says when it was made.
    later = client.get(reverse("scheduling:add_to_calendar")).content.decode()
    assert "/training/feeds/" not in later
    assert "we do not show it again" in later
    # Make a new link: the old one stops working.
    client.post(reverse("scheduling:my_new_link"), {"which": "person"})
    assert client.get(feed_path(raw)).status_code == 404


def test_feed_links_page_is_for_coordinators(client, world, coordinator, lead_trainer):
    url = reverse("scheduling:feed_links")
    client.force_login(lead_trainer)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    client.post(
        reverse("scheduling:feed_link_change"),
        {"scope": "unit", "pk": world.unit.pk, "action": "new"},
    )
    page = client.get(url).content.decode()
    raw = page.split("/training/feeds/")[1].split(".ics")[0]
    assert client.get(feed_path(raw)).status_code == 200
    client.post(
        reverse("scheduling:feed_link_change"),
        {"scope": "unit", "pk": world.unit.pk, "action": "stop"},
    )
    assert client.get(feed_path(raw)).status_code == 404


def test_printable_week_lists_everyone_for_coordinators_only(client, world, coordinator, attendee):
    url = reverse("scheduling:unit_week", args=[world.unit.slug]) + "?week=2027-03-29"
    client.force_login(attendee)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Mon 29 Mar" in page and "10:00" in page and "Oak Room" in page and "Sam Lead" in page
    assert "Nadia Okafor" in page and "Marnie Quill" in page
    assert "Fri 26 Mar" not in page  # the week before


def test_dashboard_panel_lists_my_sessions(client, world):
    world.after_autumn.start = world.after_autumn.start.replace(year=2099)
    world.after_autumn.end = world.after_autumn.end.replace(year=2099)
    world.after_autumn.save()
    client.force_login(world.attendee_user)
    page = client.get(reverse("website:dashboard")).content.decode()
    assert "My training sessions" in page
    assert "Add to your calendar" in page
    assert "Keeping each other safe" in page


def test_export_calendar_command_writes_a_clean_file(tmp_path, world):
    out = tmp_path / "birch.ics"
    call_command("export_calendar", "--unit", "birch", "-o", str(out))
    data = out.read_bytes()
    assert_clean_feed(data)
    assert data.count(b"BEGIN:VEVENT") == Session.objects.exclude(status="draft").count()
    person_out = tmp_path / "person.ics"
    call_command("export_calendar", "--person", str(world.staff.pk), "-o", str(person_out))
    assert person_out.read_bytes().count(b"BEGIN:VEVENT") == 4
    programme_out = tmp_path / "programme.ics"
    call_command(
        "export_calendar", "--programme", str(world.programme.pk), "-o", str(programme_out)
    )
    assert programme_out.read_bytes().count(b"BEGIN:VEVENT") == 1
    with pytest.raises(CommandError, match="no unit"):
        call_command("export_calendar", "--unit", "nowhere", "-o", str(out))


def test_head_request_gets_headers_without_a_body(client, world):
    _token, raw = feed_token_create(person=world.staff)
    response = client.head(feed_path(raw))
    assert response.status_code == 200
    assert response["ETag"]
    assert response.content == b""


def etag_after(client, raw: str, change) -> tuple[str, str]:
    """The feed's ETag before and after `change()`; the old one must no longer answer 304."""
    before = client.get(feed_path(raw))["ETag"]
    change()
    again = client.get(feed_path(raw), headers={"If-None-Match": before})
    return before, again


def test_304_needs_no_feed_build_and_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries, monkeypatch
):
    """The conditional GET is answered from the stamp alone: the feed is never built for it, and it
    costs the same few queries with four sessions as with forty."""
    from scheduling import views
    from scheduling.selectors import feeds as selectors

    _token, raw = feed_token_create(unit=world.unit)
    etag = client.get(feed_path(raw))["ETag"]

    def no_build(scope):
        raise AssertionError("a 304 must not build the feed")

    monkeypatch.setattr(selectors, "feed_for_scope", no_build)
    with django_assert_max_num_queries(3):  # the token, the totals, the references
        assert client.get(feed_path(raw), headers={"If-None-Match": etag}).status_code == 304
    # A cached 200 (same ETag, body kept) does not build it either.
    assert client.get(feed_path(raw)).status_code == 200
    monkeypatch.undo()
    for day in range(36):
        support.make_session(world, support.london(2027, 6, 1, 10, 0) + timedelta(days=day))
    etag = client.get(feed_path(raw))["ETag"]
    monkeypatch.setattr(views.feeds, "feed_for_scope", no_build)
    with django_assert_max_num_queries(3):
        assert client.get(feed_path(raw), headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    "change",
    ["room renamed", "unit renamed", "trainer renamed", "module retitled", "session unpublished"],
)
def test_etag_changes_with_anything_the_feed_prints(client, world, change):
    from scheduling.models import Facilitator, Room, Unit

    _token, raw = feed_token_create(unit=world.unit)

    def apply():
        if change == "room renamed":
            Room.objects.filter(pk=world.room.pk).update(location="First floor, Hub building")
        elif change == "unit renamed":
            Unit.objects.filter(pk=world.unit.pk).update(name="Birch Ward (east)")
        elif change == "trainer renamed":
            Facilitator.objects.filter(pk=world.lead.pk).update(display_name="Sam Leader")
        elif change == "module retitled":
            world.module.title = "Keeping each other safe, together"
            world.module.save_revision().publish()
        else:
            world.after_spring.status = Session.Status.DRAFT
            world.after_spring.save()

    before, again = etag_after(client, raw, apply)
    assert again.status_code == 200
    assert again["ETag"] != before
    words = {
        "room renamed": b"First floor",
        "unit renamed": b"Birch Ward (east)",
        "trainer renamed": b"Sam Leader",
        "module retitled": b"Keeping each other safe\\, together",
    }
    if change in words:
        assert words[change] in again.content
    else:
        assert str(world.after_spring.uid).encode() not in again.content


def test_personal_feed_changes_when_a_booking_moves_between_sessions(client, world):
    """Plan edits move bookings with a bare UPDATE: no session is saved, yet the person's feed changes."""
    from scheduling.models import Attendance

    _token, raw = feed_token_create(person=world.staff_no_email)
    spare = support.make_session(
        world, support.london(2027, 7, 1, 10, 0), programme=world.after_spring.programme
    )
    # Same updated_at as before: the stamp must still see the booking move.
    Session.objects.filter(pk=spare.pk).update(updated_at=world.after_spring.updated_at)

    def move():
        Attendance.objects.filter(person=world.staff_no_email, session=world.after_spring).update(
            session=spare
        )

    before, again = etag_after(client, raw, move)
    assert again.status_code == 200 and again["ETag"] != before
    assert str(spare.uid).encode() in again.content
    assert str(world.after_spring.uid).encode() not in again.content


def test_if_modified_since_sees_a_session_leaving_the_feed(client, world):
    _token, raw = feed_token_create(unit=world.unit)
    last_modified = client.get(feed_path(raw))["Last-Modified"]
    world.before_autumn.status = Session.Status.DRAFT
    world.before_autumn.save()
    Session.objects.filter(pk=world.before_autumn.pk).update(
        updated_at=world.before_autumn.updated_at + timedelta(seconds=5)
    )
    response = client.get(feed_path(raw), headers={"If-Modified-Since": last_modified})
    assert response.status_code == 200
    assert str(world.before_autumn.uid).encode() not in response.content
