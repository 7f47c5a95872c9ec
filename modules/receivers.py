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


def apply_review_route(sender, instance, **kwargs):
    """Publishing a module index with "lived-experience check" switched on or off changes its review."""
    from .models import ModuleIndexPage
    from .services.review_route import module_index_apply_review_route

    if isinstance(instance, ModuleIndexPage):
        module_index_apply_review_route(index=instance)


def connect() -> None:
    from wagtail.signals import page_published, workflow_approved

    workflow_approved.connect(record_published_suggestion, dispatch_uid="modules.suggestion")
    page_published.connect(apply_review_route, dispatch_uid="modules.review_route")
    post_save.connect(
        record_held_session,
        sender="scheduling.Session",
        dispatch_uid="modules.record_held_session",
    )
