"""The evidence app stores nothing of its own: every figure is read from scheduling and reflections.

`EvidenceAccess` has no table. It exists so that the app's permissions have a content type to belong
to, and so that a role can be given "read the evidence" in the admin's group editor like any other
permission, instead of a group name written into the code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceAccess(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_reports", _("Can read the training coverage and evidence reports")),
            ("view_training_records", _("Can read anyone's training record")),
            ("export_staff_completion", _("Can download the staff completion export for HR")),
        ]
        verbose_name = _("evidence access")
