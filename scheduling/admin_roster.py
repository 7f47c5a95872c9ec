"""The "Roster" menu in the Wagtail admin: units, people, availability, rooms and facilitators.

Only coordinators manage the roster. Wagtail's own permission checks would send anyone else back to the
dashboard with a message; here every roster URL answers 403 instead, so that a co-trainer or attendee
who follows a link learns plainly that the page is not for them (and tests can say so).
"""

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import PersonAdminForm, RosterImportForm, RotaForm, WeekdaysAdminForm
from .models import (
    Facilitator,
    FacilitatorAbsence,
    Person,
    Room,
    RoomClosure,
    Shift,
    Unavailability,
    Unit,
    WardRoutine,
)
from .permissions import guard_urlpatterns, roster_only, user_can_manage_roster
from .selectors.roster_import import (
    roster_import_for,
    roster_import_progress,
    roster_imports_recent,
)
from .services.roster import shifts_apply_pattern
from .services.roster_import import (
    RosterImportError,
    counts_summary,
    plan_counts,
    plan_has_changes,
    roster_template_xlsx,
)
from .services.roster_import.batches import (
    RosterChangedError,
    roster_import_confirm,
    roster_import_preview,
)


class RosterViewSet(ModelViewSet):
    """A ModelViewSet whose every view is for coordinators only, shown in the menu only to them."""

    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None

    def get_urlpatterns(self):
        return guard_urlpatterns(super().get_urlpatterns(), roster_only)

    @property
    def menu_item_class(self):
        return type(
            f"{self.model.__name__}MenuItem",
            (MenuItem,),
            {"is_shown": lambda _self, request: user_can_manage_roster(request.user)},
        )


class UnitViewSet(RosterViewSet):
    model = Unit
    icon = "home"
    list_display = ["name", "slug", "max_staff_away", "min_staff", "min_residents", "session_size"]
    search_fields = ["name", "slug"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel(
            [FieldPanel("max_staff_away"), FieldPanel("min_staff"), FieldPanel("min_residents")]
        ),
        FieldRowPanel([FieldPanel("session_size"), FieldPanel("session_minutes")]),
        FieldPanel("mdt_each_unit"),
        FieldPanel("caldav_url"),
        FieldRowPanel([FieldPanel("concern_contact_name"), FieldPanel("concern_contact_email")]),
    ]


class WardRoutineViewSet(RosterViewSet):
    model = WardRoutine
    icon = "time"
    menu_label = gettext_lazy("Ward routines")
    list_display = ["label", "unit", "weekday", "start_time", "end_time"]
    list_filter = ["unit", "weekday"]
    search_fields = ["label"]
    form_fields = ["unit", "label", "weekday", "start_time", "end_time"]


class PersonViewSet(RosterViewSet):
    model = Person
    icon = "user"
    list_display = ["display_name", "code", "kind", "discipline", "is_floor_staff", "active"]
    list_filter = ["kind", "discipline", "is_floor_staff", "units", "active"]
    search_fields = ["display_name", "code"]
    list_export = ["code", "display_name", "kind", "discipline", "is_floor_staff", "active"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("display_name"), FieldPanel("code")]),
            FieldRowPanel(
                [FieldPanel("kind"), FieldPanel("discipline"), FieldPanel("is_floor_staff")]
            ),
            FieldPanel("units"),
            FieldRowPanel([FieldPanel("communication_needs"), FieldPanel("interpreter_language")]),
            FieldRowPanel([FieldPanel("email"), FieldPanel("user")]),
            FieldPanel("active"),
        ],
        base_form_class=PersonAdminForm,
    )


class ShiftViewSet(RosterViewSet):
    model = Shift
    icon = "date"
    list_display = ["person", "date", "kind"]
    list_filter = ["kind", "date", "person__units"]
    search_fields = ["person__display_name", "person__code"]
    form_fields = ["person", "date", "kind"]
    list_per_page = 50


class UnavailabilityViewSet(RosterViewSet):
    model = Unavailability
    icon = "cross"
    list_display = ["person", "start", "end", "reason"]
    list_filter = ["reason", "person__units"]
    search_fields = ["person__display_name", "person__code"]
    form_fields = ["person", "start", "end", "reason"]


class RoomViewSet(RosterViewSet):
    model = Room
    icon = "placeholder"
    list_display = ["name", "capacity", "location"]
    search_fields = ["name", "location"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
            FieldRowPanel([FieldPanel("capacity"), FieldPanel("location")]),
            FieldPanel("available_weekdays"),
        ],
        base_form_class=WeekdaysAdminForm,
    )


class RoomClosureViewSet(RosterViewSet):
    model = RoomClosure
    icon = "cross"
    menu_label = gettext_lazy("Room closures")
    list_display = ["room", "start", "end", "reason"]
    list_filter = ["room"]
    form_fields = ["room", "start", "end", "reason"]


