"""Reflections: what attendees thought of a session, stored so that anonymity holds by construction.

How anonymity works (why there are two tables and no foreign key between them)
-----------------------------------------------------------------------------
A reflection must be editable and withdrawable by its author, counted towards completion rates, and
(for modules with `anonymous_reflections`) impossible for any coordinator or trainer to link to a person.
So the data is split:

* `ReflectionLink` belongs to one `Attendance` (so to one person). It holds the hashed card token, the
  expiry, and a coarse `state` (not started / draft / sent / withdrawn) used for completion counts and the
  one reminder e-mail. It holds no answers and no reference to the `Reflection` row.
* `Reflection` holds the answers plus only what the insights need: session, programme, module, unit and
  the author's kind (staff or resident). Its primary key is a random UUID (no insertion order to line up
  with link rows), it keeps dates, not times, and it has no foreign key to a person, an attendance or a
  link. For named modules `person` is filled in so coordinators see the author's name; for anonymous
  modules it stays empty, and `is_anonymous` records the choice at the time of writing, so switching a
  module from anonymous to named later never reveals old authors.
* The author finds their own reflection again through `owner_hash`, a keyed HMAC (Django's SECRET_KEY)
  of the link's id and random salt. Going from a link to its reflection is one HMAC; going back from a
  reflection to a person would need the secret key and a search over every link, which no staff-facing
  view, admin screen, export or database dump offers. People who run the server hold both the database
  and the key and are trusted as for any pseudonymised data; the retention job clears `owner_hash` and
  deletes the links, after which nobody can link them.

Who may read a sent reflection: its author, and nobody who merely holds the card
---------------------------------------------------------------------------------
A card link is printed and handed over by trainers, so trainers, coordinators and anyone who sees the pack
may know it. The link is therefore only for *writing*: once anything has been saved through it, the link
shows "Thank you, your reflection was sent" (or that a draft is kept) and nothing of the answers. Seeing,
changing or withdrawing needs proof of authorship, which only the writer ever had:

* the author key, kept by the browser that first saved (a signed, HttpOnly cookie scoped to the card's
  path). It is derived (keyed HMAC) from `ReflectionLink.author_salt`, made at the first save, so no key
  is stored and the link's row alone does not give it away;
* or the short edit code shown once to the writer at the first save (in easy read too). Only its keyed
  hash is stored; wrong guesses are counted per link and stop at `keys.MAX_CODE_TRIES`.

A signed-in attendee opening "Reflections to complete" proves authorship by their own login. A staff
member's role (lead, co-trainer, coordinator, admin) never does: there is no staff screen that opens a
reflection through its link. Cards work only from the session's start, and stop once the person is marked
absent, declined or excused, or the session is cancelled.

Reflections are never indexed for search (this model is not `Indexed`), never logged and never e-mailed;
`reflections.log_filters` keeps the card links themselves out of every log line.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReflectionLink(models.Model):
    """One attendee's way in to their own reflection: the printed card's secret link, and its state.

    The token itself is never stored: only its SHA-256 hash (for look-up) and a random salt from which the
    server can derive it again with an HMAC, so a printed pack can be reprinted with the same links.
    """

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft saved")
        SENT = "sent", _("Sent")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    attendance = models.OneToOneField(
        "scheduling.Attendance", on_delete=models.CASCADE, related_name="reflection_link"
    )
    salt = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("link expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.NOT_STARTED)
    # Proof of authorship (see the module docstring): made at the first save, empty until then.
    author_salt = models.CharField(max_length=32, blank=True)
    edit_code_hash = models.CharField(max_length=64, blank=True)
    edit_code_tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("reflection link")

    def __str__(self) -> str:
        return f"Reflection link {self.pk}"


class Reflection(models.Model):
    """The answers of one attendee to one session's reflection questions (see the module docstring)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        RESIDENT = "resident", _("Resident")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_hash = models.CharField(max_length=64, blank=True, db_index=True)
    session = models.ForeignKey(
        "scheduling.Session", on_delete=models.CASCADE, related_name="reflections"
    )
    programme = models.ForeignKey(
        "scheduling.Programme", on_delete=models.CASCADE, related_name="reflections"
    )
    module = models.ForeignKey(
        "modules.TrainingModulePage", on_delete=models.CASCADE, related_name="reflections"
    )
    unit = models.ForeignKey("scheduling.Unit", on_delete=models.CASCADE, related_name="+")
    person_kind = models.CharField(max_length=10, choices=Kind.choices)
    is_anonymous = models.BooleanField(default=True)
    # Only for named modules: the author, shown to coordinators by display name.
    person = models.ForeignKey(
        "scheduling.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="named_reflections",
    )
    # {block_id: value}: an int 1-5 for ratings, a string for free text and choices, and
    # {"text": str, "consent": bool} for "something I want to raise".
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    sent_on = models.DateField(null=True, blank=True)
    anonymised = models.BooleanField(default=False)

    class Meta:
        # Random UUID order: listing never lines reflections up with the order people wrote them.
        ordering = ["id"]
        verbose_name = _("reflection")
        # Rights over what reflections add up to, never over anyone's answers (see the module docstring):
        # granted to groups by migration 0006, checked only through `reflections.permissions`.
        permissions = [
            ("view_insights", "Can read reflection insights for the sessions they lead"),
            ("view_every_insight", "Can read reflection insights for every session"),
            ("forward_raised_item", "Can send a raised item, without a name, to the ideas backlog"),
        ]

    def __str__(self) -> str:
        return f"Reflection on {self.session_id}"


