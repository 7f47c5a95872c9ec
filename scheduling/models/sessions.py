"""Sessions of a programme and the attendance (bookings and the register) of each."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scheduling.models.programmes import Programme
from scheduling.models.roster import Facilitator, Person, Room, Unit
from scheduling.statuses import VISIBLE_SESSION_STATUSES


class Session(models.Model):
    """One 90-minute joint session of a programme, for one unit, in one room."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sessions")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    lead = models.ForeignKey(
        Facilitator, on_delete=models.PROTECT, related_name="led_sessions", null=True, blank=True
    )
    co_trainer = models.ForeignKey(
        Facilitator,
        on_delete=models.SET_NULL,
        related_name="co_sessions",
        null=True,
        blank=True,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_("Locked sessions stay as they are when re-planning."),
    )
    is_catch_up = models.BooleanField(default=False)
    # Calendar identity: the UID is never reused; SEQUENCE rises on every change of time, room or status.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "unit__name"]
        permissions = [
            ("deliver_session", "Can deliver the training sessions they are given"),
            ("lead_session", "Can lead the training sessions they are given"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.unit} {local:%a %d %b %H:%M} ({self.room})"

    @property
    def is_visible_to_attendees(self) -> bool:
        return self.status in VISIBLE_SESSION_STATUSES


class Attendance(models.Model):
    """A person booked into a session, and what the register says happened."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        LEFT_EARLY = "left_early", _("Left early")
        # A person's right to say no: never re-booked for this module unless a coordinator asks again.
        DECLINED = "declined", _("Declined")
        # Away for a reason that is nobody's business here (leave, unwell): no clinical detail, no free text.
        EXCUSED = "excused", _("Excused")
        # The session was cancelled: the row stays so the cancellation can reach this person, but it is
        # no longer a live booking, so they can be booked into another session.
        CANCELLED = "cancelled", _("Session cancelled")

    # Statuses that do not hold a place in the programme (see `one_live_booking_per_programme`).
    NOT_LIVE = ("absent", "cancelled", "declined", "excused")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    # Copied from the session so the database itself refuses a second live booking in one programme.
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="attendances")
    # Copied from the session too: someone who attends with each unit they cover (`Unit.mdt_each_unit`)
    # holds one live booking per unit of the programme, everyone else one per programme.
    unit = models.ForeignKey(
        "scheduling.Unit", on_delete=models.CASCADE, related_name="+", null=True, editable=False
    )
    each_unit = models.BooleanField(default=False, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "person__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="one_attendance_per_session"
            ),
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=~Q(status__in=["absent", "cancelled", "declined", "excused"])
                & Q(each_unit=False),
                name="one_live_booking_per_programme",
            ),
            models.UniqueConstraint(
                fields=["programme", "person", "unit"],
                condition=~Q(status__in=["absent", "cancelled", "declined", "excused"]),
                name="one_live_booking_per_programme_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"

    def save(self, *args, **kwargs):
        if self.session_id and not self.programme_id:
            self.programme_id = self.session.programme_id
        if self.session_id and not self.unit_id:
            self.unit_id = self.session.unit_id
        super().save(*args, **kwargs)
