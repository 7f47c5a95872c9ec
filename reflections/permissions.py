"""Who may do what with reflections, as plain functions that views, services, selectors and menus all call.

Roles (coordinator, lead trainer, co-trainer, admin) decide who runs sessions and reads insights; they
never make anyone the author of a reflection (see `reflections.models`). The rights are Django permissions
given to groups by `migrations/0006_role_permissions.py` (and scheduling's for registers), so a provider
can give another group a right in the admin without a code change. Superusers pass every check.
"""

from scheduling.permissions import (
    user_can_correct_register,
    user_can_deliver_sessions,
    user_can_lead_sessions,
    user_can_plan_training,
)

from . import keys


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


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
    """Insights pages at all: coordinators, and lead trainers for the sessions they lead."""
    return _active(user) and user.has_perm("reflections.view_insights")


def user_can_read_every_insight(user) -> bool:
    """Insights of every session, not only those the user led: coordinators."""
    return _active(user) and user.has_perm("reflections.view_every_insight")


def user_can_forward_raised_items(user) -> bool:
    """Send a consented "something I want to raise" answer, without a name, to the ideas backlog."""
    return _active(user) and user.has_perm("reflections.forward_raised_item")


def user_can_ask_again(user) -> bool:
    """Ask someone who declined again (declining is a right: nobody else may undo it)."""
    return _active(user) and user.has_perm("reflections.add_askagain")


def user_can_see_every_register(user) -> bool:
    """Every session's register, whoever delivers it: those who may change any session."""
    return user_can_correct_register(user=user)


def user_can_see_registers(user) -> bool:
    """The day's registers page: every register, or a trainer's own sessions."""
    return user_can_see_every_register(user) or user_can_deliver_sessions(user)


def user_can_replan_session(*, user, session) -> bool:
    """Offer a session's absentees to a catch-up re-plan: planners, and the session's own lead trainer."""
    if user_can_plan_training(user):
        return True
    is_lead = bool(session.lead and session.lead.user_id == user.pk)
    return is_lead and user_can_lead_sessions(user)
