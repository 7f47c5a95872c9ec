"""Signal receivers: credit follows the work without anyone having to remember to write it down.

Connected in `ModulesConfig.ready`. The session receiver names its sender as a string, so `modules`
still never imports `scheduling`.
"""

from django.db.models.signals import post_save


def record_held_session(sender, instance, **kwargs):
    """A session saved as held (its register was taken) credits its co-trainer, once."""
    from .services import involvement_record_for_session

    if instance.status == "held":
        involvement_record_for_session(session=instance)


def record_published_suggestion(sender, instance, user=None, **kwargs):
    """An approved review has been published: credit the co-trainer who asked for it, once."""
    from .services.credits import suggestion_published

    suggestion_published(workflow_state=instance)


def connect() -> None:
    from wagtail.signals import workflow_approved

    workflow_approved.connect(record_published_suggestion, dispatch_uid="modules.suggestion")
    post_save.connect(
        record_held_session,
        sender="scheduling.Session",
        dispatch_uid="modules.record_held_session",
    )
