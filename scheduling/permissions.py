"""Who may do what in scheduling: plain functions over Django permissions that views, viewsets, menus
and Wagtail hooks all call, so one check is written once.

The permissions are granted to groups by `migrations/0002_role_permissions.py` (Coordinators: every
roster and planning model; Lead trainers: view sessions and programmes, view and change attendance), so
a provider can give another group a right in the admin without a code change. Superusers pass every
check, as they do in Django.
"""

from functools import wraps

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern
from django.utils.translation import gettext_lazy


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def user_can_manage_roster(user) -> bool:
    """Units, people, shifts, rooms and facilitators, their import and the rota: coordinators."""
    return _active(user) and user.has_perm("scheduling.change_person")


def user_can_plan_training(user) -> bool:
    """Programmes, plan runs and the plan screen, keep-apart pairs and cover days: coordinators."""
    return _active(user) and user.has_perm("scheduling.add_planrun")


def user_can_manage_calendar_links(user) -> bool:
    """Secret calendar links for wards, programmes and trainers are handed out by whoever manages
    programmes (coordinators): a link shows every session in its scope."""
    return _active(user) and user.has_perm("scheduling.change_programme")


def user_can_see_every_session(user) -> bool:
    """Every session's page and list, whoever delivers it: those who may change any session
    (coordinators). Others see the sessions they deliver or attend (`selectors.calendars.session_access`)."""
    return _active(user) and user.has_perm("scheduling.change_session")


def user_can_deliver_sessions(user) -> bool:
    """Lead trainers and co-trainers: the right that goes with a facilitator record, so a record that
    outlives its person's move to another role gives nothing (migration 0012)."""
    return _active(user) and user.has_perm("scheduling.deliver_session")


def user_can_lead_sessions(user) -> bool:
    """Lead trainers (migration 0012)."""
    return _active(user) and user.has_perm("scheduling.lead_session")


def user_can_see_unit_lists(user) -> bool:
    """The ward-office list names everyone in a unit's sessions: coordinators and lead trainers."""
    return _active(user) and user.has_perm("scheduling.view_session")


def user_can_read_programme_feeds(user) -> bool:
    """A programme's or a ward's whole calendar: coordinators and lead trainers."""
    return _active(user) and user.has_perm("scheduling.view_programme")


def user_can_read_facilitator_feed(user, facilitator) -> bool:
    """A trainer reads the calendar of the sessions they deliver; coordinators read anyone's."""
    if not _active(user):
        return False
    return facilitator.user_id == user.pk or user.has_perm("scheduling.view_facilitator")


def user_can_take_register(*, user, session) -> bool:
    """Whoever may change any session (coordinators) for every session; a lead trainer or co-trainer
    for the sessions they deliver, on the day (the window is checked by the register service)."""
    if not _active(user):
        return False
    if user.has_perm("scheduling.change_session"):
        return True
    facilitator_user_ids = {
        facilitator.user_id for facilitator in (session.lead, session.co_trainer) if facilitator
    }
    # Still a trainer: a facilitator record can outlive its person's move to another role.
    return user.pk in facilitator_user_ids and user_can_deliver_sessions(user)


def user_can_correct_register(*, user) -> bool:
    """After the session's day, a register is corrected only by those who may change any session."""
    return _active(user) and user.has_perm("scheduling.change_session")


def refuse_unless(check, *, json_message=None):
    """Wrap a view so anyone `check(user)` refuses gets the plain 403 page (or JSON, when the page's
    script asked for JSON), rather than Wagtail's redirect to the dashboard with a message."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                if json_message and request.headers.get("accept", "").startswith(
                    "application/json"
                ):
                    return JsonResponse({"error": str(json_message)}, status=403)
                return TemplateResponse(request, "403.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def roster_only(view):
    """For every roster view and viewset URL (see `admin_roster`)."""
    return refuse_unless(user_can_manage_roster)(view)


def planning_only(view):
    """For every planning view and viewset URL (see `admin_planning`); the plan screen's script asks
    for JSON and gets a JSON refusal."""
    return refuse_unless(
        user_can_plan_training, json_message=gettext_lazy("Only coordinators can see plans.")
    )(view)


def guard_urlpatterns(patterns, guard):
    """A viewset's URL patterns with every view wrapped in `guard` (e.g. `roster_only`), so a viewset
    answers the same plain 403 as the feature's other views on every URL it adds."""
    return [
        URLPattern(p.pattern, guard(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]
