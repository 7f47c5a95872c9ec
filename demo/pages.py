"""The demo's main pages, each as the role that uses it, for the query-count test and the page bench.

`main_pages()` names every page once, with the login that opens it and how: a feed is asked for cold
(nothing cached), again (its body cached) and conditionally (If-None-Match, answered 304). The same
names appear in the test's failures and in the bench's table, so a page that grows is found by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Attendance, Facilitator, Person, Session
from scheduling.services.calendar_feeds import feed_token_create

from .scale import demo_programme, held_programme

# A path that no view answers: Django's own 404, the cheapest page the site serves. Pages are timed
# against it in the same run, so a slower or busier machine moves both alike.
TRIVIAL = "/~nothing-here/"


@dataclass
class Page:
    name: str
    path: str
    username: str | None = None  # None: not signed in
    headers: dict = field(default_factory=dict)
    status: int = 200
    before: Callable[[], None] | None = None  # e.g. empty the cache for a cold feed


def clear_caches() -> None:
    """Nothing cached: the default cache and the built feeds (`settings.CACHES["feeds"]`)."""
    for cache in caches.all():
        cache.clear()


def _feed_pages(label: str, path: str, username: str | None = None) -> list[Page]:
    """Cold, cached and 304 versions of one feed. The ETag for the 304 is filled in by the caller
    from the cached answer (see `conditional_headers`)."""
    return [
        Page(f"{label} feed, cold", path, username, before=clear_caches),
        Page(f"{label} feed, cached", path, username),
        Page(f"{label} feed, 304", path, username, status=304, headers={"etag-of": path}),
    ]


def main_pages() -> list[Page]:
    """Every main page of the demo. Call after `load_demo` (and `scale.widen`, which keeps the same
    users and programme, so the same pages are compared)."""
    programme = demo_programme()
    if programme is None:
        raise RuntimeError("Load the demo first (manage.py load_demo).")
    lead = Facilitator.objects.get(user__username="lead")
    attendee = Person.objects.get(user__username="attendee")
    held = held_programme()
    first_held = (
        Session.objects.filter(programme=held, status=Session.Status.HELD, lead=lead)
        .order_by("start")
        .first()
    ) or Session.objects.filter(programme=held).order_by("start").first()
    day = timezone.localtime(first_held.start).date().isoformat()
    led = Session.objects.filter(lead=lead).order_by("-programme__start_date", "start").first()
    module = programme.module
    _token, programme_raw = feed_token_create(programme=programme)
    _token, unit_raw = feed_token_create(unit=first_held.unit)
    _token, person_raw = feed_token_create(person=attendee)
    _token, lead_raw = feed_token_create(facilitator=lead)
    # Insights and their export are of the programme that has registers and reflections.
    insights = reverse("reflections:insights", args=["programme", held.pk])
    pages = [
        Page("home", "/"),
        Page("module page, attendee", module.url, "attendee"),
        *(
            Page(f"my page, {username}", reverse("website:dashboard"), username)
            for username in ("coordinator", "lead", "cotrainer", "resident-cotrainer", "attendee")
        ),
        Page("my sessions, attendee", reverse("scheduling:my_sessions"), "attendee"),
        Page("my sessions, lead", reverse("scheduling:my_sessions"), "lead"),
        Page("session page, lead", reverse("scheduling:session_detail", args=[led.pk]), "lead"),
        Page(
            "ward week list, coordinator",
            reverse("scheduling:unit_week", args=[first_held.unit.slug]) + f"?week={day}",
            "coordinator",
        ),
        Page("calendar links, coordinator", reverse("scheduling:feed_links"), "coordinator"),
        *_feed_pages("programme", reverse("scheduling:feed", args=[programme_raw])),
        *_feed_pages("ward", reverse("scheduling:feed", args=[unit_raw])),
        *_feed_pages("personal", reverse("scheduling:feed", args=[person_raw])),
        *_feed_pages("facilitator", reverse("scheduling:feed", args=[lead_raw])),
        *_feed_pages(
            "programme (signed in)",
            reverse("scheduling:programme_feed", args=[programme.pk]),
            "coordinator",
        ),
        Page("plan screen, programme", f"/admin/training-plans/{programme.pk}/", "coordinator"),
        Page("insights, programme", insights, "coordinator"),
        Page("CSV export, programme", insights + "export.csv", "coordinator"),
        Page(
            "today / register, coordinator",
            f"{reverse('reflections:today')}?date={day}",
            "coordinator",
        ),
        Page("today / register, lead", f"{reverse('reflections:today')}?date={day}", "lead"),
        Page("reflection card", card_path(first_held), None),
        Page("evidence, coordinator", reverse("evidence:index"), "coordinator"),
    ]
    if [page.name for page in pages] != list(PAGE_NAMES):
        raise RuntimeError("demo.pages.PAGE_NAMES must list main_pages() in order.")
    return pages


def _feed_names(label: str) -> tuple[str, ...]:
    return tuple(f"{label} feed, {how}" for how in ("cold", "cached", "304"))


# Known before any data exists, so a test can name each page (see tests/performance).
PAGE_NAMES = (
    "home",
    "module page, attendee",
    *(
        f"my page, {u}"
        for u in ("coordinator", "lead", "cotrainer", "resident-cotrainer", "attendee")
    ),
    "my sessions, attendee",
    "my sessions, lead",
    "session page, lead",
    "ward week list, coordinator",
    "calendar links, coordinator",
    *_feed_names("programme"),
    *_feed_names("ward"),
    *_feed_names("personal"),
    *_feed_names("facilitator"),
    *_feed_names("programme (signed in)"),
    "plan screen, programme",
    "insights, programme",
    "CSV export, programme",
    "today / register, coordinator",
    "today / register, lead",
    "reflection card",
    "evidence, coordinator",
)


def card_path(session: Session) -> str:
    """A printed card's link for someone who came to a held session of `session`'s programme and has
    not replied yet (or, if everyone has, for someone who has)."""
    from reflections import services
    from reflections.models import ReflectionLink

    attendances = Attendance.objects.filter(
        session__programme_id=session.programme_id,
        session__status=Session.Status.HELD,
        status__in=[Attendance.Status.PRESENT, Attendance.Status.LEFT_EARLY],
    ).order_by("session__start", "pk")
    first = None
    for attendance in attendances:
        link, token = services.reflection_link_ensure(attendance=attendance)
        path = reverse("reflections:card", args=[token])
        if link.state == ReflectionLink.State.NOT_STARTED:
            return path
        first = first or path
    if first is None:
        raise RuntimeError("The demo has no held session with anyone who came.")
    return first


def users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}


_USERNAMES = ("coordinator", "lead", "cotrainer", "resident-cotrainer", "attendee")


class Visitor:
    """Opens pages as their users with Django's test client (in process, no network), remembering each
    feed's ETag so that its conditional request really is one."""

    def __init__(self):
        from django.test import Client

        self.clients: dict[str | None, Client] = {None: Client()}
        for username, user in users().items():
            client = Client()
            client.force_login(user)
            self.clients[username] = client
        self.etags: dict[str, str] = {}

    def open(self, page: Page, *, prepare: bool = True):
        """Open a page as its user. With prepare=False the caller has already run `page.before`
        (outside what it measures)."""
        if prepare and page.before:
            page.before()
        headers = dict(page.headers)
        etag_of = headers.pop("etag-of", None)
        if etag_of:
            headers["If-None-Match"] = self.etags[etag_of]
        response = self.clients[page.username].get(page.path, headers=headers)
        if response.status_code != page.status:
            raise AssertionError(
                f"{page.name}: {page.path} answered {response.status_code}, not {page.status}"
            )
        if response.has_header("ETag"):
            self.etags[page.path] = response["ETag"]
        return response
