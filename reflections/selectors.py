"""Reads for reflections: questions, links, the "to complete" list, and insight figures.

Staff-facing reads never join a reflection to a person for anonymous modules: they read `Reflection`
rows (which carry no person) and count `ReflectionLink` states, never both for one person.
"""

import hashlib
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from scheduling.models import Attendance, Session
from website import roles

from .models import RaisedItemForward, Reflection, ReflectionLink

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LEFT_EARLY)
FACES = [1, 2, 3, 4, 5]
KINDS = ["staff", "resident"]


def min_group_size() -> int:
    """Below this many answers from one group, an anonymous module's figures for it are not shown."""
    return getattr(settings, "ALONGSIDE_REFLECTION_MIN_GROUP", 3)


def module_questions(module) -> list[dict]:
    """The module's reflection questions as plain dicts, keyed by the StreamField block id."""
    questions = []
    for block in getattr(module, "reflection_questions", None) or []:
        value = block.value
        questions.append(
            {
                "id": block.id,
                "type": block.block_type,
                "question": value.get("question", ""),
                "easy_read_question": value.get("easy_read_question", ""),
                "choices": list(value.get("choices") or []),
            }
        )
    return questions


def link_for_token(token: str) -> ReflectionLink | None:
    """The usable link a card token opens, or None (unknown, expired, withdrawn or marked absent)."""
    if not token or len(token) > 64:
        return None
    link = (
        ReflectionLink.objects.select_related(
            "attendance__person", "attendance__session__programme__module"
        )
        .filter(token_hash=hashlib.sha256(token.encode()).hexdigest())
        .first()
    )
    if link is None or not link_is_usable(link):
        return None
    return link


def link_is_usable(link: ReflectionLink) -> bool:
    attendance = link.attendance
    return (
        link.revoked_at is None
        and link.expires_at > timezone.now()
        and attendance.status not in Attendance.NOT_LIVE
        and attendance.session.status != Session.Status.CANCELLED
        and _session_has_begun(attendance.session)
    )


def _session_has_begun(session: Session) -> bool:
    """A form opens once the session has started, or once its register says it was held."""
    return session.status == Session.Status.HELD or session.start <= timezone.now()


def reflection_for_link(link: ReflectionLink) -> Reflection | None:
    from .services import owner_hash

    return Reflection.objects.filter(owner_hash=owner_hash(link)).first()


def reflections_to_complete(*, user) -> list[dict]:
    """Sessions a signed-in person attended whose reflection is not yet sent and can still be."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return []
    now = timezone.now()
    attendances = (
        Attendance.objects.filter(
            person=person,
            status__in=ATTENDED,
            session__status=Session.Status.HELD,
            session__end__gte=now - timedelta(days=settings.ALONGSIDE_REFLECTION_LINK_DAYS),
        )
        .exclude(
            reflection_link__state__in=[ReflectionLink.State.SENT, ReflectionLink.State.WITHDRAWN]
        )
        .select_related("session__programme__module", "session__unit")
        .order_by("-session__start")
    )
    return [
        {"attendance": attendance, "module": attendance.session.programme.module}
        for attendance in attendances
        if not hasattr(attendance, "reflection_link") or link_is_usable(attendance.reflection_link)
    ]


def reminders_due(*, now) -> QuerySet:
    """Staff attendees with an e-mail address, after a held session, not sent, not yet reminded."""
    return (
        Attendance.objects.filter(
            status__in=ATTENDED,
            session__status=Session.Status.HELD,
            session__end__lte=now,
            session__end__gte=now - timedelta(days=settings.ALONGSIDE_REFLECTION_LINK_DAYS),
            person__kind="staff",
            reflection_reminder__isnull=True,
        )
        .exclude(person__email="")
        .exclude(
            reflection_link__state__in=[ReflectionLink.State.SENT, ReflectionLink.State.WITHDRAWN]
        )
        .select_related("person", "session__programme__module")
    )


# --- Sessions for trainers -------------------------------------------------------------------------


def sessions_for_trainer_on(*, user, day) -> QuerySet:
    """The sessions a trainer leads or co-delivers on a day; coordinators see every session."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()), tz)
    sessions = Session.objects.filter(
        start__gte=start,
        start__lt=start + timedelta(days=1),
        status__in=[Session.Status.PUBLISHED, Session.Status.HELD],
    ).select_related("programme__module", "unit", "room", "lead", "co_trainer")
    if not roles.is_coordinator(user):
        sessions = sessions.filter(Q(lead__user=user) | Q(co_trainer__user=user))
    return sessions.order_by("start")


