"""The URL x role matrix: every URL pattern of the project, opened by every role, with someone else's ids.

Each app keeps its expectations in `tests/<app>/url_expectations.py`, a dict `EXPECTED` from the URL's
name (`namespace:name`, or the route when it has no name) to an `Expect`. A URL of ours without an entry
fails the matrix test, whose message prints the entry to add (with what each role gets today, to check).

Roles: anonymous, attendee, co-trainer (staff), co-trainer (resident, lived experience), lead trainer,
coordinator, and sponsor when the Sponsors group exists. Answers: a status code, a set of them, or
`LOGIN` (a redirect to a sign-in page).
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

LOGIN = "login"
ROLES = ("anonymous", "attendee", "cotrainer", "resident", "lead", "coordinator", "sponsor")
OUR_APPS = ("website", "modules", "scheduling", "reflections", "evidence", "demo")
EXPECTATION_MODULES = [f"tests.{app}.url_expectations" for app in OUR_APPS]


@dataclass(frozen=True)
class Expect:
    """What each role gets. `default` covers roles not named; `kwargs(world)` fills the URL's ids."""

    default: object = 403
    anonymous: object = LOGIN
    attendee: object = None
    cotrainer: object = None
    resident: object = None
    lead: object = None
    coordinator: object = None
    sponsor: object = None
    method: str = "GET"
    data: dict | None = (
        None  # the form a POST sends (a valid one, so only permission can refuse it)
    )
    kwargs: object = None
    note: str = ""

    def for_role(self, role: str):
        value = getattr(self, role)
        return self.default if value is None else value


def only(*roles, ok=200, others=403, **extra) -> Expect:
    """Only these roles get `ok`; every other signed-in role gets `others`, anonymous the sign-in page."""
    return Expect(default=others, **{role: ok for role in roles}, **extra)


def everyone_signed_in(ok=200, **extra) -> Expect:
    return Expect(default=ok, **extra)


ADMIN_ROLES = ("cotrainer", "resident", "lead", "coordinator")
NOT_500 = frozenset({200, 204, 301, 302, 400, 403, 404, 405})


@dataclass
class Pattern:
    route: str
    name: str
    lookup: str
    converters: dict = field(default_factory=dict)
    app: str = ""

    @property
    def key(self) -> str:
        return self.name or self.route


def _app_of(pattern: URLPattern, lookup: str) -> str:
    """The app a pattern belongs to: its view's module, or for Wagtail generic views the model's app."""
    head = lookup.split(".")[0]
    if head in OUR_APPS:
        return head
    view_class = getattr(pattern.callback, "view_class", None)
    initkwargs = getattr(pattern.callback, "view_initkwargs", {}) or {}
    model = initkwargs.get("model") or getattr(view_class, "model", None)
    meta = getattr(model, "_meta", None)
    if meta is not None and meta.app_label in OUR_APPS:
        return meta.app_label
    return head


def project_patterns() -> list[Pattern]:
    found = []

    def walk(patterns, prefix="", namespace=None, converters=None):
        for item in patterns:
            here = {**(converters or {}), **getattr(item.pattern, "converters", {})}
            if isinstance(item, URLResolver):
                inner = item.namespace
                joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                walk(item.url_patterns, prefix + str(item.pattern), joined, here)
            else:
                lookup = item.lookup_str
                name = f"{namespace}:{item.name}" if namespace and item.name else item.name or ""
                route = prefix + str(item.pattern)
                found.append(Pattern(route, name, lookup, here, _app_of(item, lookup)))

    walk(get_resolver().url_patterns)
    return found


def expectations() -> dict[str, dict]:
    """Every app's `EXPECTED`, by app."""
    loaded = {}
    for module_name in EXPECTATION_MODULES:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if not module_name.startswith(error.name or "-"):
                raise
            continue
        loaded[module_name.split(".")[1]] = module.EXPECTED
    return loaded


def is_ours(pattern: Pattern) -> bool:
    return pattern.app in OUR_APPS


# Roles that open Wagtail's own URLs: its admin is the same code for every admin role, so one of them
# (the coordinator) stands for the others there; our own URLs are opened by every role.
BUILTIN_ROLES = ("anonymous", "attendee", "coordinator", "sponsor")

# Wagtail's own admin and page-serving URLs: anonymous people are sent to sign in, attendees and sponsors
# are refused, and nobody who may use the admin ever gets a server error.
WAGTAIL_BUILTIN = Expect(
    default=NOT_500, attendee=403, sponsor=403, note="Wagtail's own admin URLs"
)
# Wagtail's deliberate error page, for checking error reporting: it is meant to fail.
WAGTAIL_ERROR_TEST = Expect(default=500, attendee=403, sponsor=403)
WAGTAIL_OPEN = Expect(default=NOT_500, anonymous=NOT_500 | {301}, attendee=NOT_500 | {301})


def builtin_expectation(pattern: Pattern) -> Expect:
    if pattern.name == "wagtailadmin_error_test":
        return WAGTAIL_ERROR_TEST
    if pattern.name == "wagtailadmin_sprite" or pattern.route.endswith("^.*/$"):
        return WAGTAIL_OPEN  # the icon sprite, and the catch-all that adds a trailing slash
    if pattern.route.startswith("admin/") and not pattern.route.startswith(
        ("admin/login/", "admin/logout/", "admin/password_reset/", "admin/jsi18n/")
    ):
        return WAGTAIL_BUILTIN
    return WAGTAIL_OPEN


