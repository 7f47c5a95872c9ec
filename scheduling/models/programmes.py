"""Programmes (a module delivered to some units between two dates) and the solver runs that plan them."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from scheduling.models.roster import Unit

REFRESHER_CHOICES = [(0, _("None")), (12, _("Every 12 months")), (24, _("Every 24 months"))]


class Programme(models.Model):
    """A module to be delivered to the people of some units between two dates."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PLANNED = "planned", _("Planned")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120)
    module = models.ForeignKey(
        "modules.TrainingModulePage",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("module"),
    )
    units = models.ManyToManyField(Unit, related_name="programmes", verbose_name=_("units"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    slot_times = models.JSONField(
        _("session start times"), default=list, help_text=_('For example ["10:00", "14:00"].')
    )
    weekdays = models.JSONField(_("days"), default=list, help_text=_("0 is Monday."))
    refresher_months = models.PositiveSmallIntegerField(
        _("refresher"),
        choices=REFRESHER_CHOICES,
        default=0,
        help_text=_(
            "People who completed the module are planned again only once their refresher is due "
            "by the programme's last day."
        ),
    )
    rebook_declined = models.BooleanField(
        _("offer a place again to people who declined"),
        default=False,
        help_text=_("Left unticked, people who declined this module are not booked again."),
    )
    prefer_lived_experience = models.BooleanField(
        _("prefer co-trainers with lived experience"), default=True
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("programme")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must not be before the first day.")})

    def dates(self) -> list[date]:
        days = []
        current = self.start_date
        weekdays = set(self.weekdays or [0, 1, 2, 3, 4])
        while current <= self.end_date:
            if current.weekday() in weekdays:
                days.append(current)
            current += timedelta(days=1)
        return days


class PlanRun(models.Model):
    """One run of the solver for a programme, with live progress while it runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="plan_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    replan = models.BooleanField(default=False)
    progress = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