def register_for(session: Session) -> list[Attendance]:
    return list(
        session.attendances.exclude(status=Attendance.Status.CANCELLED)
        .select_related("person")
        .order_by("person__display_name")
    )


def module_agenda(module) -> dict:
    """The module's agenda items and trainer notes, read defensively: the agenda lives in its own
    `agenda` StreamField, and older pages may carry `agenda_item` blocks in `body`."""
    agenda = []
    for field_name in ("agenda", "body"):
        for block in getattr(module, field_name, None) or []:
            if getattr(block, "block_type", "") == "agenda_item":
                agenda.append(block)
        if agenda:
            break
    minutes = sum(int(block.value.get("minutes") or 0) for block in agenda)
    return {
        "agenda": agenda,
        "agenda_minutes": minutes,
        "trainer_notes": getattr(module, "trainer_notes", None),
    }


# --- Insights --------------------------------------------------------------------------------------


def insight_sessions(*, user, scope: str, obj) -> QuerySet:
    """Sessions in a scope that the viewer may see: all for coordinators, their own for lead trainers."""
    sessions = Session.objects.exclude(status__in=[Session.Status.CANCELLED, Session.Status.DRAFT])
    if scope == "session":
        sessions = sessions.filter(pk=obj.pk)
    elif scope == "unit":
        sessions = sessions.filter(unit=obj)
    elif scope == "module":
        sessions = sessions.filter(programme__module=obj)
    elif scope == "programme":
        sessions = sessions.filter(programme=obj)
    else:
        raise ValueError(scope)
    if not roles.is_coordinator(user):
        sessions = sessions.filter(lead__user=user)
    return sessions


def insight_scope_choices(*, user) -> dict:
    from modules.models import TrainingModulePage
    from scheduling.models import Programme, Unit

    sessions = Session.objects.filter(status=Session.Status.HELD)
    if not roles.is_coordinator(user):
        sessions = sessions.filter(lead__user=user)
    return {
        "programmes": Programme.objects.filter(sessions__in=sessions)
        .distinct()
        .select_related("module"),
        "modules": TrainingModulePage.objects.filter(programmes__sessions__in=sessions).distinct(),
        "units": Unit.objects.filter(sessions__in=sessions).distinct(),
        "sessions": sessions.select_related("unit", "programme__module").order_by("-start")[:30],
    }


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def insight_figures(*, sessions: QuerySet) -> dict:
    """Attendance, completion, and per-question figures for staff and residents side by side."""
    held = sessions.filter(status=Session.Status.HELD)
    attendances = Attendance.objects.filter(session__in=held).exclude(
        status=Attendance.Status.CANCELLED
    )
    booked = attendances.count()
    attended_by_kind = Counter(
        attendances.filter(status__in=ATTENDED).values_list("person__kind", flat=True)
    )
    attended = sum(attended_by_kind.values())
    reflections = Reflection.objects.filter(
        session__in=held, status=Reflection.Status.SENT
    ).select_related("module", "person")
    sent_by_kind = Counter(reflections.values_list("person_kind", flat=True))
    sent = sum(sent_by_kind.values())
    modules = {}
    for reflection in reflections:
        modules.setdefault(reflection.module_id, {"module": reflection.module, "reflections": []})
        modules[reflection.module_id]["reflections"].append(reflection)
    return {
        "sessions_held": held.count(),
        "booked": booked,
        "attended": attended,
        "attendance_rate": _rate(attended, booked),
        "sent": sent,
        "completion_rate": _rate(sent, attended),
        "by_kind": [
            {
                "kind": kind,
                "attended": attended_by_kind.get(kind, 0),
                "sent": sent_by_kind.get(kind, 0),
                "completion_rate": _rate(sent_by_kind.get(kind, 0), attended_by_kind.get(kind, 0)),
            }
            for kind in KINDS
        ],
        "modules": [
            _module_figures(entry["module"], entry["reflections"]) for entry in modules.values()
        ],
    }


