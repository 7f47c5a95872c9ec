"""Which review a module index's pages go through: the lead trainer alone, or a lived-experience check
by a resident co-trainer first. Switched by the index's "lived-experience check" setting."""

from django.db import transaction
from wagtail.models import Workflow, WorkflowPage

from ..models import ModuleIndexPage

REVIEW = "Co-trainer review"
REVIEW_WITH_CHECK = "Co-trainer review with lived-experience check"


@transaction.atomic
def module_index_apply_review_route(*, index: ModuleIndexPage) -> Workflow | None:
    """Point the index at the matching workflow. Reviews already under way finish on their route."""
    name = REVIEW_WITH_CHECK if index.lived_experience_check else REVIEW
    workflow = Workflow.objects.filter(name=name, active=True).first()
    if workflow is None:
        return None
    WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})
    return workflow
