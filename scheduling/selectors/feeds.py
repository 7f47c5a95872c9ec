"""Reads for subscription feeds: which sessions a feed holds, the feed itself, and whether it changed.

A calendar program asks for its feed every hour or so, for every subscriber, nearly always to hear
"not modified". So the ETag and Last-Modified come from `feed_stamp`, two small aggregate queries over
the feed's scope, and the view answers 304 before anything is built. Those two queries, and the token
lookup before them, are written by the ORM once per kind of feed and then run again with the next
feed's id (`_Prepared`): writing SQL costs Django more than SQLite or PostgreSQL take to answer them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.db.models import CharField, Count, IntegerField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from scheduling import calendars
from scheduling.models import Facilitator, FeedToken, Person, Programme, Room, Session, Unit
from website.tokens import token_hash

from .calendars import SCOPE_KINDS, VISIBLE, base_url, calendar_events, scope_condition

# Part of every ETag: raise it when what `calendars` writes for the same sessions changes.
FEED_FORMAT = "2"
# A feed name must not carry a resident's name, so a person's feed is called the same for everyone.
PERSON_FEED_NAME = "Alongside: my training sessions"


@dataclass(frozen=True)
class FeedScope:
    """What one feed covers, known before anything is read: whose feed it is and its name."""

    kind: str  # one of SCOPE_KINDS
    target_id: int
    name: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.target_id}"

    @property
    def where(self) -> Q:
        return scope_condition(self.kind, self.target_id)


def scope_for_person(person: Person) -> FeedScope:
    return FeedScope("person", person.pk, PERSON_FEED_NAME)


def scope_for_unit(unit: Unit) -> FeedScope:
    return FeedScope("unit", unit.pk, _unit_feed_name(unit.name))


def scope_for_programme(programme: Programme) -> FeedScope:
    return FeedScope("programme", programme.pk, _programme_feed_name(programme.name))


def scope_for_facilitator(facilitator: Facilitator) -> FeedScope:
    return FeedScope("facilitator", facilitator.pk, "Alongside: sessions I deliver")


def _unit_feed_name(name: str) -> str:
    return f"Alongside: {name} training sessions"


def _programme_feed_name(name: str) -> str:
    return f"Alongside: {name}"


def feed_for_scope(scope: FeedScope) -> calendars.CalendarFeed:
    shown = Session.objects.filter(scope.where, status__in=VISIBLE)
    return calendars.CalendarFeed(
        name=scope.name, events=calendar_events(shown), time_zone=settings.TIME_ZONE
    )


def feed_for_person(person: Person) -> calendars.CalendarFeed:
    return feed_for_scope(scope_for_person(person))


def feed_for_unit(unit: Unit) -> calendars.CalendarFeed:
    return feed_for_scope(scope_for_unit(unit))


def feed_for_programme(programme: Programme) -> calendars.CalendarFeed:
    return feed_for_scope(scope_for_programme(programme))


def feed_for_facilitator(facilitator: Facilitator) -> calendars.CalendarFeed:
    return feed_for_scope(scope_for_facilitator(facilitator))


# Queries written once ----------------------------------------------------------------------------


class _Prepared:
    """A query the ORM writes once per database, then run again with another value where `marker`
    stood. The SQL and its other parameters come from the ORM, so quoting and dialect stay right."""

    def __init__(self, build, marker):
        self._build = build
        self._marker = marker
        self._compiled: dict[str, tuple[str, tuple]] = {}

    def rows(self, value) -> list[tuple]:
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._build(self._marker).query.sql_with_params()
            self._compiled[connection.vendor] = compiled
        sql, params = compiled
        params = tuple(value if param == self._marker else param for param in params)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


_ID_MARKER = -7_700_000_077  # never a real id
_TOKEN_MARKER = "<token hash>"


def _token_query(marker: str) -> QuerySet:
    return (
        FeedToken.objects.filter(token_hash=marker, revoked_at__isnull=True)
        .order_by()
        .values_list(
            "scope", "person_id", "unit_id", "programme_id", "facilitator_id",
            "unit__name", "programme__name",
        )[:1]
    )  # fmt: skip


_TOKEN = _Prepared(_token_query, _TOKEN_MARKER)


def feed_scope_for_token(raw_token: str) -> FeedScope | None:
    """The feed behind a live link, or None: unknown and revoked links look exactly the same."""
    if not raw_token or len(raw_token) > 200:
        return None
    rows = _TOKEN.rows(token_hash(raw_token))
    if not rows:
        return None
    scope, person_id, unit_id, programme_id, facilitator_id, unit_name, programme_name = rows[0]
    if scope == FeedToken.Scope.PERSON:
        return FeedScope("person", person_id, PERSON_FEED_NAME)
    if scope == FeedToken.Scope.UNIT:
        return FeedScope("unit", unit_id, _unit_feed_name(unit_name))
    if scope == FeedToken.Scope.PROGRAMME:
        return FeedScope("programme", programme_id, _programme_feed_name(programme_name))
    return FeedScope("facilitator", facilitator_id, "Alongside: sessions I deliver")


# Has a feed changed? -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedStamp:
    etag: str
    last_modified: datetime | None


def _totals_query(kind: str):
    def build(marker: int) -> QuerySet:
        visible = Q(status__in=VISIBLE)
        return (
            Session.objects.filter(scope_condition(kind, marker))
            .order_by()
            .values(one=Value(1, output_field=IntegerField()))  # no GROUP BY: one row
            .annotate(
                count=Count("pk", filter=visible),
                ids=Sum("pk", filter=visible),
                sequences=Sum("sequence", filter=visible),
                changed=Max("updated_at", filter=visible),
                latest=Max("updated_at"),
            )
            .values_list("count", "ids", "sequences", "changed", "latest")
        )

    return build


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _references_query(kind: str):
    """The rooms, units, facilitators and module pages a feed's sessions point at, with every field
    of theirs that the feed prints: renaming a room changes the feed without touching a session. One
    UNION query, a row per thing referred to (not per session)."""

    def build(marker: int) -> QuerySet:
        ids = Session.objects.filter(scope_condition(kind, marker), status__in=VISIBLE).order_by()
        rooms = Room.objects.filter(pk__in=ids.values("room_id")).values_list(
            _text("room"), "pk", "name", "location", _text("")
        )
        units = Unit.objects.filter(pk__in=ids.values("unit_id")).values_list(
            _text("unit"), "pk", "name", _text(""), _text("")
        )
        trainers = Facilitator.objects.filter(
            Q(pk__in=ids.values("lead_id")) | Q(pk__in=ids.values("co_trainer_id"))
        ).values_list(
            _text("facilitator"), "pk", "display_name", "role", Coalesce("person__kind", _text(""))
        )
        modules = Page.objects.filter(pk__in=ids.values("programme__module_id")).values_list(
            _text("module"), "pk", "title", "url_path", _text("")
        )
        parts = [qs.order_by() for qs in (rooms, units, trainers, modules)]
        return parts[0].union(*parts[1:], all=True)

    return build


_TOTALS = {kind: _Prepared(_totals_query(kind), _ID_MARKER) for kind in SCOPE_KINDS}
_REFERENCES = {kind: _Prepared(_references_query(kind), _ID_MARKER) for kind in SCOPE_KINDS}


def _moment(value) -> datetime | None:
    """A timestamp from a raw aggregate: SQLite gives text, PostgreSQL a datetime."""
    if value is None or isinstance(value, datetime):
        return value
    moment = parse_datetime(value)
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def feed_stamp(scope: FeedScope) -> FeedStamp:
    """The feed's ETag and Last-Modified, from two small queries and without building it.

    The ETag changes whenever anything the feed prints could have: a session's time, room, status or
    trainers (every save moves `updated_at`, and planning raises `sequence`), a session joining or
    leaving (the count and the sum of ids: a booking moved by a bare UPDATE saves no session), or a
    renamed room, unit, trainer or module. Last-Modified is the latest change to any session in scope,
    shown or not, so a session that leaves the feed still moves it forward.
    """
    count, ids, sequences, changed, latest = _TOTALS[scope.kind].rows(scope.target_id)[0]
    references = sorted(_REFERENCES[scope.kind].rows(scope.target_id), key=repr)
    fingerprint = (FEED_FORMAT, base_url(), settings.TIME_ZONE, scope.key, scope.name, count, ids,
                   sequences, str(_moment(changed)), references)  # fmt: skip
    digest = hashlib.sha256(repr(fingerprint).encode())
    return FeedStamp(etag=digest.hexdigest()[:32], last_modified=_moment(latest))