def _module_figures(module, reflections: list[Reflection]) -> dict:
    anonymous = module.anonymous_reflections or any(r.is_anonymous for r in reflections)
    n_by_kind = Counter(r.person_kind for r in reflections)
    hidden_kinds = (
        {kind for kind in KINDS if 0 < n_by_kind.get(kind, 0) < min_group_size()}
        if anonymous
        else set()
    )
    forwarded = set(
        RaisedItemForward.objects.filter(reflection__in=reflections).values_list(
            "reflection_id", "block_id"
        )
    )
    questions = []
    for question in module_questions(module):
        entry = {**question, "hidden_kinds": sorted(hidden_kinds)}
        if question["type"] in {"rating", "single_choice"}:
            options = FACES if question["type"] == "rating" else question["choices"]
            counts = {kind: Counter() for kind in KINDS}
            for reflection in reflections:
                value = (reflection.answers or {}).get(question["id"])
                if value in options and reflection.person_kind not in hidden_kinds:
                    counts[reflection.person_kind][value] += 1
            entry["groups"] = []
            for kind in KINDS:
                total = sum(counts[kind].values())
                rows = [
                    {
                        "value": option,
                        "count": counts[kind][option],
                        "percent": _rate(counts[kind][option], total) or 0.0,
                    }
                    for option in options
                ]
                mean = (
                    round(sum(o * counts[kind][o] for o in options) / total, 2)
                    if total and question["type"] == "rating"
                    else None
                )
                entry["groups"].append(
                    {
                        "kind": kind,
                        "n": total,
                        "rows": rows,
                        "mean": mean,
                        "hidden": kind in hidden_kinds,
                    }
                )
            entry["rows"] = [
                {
                    "value": option,
                    "staff": entry["groups"][0]["rows"][i],
                    "resident": entry["groups"][1]["rows"][i],
                }
                for i, option in enumerate(options)
            ]
        else:
            items = []
            for reflection in reflections:
                value = (reflection.answers or {}).get(question["id"])
                if not value:
                    continue
                item = {
                    "text": value["text"] if isinstance(value, dict) else value,
                    "author": None
                    if anonymous or reflection.person is None
                    else reflection.person.display_name,
                    # A small group's kind would point at a person, so it is left out.
                    "kind": ""
                    if reflection.person_kind in hidden_kinds
                    else reflection.person_kind,
                }
                if question["type"] == "raise_concern":
                    item.update(
                        reflection_id=reflection.pk,
                        block_id=question["id"],
                        consent=bool(value.get("consent")),
                        forwarded=(reflection.pk, question["id"]) in forwarded,
                    )
                items.append(item)
            entry["items"] = items
        questions.append(entry)
    return {
        "module": module,
        "anonymous": anonymous,
        "n_by_kind": [{"kind": kind, "n": n_by_kind.get(kind, 0)} for kind in KINDS],
        "questions": questions,
    }


def insight_csv_rows(*, figures: dict, scope_label: str) -> list[list]:
    """Rows for the CSV export: figures only, plus comments with names for named modules only."""
    rows = [["scope", "module", "question", "group", "answer", "count", "percent", "author"]]
    rows.append([scope_label, "", "sessions held", "all", "", figures["sessions_held"], "", ""])
    rows.append([scope_label, "", "booked", "all", "", figures["booked"], "", ""])
    rows.append(
        [
            scope_label,
            "",
            "attended",
            "all",
            "",
            figures["attended"],
            figures["attendance_rate"],
            "",
        ]
    )
    rows.append(
        [
            scope_label,
            "",
            "reflections sent",
            "all",
            "",
            figures["sent"],
            figures["completion_rate"],
            "",
        ]
    )
    for group in figures["by_kind"]:
        rows.append(
            [
                scope_label,
                "",
                "reflections sent",
                group["kind"],
                "",
                group["sent"],
                group["completion_rate"],
                "",
            ]
        )
    for module_figures in figures["modules"]:
        title = module_figures["module"].title
        for question in module_figures["questions"]:
            if "groups" in question:
                for group in question["groups"]:
                    if group["hidden"]:
                        rows.append(
                            [
                                scope_label,
                                title,
                                question["question"],
                                group["kind"],
                                "hidden: too few answers",
                                "",
                                "",
                                "",
                            ]
                        )
                        continue
                    for row in group["rows"]:
                        rows.append(
                            [
                                scope_label,
                                title,
                                question["question"],
                                group["kind"],
                                row["value"],
                                row["count"],
                                row["percent"],
                                "",
                            ]
                        )
            else:
                for item in question["items"]:
                    rows.append(
                        [
                            scope_label,
                            title,
                            question["question"],
                            item["kind"],
                            item["text"],
                            "",
                            "",
                            item["author"] or "",
                        ]
                    )
    return rows
