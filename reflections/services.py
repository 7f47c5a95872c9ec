"""Writes for reflections: card links, saving and withdrawing answers, the ideas backlog, retention, reminders,
and the register's history (each mark, and asking again someone who declined).

Nothing here logs or e-mails an answer: log lines and the reminder e-mail carry counts and links only.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from modules.services import module_idea_create
from scheduling.models import Attendance, Person, Session

from . import keys, permissions
from .concerns import concern_notices_queue
from .models import (
    AskAgain,
    RaisedItemForward,
    Reflection,
    ReflectionLink,
    ReflectionReminder,
    RegisterChange,
    retention_mode,
)
from .permissions import is_reflection_author
from .selectors import link_is_usable, module_questions, reflection_is_editable, reminders_due

logger = logging.getLogger(__name__)

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LEFT_EARLY)


def link_url(token: str) -> str:
    return settings.ALONGSIDE_BASE_URL.rstrip("/") + reverse("reflections:card", args=[token])


def _link_expiry(session: Session):
    return session.end + timedelta(days=settings.ALONGSIDE_REFLECTION_LINK_DAYS)


@transaction.atomic
def reflection_link_ensure(*, attendance: Attendance) -> tuple[ReflectionLink, str]:
    """Get or create an attendee's card link, returning it with its token (derived, never stored)."""
    link = (
        ReflectionLink.objects.select_for_update()
        .filter(attendance=attendance)
        .select_related("attendance__session")
        .first()
    )
    if link is None:
        salt = secrets.token_hex(16)
        token = keys.token_for_salt(salt)
        link = ReflectionLink.objects.create(
            attendance=attendance,
            salt=salt,
            token_hash=keys.token_hash(token),
            expires_at=_link_expiry(attendance.session),
        )
        return link, token
    token = keys.token_for_salt(link.salt)
    if keys.token_hash(token) != link.token_hash:
        # The secret key changed since the link was made: issue a new salt so the new card works.
        link.salt = secrets.token_hex(16)
        token = keys.token_for_salt(link.salt)
        link.token_hash = keys.token_hash(token)
        link.save(update_fields=["salt", "token_hash"])
    return link, token


def reflection_links_for_session(*, session: Session) -> list[dict]:
    """Cards for everyone booked into a session (not those marked absent, declined or excused)."""
    cards = []
    attendances = session.attendances.exclude(status__in=Attendance.NOT_LIVE).select_related(
        "person", "session"
    )
    for attendance in attendances:
        link, token = reflection_link_ensure(attendance=attendance)
        cards.append(
            {"attendance": attendance, "link": link, "token": token, "url": link_url(token)}
        )
    return cards


def _check_usable(link: ReflectionLink) -> None:
    if not link_is_usable(link):
        raise PermissionDenied(_("This reflection link no longer works."))


def _locked_link(link: ReflectionLink) -> ReflectionLink:
    return (
        ReflectionLink.objects.select_for_update()
        .select_related("attendance__session__programme__module", "attendance__person")
        .get(pk=link.pk)
    )


def _check_author(link: ReflectionLink, *, author_key: str | None, user) -> None:
    """Once anything is saved through a link, only its author may see or change it (see models)."""
    if link.author_salt and not is_reflection_author(link=link, author_key=author_key, user=user):
        raise PermissionDenied(
            _("These answers are private. Only the person who wrote them can change them.")
        )


@dataclass(frozen=True)
class Saved:
    """What a save gives back: the reflection, and the author's proof."""

    reflection: Reflection
    author_key: str
    # The edit code, to show once to the writer; empty unless this save was the first.
    new_code: str = ""


def _make_author_proof(link: ReflectionLink) -> str:
    code = keys.new_edit_code()
    link.author_salt = secrets.token_hex(16)
    link.edit_code_hash = keys.edit_code_hash(link, code)
    link.edit_code_tries = 0
    return code


