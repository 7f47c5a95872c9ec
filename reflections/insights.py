"""Reads for insights: attendance, completion and answers, staff and residents side by side.

Selectors only (nothing here writes). Figures for anonymous modules never carry a person, and a group
with fewer answers than `min_group_size()` is hidden, never shown as a number (see `reflections.models`).
"""

from collections import Counter

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from scheduling.models import Attendance, Session

from . import permissions
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
    if not permissions.user_can_read_every_insight(user):
        sessions = sessions.filter(lead__user=user)
    return sessions


def insight_scope_choices(*, user) -> dict:
    from modules.models import TrainingModulePage
    from scheduling.models import Programme, Unit

    sessions = Session.objects.filter(status=Session.Status.HELD)
    if not permissions.user_can_read_every_insight(user):
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
    """Attendance, completion, and per-question figures for staff and residents side by side.

    Offered, attended, absent, declined, excused and reflected are counted separately: a person who
    declined used their right to say no, and is neither a gap in attendance nor a missing reflection.
    """
    held = sessions.filter(status=Session.Status.HELD)
    # Counted by the database: one row per (status, kind), however many people were booked.
    by_status_kind = {
        (row["status"], row["person__kind"]): row["n"]
        for row in Attendance.objects.filter(session__in=held)
        .exclude(status=Attendance.Status.CANCELLED)
        .values("status", "person__kind")
        .annotate(n=Count("pk"))
        .order_by()
    }

    def count(statuses, kind=None) -> int:
        return sum(
            n
            for (status, person_kind), n in by_status_kind.items()
            if status in statuses and (kind is None or person_kind == kind)
        )

    sent = Reflection.objects.filter(session__in=held, status=Reflection.Status.SENT)
    # Only what the figures read. The module page is not joined: each row would carry (and decode)
    # the page's StreamFields again; `_modules_by_id` reads each module once.
    reflections = list(
        sent.select_related("person").only(*REFLECTION_FIELDS, "person__display_name")
    )
    sent_by_kind = Counter(reflection.person_kind for reflection in reflections)
    forwarded = set(
        RaisedItemForward.objects.filter(reflection__in=sent).values_list(
            "reflection_id", "block_id"
        )
    )
    by_module: dict[int, list[Reflection]] = {}
    for reflection in reflections:
        by_module.setdefault(reflection.module_id, []).append(reflection)
    modules = _modules_by_id(list(by_module))

    def group(kind=None) -> dict:
        offered = count(set(Attendance.Status.values), kind)
        attended = count(ATTENDED, kind)
        sent = sum(sent_by_kind.values()) if kind is None else sent_by_kind.get(kind, 0)
        return {
            "kind": kind or "all",
            "offered": offered,
            "attended": attended,
            "absent": count({Attendance.Status.ABSENT}, kind),
            "declined": count({Attendance.Status.DECLINED}, kind),
            "excused": count({Attendance.Status.EXCUSED}, kind),
            "not_marked": count({Attendance.Status.BOOKED}, kind),
            "sent": sent,
            "attendance_rate": _rate(attended, offered),
            "completion_rate": _rate(sent, attended),
        }

    everyone = group()
    return {
        "sessions_held": held.count(),
        **everyone,
        "booked": everyone["offered"],
        "by_kind": [group(kind) for kind in KINDS],
        "modules": [
            _module_figures(modules[module_id], module_reflections, forwarded)
            for module_id, module_reflections in by_module.items()
        ],
    }


# The fields of a sent reflection that insights read (the author's name only for named modules).
REFLECTION_FIELDS = ("id", "module", "person_kind", "is_anonymous", "answers", "person")


def _modules_by_id(ids: list[int]) -> dict:
    from modules.models import TrainingModulePage

    return TrainingModulePage.objects.in_bulk(ids)


def _module_figures(module, reflections: list[Reflection], forwarded: set) -> dict:
    anonymous = module.anonymous_reflections or any(r.is_anonymous for r in reflections)
    n_by_kind = Counter(r.person_kind for r in reflections)
    hidden_kinds = (
        {kind for kind in KINDS if 0 < n_by_kind.get(kind, 0) < min_group_size()}
        if anonymous
        else set()
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
                hidden = kind in hidden_kinds
                if hidden:
                    # No number at all, not even a zero: "fewer than 3 answers" is all that shows.
                    rows = [{"value": row["value"], "count": None, "percent": None} for row in rows]
                    total, mean = None, None
                entry["groups"].append(
                    {"kind": kind, "n": total, "rows": rows, "mean": mean, "hidden": hidden}
                )
            rows = []
            for i, option in enumerate(options):
                cells = [
                    {**group["rows"][i], "kind": group["kind"], "hidden": group["hidden"]}
                    for group in entry["groups"]
                ]
                rows.append(
                    {"value": option, "staff": cells[0], "resident": cells[1], "cells": cells}
                )
            entry["rows"] = rows
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
        "n_by_kind": [
            {"kind": kind, "n": None if kind in hidden_kinds else n_by_kind.get(kind, 0)}
            for kind in KINDS
        ],
        "questions": questions,
    }


def insight_csv_rows(*, figures: dict, scope_label: str) -> list[list]:
    """Rows for the CSV export: figures only, plus comments with names for named modules only."""
    rows = [["scope", "module", "question", "group", "answer", "count", "percent", "author"]]
    rows.append([scope_label, "", "sessions held", "all", "", figures["sessions_held"], "", ""])
    for figure in ("offered", "declined", "excused", "absent"):
        rows.append([scope_label, "", figure, "all", "", figures[figure], "", ""])
        for group in figures["by_kind"]:
            rows.append([scope_label, "", figure, group["kind"], "", group[figure], "", ""])
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
                                _("fewer than %(n)s answers") % {"n": min_group_size()},
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
