"""Reads for calendars: which sessions a feed, page or invitation covers, and who may see what.

Sessions become `calendars.CalendarEvent`s here, with one query per list (select_related), so the pure
calendar code never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

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
from scheduling.statuses import VISIBLE_SESSION_STATUSES
from website import roles
from website.tokens import token_hash

VISIBLE = sorted(VISIBLE_SESSION_STATUSES)


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
    return Session.objects.select_related(
        "programme__module", "unit", "room", "lead__person", "co_trainer__person"
    )


def calendar_event(session: Session) -> calendars.CalendarEvent:
    module = session.programme.module
    return calendars.CalendarEvent(
        uid=str(session.uid),
        sequence=session.sequence,
        status=session.status,
        start=session.start,
        end=session.end,
        module_title=module.title,
        module_url=_absolute(module.get_url()),
        unit_name=session.unit.name,
        room_name=session.room.name,
        room_location=session.room.location,
        lead=_facilitator(session.lead),
        co_trainer=_facilitator(session.co_trainer),
        is_catch_up=session.is_catch_up,
        updated=session.updated_at,
        page_url=_absolute(reverse("scheduling:session_detail", args=[session.pk])),
    )


def calendar_events(sessions) -> tuple[calendars.CalendarEvent, ...]:
    return tuple(calendar_event(session) for session in sessions)


# Which sessions each feed holds -------------------------------------------------------------------


def sessions_for_person(person: Person) -> QuerySet[Session]:
    """The sessions a person is booked into (any register mark), published, held or cancelled."""
    return calendar_sessions().filter(attendances__person=person, status__in=VISIBLE).distinct()


def sessions_for_unit(unit: Unit) -> QuerySet[Session]:
    return calendar_sessions().filter(unit=unit, status__in=VISIBLE)


def sessions_for_programme(programme: Programme) -> QuerySet[Session]:
    return calendar_sessions().filter(programme=programme, status__in=VISIBLE)


def sessions_for_facilitator(facilitator: Facilitator) -> QuerySet[Session]:
    return calendar_sessions().filter(
        Q(lead=facilitator) | Q(co_trainer=facilitator), status__in=VISIBLE
    )


def feed_for_person(person: Person) -> calendars.CalendarFeed:
    # The name is the same for everyone: a feed title must not carry a resident's name.
    return calendars.CalendarFeed(
        name="Alongside: my training sessions",
        events=calendar_events(sessions_for_person(person)),
    )


def feed_for_unit(unit: Unit) -> calendars.CalendarFeed:
    return calendars.CalendarFeed(
        name=f"Alongside: {unit.name} training sessions",
        events=calendar_events(sessions_for_unit(unit)),
    )


def feed_for_programme(programme: Programme) -> calendars.CalendarFeed:
    return calendars.CalendarFeed(
        name=f"Alongside: {programme.name}",
        events=calendar_events(sessions_for_programme(programme)),
    )


def feed_for_facilitator(facilitator: Facilitator) -> calendars.CalendarFeed:
    return calendars.CalendarFeed(
        name="Alongside: sessions I deliver",
        events=calendar_events(sessions_for_facilitator(facilitator)),
    )


def feed_for_token(token: FeedToken) -> calendars.CalendarFeed:
    scope = FeedToken.Scope
    if token.scope == scope.PERSON:
        return feed_for_person(token.person)
    if token.scope == scope.UNIT:
        return feed_for_unit(token.unit)
    if token.scope == scope.PROGRAMME:
        return feed_for_programme(token.programme)
    return feed_for_facilitator(token.facilitator)


# Tokens ------------------------------------------------------------------------------------------


def feed_token_lookup(raw_token: str) -> FeedToken | None:
    """The live token for a link, or None: unknown and revoked links look exactly the same."""
    if not raw_token or len(raw_token) > 200:
        return None
    return (
        FeedToken.objects.select_related("person", "unit", "programme", "facilitator")
        .filter(token_hash=token_hash(raw_token), revoked_at__isnull=True)
        .first()
    )


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
    """Coordinators see every session; lead trainers and co-trainers the sessions they deliver; an
    attendee the published, held or cancelled sessions they are booked into. Anyone else: nothing."""
    if not user.is_authenticated:
        return None
    if roles.is_coordinator(user):
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


def can_see_unit_lists(user) -> bool:
    """The ward-office list names everyone, so only coordinators and lead trainers print it."""
    return roles.is_coordinator(user) or roles.is_lead_trainer(user)


def can_see_programme_feed(user) -> bool:
    return roles.is_coordinator(user) or roles.is_lead_trainer(user)


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
    return [
        {
            "session": session,
            "event": calendar_event(session),
            "lead": facilitator_display(session.lead, names=names),
            "co": facilitator_display(session.co_trainer, names=names),
        }
        for session in sessions
    ]
