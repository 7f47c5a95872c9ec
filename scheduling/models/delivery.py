"""Calendar delivery: secret feed links and the record of each e-mailed invitation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from scheduling.models.programmes import Programme
from scheduling.models.roster import Facilitator, Person, Unit
from scheduling.models.sessions import Session


class FeedToken(models.Model):
    """A revocable secret link to a calendar feed. Only a SHA-256 hash of the token is stored."""

    class Scope(models.TextChoices):
        PERSON = "person", _("Person")
        UNIT = "unit", _("Unit")
        PROGRAMME = "programme", _("Programme")
        FACILITATOR = "facilitator", _("Facilitator")

    scope = models.CharField(max_length=12, choices=Scope.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE)
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.CASCADE)
    facilitator = models.ForeignKey(Facilitator, null=True, blank=True, on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class InviteDelivery(models.Model):
    """One e-mailed invitation, recorded so a task that runs twice sends each message once."""

    key = models.CharField(max_length=200, unique=True)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invites")
    recipient = models.EmailField()
    method = models.CharField(max_length=10)
    sequence = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
