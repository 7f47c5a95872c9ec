"""The plan screen's small edit pages: "Move or swap" for one person, "Change time or room" for one
session. The plan screen links to them rather than carrying every choice for every session and person,
so it stays the same size on a large provider. Each page is a plain form (it works with the keyboard
and without JavaScript) that posts to the plan screen's own move, swap and reschedule actions.

Coordinators only, like every planning URL (`planning_only`: 403 to anyone else).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Programme, Session
from .permissions import planning_only
from .selectors import planning as plan_selectors
from .selectors import planning_edits


def _crumbs(programme: Programme, label: str) -> list[dict]:
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("programmes:index"), "label": _("Programmes")},
        {"url": reverse("planning_plan", args=[programme.pk]), "label": programme.name},
        {"url": "", "label": label},
    ]


def _back(programme_pk: int, unit_slug: str) -> str:
    return f"{reverse('planning_plan', args=[programme_pk])}?unit={unit_slug}#unit-{unit_slug}"


@planning_only
def plan_person_view(request, pk: int, person_id: int):
    """Where one person could be moved, and whom they could swap places with."""
    programme = get_object_or_404(Programme, pk=pk)
    person = planning_edits.programme_person(programme=programme, person_pk=person_id)
    if person is None:
        raise Http404(_("This person is not on any of the programme's units."))
    choices = planning_edits.person_move_choices(programme=programme, person=person)
    unit = choices.current[0].unit if choices.current else None
    title = _("Move or swap: %(name)s") % {"name": person.display_name}
    context = {
        "programme": programme,
        "choices": choices,
        "back": _back(programme.pk, unit.slug) if unit else _plan(programme.pk),
        "page_title": title,
        "header_title": title,
        "header_icon": "user",
        "breadcrumbs_items": _crumbs(programme, person.display_name),
    }
    return TemplateResponse(request, "scheduling/planning/person.html", context)


def _plan(programme_pk: int) -> str:
    return reverse("planning_plan", args=[programme_pk])


@planning_only
def session_change_view(request, session_pk: int):
    """The times and rooms a published, unlocked session could move to."""
    session = planning_edits.session_for_change(session_pk=session_pk)
    if session is None:
        raise Http404(_("There is no such session."))
    changeable = session.status == Session.Status.PUBLISHED and not session.locked
    title = _("Change time or room")
    context = {
        "programme": session.programme,
        "session": session,
        "changeable": changeable,
        "slot_choices": (
            plan_selectors.programme_slot_choices(programme=session.programme) if changeable else []
        ),
        "rooms": planning_edits.rooms_for_change() if changeable else [],
        "current_slot": session.start,
        "back": _back(session.programme_id, session.unit.slug),
        "page_title": title,
        "header_title": title,
        "header_icon": "time",
        "breadcrumbs_items": _crumbs(session.programme, str(session)),
    }
    return TemplateResponse(request, "scheduling/planning/session_change.html", context)
