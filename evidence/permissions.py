"""Who may read which evidence: plain functions that views, menus and dashboard panels all call.

The checks are Django permissions (granted to groups by `migrations/0002_sponsors_role.py`), so a
provider can give another group read access in the admin without a code change.
"""

from scheduling.models import Person


def user_can_view_reports(user) -> bool:
    """Sponsors and coordinators read coverage and "what people said": figures only, never names."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("evidence.view_reports"))


def user_can_view_training_record(user, person: Person) -> bool:
    """A person reads their own record; coordinators read anyone's. Sponsors never see names."""
    if not (user.is_authenticated and user.is_active):
        return False
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return user.has_perm("evidence.view_training_records")


def user_can_list_training_records(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("evidence.view_training_records")
    )


def user_can_export_staff_completion(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("evidence.export_staff_completion")
    )