@transaction.atomic
def reflection_save(
    *, link: ReflectionLink, answers: dict, send: bool, author_key: str | None = None, user=None
) -> Saved:
    """Save a draft, or send. The first save makes the author's proof (a key for this browser and a
    code to show once); every later save, and any change after sending, needs that proof."""
    link = _locked_link(link)
    _check_usable(link)
    _check_author(link, author_key=author_key, user=user)
    attendance = link.attendance
    session = attendance.session
    module = session.programme.module
    reflection = Reflection.objects.filter(owner_hash=keys.owner_hash(link)).first()
    if not reflection_is_editable(reflection):
        raise PermissionDenied(_("The time to change this reflection has passed."))
    if send and not answers:
        raise ValidationError(_("Answer at least one question before you send."))
    new_code = "" if link.author_salt else _make_author_proof(link)
    if reflection is None:
        anonymous = module.anonymous_reflections
        reflection = Reflection(
            owner_hash=keys.owner_hash(link),
            session=session,
            programme=session.programme,
            module=module,
            unit=session.unit,
            person_kind=attendance.person.kind,
            is_anonymous=anonymous,
            person=None if anonymous else attendance.person,
        )
    reflection.answers = answers
    if send:
        reflection.status = Reflection.Status.SENT
        reflection.sent_on = reflection.sent_on or timezone.localdate()
    reflection.save()
    link.state = (
        ReflectionLink.State.SENT
        if reflection.status == Reflection.Status.SENT
        else ReflectionLink.State.DRAFT
    )
    link.save(update_fields=["state", "author_salt", "edit_code_hash", "edit_code_tries"])
    if send:
        concern_notices_queue(reflection=reflection)
    return Saved(reflection=reflection, author_key=keys.author_key(link), new_code=new_code)


@transaction.atomic
def reflection_withdraw(*, link: ReflectionLink, author_key: str | None = None, user=None) -> None:
    """The author takes their reflection back: the answers are deleted and the link stops working."""
    link = _locked_link(link)
    _check_usable(link)
    if not is_reflection_author(link=link, author_key=author_key, user=user):
        raise PermissionDenied(
            _("These answers are private. Only the person who wrote them can withdraw them.")
        )
    reflection = Reflection.objects.filter(owner_hash=keys.owner_hash(link)).first()
    if not reflection_is_editable(reflection):
        raise PermissionDenied(_("The time to withdraw this reflection has passed."))
    if reflection is not None:
        reflection.delete()
    link.state = ReflectionLink.State.WITHDRAWN
    link.revoked_at = timezone.now()
    link.save(update_fields=["state", "revoked_at"])


def edit_code_redeem(*, link: ReflectionLink, code: str) -> str:
    """Check an edit code typed on another device; give back the author key for that browser.

    Wrong codes are counted per link and refused for good after `keys.MAX_CODE_TRIES`, so a code
    cannot be guessed through the page; the author's own browser keeps working. The count is committed
    before the refusal is raised (an exception inside the transaction would undo it).
    """
    with transaction.atomic():
        link = _locked_link(link)
        _check_usable(link)
        if not link.edit_code_hash:
            raise ValidationError(_("Nothing has been saved on this card yet."))
        if link.edit_code_tries >= keys.MAX_CODE_TRIES:
            raise PermissionDenied(
                _("Too many wrong codes were typed, so codes no longer work for this card.")
            )
        right = constant_time_compare(keys.edit_code_hash(link, code), link.edit_code_hash)
        link.edit_code_tries = 0 if right else link.edit_code_tries + 1
        link.save(update_fields=["edit_code_tries"])
    if not right:
        raise ValidationError(_("That code is not right. Check it and try again."))
    return keys.author_key(link)


def _raised_by(reflection: Reflection) -> str:
    if reflection.person_kind == Reflection.Kind.RESIDENT:
        return _("A resident, via a reflection")
    return _("A staff member, via a reflection")


@transaction.atomic
def raised_item_forward(*, reflection: Reflection, block_id: str, user):
    """Send one consented "something I want to raise" answer, without a name, to the ideas backlog."""
    if not permissions.user_can_forward_raised_items(user):
        raise PermissionDenied(_("Only coordinators can send items to the ideas backlog."))
    answer = (reflection.answers or {}).get(block_id)
    if reflection.status != Reflection.Status.SENT or not isinstance(answer, dict):
        raise ValidationError(_("There is nothing to send for this answer."))
    if not answer.get("consent"):
        raise ValidationError(_("The author did not agree to send this to the ideas backlog."))
    forward, created = RaisedItemForward.objects.get_or_create(
        reflection=reflection, block_id=block_id
    )
    if not created:
        raise ValidationError(_("This item is already in the ideas backlog."))
    text = answer["text"]
    title = text if len(text) <= 80 else text[:77].rstrip() + "..."
    idea = module_idea_create(
        title=title,
        description=_("Raised after a session of “%(module)s”:\n\n%(text)s")
        % {"module": reflection.module.title, "text": text},
        raised_by=_raised_by(reflection),
        source="reflection",
    )
    forward.idea_id = getattr(idea, "pk", None)
    forward.save(update_fields=["idea_id"])
    logger.info("A raised item was sent to the module ideas backlog.")
    return idea


