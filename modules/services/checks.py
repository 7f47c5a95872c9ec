"""Writes for the plain-words "Lived-experience check": a resident co-trainer says "This is fine" or
"Ask for changes" without the Wagtail admin.

Underneath it is exactly what the admin does with a workflow action: the current task's `on_action`
on its task state, with the comment. So the history, the notifications and what the lead trainer sees
next are the same whichever way the check was done.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState

from ..check_selectors import check_task_state
from ..permissions import user_can_do_lived_experience_check

APPROVE = "approve"
ASK_FOR_CHANGES = "reject"


@transaction.atomic
def lived_experience_check_answer(*, page: Page, user, answer: str, comment: str) -> TaskState:
    """Approve or ask for changes at the lived-experience check; asking for changes needs a comment."""
    page = Page.objects.select_for_update().get(pk=page.pk).specific
    task_state = check_task_state(page)
    if task_state is None:
        raise ValidationError(_("Nothing on this page is waiting for a check now."))
    if not user_can_do_lived_experience_check(user=user, page=page):
        raise PermissionDenied(_("You cannot check this change."))
    task = task_state.task.specific
    allowed = {name for name, _label, _modal in task.get_actions(page, user)}
    if answer not in (APPROVE, ASK_FOR_CHANGES) or answer not in allowed:
        raise ValidationError(_("Choose “This is fine” or “Ask for changes”."))
    comment = (comment or "").strip()
    if answer == ASK_FOR_CHANGES and not comment:
        raise ValidationError(_("Write what should change, so the writer knows what to do."))
    task.on_action(task_state.specific, user, answer, comment=comment)
    task_state.refresh_from_db()
    return task_state
