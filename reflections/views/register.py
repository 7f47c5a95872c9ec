"""The trainer's day: sessions, agenda, the register taken one tap at a time, and the printable pack."""

from collections import Counter
from datetime import timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from scheduling.models import Attendance, Session, Unit
from scheduling.selectors.attendance import REGISTER_STATUSES, register_window
from scheduling.services.attendance import (
    attendance_mark,
    user_can_correct_register,
    user_can_take_register,
)
from scheduling.services.plan_runs import plan_run_start
from website.params import BadParameter, choice_param, day_param

from .. import selectors, services
from ..permissions import user_can_ask_again, user_can_replan_session, user_can_see_registers
from .common import private


def _require_trainer_or_coordinator(user) -> None:
    if not user_can_see_registers(user):
        raise PermissionDenied(_("This page is for trainers and coordinators."))


def _session_entry(session, user, *, module, history) -> dict:
    register = selectors.register_for(session)
    window = register_window(session=session)
    can_take = user_can_take_register(user=user, session=session)
    interactive = can_take and (
        window.is_open or (window.state == "closed" and user_can_correct_register(user=user))
    )
    counts = Counter(attendance.status for attendance in register)
    return {
        "session": session,
        "module": module,
        "register": register,
        "window": window,
        "interactive": interactive,
        "correcting": interactive and window.state == "closed",
        "history": history,
        "catch_up": counts[Attendance.Status.ABSENT] + counts[Attendance.Status.EXCUSED],
        "can_replan": user_can_replan_session(user=user, session=session),
    }


@login_required
@never_cache
def today(request):
    """The day's sessions with their registers. Each module's agenda and trainer notes are shown
    once, above the sessions, however many sessions of it the day holds; the whole page reads a
    constant number of queries (sessions with registers, modules, register histories)."""
    _require_trainer_or_coordinator(request.user)
    day = day_param(request.GET.get("date"), default=timezone.localdate())
    wards = selectors.wards_of_trainer_day(user=request.user, day=day)
    ward, one_at_a_time = _ward_shown(wards, request.GET.get("unit"))
    day_sessions = list(
        selectors.sessions_for_trainer_on(
            user=request.user, day=day, unit_slug=ward["slug"] if ward else None
        )
    )
    modules = selectors.modules_of(day_sessions)
    histories = selectors.register_histories(day_sessions)
    sessions = [
        _session_entry(
            session,
            request.user,
            module=modules[session.programme.module_id],
            history=histories[session.pk],
        )
        for session in day_sessions
    ]
    return render(
        request,
        "reflections/today.html",
        {
            "day": day,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "is_today": day == timezone.localdate(),
            "sessions": sessions,
            "agendas": [
                {"module": module, **selectors.module_agenda(module)} for module in modules.values()
            ],
            "register_statuses": register_buttons(),
            "can_ask_again": user_can_ask_again(request.user),
            "wards": wards if len(wards) > 1 else [],
            "ward": ward,
            "one_ward_at_a_time": one_at_a_time,
            "day_total": sum(w["sessions"] for w in wards),
        },
    )


# A day with more sessions than this, on more than one ward, is shown one ward at a time, so the page
# (every session's register, with its buttons) stays the same size however large the provider is.
ALL_WARDS_UP_TO = 8


def _ward_shown(wards: list[dict], asked: str | None) -> tuple[dict | None, bool]:
    """(the ward whose sessions are shown, None for all of them; whether the day is too full to
    show every ward at once). A ward asked for that has no session that day is ignored."""
    one_at_a_time = len(wards) > 1 and sum(w["sessions"] for w in wards) > ALL_WARDS_UP_TO
    chosen = next((w for w in wards if w["slug"] == asked), None)
    if chosen is None and one_at_a_time:
        chosen = wards[0]
    return chosen, one_at_a_time


def register_buttons():
    labels = dict(Attendance.Status.choices)
    return [(status, labels[status]) for status in REGISTER_STATUSES]


