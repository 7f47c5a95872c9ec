"""Thin views: the trainer's day and register, printable packs, the reflection form, and insights."""

from datetime import date, timedelta

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from scheduling.models import Attendance, Programme, Session, Unit
from scheduling.services.attendance import attendance_mark, user_can_take_register
from website import roles
from website.csv_export import csv_response

from . import selectors, services
from .charts import side_by_side_svg
from .models import Reflection

FACE_LABELS = {
    1: _("Very unhappy"),
    2: _("Unhappy"),
    3: _("Not sure"),
    4: _("Happy"),
    5: _("Very happy"),
}


def _private(response):
    """Reflection pages are never cached and never leak their address to another site."""
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _require_trainer_or_coordinator(user) -> None:
    if not (roles.is_coordinator(user) or roles.is_trainer(user)):
        raise PermissionDenied(_("This page is for trainers and coordinators."))


# --- The trainer's day and register ------------------------------------------------------------


@login_required
@never_cache
def today(request):
    _require_trainer_or_coordinator(request.user)
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    sessions = []
    for session in selectors.sessions_for_trainer_on(user=request.user, day=day):
        module = session.programme.module.specific
        register = selectors.register_for(session)
        sessions.append(
            {
                "session": session,
                "module": module,
                **selectors.module_agenda(module),
                "register": register,
                "absent": sum(1 for a in register if a.status == Attendance.Status.ABSENT),
                "can_replan": roles.is_coordinator(request.user)
                or (session.lead and session.lead.user_id == request.user.pk),
            }
        )
    return render(
        request,
        "reflections/today.html",
        {
            "day": day,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "is_today": day == timezone.localdate(),
            "sessions": sessions,
            "register_statuses": _register_buttons(),
        },
    )


def _register_buttons():
    return [
        (Attendance.Status.PRESENT, _("Present")),
        (Attendance.Status.ABSENT, _("Absent")),
        (Attendance.Status.LEFT_EARLY, _("Left early")),
    ]


