"""Who may do what with reflections, as plain functions that views, services and menus all call.

Roles (coordinator, lead trainer, co-trainer, admin) decide who runs sessions and reads insights; they
never make anyone the author of a reflection (see `reflections.models`).
"""

from website import roles

from . import keys


def is_reflection_author(*, link, author_key: str | None = None, user=None) -> bool:
    """The writer: the browser holding the author key, or the attendee themselves, signed in."""
    if keys.is_author_key(link, author_key):
        return True
    person_user_id = link.attendance.person.user_id
    return bool(
        user is not None
        and user.is_authenticated
        and person_user_id is not None
        and person_user_id == user.pk
    )


def user_can_read_insights(user) -> bool:
    return roles.is_coordinator(user) or roles.is_lead_trainer(user)


def user_can_see_registers(user) -> bool:
    return roles.is_coordinator(user) or roles.is_trainer(user)
