"""The roles of docs/architecture.md ("Roles"), and the Sponsors who read the evidence, as Django
groups. What someone may do is asked of each app's `permissions.py` (`user_can_*` over Django
permissions); the two group checks left here serve `modules`' writing workflow, where a lead trainer and a
co-trainer play different parts (reviewer and writer) in the same pages.

Permissions on domain models are granted by each app's own data migration; this module knows only the
group names, so that `website` stays free of anything domain-specific.
"""

from django.contrib.auth.models import AnonymousUser, User

COORDINATORS = "Coordinators"
LEAD_TRAINERS = "Lead trainers"
CO_TRAINERS = "Co-trainers"
ATTENDEES = "Attendees"
# Created by the evidence app's migration: read-only access to reports, no admin.
SPONSORS = "Sponsors"
ALL_GROUPS = (COORDINATORS, LEAD_TRAINERS, CO_TRAINERS, ATTENDEES, SPONSORS)
# Groups whose members use the Wagtail admin; attendees only use the public pages.
ADMIN_GROUPS = (COORDINATORS, LEAD_TRAINERS, CO_TRAINERS)


def user_in_group(user: User | AnonymousUser, group_name: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_alongside_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._alongside_groups = cache
    return group_name in cache


def is_lead_trainer(user) -> bool:
    return user_in_group(user, LEAD_TRAINERS)


def is_co_trainer(user) -> bool:
    return user_in_group(user, CO_TRAINERS)