@login_required
@require_POST
def register_mark(request, attendance_id: int):
    attendance = get_object_or_404(Attendance.objects.select_related("session"), pk=attendance_id)
    wants_json = request.headers.get("X-Requested-With") == "fetch"
    try:
        attendance = attendance_mark(
            attendance=attendance, status=request.POST.get("status", ""), user=request.user
        )
    except PermissionDenied as error:
        if wants_json:
            return JsonResponse({"ok": False, "error": str(error)}, status=403)
        raise
    except ValidationError as error:
        if wants_json:
            return JsonResponse({"ok": False, "error": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
    else:
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
    day = timezone.localtime(attendance.session.start).date()
    return redirect(
        f"{reverse('reflections:today')}?date={day.isoformat()}#attendee-{attendance.pk}"
    )


@login_required
@require_POST
def session_replan(request, session_id: int):
    """Offer this session's absentees to the scheduler's catch-up re-plan."""
    session = get_object_or_404(Session.objects.select_related("programme", "lead"), pk=session_id)
    is_lead = session.lead and session.lead.user_id == request.user.pk
    if not (
        roles.is_coordinator(request.user) or (is_lead and roles.is_lead_trainer(request.user))
    ):
        raise PermissionDenied(_("Only coordinators and the session's lead trainer can do this."))
    try:
        from scheduling.services.plan_runs import plan_run_start
    except ImportError:
        messages.error(
            request,
            _(
                "The catch-up re-plan is not available yet. Ask a coordinator to plan catch-up sessions."
            ),
        )
    else:
        plan_run_start(programme=session.programme, user=request.user, replan=True)
        messages.success(
            request,
            _(
                "A catch-up re-plan has started for %(programme)s. People marked absent will be "
                "offered a catch-up session."
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
    return _private(
        render(
            request,
            "reflections/pack.html",
            {
                "session": session,
                "module": session.programme.module,
                "register": selectors.register_for(session),
                "register_statuses": _register_buttons(),
                "cards": cards,
            },
        )
    )


# --- The reflection form -----------------------------------------------------------------------


def _wording(request, person) -> str:
    wording = request.POST.get("wording") or request.GET.get("wording")
    if wording in {"easy", "standard"}:
        return wording
    return "easy" if person.wants_easy_read else "standard"


def _form_questions(module, answers: dict, wording: str) -> list[dict]:
    questions = []
    for question in selectors.module_questions(module):
        value = answers.get(question["id"])
        entry = {
            **question,
            "text": question["easy_read_question"] if wording == "easy" else question["question"],
            "field": f"q-{question['id']}",
            "value": value,
        }
        if question["type"] == "rating":
            entry["faces"] = [
                {
                    "value": n,
                    "label": FACE_LABELS[n],
                    "checked": value == n,
                    # Each face's full name goes through the storage, so a hashed (manifest) name is
                    # found in production: never build a static path by joining strings in a template.
                    "src": static(f"img/faces/face-{n}.svg"),
                }
                for n in range(1, 6)
            ]
        if question["type"] == "raise_concern":
            entry["text_value"] = value.get("text", "") if isinstance(value, dict) else ""
            entry["consent"] = bool(value.get("consent")) if isinstance(value, dict) else False
        questions.append(entry)
    return questions


def _reflection_page(request, link, *, base_url: str, card: bool):
    attendance = link.attendance
    person = attendance.person
    session = attendance.session
    module = session.programme.module.specific
    wording = _wording(request, person)
    reflection = selectors.reflection_for_link(link)
    editable = services.reflection_is_editable(reflection)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                return _private(
                    render(
                        request,
                        "reflections/withdraw_confirm.html",
                        {"base_url": base_url, "wording": wording, "card": card},
                    )
                )
            if action == "withdraw-confirm":
                services.reflection_withdraw(link=link)
                return _private(
                    render(
                        request, "reflections/withdrawn.html", {"wording": wording, "card": card}
                    )
                )
            answers = services.clean_answers(module=module, data=request.POST)
            services.reflection_save(link=link, answers=answers, send=action == "send")
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
            reflection = selectors.reflection_for_link(link)
            editable = services.reflection_is_editable(reflection)
        else:
            done = "sent" if action == "send" else "draft"
            return redirect(f"{base_url}?wording={wording}&saved={done}")
    answers = (reflection.answers if reflection else {}) or {}
    if error and request.method == "POST":
        answers = services.clean_answers(module=module, data=request.POST, strict=False)
    deadline = None
    if reflection and reflection.sent_on:
        deadline = reflection.sent_on + timedelta(days=settings.ALONGSIDE_REFLECTION_EDIT_DAYS)
    context = {
        "card": card,
        "base_template": "reflections/card_base.html"
        if card
        else "reflections/signed_in_base.html",
        "base_url": base_url,
        "first_name": person.first_name,
        "module_title": module.title,
        "session_day": timezone.localtime(session.start),
        "wording": wording,
        "other_wording": "standard" if wording == "easy" else "easy",
        "questions": _form_questions(module, answers, wording),
        "reflection": reflection,
        "sent": bool(reflection and reflection.status == Reflection.Status.SENT),
        "editable": editable,
        "deadline": deadline,
        "link_expires": link.expires_at,
        "saved": request.GET.get("saved"),
        "error": error,
    }
    return _private(
        render(request, "reflections/reflection_form.html", context, status=400 if error else 200)
    )


@never_cache
def card(request, token: str):
    """A printed card's link: no password, and nothing here but this one person's own form."""
    link = selectors.link_for_token(token)
    if link is None:
        return _private(render(request, "reflections/link_closed.html", status=404))
    return _reflection_page(
        request, link, base_url=reverse("reflections:card", args=[token]), card=True
    )


@login_required
@never_cache
def mine(request, attendance_id: int):
    """The same form for a signed-in attendee, opened from "Reflections to complete"."""
    attendance = get_object_or_404(
        Attendance.objects.select_related("person", "session__programme__module"),
        pk=attendance_id,
        person__user=request.user,
        status__in=selectors.ATTENDED,
        session__status=Session.Status.HELD,
    )
    link, _token = services.reflection_link_ensure(attendance=attendance)
    if not selectors.link_is_usable(link):
        return _private(render(request, "reflections/link_closed.html", status=404))
    return _reflection_page(
        request, link, base_url=reverse("reflections:mine", args=[attendance.pk]), card=False
    )


# --- Insights ----------------------------------------------------------------------------------

SCOPES = {"session": Session, "unit": Unit, "module": None, "programme": Programme}


def _require_insights(user) -> None:
    if not (roles.is_coordinator(user) or roles.is_lead_trainer(user)):
        raise PermissionDenied(_("Insights are for coordinators and lead trainers."))


def _scope_object(scope: str, pk: int):
    if scope not in SCOPES:
        raise Http404
    if scope == "module":
        from modules.models import TrainingModulePage

        return get_object_or_404(TrainingModulePage, pk=pk)
    return get_object_or_404(SCOPES[scope], pk=pk)


SCOPE_NAMES = {
    "session": _("Session"),
    "unit": _("Unit"),
    "module": _("Module"),
    "programme": _("Programme"),
}


def _scope_label(scope: str, obj) -> str:
    return f"{SCOPE_NAMES[scope]}: {obj.title if scope == 'module' else obj}"


@login_required
@never_cache
def insights_index(request):
    _require_insights(request.user)
    return render(
        request,
        "reflections/insights_index.html",
        selectors.insight_scope_choices(user=request.user),
    )


def _figures_for(request, scope: str, pk: int):
    _require_insights(request.user)
    obj = _scope_object(scope, pk)
    sessions = selectors.insight_sessions(user=request.user, scope=scope, obj=obj)
    if scope == "session" and not sessions.exists():
        raise PermissionDenied(_("You can see insights only for the sessions you lead."))
    return obj, selectors.insight_figures(sessions=sessions)


@login_required
@never_cache
def insights(request, scope: str, pk: int):
    obj, figures = _figures_for(request, scope, pk)
    for module_figures in figures["modules"]:
        for question in module_figures["questions"]:
            if "rows" in question:
                labels = (
                    [str(FACE_LABELS[row["value"]]) for row in question["rows"]]
                    if question["type"] == "rating"
                    else [row["value"] for row in question["rows"]]
                )
                for row, label in zip(question["rows"], labels, strict=True):
                    row["label"] = label
                question["svg"] = side_by_side_svg(
                    question=question,
                    labels=labels,
                    title=_("%(question)s: staff and residents, percentage per answer")
                    % {"question": question["question"]},
                    uid=question["id"],
                )
    return _private(
        render(
            request,
            "reflections/insights.html",
            {
                "scope": scope,
                "obj": obj,
                "scope_label": _scope_label(scope, obj),
                "figures": figures,
                "min_group": selectors.min_group_size(),
                "can_forward": roles.is_coordinator(request.user),
            },
        )
    )


@login_required
@never_cache
def insights_csv(request, scope: str, pk: int):
    obj, figures = _figures_for(request, scope, pk)
    rows = selectors.insight_csv_rows(figures=figures, scope_label=_scope_label(scope, obj))
    return _private(csv_response(filename=f"insights-{scope}-{pk}.csv", rows=rows))


@login_required
@require_POST
def raised_forward(request):
    reflection = get_object_or_404(Reflection, pk=request.POST.get("reflection", ""))
    try:
        services.raised_item_forward(
            reflection=reflection, block_id=request.POST.get("block", ""), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent to the module ideas backlog, without a name."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("reflections:insights_index")
    return redirect(next_url)
