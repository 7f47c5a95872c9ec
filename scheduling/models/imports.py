"""A roster import between its preview and its write.

The uploaded file's bytes are kept, with their SHA-256, from the preview until the coordinator presses
"Import these changes": the write reads these bytes, never a second upload, so what is written is what
was previewed. The plan shown in the preview is stored too, and its digest is compared with the plan
worked out again at the moment of writing. The bytes are deleted once the import is done, has failed or
has expired, and so is the preview (the roster is personal data; only the counts stay as the record).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterImport(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Waiting for you to check the changes")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")
        EXPIRED = "expired", _("Out of date")

    FINISHED = (Status.DONE, Status.FAILED, Status.EXPIRED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(blank=True, default=b"")
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    plan = models.JSONField(default=dict)
    plan_digest = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    progress = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roster import")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED
