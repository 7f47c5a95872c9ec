"""Reads for calendars: which sessions a feed, page or invitation covers, and who may see what.

Sessions become `calendars.CalendarEvent`s here, so the pure calendar code never touches the database.
A list of sessions costs one query whatever its length: the module's title and page path come joined
onto each row (the module page itself is never loaded, so its StreamFields are not decoded), and page
addresses are worked out once per list, not once per event. Feeds, and whether one has changed, are
in `selectors.feeds`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db import connections
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from scheduling import calendars
from scheduling.models import (
    Attendance,
    Facilitator,
    FeedToken,
    Person,
    Programme,
    Session,
    Unit,
)
from scheduling.permissions import user_can_see_every_session
from scheduling.statuses import VISIBLE_SESSION_STATUSES

VISIBLE = sorted(VISIBLE_SESSION_STATUSES)
# Part of every ETag: raise it when what `calendars` writes for the same sessions changes.
FEED_FORMAT = "2"


def base_url() -> str:
    return getattr(settings, "ALONGSIDE_BASE_URL", "").rstrip("/")


def _absolute(url: str | None) -> str:
    if not url:
        return ""
    if url.startswith("/"):
        return base_url() + url
    return url


def _facilitator(facilitator: Facilitator | None) -> calendars.CalendarFacilitator | None:
    if facilitator is None:
        return None
    is_resident = bool(facilitator.person_id) and facilitator.person.kind == Person.Kind.RESIDENT
    return calendars.CalendarFacilitator(
        display_name=facilitator.display_name, role=facilitator.role, is_resident=is_resident
    )


def calendar_sessions() -> QuerySet[Session]:
    """Sessions with everything a session card or page shows, in one query. `module_title` and
    `module_url_path` are joined from the module page's base row; use them rather than
    `session.programme.module`, which would load (and decode) the whole page for every row."""
    return Session.objects.select_related(
        "unit", "room", "lead__person", "co_trainer__person"
    ).annotate(
        module_title=F("programme__module__title"),
        module_url_path=F("programme__module__url_path"),
    )


class _Links:
    """Page addresses for one list of events: Wagtail's site root paths are read once (it caches them
    on the object it is given), and each module's address is worked out once."""

    def __init__(self):
        self._site_roots = SimpleNamespace()
        self._modules: dict[str, str] = {}
        marker = 987654321
        self._session_url = _absolute(reverse("scheduling:session_detail", args=[marker]))
        self._marker = str(marker)

    def module(self, url_path: str | None) -> str:
        if not url_path:
            return ""
        if url_path not in self._modules:
            parts = Page(url_path=url_path).get_url_parts(request=self._site_roots)
            if parts is None or parts[2] is None:
                self._modules[url_path] = ""
            else:
                _site, root_url, page_path = parts
                self._modules[url_path] = (base_url() or (root_url or "").rstrip("/")) + page_path
        return self._modules[url_path]

    def session(self, pk: int) -> str:
        return self._session_url.replace(self._marker, str(pk))


def _module_fields(session: Session) -> tuple[str, str | None]:
    if hasattr(session, "module_title"):
        return session.module_title, session.module_url_path
    module = Page.objects.only("title", "url_path").get(pk=session.programme.module_id)
    return module.title, module.url_path


def calendar_event(session: Session, *, links: _Links | None = None) -> calendars.CalendarEvent:
    """One session (a model instance, as pages and invitations hold it) as a calendar event."""
    links = links or _Links()
    module_title, module_url_path = _module_fields(session)
    return calendars.CalendarEvent(
        uid=str(session.uid),
        sequence=session.sequence,
        status=session.status,
        start=session.start,
        end=session.end,
        module_title=module_title,
        module_url=links.module(module_url_path),
        unit_name=session.unit.name,
        room_name=session.room.name,
        room_location=session.room.location,
        lead=_facilitator(session.lead),
        co_trainer=_facilitator(session.co_trainer),
        is_catch_up=session.is_catch_up,
        updated=session.updated_at,
        page_url=links.session(session.pk),
        time_zone=settings.TIME_ZONE,
    )


# The columns a feed needs, read as plain tuples: building model instances for the session, its unit,
# room, two trainers and their roster rows cost more than writing the event.
_EVENT_COLUMNS = (
    "pk",
    "uid",
    "sequence",
    "status",
    "start",
    "end",
    "programme__module__title",
    "programme__module__url_path",
    "unit__name",
    "room__name",
    "room__location",
    "lead__display_name",
    "lead__role",
    "lead__person__kind",
    "co_trainer__display_name",
    "co_trainer__role",
    "co_trainer__person__kind",
    "is_catch_up",
    "updated_at",
)


def _row_facilitator(name, role, kind) -> calendars.CalendarFacilitator | None:
    if name is None:
        return None
    return calendars.CalendarFacilitator(
        display_name=name, role=role, is_resident=kind == Person.Kind.RESIDENT
    )


