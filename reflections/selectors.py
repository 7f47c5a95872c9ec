"""Reads for reflections: questions, card links, the "to complete" list, the day's sessions, registers.

Staff-facing reads never join a reflection to a person for anonymous modules: they read `Reflection`
rows (which carry no person) and count `ReflectionLink` states, never both for one person.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.models import TrainingModulePage
from scheduling.models import Attendance, Session

from . import keys, permissions
from .models import Reflection, ReflectionLink, RegisterChange

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LEFT_EARLY)


def min_group_size() -> int:
    """Below this many answers from one group, an anonymous module's figures for it are not shown."""
    return getattr(settings, "ALONGSIDE_REFLECTION_MIN_GROUP", 3)


def module_questions(module) -> list[dict]:
    """The module's reflection questions as plain dicts, keyed by the StreamField block id."""
    questions = []
    for block in getattr(module, "reflection_questions", None) or []:
        value = block.value
        questions.append(
            {
                "id": block.id,
                "type": block.block_type,
                "question": value.get("question", ""),
                "easy_read_question": value.get("easy_read_question", ""),
                "choices": list(value.get("choices") or []),
            }
        )
    return questions


class CardState:
    """Why a card token does or does not open a form (`link_state_for_token`)."""

    OPEN = "open"
    UNKNOWN = "unknown"  # no such link: mistyped, or removed by retention
    NOT_YET = "not_yet"  # the session has not started
    CLOSED = "closed"  # expired, withdrawn, cancelled, or the person was not there


def link_state_for_token(token: str) -> tuple[ReflectionLink | None, str]:
    """The link a card token opens and its `CardState`; the link is None unless it is OPEN or NOT_YET."""
    if not token or len(token) > 64:
        return None, CardState.UNKNOWN
    link = (
        ReflectionLink.objects.select_related(
            "attendance__person", "attendance__session__programme__module"
        )
        .filter(token_hash=keys.token_hash(token))
        .first()
    )
    if link is None:
        return None, CardState.UNKNOWN
    if not _link_is_live(link):
        return None, CardState.CLOSED
    if not session_has_begun(link.attendance.session):
        return link, CardState.NOT_YET
    return link, CardState.OPEN


def link_for_token(token: str) -> ReflectionLink | None:
    """The usable link a card token opens, or None (unknown, not yet, expired, withdrawn, absent)."""
    link, state = link_state_for_token(token)
    return link if state == CardState.OPEN else None


def link_is_usable(link: ReflectionLink) -> bool:
    return _link_is_live(link) and session_has_begun(link.attendance.session)


def _link_is_live(link: ReflectionLink) -> bool:
    attendance = link.attendance
    return (
        link.revoked_at is None
        and link.expires_at > timezone.now()
        and attendance.status not in Attendance.NOT_LIVE
        and attendance.session.status != Session.Status.CANCELLED
    )


def session_has_begun(session: Session) -> bool:
    """A card works from the session's start: a register taken early does not open it sooner."""
    return session.start <= timezone.now()


def reflection_for_link(link: ReflectionLink) -> Reflection | None:
    return Reflection.objects.filter(owner_hash=keys.owner_hash(link)).first()


def edit_deadline(reflection: Reflection):
    return reflection.sent_on + timedelta(days=settings.ALONGSIDE_REFLECTION_EDIT_DAYS)


def reflection_is_editable(reflection: Reflection | None) -> bool:
    """Drafts until the link closes; a sent reflection for the edit window after sending."""
    if reflection is None or reflection.status != Reflection.Status.SENT:
        return True
    return timezone.localdate() <= edit_deadline(reflection)


def reflections_to_complete(*, user) -> list[dict]:
    """Sessions a signed-in person attended whose reflection is not yet sent and can still be."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return []
    now = timezone.now()
    attendances = (
        Attendance.objects.filter(
            person=person,
            status__in=ATTENDED,
            session__status=Session.Status.HELD,
            session__start__lte=now,
            session__end__gte=now - timedelta(days=settings.ALONGSIDE_REFLECTION_LINK_DAYS),
        )
        .exclude(
            reflection_link__state__in=[ReflectionLink.State.SENT, ReflectionLink.State.WITHDRAWN]
        )
        .select_related("session__programme__module", "session__unit")
        .order_by("-session__start")
    )
    return [
        {"attendance": attendance, "module": attendance.session.programme.module}
        for attendance in attendances
        if not hasattr(attendance, "reflection_link") or link_is_usable(attendance.reflection_link)
    ]


def reminders_due(*, now) -> QuerySet:
    """Staff attendees with an e-mail address, after a held session, not sent, not yet reminded."""
    return (
        Attendance.objects.filter(
            status__in=ATTENDED,
            session__status=Session.Status.HELD,
            session__end__lte=now,
            session__end__gte=now - timedelta(days=settings.ALONGSIDE_REFLECTION_LINK_DAYS),
            person__kind="staff",
            reflection_reminder__isnull=True,
        )
        .exclude(person__email="")
        .exclude(
            reflection_link__state__in=[ReflectionLink.State.SENT, ReflectionLink.State.WITHDRAWN]
        )
        .select_related("person", "session__programme__module")
    )


# --- Sessions for trainers -------------------------------------------------------------------------


def _trainer_day(*, user, day) -> QuerySet:
    """The published and held sessions of a day that the user leads or co-delivers (a coordinator:
    every session)."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()), tz)
    sessions = Session.objects.filter(
        start__gte=start,
        start__lt=start + timedelta(days=1),
        status__in=[Session.Status.PUBLISHED, Session.Status.HELD],
    )
    if not permissions.user_can_see_every_register(user):
        sessions = sessions.filter(Q(lead__user=user) | Q(co_trainer__user=user))
    return sessions