# --- Filling ids with other people's objects -------------------------------------------------------

DEFAULT_VALUES = {"int": 999_999, "str": "not-a-real-value", "slug": "no-such-slug", "path": "x"}


def path_for(pattern: Pattern, world, expect: Expect | None) -> str | None:
    """The pattern's URL with its ids filled: the entry's `kwargs`, else someone else's object by
    the argument's name (see `World.defaults`), else a value that exists nowhere."""
    values = dict(expect.kwargs(world)) if expect and expect.kwargs else {}
    names = re.findall(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>", pattern.route)
    kwargs = {}
    defaults = {**world.defaults, **world.pk_for(pattern.key)}
    for converter, name, group in names:
        key = name or group
        default = DEFAULT_VALUES.get(converter or "str", "x") if name else "1"
        kwargs[key] = values.get(key, defaults.get(key, default))
    if not pattern.name:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), pattern.route)
    for guess in (None, "1", "x", "live"):
        attempt = kwargs if guess is None else {k: values.get(k, guess) for k in kwargs}
        try:
            return reverse(pattern.name, kwargs=attempt)
        except NoReverseMatch:
            continue
    return None  # a positional regular expression (Wagtail's document serving): reported, not built


def sponsors_exist() -> bool:
    return Group.objects.filter(name="Sponsors").exists()


def roles_in_play() -> list[str]:
    return [role for role in ROLES if role != "sponsor" or sponsors_exist()]


class World:
    """Users for each role and objects that belong to other people, for filling URL ids."""

    def __init__(self):
        from reflections.services import reflection_link_ensure
        from scheduling.models import Attendance, Facilitator, Programme, Session
        from scheduling.services.calendar_feeds import feed_token_create
        from tests.conftest import _user_in
        from tests.factories import FacilitatorFactory, PersonFactory, RoomFactory, UnitFactory
        from tests.reflections.conftest import make_module

        self.users = {
            "attendee": _user_in("Attendees", username="matrix-attendee"),
            "cotrainer": _user_in("Co-trainers", username="matrix-cotrainer"),
            "resident": _user_in("Co-trainers", username="matrix-resident"),
            "lead": _user_in("Lead trainers", username="matrix-lead"),
            "coordinator": _user_in("Coordinators", username="matrix-coordinator"),
        }
        if sponsors_exist():
            self.users["sponsor"] = _user_in("Sponsors", username="matrix-sponsor")
        ward, other_ward = UnitFactory(slug="mine-ward"), UnitFactory(slug="other-ward")
        PersonFactory(user=self.users["attendee"], units=[ward], display_name="Me")
        FacilitatorFactory(user=self.users["lead"], role=Facilitator.Role.LEAD)
        for key, lived in (("cotrainer", False), ("resident", True)):
            FacilitatorFactory(
                user=self.users[key], role=Facilitator.Role.CO, lived_experience=lived
            )
        stranger_lead = FacilitatorFactory(role=Facilitator.Role.LEAD, display_name="Stranger")
        module = make_module(title="Matrix module")
        programme = Programme.objects.create(
            name="Someone else's programme",
            module=module,
            start_date=timezone.localdate() - timedelta(days=30),
            end_date=timezone.localdate() + timedelta(days=30),
            slot_times=["10:00"],
            weekdays=[0, 1, 2, 3, 4],
        )
        programme.units.add(other_ward)
        start = timezone.now() - timedelta(days=1)
        session = Session.objects.create(
            programme=programme,
            unit=other_ward,
            room=RoomFactory(),
            start=start,
            end=start + timedelta(minutes=90),
            lead=stranger_lead,
            status=Session.Status.HELD,
        )
        someone = PersonFactory(units=[other_ward], display_name="Someone else")
        attendance = Attendance.objects.create(
            session=session, programme=programme, person=someone, status="present"
        )
        _link, card_token = reflection_link_ensure(attendance=attendance)
        _feed, feed_token = feed_token_create(person=someone)
        self.module, self.programme, self.session = module, programme, session
        self.person, self.attendance, self.unit = someone, attendance, other_ward
        self.facilitator = stranger_lead
        self.defaults = {
            "pk": session.pk,
            "attendance_id": attendance.pk,
            "session_id": session.pk,
            "session_pk": session.pk,
            "person_id": someone.pk,
            "page_id": module.pk,
            "token": card_token,
            "slug": other_ward.slug,
            "scope": "session",
            "kind": "unit",
        }
        self.card_token, self.feed_token = card_token, feed_token
        self.room = session.room

    # Which object a bare `<pk>` names, by the URL's name. Without this every `<pk>` would be the
    # session's id, which opens the right object only while every table's ids happen to agree (a fresh
    # SQLite database); on PostgreSQL sequences keep counting across tests and they never agree.
    PK_OWNERS = {
        "planning_": "programme",
        "programmes:": "programme",
        "scheduling:programme_feed": "programme",
        "units:": "unit",
        "people:": "person",
        "rooms:": "room",
        "facilitators:": "facilitator",
        "scheduling:facilitator_feed": "facilitator",
    }

    def pk_for(self, key: str) -> dict:
        for prefix, owner in self.PK_OWNERS.items():
            if key.startswith(prefix):
                return {"pk": getattr(self, owner).pk}
        return {}