def _utc(value) -> datetime | None:
    """A stored moment as an aware datetime. PostgreSQL hands back an aware datetime; SQLite the
    text Django stored in UTC, or that text already parsed (naive) by the driver's converters."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _uuid_text(value) -> str:
    """A stored UUID as text with hyphens: SQLite keeps 32 hex digits, PostgreSQL a UUID."""
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def _plain_rows(sessions: QuerySet[Session]):
    """The `_EVENT_COLUMNS` of every session, as the database driver returns them. Django's per-value
    converters (a datetime parsed and made aware three times a row, a UUID object built) cost more
    than writing the event; `_utc` and `_uuid_text` do the little that is needed."""
    query = sessions.values_list(*_EVENT_COLUMNS).query
    sql, params = query.get_compiler(using=sessions.db).as_sql()
    with connections[sessions.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def calendar_events(sessions: QuerySet[Session]) -> tuple[calendars.CalendarEvent, ...]:
    """Every session of a queryset as a calendar event, from one query of plain values."""
    links = _Links()
    events = []
    for (
        pk, uid, sequence, status, start, end, module_title, module_path, unit_name, room_name,
        room_location, lead_name, lead_role, lead_kind, co_name, co_role, co_kind, catch_up, updated,
    ) in _plain_rows(sessions):  # fmt: skip
        events.append(
            calendars.CalendarEvent(
                uid=_uuid_text(uid),
                sequence=sequence,
                status=status,
                start=_utc(start),
                end=_utc(end),
                module_title=module_title,
                module_url=links.module(module_path),
                unit_name=unit_name,
                room_name=room_name,
                room_location=room_location,
                lead=_row_facilitator(lead_name, lead_role, lead_kind),
                co_trainer=_row_facilitator(co_name, co_role, co_kind),
                is_catch_up=bool(catch_up),
                updated=_utc(updated),
                page_url=links.session(pk),
                time_zone=settings.TIME_ZONE,
            )
        )
    return tuple(events)


# Which sessions each feed holds -------------------------------------------------------------------

SCOPE_KINDS = ("person", "unit", "programme", "facilitator")


def scope_condition(kind: str, target_id: int) -> Q:
    """The sessions (of any status) of a person's, unit's, programme's or facilitator's feed. A person's
    are those they are booked into, whatever the register says."""
    if kind == "person":
        return Q(pk__in=Attendance.objects.filter(person_id=target_id).values("session_id"))
    if kind == "unit":
        return Q(unit_id=target_id)
    if kind == "programme":
        return Q(programme_id=target_id)
    if kind == "facilitator":
        return Q(lead_id=target_id) | Q(co_trainer_id=target_id)
    raise ValueError(f"Unknown feed scope {kind!r}.")


def _shown(kind: str, target_id: int) -> QuerySet[Session]:
    return calendar_sessions().filter(scope_condition(kind, target_id), status__in=VISIBLE)


def sessions_for_person(person: Person) -> QuerySet[Session]:
    """The sessions a person is booked into (any register mark), published, held or cancelled."""
    return _shown("person", person.pk)


def sessions_for_unit(unit: Unit) -> QuerySet[Session]:
    return _shown("unit", unit.pk)


def sessions_for_programme(programme: Programme) -> QuerySet[Session]:
    return _shown("programme", programme.pk)


def sessions_for_facilitator(facilitator: Facilitator) -> QuerySet[Session]:
    return _shown("facilitator", facilitator.pk)


# Tokens ------------------------------------------------------------------------------------------


def live_feed_token(**target) -> FeedToken | None:
    return FeedToken.objects.filter(revoked_at__isnull=True, **target).first()


# Who may see what --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionAccess:
    """How much of a session a viewer may see. `names` decides whether attendees (and resident
    facilitators) are named: coordinators and the session's own facilitators only."""

    kind: str  # "coordinator", "facilitator" or "attendee"

    @property
    def names(self) -> bool:
        return self.kind in {"coordinator", "facilitator"}