def _back_to_register(attendance):
    """Back to the register's row, on its ward's page when the day is shown one ward at a time."""
    day = timezone.localtime(attendance.session.start).date()
    unit = Unit.objects.filter(pk=attendance.session.unit_id).values_list("slug", flat=True).first()
    return redirect(
        f"{reverse('reflections:today')}?date={day.isoformat()}&unit={unit}"
        f"#attendee-{attendance.pk}"
    )


@login_required
@require_POST
def register_mark(request, attendance_id: int):
    attendance = get_object_or_404(
        Attendance.objects.select_related("session__lead", "session__co_trainer", "person"),
        pk=attendance_id,
    )
    if not user_can_take_register(user=request.user, session=attendance.session):
        raise PermissionDenied(
            _("Only this session's trainers or a coordinator can take its register.")
        )
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    # Checked after the permission above, so a stranger learns nothing from a 400.
    try:
        status = choice_param(
            request.POST.get("status"), choices=REGISTER_STATUSES, what=_("register mark")
        )
    except BadParameter as error:
        if wants_json:
            return JsonResponse({"ok": False, "error": str(error)}, status=400)
        raise
    try:
        attendance = attendance_mark(attendance=attendance, status=status, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        text = " ".join(getattr(error, "messages", [str(error)]))
        if wants_json:
            return JsonResponse({"ok": False, "error": text}, status=400)
        messages.error(request, text)
        return _back_to_register(attendance)
    if wants_json:
        return JsonResponse(
            {
                "ok": True,
                "status": attendance.status,
                "label": attendance.get_status_display(),
                "name": attendance.person.display_name,
            }
        )
    messages.success(
        request,
        _("%(name)s: %(status)s.")
        % {"name": attendance.person.display_name, "status": attendance.get_status_display()},
    )
    return _back_to_register(attendance)


@login_required
@require_POST
def ask_again(request, attendance_id: int):
    """A coordinator records that they asked someone who declined again (see `AskAgain`)."""
    attendance = get_object_or_404(
        Attendance.objects.select_related("session", "person"), pk=attendance_id
    )
    try:
        services.ask_again_record(attendance=attendance, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s can be offered a place at the next re-plan.")
            % {"name": attendance.person.display_name},
        )
    return _back_to_register(attendance)


@login_required
@require_POST
def session_replan(request, session_id: int):
    """Offer this session's absent and excused people to the scheduler's catch-up re-plan."""
    session = get_object_or_404(Session.objects.select_related("programme", "lead"), pk=session_id)
    if not user_can_replan_session(user=request.user, session=session):
        raise PermissionDenied(_("Only coordinators and the session's lead trainer can do this."))
    plan_run_start(programme=session.programme, user=request.user, replan=True)
    messages.success(
        request,
        _(
            "A catch-up re-plan has started for %(programme)s. People marked absent or excused "
            "will be offered a catch-up session; people who declined will not, unless a "
            "coordinator asked them again."
        )
        % {"programme": session.programme.name},
    )
    day = timezone.localtime(session.start).date()
    return redirect(f"{reverse('reflections:today')}?date={day.isoformat()}#session-{session.pk}")


@login_required
@never_cache
def session_pack(request, session_id: int):
    """The printable register and one reflection card per attendee."""
    session = get_object_or_404(
        Session.objects.select_related("programme__module", "unit", "room", "lead", "co_trainer"),
        pk=session_id,
    )
    if not user_can_take_register(user=request.user, session=session):
        raise PermissionDenied(
            _("Only this session's trainers or a coordinator can print its pack.")
        )
    cards = services.reflection_links_for_session(session=session)
    for card in cards:
        qr = segno.make(card["url"], error="m")
        card["qr_svg"] = mark_safe(qr.svg_inline(scale=4, border=2))  # noqa: S308 (segno output)
        card["large"] = "large_print" in (card["attendance"].person.communication_needs or [])
    return private(
        render(
            request,
            "reflections/pack.html",
            {
                "session": session,
                "module": session.programme.module,
                "register": selectors.register_for(session),
                "register_statuses": register_buttons(),
                "cards": cards,
            },
        )
    )
