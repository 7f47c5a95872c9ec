"""The roster: units and their ward routines, people and their shifts and unavailable times, rooms and
facilitators.

Only display names are stored for people: no surnames are required and no clinical data is kept.
"""

from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Unit(models.Model):
    """A ward. Its limits keep the ward safely staffed while people are away at training."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    max_staff_away = models.PositiveSmallIntegerField(
        _("floor staff who may be away at once"), default=4, validators=[MinValueValidator(1)]
    )
    min_staff = models.PositiveSmallIntegerField(_("staff wanted per session"), default=3)
    min_residents = models.PositiveSmallIntegerField(_("residents wanted per session"), default=3)
    session_size = models.PositiveSmallIntegerField(
        _("people per session"),
        default=15,
        validators=[MinValueValidator(2), MaxValueValidator(40)],
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("session length in minutes"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
    )
    mdt_each_unit = models.BooleanField(
        _("MDT members attend with each unit they cover"),
        default=False,
        help_text=_(
            "Staff who are not floor staff and work on several units (psychiatrists, psychologists, "
            "therapists) attend one session with each of those units' residents, never two at once. "
            "Applies to the units that have this ticked."
        ),
    )
    caldav_url = models.URLField(
        _("CalDAV calendar address"),
        blank=True,
        help_text=_("Optional. Published sessions are also written to this calendar."),
    )
    concern_contact_name = models.CharField(
        _("named contact for raised concerns"),
        max_length=80,
        blank=True,
        help_text=_(
            "The person told at once when a reflection raises something, e.g. the ward manager."
        ),
    )
    concern_contact_email = models.EmailField(
        _("their work e-mail"),
        blank=True,
        help_text=_("They get a short e-mail saying where to read it; never the answer itself."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")

    def __str__(self) -> str:
        return self.name


class WardRoutine(models.Model):
    """A weekly time when no session may run on a unit: meals, medication rounds, handovers."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="routines")
    label = models.CharField(_("what happens"), max_length=80)
    weekday = models.PositiveSmallIntegerField(
        _("day"), choices=WEEKDAYS, null=True, blank=True, help_text=_("Leave empty for every day.")
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        ordering = ["unit", "weekday", "start_time"]
        verbose_name = _("ward routine")

    def __str__(self) -> str:
        day = self.get_weekday_display() if self.weekday is not None else _("Every day")
        return f"{self.unit}: {self.label} ({day} {self.start_time:%H:%M}-{self.end_time:%H:%M})"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end time must be after the start time.")})

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """True when this routine clashes with a session from `start` to `end` (local times)."""
        if self.weekday is not None and start.weekday() != self.weekday:
            return False
        return start.time() < self.end_time and self.start_time < end.time()


class Person(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        RESIDENT = "resident", _("Resident")

    class Discipline(models.TextChoices):
        NURSE = "nurse", _("Nurse")
        SUPPORT_WORKER = "support_worker", _("Healthcare or support worker")
        PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        OCCUPATIONAL_THERAPIST = "occupational_therapist", _("Occupational therapist")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        WARD_MANAGER = "ward_manager", _("Ward manager")
        OTHER = "other", _("Other")

    class CommunicationNeed(models.TextChoices):
        EASY_READ = "easy_read", _("Easy read")
        LARGE_PRINT = "large_print", _("Large print")
        READ_ALOUD = "read_aloud", _("Needs someone to read aloud")
        INTERPRETER = "interpreter", _("Needs an interpreter")
        HEARING_LOOP = "hearing_loop", _("Uses a hearing loop")

    # Disciplines that work shifts on the ward floor and so count against a unit's staff allowance.
    FLOOR_DISCIPLINES = {Discipline.NURSE, Discipline.SUPPORT_WORKER}

    code = models.CharField(
        _("roster code"),
        max_length=40,
        unique=True,
        help_text=_("The provider's own reference, used to match rows when a roster is imported."),
    )
    display_name = models.CharField(_("display name"), max_length=80)
    kind = models.CharField(_("staff or resident"), max_length=10, choices=Kind.choices)
    discipline = models.CharField(
        _("discipline"), max_length=30, choices=Discipline.choices, blank=True
    )
    is_floor_staff = models.BooleanField(
        _("counts as floor staff"),
        default=False,
        help_text=_("Nurses and support workers who must stay on the ward in enough numbers."),
    )
    units = models.ManyToManyField(Unit, related_name="people", verbose_name=_("units"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    email = models.EmailField(
        _("work e-mail"), blank=True, help_text=_("Staff only. Used for calendar invitations.")
    )
    communication_needs = models.JSONField(_("communication needs"), default=list, blank=True)
    interpreter_language = models.CharField(
        _("interpreter's language"),
        max_length=60,
        blank=True,
        help_text=_("For people who need an interpreter, e.g. Polish or British Sign Language."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["display_name", "code"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name

    def clean(self):
        errors = {}
        if self.kind == self.Kind.RESIDENT:
            if self.discipline:
                errors["discipline"] = _("Residents have no discipline; leave it empty.")
            if self.is_floor_staff:
                errors["is_floor_staff"] = _("Only staff can count as floor staff.")
            if self.email:
                errors["email"] = _("Residents' e-mail addresses are not stored.")
        elif self.kind == self.Kind.STAFF and not self.discipline:
            errors["discipline"] = _("Choose the staff member's discipline.")
        valid = set(self.CommunicationNeed.values)
        unknown = [need for need in (self.communication_needs or []) if need not in valid]
        if unknown:
            errors["communication_needs"] = _("Unknown communication need: %(needs)s.") % {
                "needs": ", ".join(unknown)
            }
        if errors:
            raise ValidationError(errors)

    @property
    def first_name(self) -> str:
        return self.display_name.split(" ")[0]

    @property
    def wants_easy_read(self) -> bool:
        return self.CommunicationNeed.EASY_READ in (self.communication_needs or [])


class Shift(models.Model):
    """What a staff member works on a date, which decides when they can attend training."""

    class Kind(models.TextChoices):
        EARLY = "early", _("Early")
        LATE = "late", _("Late")
        LONG_DAY = "long_day", _("Long day")
        DAY = "day", _("Office day")
        NIGHT = "night", _("Night")
        OFF = "off", _("Day off")
        LEAVE = "leave", _("Leave")

    # Local working hours per shift; a session must fit inside one to be attended on shift.
    HOURS = {
        Kind.EARLY: (time(7, 0), time(15, 0)),
        Kind.LATE: (time(13, 0), time(21, 30)),
        Kind.LONG_DAY: (time(7, 0), time(20, 0)),
        Kind.DAY: (time(9, 0), time(17, 0)),
        Kind.NIGHT: (time(20, 0), time(23, 59)),
    }
    CODES = {
        "E": Kind.EARLY,
        "L": Kind.LATE,
        "D": Kind.LONG_DAY,
        "W": Kind.DAY,
        "N": Kind.NIGHT,
        "O": Kind.OFF,
        "A": Kind.LEAVE,
    }

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField(_("date"))
    kind = models.CharField(_("shift"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["date", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "date"], name="one_shift_per_person_per_day")
        ]
        verbose_name = _("shift")

    def __str__(self) -> str:
        return f"{self.person} {self.date:%d %b}: {self.get_kind_display()}"

    def covers(self, start: time, end: time) -> bool:
        hours = self.HOURS.get(self.kind)
        return bool(hours) and hours[0] <= start and end <= hours[1]


class Unavailability(models.Model):
    """A window when a person cannot attend: leave, an appointment, a tribunal, a visit."""

    class Reason(models.TextChoices):
        LEAVE = "leave", _("Leave")
        APPOINTMENT = "appointment", _("Appointment")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="unavailable")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, default="other")

    class Meta:
        ordering = ["start"]
        verbose_name = _("unavailable time")
        verbose_name_plural = _("unavailable times")

    def __str__(self) -> str:
        return f"{self.person}: {self.get_reason_display()}"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})


class Room(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    location = models.CharField(_("where"), max_length=120, blank=True)
    available_weekdays = models.JSONField(
        _("days available"), default=list, blank=True, help_text=_("Empty means every day.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")

    def __str__(self) -> str:
        return self.name


class RoomClosure(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="closures")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("room closure")


class Facilitator(models.Model):
    """Someone who leads or co-delivers sessions. A co-trainer may be a resident."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead trainer")
        CO = "co", _("Co-trainer")

    display_name = models.CharField(_("display name"), max_length=80)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitator",
        help_text=_("Link to the roster entry when the facilitator also works or lives on a ward."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitator",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="facilitators",
        help_text=_("Leave empty to serve every unit."),
    )
    max_per_day = models.PositiveSmallIntegerField(_("sessions per day at most"), default=2)
    lived_experience = models.BooleanField(
        _("brings lived experience"),
        default=False,
        help_text=_("A co-trainer who has lived on a ward. Programmes may prefer them."),
    )
    available_weekdays = models.JSONField(
        _("days available"), default=list, blank=True, help_text=_("Empty means every weekday.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["role", "display_name"]
        verbose_name = _("facilitator")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"


class FacilitatorAbsence(models.Model):
    facilitator = models.ForeignKey(Facilitator, on_delete=models.CASCADE, related_name="absences")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("facilitator absence")
