"""Raised concerns reach a person: the unit's named contact is told at once, never with the answer.

A "something I want to raise" answer may be about safety, so waiting for someone to open the insights
page is not enough. When a reflection is sent with such an answer, a task tells the session's unit's
named contact (`Unit.concern_contact_email`) that a concern was raised for that session and where to
read it. The answer itself stays in the application, behind the insights page's permissions: e-mail is
copied, forwarded and kept in places this product cannot clear (see `reflections.models`).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RaisedConcernNotice, Reflection
from .selectors import module_questions

logger = logging.getLogger(__name__)


def raised_block_ids(reflection: Reflection) -> list[str]:
    """The "something I want to raise" questions this sent reflection answered."""
    if reflection.status != Reflection.Status.SENT:
        return []
    answers = reflection.answers or {}
    return [
        question["id"]
        for question in module_questions(reflection.module)
        if question["type"] == "raise_concern"
        and isinstance(answers.get(question["id"]), dict)
        and (answers[question["id"]].get("text") or "").strip()
    ]


def concern_notices_queue(*, reflection: Reflection) -> None:
    """After the save commits, queue the task when there is a raised answer not yet told."""
    if not raised_block_ids(reflection):
        return
    reflection_id = str(reflection.pk)

    def enqueue():
        from django_q.tasks import async_task

        async_task("reflections.tasks.notify_raised_concerns", reflection_id)

    transaction.on_commit(enqueue)


def concern_notices_send(*, reflection_id) -> int:
    """Tell the unit's named contact about each raised answer not yet told. Idempotent.

    The delivery record is created first, inside the transaction that sends the e-mail; the unique
    constraint makes a second run (or a concurrent one) skip it.
    """
    reflection = (
        Reflection.objects.select_related("session__unit", "session__room", "module")
        .filter(pk=reflection_id)
        .first()
    )
    if reflection is None:
        return 0
    told = 0
    for block_id in raised_block_ids(reflection):
        unit = reflection.session.unit
        try:
            with transaction.atomic():
                RaisedConcernNotice.objects.create(
                    reflection=reflection, block_id=block_id, recipient=unit.concern_contact_email
                )
                if not unit.concern_contact_email:
                    logger.warning("A concern was raised on a unit with no named contact.")
                    continue
                _send(reflection, unit)
        except IntegrityError:
            continue  # already told
        told += 1
    logger.info("Raised concern notices sent: %s.", told)
    return told


def _send(reflection: Reflection, unit) -> None:
    session = reflection.session
    url = settings.ALONGSIDE_BASE_URL.rstrip("/") + reverse(
        "reflections:insights", args=["session", session.pk]
    )
    context = {
        "contact_name": unit.concern_contact_name,
        "module_title": reflection.module.title,
        "unit": unit.name,
        "when": timezone.localtime(session.start),
        "url": url,
    }
    send_mail(
        subject=_("A concern was raised after a training session on %(unit)s")
        % {"unit": unit.name},
        message=render_to_string("reflections/email/concern_raised.txt", context),
        from_email=None,
        recipient_list=[unit.concern_contact_email],
    )