def sessions_for_trainer_on(*, user, day, unit_slug: str | None = None) -> QuerySet:
    """The sessions a trainer leads or co-delivers on a day (coordinators: every session), or only
    those of one ward (`unit_slug`).

    Each session comes with its register (`register_for`) already read, in one query for the whole
    day: a coordinator of a large provider sees dozens of sessions on one page. The module pages are
    not joined here (each row would decode the module's StreamFields again): `modules_of` reads each
    module once."""
    sessions = _trainer_day(user=user, day=day)
    if unit_slug:
        sessions = sessions.filter(unit__slug=unit_slug)
    return (
        sessions.select_related("programme", "unit", "room", "lead", "co_trainer")
        .prefetch_related(Prefetch("attendances", queryset=_register_rows(), to_attr=REGISTER_ROWS))
        .order_by("start", "pk")
    )


def wards_of_trainer_day(*, user, day) -> list[dict]:
    """The wards with sessions on the user's day, each with its number of sessions, in one query:
    the day page shows one ward at a time when a large provider's day holds many sessions."""
    return list(
        _trainer_day(user=user, day=day)
        .values(slug=F("unit__slug"), name=F("unit__name"))
        .annotate(sessions=Count("pk"))
        .order_by("name", "slug")
    )


REGISTER_ROWS = "register_rows"


def _register_rows() -> QuerySet:
    return (
        Attendance.objects.exclude(status=Attendance.Status.CANCELLED)
        .select_related("person", "ask_again")
        .order_by("person__display_name", "pk")
    )


def register_for(session: Session) -> list[Attendance]:
    """The session's register, by name; read with the session when it came from
    `sessions_for_trainer_on`."""
    if hasattr(session, REGISTER_ROWS):
        return list(getattr(session, REGISTER_ROWS))
    return list(_register_rows().filter(session=session))


def register_history(session: Session) -> list[RegisterChange]:
    """Every mark on a session's register, oldest first, with who made it."""
    return register_histories([session]).get(session.pk, [])


def register_histories(sessions) -> dict[int, list[RegisterChange]]:
    """`register_history` of several sessions in one query, by session id."""
    histories: dict[int, list[RegisterChange]] = {session.pk: [] for session in sessions}
    changes = (
        RegisterChange.objects.filter(attendance__session__in=list(histories))
        .select_related("attendance__person", "changed_by")
        .order_by("changed_at", "pk")
    )
    for change in changes:
        histories[change.attendance.session_id].append(change)
    return histories


def modules_of(sessions) -> dict[int, TrainingModulePage]:
    """The module page of each of these sessions' programmes, read once per module (one query), in
    the order the sessions first name them."""
    ids = list(dict.fromkeys(session.programme.module_id for session in sessions))
    if not ids:
        return {}
    found = TrainingModulePage.objects.in_bulk(ids)
    return {pk: found[pk] for pk in ids if pk in found}


def module_agenda(module) -> dict:
    """The module's agenda items and trainer notes, read defensively: the agenda lives in its own
    `agenda` StreamField, and older pages may carry `agenda_item` blocks in `body`."""
    agenda = []
    for field_name in ("agenda", "body"):
        for block in getattr(module, field_name, None) or []:
            if getattr(block, "block_type", "") == "agenda_item":
                agenda.append(block)
        if agenda:
            break
    minutes = sum(int(block.value.get("minutes") or 0) for block in agenda)
    return {
        "agenda": agenda,
        "agenda_minutes": minutes,
        "trainer_notes": getattr(module, "trainer_notes", None),
    }


NEED_TAGS = {
    "easy_read": _("Easy read"),
    "large_print": _("Large print"),
    "read_aloud": _("Read aloud"),
    "interpreter": _("Interpreter"),
    "hearing_loop": _("Hearing loop"),
}


def communication_tags(person) -> list[dict]:
    """A person's communication needs as short tags, in a fixed order, acted on by whoever delivers.

    (NHS Accessible Information Standard: needs are to be met, not only recorded.)
    """
    needs = set(person.communication_needs or [])
    tags = []
    for code, label in NEED_TAGS.items():
        if code not in needs:
            continue
        if code == "interpreter" and person.interpreter_language:
            label = _("Interpreter: %(language)s") % {"language": person.interpreter_language}
        tags.append({"code": code, "label": label})
    return tags
