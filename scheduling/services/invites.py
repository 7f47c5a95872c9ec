"""E-mailed calendar invitations (iTIP, RFC 5546) for published, moved and cancelled sessions.

One message per session and recipient, each with only that recipient's ATTENDEE line. An InviteDelivery
row, keyed by UID, SEQUENCE, METHOD and recipient, is written before sending, so a task that runs twice
(a retry, or two workers) sends each message once. Residents are never e-mailed.
"""

from __future__ import annotations

import hashlib
import logging
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from scheduling import calendars
from scheduling.models import InviteDelivery, Session
from scheduling.selectors import calendars as calendar_selectors
from scheduling.selectors.calendars import InviteRecipient

logger = logging.getLogger(__name__)


class CalendarInviteMessage(EmailMultiAlternatives):
    """An e-mail whose text/calendar alternative carries the iTIP method in its Content-Type, which
    Outlook and Gmail need before they show the Accept / Decline bar or remove a cancelled event."""

    def __init__(self, *args, method: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.itip_method = method

    def _create_mime_attachment(self, content, mimetype):
        part = super()._create_mime_attachment(content, mimetype)
        if mimetype == "text/calendar":
            part.replace_header(
                "Content-Type", f"text/calendar; method={self.itip_method}; charset=utf-8"
            )
        return part


def organizer() -> tuple[str, str]:
    """The organiser of every invitation: ALONGSIDE_CALENDAR_ORGANIZER, else DEFAULT_FROM_EMAIL."""
    configured = (
        getattr(settings, "ALONGSIDE_CALENDAR_ORGANIZER", "") or settings.DEFAULT_FROM_EMAIL
    )
    name, address = parseaddr(configured)
    return name or "Alongside", address


def delivery_key(*, session: Session, method: str, email: str) -> str:
    key = f"{session.uid}:{session.sequence}:{method}:{email.lower()}"
    if len(key) > 200:  # a very long address: keep the key unique but within the column
        digest = hashlib.sha256(email.lower().encode()).hexdigest()
        key = f"{session.uid}:{session.sequence}:{method}:{digest}"
    return key


def _when(event: calendars.CalendarEvent) -> str:
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end)
    return f"{date_format(start, 'l j F Y')}, {start:%H:%M} to {end:%H:%M}"


def invite_subject(event: calendars.CalendarEvent, *, method: str, change: str) -> str:
    start = timezone.localtime(event.start)
    when = f"{date_format(start, 'D j M')}, {start:%H:%M}"
    if method == calendars.METHOD_CANCEL:
        prefix = "Cancelled"
    elif change == "moved":
        prefix = "Changed"
    else:
        prefix = "Training session"
    return f"{prefix}: {event.module_title} – {when}"


def invite_body(
    event: calendars.CalendarEvent, *, method: str, change: str, recipient: InviteRecipient
) -> str:
    """Short plain text; says nothing about who else attends and never names a resident."""
    lines = [f"Hello {recipient.name.split(' ')[0]},", ""]
    if method == calendars.METHOD_CANCEL and event.is_cancelled:
        lines.append("This training session is cancelled. You do not need to come.")
    elif method == calendars.METHOD_CANCEL:
        lines.append("You are no longer booked into this training session.")
        lines.append(
            "If you have been booked into another one, you will get a separate invitation."
        )
    elif change == "moved":
        lines.append("This training session has changed. Please check the new time and room.")
    else:
        lines.append("You are booked into this training session.")
    lines += ["", *calendars.event_detail_lines(event, when=_when(event))]
    lines += [
        "",
        "The attached calendar entry updates the one in your calendar.",
        "",
        "Alongside",
    ]
    return "\n".join(lines)


def invite_message(
    *, session: Session, method: str, change: str, recipient: InviteRecipient
) -> CalendarInviteMessage:
    event = calendar_selectors.calendar_event(session)
    org_name, org_email = organizer()
    ics = calendars.build_invite(
        event,
        method=method,
        organizer_email=org_email,
        organizer_name=org_name,
        attendee_email=recipient.email,
        attendee_name=recipient.name,
    ).decode()
    message = CalendarInviteMessage(
        subject=invite_subject(event, method=method, change=change),
        body=invite_body(event, method=method, change=change, recipient=recipient),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((recipient.name, recipient.email))],
        method=method,
    )
    message.attach_alternative(ics, "text/calendar")
    filename = "cancel.ics" if method == calendars.METHOD_CANCEL else "invite.ics"
    message.attach(filename, ics.encode(), "application/ics")
    return message


def invite_deliver(
    *, session: Session, method: str, change: str, recipient: InviteRecipient
) -> bool:
    """Send one invitation unless it was sent before. True when a message went out."""
    key = delivery_key(session=session, method=method, email=recipient.email)
    try:
        with transaction.atomic():
            delivery, created = InviteDelivery.objects.get_or_create(
                key=key,
                defaults={
                    "session": session,
                    "recipient": recipient.email,
                    "method": method,
                    "sequence": session.sequence,
                },
            )
    except IntegrityError:  # another worker recorded it between our read and our write
        return False
    if not created:
        return False
    try:
        invite_message(session=session, method=method, change=change, recipient=recipient).send()
    except Exception:
        # Forget the record so a retry can send it; the error goes to the task's log.
        delivery.delete()
        raise
    logger.info(
        "Sent calendar %s for session %s (sequence %s).", method, session.pk, session.sequence
    )
    return True


def invites_send_for_sessions(
    *, session_ids: list[int], change: str, removed: dict | None = None
) -> int:
    """Invite (or cancel) everyone affected by a change to these sessions. Returns messages sent.

    `removed` maps a session id to the ids of people moved out of it; they get a CANCEL for that
    session. Drafts are never announced, and held sessions have already happened.
    """
    sent = 0
    removed = {int(k): v for k, v in (removed or {}).items()}
    sessions = calendar_selectors.calendar_sessions().filter(pk__in=session_ids)
    for session in sessions:
        if session.status in (Session.Status.DRAFT, Session.Status.HELD):
            continue
        method = (
            calendars.METHOD_CANCEL
            if session.status == Session.Status.CANCELLED
            else calendars.METHOD_REQUEST
        )
        for recipient in calendar_selectors.invite_recipients(session):
            sent += invite_deliver(
                session=session, method=method, change=change, recipient=recipient
            )
        if method == calendars.METHOD_REQUEST and removed.get(session.pk):
            current = {r.email.lower() for r in calendar_selectors.invite_recipients(session)}
            for recipient in calendar_selectors.removed_recipients(removed[session.pk]):
                if recipient.email.lower() in current:
                    continue
                sent += invite_deliver(
                    session=session,
                    method=calendars.METHOD_CANCEL,
                    change=change,
                    recipient=recipient,
                )
    return sent
