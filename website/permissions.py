"""Who may do what with website's own features: plain functions that views, menus and hooks all call.

The checks are Django permissions granted to groups by migrations, so a provider can give another
group the same right in the admin without a code change.
"""


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def user_can_open_admin(user) -> bool:
    """The Wagtail admin: Wagtail's own `wagtailadmin.access_admin`, given to coordinators and trainers."""
    return _active(user) and user.has_perm("wagtailadmin.access_admin")


def user_can_unlock_sign_ins(user) -> bool:
    """Coordinators (and administrators) see locked sign-ins and end a lock before its cool-off.

    The right is axes' "delete access attempt", granted to Coordinators by website migration 0003.
    """
    return _active(user) and user.has_perm("axes.delete_accessattempt")
