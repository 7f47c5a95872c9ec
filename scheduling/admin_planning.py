"""The "Training plans" admin: programmes, and the plan screen where a coordinator plans and publishes.

Coordinators only. Every URL here answers 403 to anyone else (rather than Wagtail's redirect to the
dashboard), so a trainer who follows a link learns plainly that the page is not for them. The views are
thin: they read through `selectors.planning` and write through `services.plan_runs` / `plan_edit`.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from website.params import day_param

from .admin_planning_edits import plan_person_view, session_change_view
from .forms import KeepApartForm, ProgrammeAdminForm
from .models import CoverDay, KeepApart, Person, PlanRun, Programme, Room, Session
from .panels import DueCountsPanel
from .permissions import guard_urlpatterns, planning_only, user_can_plan_training
from .selectors import planning as plan_selectors
from .services import plan_edit
from .services.plan_runs import plan_run_start


def post_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return wrapped


# Programmes -------------------------------------------------------------------------------------------


class ProgrammeIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                _("View plan") if instance.sessions.exists() else _("Plan sessions"),
                url=reverse("planning_plan", args=[instance.pk]),
                icon_name="calendar",
                priority=1,
            ),
        )
        return buttons


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    icon = "calendar"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    search_fields = ["name"]
    index_view_class = ProgrammeIndexView
    list_display = [
        "name",
        "module",
        "start_date",
        "end_date",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
    ]
    list_filter = ["status"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("module"),
            FieldPanel("units"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("slot_times"),
            FieldPanel("weekdays"),
            FieldPanel("closure_dates"),
            FieldPanel("refresher_months"),
            FieldPanel("rebook_declined"),
            FieldPanel("prefer_lived_experience"),
            DueCountsPanel(heading=gettext_lazy("Who this programme is for")),
        ],
        base_form_class=ProgrammeAdminForm,
    )

    def get_urlpatterns(self):
        return guard_urlpatterns(super().get_urlpatterns(), planning_only)


programme_viewset = ProgrammeViewSet("programmes")


@hooks.register("register_admin_viewset")
def register_programme_viewset():
    return programme_viewset


class CoordinatorViewSet(ModelViewSet):
    """A plain model admin that answers 403 to anyone but a coordinator, on every URL."""

    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None

    def get_urlpatterns(self):
        return guard_urlpatterns(super().get_urlpatterns(), planning_only)


class KeepApartViewSet(CoordinatorViewSet):
    """Who must never share a session. Coordinators only; no reason is recorded, and the pairs appear
    nowhere else (not on the plan, in feeds, exports or e-mails)."""

    model = KeepApart
    icon = "warning"
    menu_label = gettext_lazy("Keep apart")
    list_display = ["person_a", "person_b"]
    form_fields = ["person_a", "person_b"]
    edit_handler = ObjectList(
        [FieldPanel("person_a"), FieldPanel("person_b")], base_form_class=KeepApartForm
    )


class CoverDayViewSet(CoordinatorViewSet):
    """Days a ward has booked cover, so more floor staff can be released to training at once."""

    model = CoverDay
    icon = "group"
    menu_label = gettext_lazy("Cover days")
    list_display = ["unit", "date", "max_staff_away"]
    list_filter = ["unit"]
    form_fields = ["unit", "date", "max_staff_away"]


keep_apart_viewset = KeepApartViewSet("keep-apart")
cover_day_viewset = CoverDayViewSet("cover-days")


@hooks.register("register_admin_viewset")
def register_planning_rule_viewsets():
    return [keep_apart_viewset, cover_day_viewset]


class CoordinatorSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return user_can_plan_training(request.user)


@hooks.register("register_admin_menu_item")
def register_training_plans_menu_item():
    return CoordinatorSubmenu(
        _("Training plans"),
        Menu(
            items=[
                MenuItem(
                    _("Programmes"), reverse("programmes:index"), icon_name="calendar", order=1
                ),
                MenuItem(_("Cover days"), reverse("cover-days:index"), icon_name="group", order=2),
                MenuItem(
                    _("Keep apart"), reverse("keep-apart:index"), icon_name="warning", order=3
                ),
            ]
        ),
        icon_name="calendar",
        order=310,
    )


# The plan screen --------------------------------------------------------------------------------------


def _plan_url(programme_pk: int, anchor: str = "") -> str:
    url = reverse("planning_plan", args=[programme_pk])
    return f"{url}#{anchor}" if anchor else url


def _refuse(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _needs_confirmation(error: ValidationError) -> bool:
    return any(getattr(e, "code", None) == plan_edit.NEEDS_CONFIRMATION for e in error.error_list)


def _confirm(request, programme: Programme, error: ValidationError):
    """Ask before a change that leaves a session staff-only; the same form again, with confirmed=1."""
    fields = [
        (k, v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "confirmed")
    ]
    context = {
        "programme": programme,
        "question": error.messages[0],
        "action": request.path,
        "fields": fields,
        "back": _plan_url(programme.pk),
        "page_title": _("Confirm the change"),
        "header_title": _("Confirm the change"),
        "header_icon": "warning",
    }
    return TemplateResponse(request, "scheduling/planning/confirm.html", context)


@planning_only
def plan_view(request, pk: int):
    programme = get_object_or_404(Programme.objects.select_related("module"), pk=pk)
    plan = plan_selectors.programme_plan(
        programme=programme,
        unit_slug=request.GET.get("unit") or None,
        week=day_param(request.GET.get("week")),
    )
    context = {
        "programme": programme,
        "plan": plan,
        "running": not plan["progress"]["finished"],
        "page_title": programme.name,
        "header_title": _("Plan: %(name)s") % {"name": programme.name},
        "header_icon": "calendar",
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("programmes:index"), "label": _("Programmes")},
            {"url": "", "label": programme.name},
        ],
    }
    return TemplateResponse(request, "scheduling/planning/plan.html", context)


@planning_only
def plan_progress_view(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    run = plan_selectors.plan_run_latest(programme=programme)
    response = JsonResponse(plan_selectors.plan_run_progress(run=run))
    response["Cache-Control"] = "no-store"
    return response


@planning_only
@post_only
def plan_start_view(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    replan = request.POST.get("replan") == "1"
    run = plan_run_start(programme=programme, user=request.user, replan=replan)
    run.refresh_from_db()
    if run.status == PlanRun.Status.FAILED:
        messages.error(request, run.message)
    elif run.status == PlanRun.Status.DONE:
        messages.success(request, run.message)
    else:
        messages.info(
            request,
            _("Planning has started. You can leave this page; the plan is saved when it finishes."),
        )
    return redirect(_plan_url(programme.pk))


def _person(programme: Programme, value: str) -> Person | None:
    if not value or not value.isdigit():
        return None
    return Person.objects.filter(pk=int(value), units__in=programme.units.all()).distinct().first()


def _session(programme: Programme, value: str) -> Session | None:
    if not value or not value.isdigit():
        return None
    return Session.objects.filter(pk=int(value), programme=programme).first()


@planning_only
@post_only
def plan_move_view(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    person = _person(programme, request.POST.get("person", ""))
    session = _session(programme, request.POST.get("session", ""))
    if person is None or session is None:
        messages.error(request, _("Choose a person and the session to move them into."))
        return redirect(_plan_url(programme.pk))
    try:
        plan_edit.attendance_move(
            programme=programme,
            person=person,
            to_session=session,
            confirmed=request.POST.get("confirmed") == "1",
        )
    except ValidationError as error:
        if _needs_confirmation(error):
            return _confirm(request, programme, error)
        _refuse(request, error)
    else:
        messages.success(
            request,
            _("%(name)s moved to %(session)s.") % {"name": person.display_name, "session": session},
        )
    return redirect(_plan_url(programme.pk, f"unit-{session.unit.slug}"))


@planning_only
@post_only
def plan_swap_view(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    first = _person(programme, request.POST.get("person_a", ""))
    second = _person(programme, request.POST.get("person_b", ""))
    if first is None or second is None:
        messages.error(request, _("Choose the two people to swap."))
        return redirect(_plan_url(programme.pk))
    try:
        plan_edit.attendance_swap(
            programme=programme,
            person_a=first,
            person_b=second,
            confirmed=request.POST.get("confirmed") == "1",
        )
    except ValidationError as error:
        if _needs_confirmation(error):
            return _confirm(request, programme, error)
        _refuse(request, error)
    else:
        messages.success(
            request,
            _("%(a)s and %(b)s swapped sessions.")
            % {"a": first.display_name, "b": second.display_name},
        )
    return redirect(_plan_url(programme.pk))


@planning_only
@post_only
def plan_publish_view(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    try:
        ids = plan_edit.programme_publish(programme=programme)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(
            request,
            _("%(count)s sessions published. Attendees can now see them.") % {"count": len(ids)},
        )
    return redirect(_plan_url(programme.pk))


@planning_only
@post_only
def session_lock_view(request, session_pk: int):
    session = get_object_or_404(Session.objects.select_related("unit"), pk=session_pk)
    locked = request.POST.get("locked") == "1"
    try:
        plan_edit.session_lock_set(session=session, locked=locked)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(
            request,
            (_("Session locked: %(session)s.") if locked else _("Session unlocked: %(session)s."))
            % {"session": session},
        )
    return redirect(_plan_url(session.programme_id, f"unit-{session.unit.slug}"))


@planning_only
@post_only
def session_reschedule_view(request, session_pk: int):
    session = get_object_or_404(Session.objects.select_related("programme", "unit"), pk=session_pk)
    start = plan_selectors.programme_slot_start(
        programme=session.programme, slot_id=request.POST.get("slot", "")
    )
    room = Room.objects.filter(pk=request.POST.get("room") or 0).first()
    if start is None or room is None:
        messages.error(request, _("Choose a new time and a room."))
        return redirect(_plan_url(session.programme_id))
    try:
        session = plan_edit.session_reschedule(session=session, start=start, room=room)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Session moved to %(session)s.") % {"session": session})
    return redirect(_plan_url(session.programme_id, f"unit-{session.unit.slug}"))


@planning_only
@post_only
def session_cancel_view(request, session_pk: int):
    session = get_object_or_404(Session.objects.select_related("unit"), pk=session_pk)
    label, programme_pk = str(session), session.programme_id
    try:
        plan_edit.session_cancel(session=session)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Session cancelled: %(session)s.") % {"session": label})
    return redirect(_plan_url(programme_pk))


@hooks.register("register_admin_urls")
def register_planning_urls():
    return [
        path("training-plans/<int:pk>/", plan_view, name="planning_plan"),
        path("training-plans/<int:pk>/progress/", plan_progress_view, name="planning_progress"),
        path("training-plans/<int:pk>/start/", plan_start_view, name="planning_start"),
        path("training-plans/<int:pk>/move/", plan_move_view, name="planning_move"),
        path("training-plans/<int:pk>/swap/", plan_swap_view, name="planning_swap"),
        path("training-plans/<int:pk>/publish/", plan_publish_view, name="planning_publish"),
        path(
            "training-plans/<int:pk>/people/<int:person_id>/",
            plan_person_view,
            name="planning_person",
        ),
        path(
            "training-plans/sessions/<int:session_pk>/change/",
            session_change_view,
            name="planning_session_change",
        ),
        path(
            "training-plans/sessions/<int:session_pk>/lock/",
            session_lock_view,
            name="planning_session_lock",
        ),
        path(
            "training-plans/sessions/<int:session_pk>/reschedule/",
            session_reschedule_view,
            name="planning_session_reschedule",
        ),
        path(
            "training-plans/sessions/<int:session_pk>/cancel/",
            session_cancel_view,
            name="planning_session_cancel",
        ),
    ]
