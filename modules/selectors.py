"""Reads for modules: the module index, what awaits review, and the involvement record."""

from datetime import date

from django.db.models import QuerySet

from .models import ModuleIndexPage, ModuleInvolvement, TrainingModulePage
from .permissions import user_can_see_all_involvement, user_can_suggest_module_changes


def involvement_for_export(
    *, date_from: date | None = None, date_to: date | None = None
) -> QuerySet[ModuleInvolvement]:
    records = ModuleInvolvement.objects.select_related("module").order_by("date", "person_name")
    if date_from:
        records = records.filter(date__gte=date_from)
    if date_to:
        records = records.filter(date__lte=date_to)
    return records


def module_index() -> ModuleIndexPage | None:
    return ModuleIndexPage.objects.order_by("path").first()


def modules_awaiting_review() -> list[TrainingModulePage]:
    """Module pages with a "Co-trainer review" (or any) workflow in progress, for lead trainers."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, WorkflowState

    page_type = ContentType.objects.get_for_model(Page)
    in_progress = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=page_type
    ).values_list("object_id", flat=True)
    ids = [int(object_id) for object_id in in_progress]
    return list(TrainingModulePage.objects.filter(pk__in=ids).order_by("title")) + list(
        _material_pages_with_ids(ids)
    )


def _material_pages_with_ids(ids: list[int]):
    from .models import ModuleMaterialPage

    return ModuleMaterialPage.objects.filter(pk__in=ids).order_by("title")


def involvement_visible_to(*, user, queryset: QuerySet | None = None) -> QuerySet:
    """Every record for those who keep the record; a co-trainer's own records for a co-trainer;
    nothing for anyone else."""
    records = ModuleInvolvement.objects.all() if queryset is None else queryset
    if user_can_see_all_involvement(user):
        return records
    if user_can_suggest_module_changes(user):
        return records.filter(user=user)
    return records.none()