@transaction.atomic
def reflections_apply_retention(*, now=None) -> dict:
    """Anonymise (or delete, per ALONGSIDE_REFLECTION_RETENTION_MODE) reflections past retention.

    Anonymising keeps ratings and choices for the figures and drops free text, "something I want to
    raise", the author's name and the owner pseudonym; card links and reminder records go too.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ALONGSIDE_REFLECTION_RETENTION_DAYS)
    old = Reflection.objects.filter(session__end__lt=cutoff)
    counts = {"anonymised": 0, "deleted": 0, "links_deleted": 0}
    if retention_mode() == "delete":
        counts["deleted"] = old.count()
        old.delete()
    else:
        for reflection in old.filter(anonymised=False).select_related("module"):
            kept_types = {"rating", "single_choice"}
            kept_ids = {
                q["id"] for q in module_questions(reflection.module) if q["type"] in kept_types
            }
            reflection.answers = {
                key: value for key, value in (reflection.answers or {}).items() if key in kept_ids
            }
            reflection.person = None
            reflection.is_anonymous = True
            reflection.owner_hash = ""
            reflection.anonymised = True
            reflection.save()
            counts["anonymised"] += 1
    links = ReflectionLink.objects.filter(attendance__session__end__lt=cutoff)
    counts["links_deleted"] = links.count()
    links.delete()
    ReflectionReminder.objects.filter(attendance__session__end__lt=cutoff).delete()
    logger.info(
        "Reflection retention: %(anonymised)s anonymised, %(deleted)s deleted, "
        "%(links_deleted)s links removed.",
        counts,
    )
    return counts


def reflection_reminders_send(*, now=None) -> int:
    """E-mail each staff attendee with an address one reminder, once, after a held session.

    The e-mail has the person's own link and the deadline, never an answer. A reminder record is written
    in the same transaction as the send, so a task that runs twice sends one e-mail.
    """
    now = now or timezone.now()
    sent = 0
    for attendance in reminders_due(now=now):
        with transaction.atomic():
            _reminder, created = ReflectionReminder.objects.get_or_create(attendance=attendance)
            if not created:
                continue
            link, token = reflection_link_ensure(attendance=attendance)
            context = {
                "first_name": attendance.person.first_name,
                "module_title": attendance.session.programme.module.title,
                "session": attendance.session,
                "url": link_url(token),
                "expires_at": link.expires_at,
            }
            send_mail(
                subject=_("Tell us what you thought of your training session"),
                message=render_to_string("reflections/email/reminder.txt", context),
                from_email=None,
                recipient_list=[attendance.person.email],
            )
            sent += 1
    logger.info("Reflection reminders sent: %s.", sent)
    return sent


def person_kind_label(kind: str) -> str:
    return dict(Person.Kind.choices).get(kind, kind)


def register_change_record(
    *, attendance: Attendance, from_status: str, to_status: str, user, now, is_correction: bool
) -> RegisterChange:
    """Keep one register mark: called by `receivers.py` inside the mark's own transaction
    (`scheduling.signals.register_marked`), so a mark is never saved without its history."""
    return RegisterChange.objects.create(
        attendance=attendance,
        from_status=from_status,
        to_status=to_status,
        changed_by=user,
        changed_at=now,
        is_correction=is_correction,
    )


@transaction.atomic
def ask_again_record(*, attendance: Attendance, user) -> AskAgain:
    """A coordinator asked a person who declined again: the next re-plan may offer them a place."""
    if not permissions.user_can_ask_again(user):
        raise PermissionDenied(_("Only coordinators can ask someone who declined again."))
    if attendance.status != Attendance.Status.DECLINED:
        raise ValidationError(_("Only someone who declined can be asked again."))
    ask, _created = AskAgain.objects.get_or_create(
        attendance=attendance, defaults={"asked_by": user}
    )
    return ask
