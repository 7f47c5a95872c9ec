"""The planning rules a coordinator records beside the roster: closure dates, cover days, keep-apart pairs.

Re-exported by `scheduling.models`, like every model of the app.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ProgrammeClosure(models.Model):
    """A date a programme must not use (a ward event, an inspection), on top of bank holidays."""

    programme = models.ForeignKey(
        "scheduling.Programme", on_delete=models.CASCADE, related_name="closures"
    )
    date = models.DateField(_("date"))
    label = models.CharField(_("what happens"), max_length=80, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closure date")
        constraints = [
            models.UniqueConstraint(fields=["programme", "date"], name="one_closure_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%a %d %b %Y}" + (f": {self.label}" if self.label else "")


class CoverDay(models.Model):
    """A day the ward has booked cover, so more floor staff may be away at training at once."""

    unit = models.ForeignKey("scheduling.Unit", on_delete=models.CASCADE, related_name="cover_days")
    date = models.DateField(_("date"))
    max_staff_away = models.PositiveSmallIntegerField(
        _("floor staff who may be away at once that day"), validators=[MaxValueValidator(40)]
    )

    class Meta:
        ordering = ["date", "unit"]
        verbose_name = _("cover day")
        constraints = [
            models.UniqueConstraint(fields=["unit", "date"], name="one_cover_day_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.date:%a %d %b %Y} ({self.max_staff_away})"


class KeepApart(models.Model):
    """Two people who must never be in the same session.

    Deliberately without a reason: the need is a safeguarding matter recorded elsewhere. Only
    coordinators see these rows (the admin is theirs alone); they are never shown on the plan, in a
    feed, an export or an e-mail. The pair is stored in id order, so it is recorded once.
    """

    person_a = models.ForeignKey(
        "scheduling.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    person_b = models.ForeignKey(
        "scheduling.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("keep apart from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keep-apart pair")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="keep_apart_once"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="keep_apart_in_order"
            ),
        ]

    def __str__(self) -> str:
        return _("Keep apart: %(a)s and %(b)s") % {"a": self.person_a, "b": self.person_b}

    def save(self, *args, **kwargs):
        if self.person_a_id and self.person_b_id and self.person_a_id > self.person_b_id:
            self.person_a_id, self.person_b_id = self.person_b_id, self.person_a_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.person_a_id and self.person_a_id == self.person_b_id:
            raise ValidationError({"person_b": _("Choose two different people.")})
