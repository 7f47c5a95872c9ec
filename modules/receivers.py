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


def connect() -> None:
    post_save.connect(
        record_held_session,
        sender="scheduling.Session",
        dispatch_uid="modules.record_held_session",
    )