def person_for_user(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def facilitator_for_user(user) -> Facilitator | None:
    if not user.is_authenticated:
        return None
    return Facilitator.objects.filter(user=user).first()


def session_access(user, session: Session) -> SessionAccess | None:
    """Whoever may see every session (coordinators) sees it; a trainer the sessions they deliver; an
    attendee the published, held or cancelled sessions they are booked into. Anyone else: nothing.
    The rights are `scheduling.permissions` functions over Django permissions, not group names."""
    if not user.is_authenticated:
        return None
    if user_can_see_every_session(user):
        return SessionAccess("coordinator")
    facilitator = facilitator_for_user(user)
    if facilitator and facilitator.pk in {session.lead_id, session.co_trainer_id}:
        return SessionAccess("facilitator")
    if session.status not in VISIBLE:
        return None
    person = person_for_user(user)
    if person and session.attendances.filter(person=person).exists():
        return SessionAccess("attendee")
    return None


def session_detail(pk: int) -> Session | None:
    return calendar_sessions().filter(pk=pk).first()


def session_attendances(session: Session) -> QuerySet[Attendance]:
    return session.attendances.select_related("person").order_by(
        "person__kind", "person__display_name"
    )


def session_head_count(session: Session) -> dict[str, int]:
    counts = session.attendances.aggregate(
        staff=Count("pk", filter=Q(person__kind=Person.Kind.STAFF)),
        residents=Count("pk", filter=Q(person__kind=Person.Kind.RESIDENT)),
    )
    counts["total"] = counts["staff"] + counts["residents"]
    return counts


# Pages -------------------------------------------------------------------------------------------


def upcoming_for_person(person: Person, *, limit: int | None = None) -> list[Session]:
    since = timezone.now() - timedelta(hours=2)
    sessions = sessions_for_person(person).filter(end__gte=since).order_by("start")
    return list(sessions[:limit] if limit else sessions)


def past_for_person(person: Person, *, limit: int = 10) -> list[Session]:
    since = timezone.now() - timedelta(hours=2)
    return list(sessions_for_person(person).filter(end__lt=since).order_by("-start")[:limit])


def upcoming_for_facilitator(
    facilitator: Facilitator, *, limit: int | None = None
) -> list[Session]:
    since = timezone.now() - timedelta(hours=2)
    sessions = sessions_for_facilitator(facilitator).filter(end__gte=since).order_by("start")
    return list(sessions[:limit] if limit else sessions)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def unit_week_sessions(unit: Unit, monday: date) -> list[Session]:
    """A unit's sessions in one week (Monday to Sunday, local time), with everyone booked."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(monday, time.min, tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz)
    attendances = Attendance.objects.select_related("person").order_by(
        "person__kind", "person__display_name"
    )
    return list(
        calendar_sessions()
        .filter(unit=unit, status__in=VISIBLE, start__gte=start, start__lt=end)
        .prefetch_related(Prefetch("attendances", queryset=attendances))
        .order_by("start")
    )


def feed_link_targets() -> dict[str, list]:
    """Everything a coordinator can make a calendar link for, with each one's live token (if any)."""
    live = {
        (t.scope, t.unit_id or t.programme_id or t.facilitator_id): t
        for t in FeedToken.objects.filter(revoked_at__isnull=True).exclude(
            scope=FeedToken.Scope.PERSON
        )
    }
    scope = FeedToken.Scope
    return {
        "units": [(u, live.get((scope.UNIT, u.pk))) for u in Unit.objects.all()],
        "programmes": [
            (p, live.get((scope.PROGRAMME, p.pk)))
            for p in Programme.objects.exclude(status=Programme.Status.DRAFT)
        ],
        "facilitators": [
            (f, live.get((scope.FACILITATOR, f.pk)))
            for f in Facilitator.objects.filter(active=True).select_related("person")
        ],
    }


# Invitations -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InviteRecipient:
    email: str
    name: str


def invite_recipients(session: Session) -> list[InviteRecipient]:
    """Staff attendees and facilitators with an e-mail address. Residents are never e-mailed, even
    when an address has somehow been stored, and a resident co-trainer is not e-mailed either."""
    recipients: dict[str, InviteRecipient] = {}
    attendances = session.attendances.select_related("person").filter(
        person__kind=Person.Kind.STAFF, person__active=True
    )
    for attendance in attendances.exclude(status=Attendance.Status.ABSENT):
        person = attendance.person
        if person.email:
            recipients.setdefault(
                person.email.lower(), InviteRecipient(person.email, person.display_name)
            )
    for facilitator in (session.lead, session.co_trainer):
        if facilitator is None or not facilitator.email:
            continue
        if facilitator.person_id and facilitator.person.kind == Person.Kind.RESIDENT:
            continue
        recipients.setdefault(
            facilitator.email.lower(), InviteRecipient(facilitator.email, facilitator.display_name)
        )
    return list(recipients.values())


def removed_recipients(person_ids) -> list[InviteRecipient]:
    people = Person.objects.filter(pk__in=person_ids, kind=Person.Kind.STAFF).exclude(email="")
    return [InviteRecipient(p.email, p.display_name) for p in people]


def units_with_caldav(session_ids) -> list[int]:
    return list(
        Unit.objects.filter(sessions__pk__in=session_ids)
        .exclude(caldav_url="")
        .values_list("pk", flat=True)
        .distinct()
    )


def facilitator_display(facilitator: Facilitator | None, *, names: bool) -> str:
    """A facilitator's name on a page. Viewers who may not see residents' names (attendees) see a
    resident facilitator by role only; staff facilitators are named to everyone who may see the session."""
    if facilitator is None:
        return ""
    calendar_facilitator = _facilitator(facilitator)
    if names or not calendar_facilitator.is_resident:
        return facilitator.display_name
    label = calendars.facilitator_label(calendar_facilitator)
    return label[0].upper() + label[1:]


def session_rows(sessions, *, names: bool) -> list[dict]:
    links = _Links()
    return [
        {
            "session": session,
            "event": calendar_event(session, links=links),
            "lead": facilitator_display(session.lead, names=names),
            "co": facilitator_display(session.co_trainer, names=names),
        }
        for session in sessions
    ]
