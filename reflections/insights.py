"""Reads for insights: attendance, completion and answers, staff and residents side by side.

Selectors only (nothing here writes). Figures for anonymous modules never carry a person, and a group
with fewer answers than `min_group_size()` is hidden, never shown as a number (see `reflections.models`).
"""

from collections import Counter

from django.db.models import QuerySet

from scheduling.models import Attendance, Session
from website import roles

from .models import RaisedItemForward, Reflection
from .selectors import ATTENDED, min_group_size, module_questions

FACES = [1, 2, 3, 4, 5]
KINDS = ["staff", "resident"]


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
