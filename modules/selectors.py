"""Reads for modules: what is published, who prefers easy read, and rows for the finance export."""

from datetime import date

from django.db.models import QuerySet

from .models import ModuleIndexPage, ModuleInvolvement, TrainingModulePage

EASY_READ_NEED = "easy_read"


def published_modules(*, index: ModuleIndexPage | None = None) -> QuerySet[TrainingModulePage]:
    modules = TrainingModulePage.objects.live().public()
    if index is not None:
        modules = modules.child_of(index)
    return modules.order_by("title")


def user_prefers_easy_read(user) -> bool:
    """True when the login is linked to a person whose communication needs include easy read.

    `modules` must not import `scheduling`, so the linked person is reached through the reverse
    relation by name, and any missing link simply means "no preference".
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    try:
        person = getattr(user, "person", None)
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist when the login has no person.
        return False
    needs = getattr(person, "communication_needs", None) or []
    return EASY_READ_NEED in needs


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
