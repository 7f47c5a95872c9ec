"""The roles of docs/architecture.md ("Roles"), and the Sponsors who read the evidence, as Django
groups. Only the names live here (for migrations, the demo and tests): what someone may do is asked of
each app's `permissions.py` (`user_can_*` over Django permissions), never of a group's name.

Permissions on domain models are granted by each app's own data migration; this module knows only the
group names, so that `website` stays free of anything domain-specific.
"""

COORDINATORS = "Coordinators"
LEAD_TRAINERS = "Lead trainers"
CO_TRAINERS = "Co-trainers"
ATTENDEES = "Attendees"
# Created by the evidence app's migration: read-only access to reports, no admin.
SPONSORS = "Sponsors"
ALL_GROUPS = (COORDINATORS, LEAD_TRAINERS, CO_TRAINERS, ATTENDEES, SPONSORS)
# Groups whose members use the Wagtail admin; attendees only use the public pages.
ADMIN_GROUPS = (COORDINATORS, LEAD_TRAINERS, CO_TRAINERS)