class RaisedItemForward(models.Model):
    """A "something I want to raise" answer that was sent (without a name) to the module ideas backlog.

    Kept so an item is sent once, whoever presses the button and however often.
    """

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="forwards")
    block_id = models.CharField(max_length=64)
    idea_id = models.PositiveIntegerField(null=True, blank=True)
    forwarded_on = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "block_id"], name="one_forward_per_raised_item"
            )
        ]


class RaisedConcernNotice(models.Model):
    """The delivery record of one "something I want to raise" answer told to its unit's named contact.

    One row per raised answer, written in the same transaction as the e-mail is sent, so a task that runs
    twice (or a reflection sent again with changes) tells the contact once. The e-mail says that a
    concern was raised for a session and where to read it; it never carries the answer.
    """

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="notices")
    block_id = models.CharField(max_length=64)
    recipient = models.EmailField(blank=True)  # empty: the unit had no named contact
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "block_id"], name="one_notice_per_raised_item"
            )
        ]


class ReflectionReminder(models.Model):
    """Records the one reminder e-mail per attendance, so a task that runs twice sends it once."""

    attendance = models.OneToOneField(
        "scheduling.Attendance", on_delete=models.CASCADE, related_name="reflection_reminder"
    )
    sent_at = models.DateTimeField(auto_now_add=True)


class RegisterChange(models.Model):
    """One mark on a register: who set which status, when, and whether it was a later correction.

    Registers are taken on the day; after that only coordinators may correct them, and every change
    (on the day or after) is kept here so a register's history can be read back.
    """

    attendance = models.ForeignKey(
        "scheduling.Attendance", on_delete=models.CASCADE, related_name="register_changes"
    )
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField()
    is_correction = models.BooleanField(default=False)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("register change")

    @property
    def to_label(self) -> str:
        from scheduling.models import Attendance

        return dict(Attendance.Status.choices).get(self.to_status, self.to_status)


class AskAgain(models.Model):
    """A coordinator's decision to offer a session again to someone who declined.

    Declining is a person's right: the catch-up re-plan never books them again for the programme,
    unless a coordinator has recorded here that they asked the person again.
    """

    attendance = models.OneToOneField(
        "scheduling.Attendance", on_delete=models.CASCADE, related_name="ask_again"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declined person asked again")


def retention_mode() -> str:
    """'anonymise' (default: keep ratings and choices, drop text and names) or 'delete'."""
    return getattr(settings, "ALONGSIDE_REFLECTION_RETENTION_MODE", "anonymise")