class FacilitatorViewSet(RosterViewSet):
    model = Facilitator
    icon = "group"
    list_display = ["display_name", "role", "max_per_day", "active"]
    list_filter = ["role", "units", "active"]
    search_fields = ["display_name"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("display_name"), FieldPanel("role")]),
            FieldRowPanel([FieldPanel("person"), FieldPanel("user"), FieldPanel("email")]),
            FieldPanel("units"),
            FieldRowPanel([FieldPanel("max_per_day"), FieldPanel("active")]),
            FieldPanel("available_weekdays"),
        ],
        base_form_class=WeekdaysAdminForm,
    )


class FacilitatorAbsenceViewSet(RosterViewSet):
    model = FacilitatorAbsence
    icon = "cross"
    menu_label = gettext_lazy("Facilitator absences")
    list_display = ["facilitator", "start", "end"]
    list_filter = ["facilitator"]
    form_fields = ["facilitator", "start", "end"]


class RosterGroup(ViewSetGroup):
    menu_label = gettext_lazy("Roster")
    menu_icon = "group"
    menu_order = 210
    items = (
        UnitViewSet("units"),
        PersonViewSet("people"),
        ShiftViewSet("shifts"),
        UnavailabilityViewSet("unavailable-times"),
        WardRoutineViewSet("ward-routines"),
        RoomViewSet("rooms"),
        RoomClosureViewSet("room-closures"),
        FacilitatorViewSet("facilitators"),
        FacilitatorAbsenceViewSet("facilitator-absences"),
    )


@hooks.register("register_admin_viewset")
def register_roster_viewsets():
    return RosterGroup()


# Import and rota screens


@roster_only
def roster_import_view(request):
    """Upload: check the file and show its preview; nothing on the roster changes here."""
    form = RosterImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["files"]
        try:
            batch = roster_import_preview(
                name=upload.name, content=upload.read(), user=request.user
            )
        except RosterImportError as error:
            problems = error
        else:
            return redirect("scheduling_roster_import_preview", import_id=batch.pk)
    return TemplateResponse(
        request,
        "scheduling/admin/roster_import.html",
        {
            "form": form,
            "errors": problems.errors if problems else [],
            "untouched_template": bool(problems and problems.untouched_template),
            "recent": roster_imports_recent(user=request.user),
        },
    )


@roster_only
def roster_import_preview_view(request, import_id):
    """What the upload would change, or how its import is going, or how it ended."""
    batch = roster_import_for(user=request.user, import_id=import_id)
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(roster_import_progress(roster_import=batch))
        response["Cache-Control"] = "no-store"
        return response
    return TemplateResponse(
        request,
        "scheduling/admin/roster_import_preview.html",
        {
            "batch": batch,
            "plan": batch.plan,
            "counts": plan_counts(batch.plan) if batch.plan else {},
            "has_changes": bool(batch.plan) and plan_has_changes(batch.plan),
            "summary": counts_summary(batch.result),
        },
    )


@roster_only
@require_POST
def roster_import_confirm_view(request, import_id):
    """ "Import these changes": writes exactly the preview, once."""
    batch = roster_import_for(user=request.user, import_id=import_id)
    try:
        batch = roster_import_confirm(roster_import=batch, sha256=request.POST.get("sha256", ""))
    except RosterChangedError as error:
        messages.error(request, str(error))
    else:
        if batch.status == batch.Status.DONE:
            messages.success(
                request,
                _("Roster imported. %(summary)s") % {"summary": counts_summary(batch.result)},
            )
        elif batch.status == batch.Status.FAILED:
            messages.error(request, batch.message)
    return redirect("scheduling_roster_import_preview", import_id=batch.pk)


@roster_only
def roster_template_view(request):
    response = HttpResponse(
        roster_template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="alongside-roster-template.xlsx"'
    return response


@roster_only
def rota_view(request):
    form = RotaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = 0
        try:
            for index, person in enumerate(data["people"]):
                written += shifts_apply_pattern(
                    people=[person],
                    start=data["start"],
                    end=data["end"],
                    pattern=data["pattern"],
                    offset=index if data["stagger"] else 0,
                )
        except Exception as error:  # ValidationError from the service
            form.add_error("pattern", getattr(error, "messages", [str(error)])[0])
        else:
            messages.success(request, _("%(count)s shifts saved.") % {"count": written})
            return redirect(reverse("shifts:index"))
    return TemplateResponse(request, "scheduling/admin/rota.html", {"form": form})


@hooks.register("register_admin_urls")
def register_roster_urls():
    return [
        path("roster/import/", roster_import_view, name="scheduling_roster_import"),
        path(
            "roster/import/<uuid:import_id>/",
            roster_import_preview_view,
            name="scheduling_roster_import_preview",
        ),
        path(
            "roster/import/<uuid:import_id>/confirm/",
            roster_import_confirm_view,
            name="scheduling_roster_import_confirm",
        ),
        path(
            "roster/import/template.xlsx", roster_template_view, name="scheduling_roster_template"
        ),
        path("roster/rota/", rota_view, name="scheduling_rota"),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_manage_roster(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return CoordinatorMenuItem(
        _("Import roster"), reverse("scheduling_roster_import"), icon_name="upload", order=211
    )


@hooks.register("register_admin_menu_item")
def register_rota_menu_item():
    return CoordinatorMenuItem(
        _("Enter a rota"), reverse("scheduling_rota"), icon_name="date", order=212
    )
