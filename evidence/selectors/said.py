"""What people said: reflection ratings of staff and residents over time, and what became of the ideas
people raised. Figures only: no free text, no names, no idea titles (an idea raised in a reflection
carries the author's own words, which a sponsor must not read for anonymous modules).
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from modules.models import ModuleIdea, TrainingModulePage
from reflections.models import Reflection
from reflections.selectors import min_group_size, module_questions

from .scopes import Scope, reported_programmes

KINDS = ("staff", "resident")
STAGES = ("backlog", "draft", "published", "declined")


def _rating_ids(module_ids) -> dict[int, set[str]]:
    """Each module's rating question ids (one StreamField read per module, not per reflection)."""
    return {
        module.pk: {q["id"] for q in module_questions(module) if q["type"] == "rating"}
        for module in TrainingModulePage.objects.filter(pk__in=list(module_ids))
    }


def ratings_over_time(*, scope: Scope) -> dict:
    """One point per programme: the average rating (1 to 5) of staff and of residents, side by side.

    The average is over every rating answer of the programme's sent reflections; `n` is the number of
    reflections with a rating. In anonymous modules a group with fewer than `min_group_size()`
    reflections shows neither its average nor its count.
    """
    programmes = list(reported_programmes(scope=scope).defer("slot_times", "weekdays"))
    reflections = Reflection.objects.filter(status=Reflection.Status.SENT, programme__in=programmes)
    if scope.kind == "unit":
        reflections = reflections.filter(unit=scope.obj)
    rows = list(
        reflections.values_list(
            "programme_id", "module_id", "person_kind", "answers", "is_anonymous"
        )
    )
    ratings = _rating_ids({module_id for _p, module_id, _k, _a, _anon in rows})
    modules = dict(
        TrainingModulePage.objects.filter(pk__in={p.module_id for p in programmes}).values_list(
            "pk", "anonymous_reflections"
        )
    )
    titles = dict(TrainingModulePage.objects.filter(pk__in=modules).values_list("pk", "title"))
    totals = defaultdict(lambda: {"sum": 0, "answers": 0, "n": 0})
    anonymous_programmes = set()
    for programme_id, module_id, kind, answers, is_anonymous in rows:
        if is_anonymous:
            anonymous_programmes.add(programme_id)
        values = [
            value
            for key, value in (answers or {}).items()
            if key in ratings.get(module_id, ()) and isinstance(value, int) and 1 <= value <= 5
        ]
        if values:
            entry = totals[(programme_id, kind)]
            entry["sum"] += sum(values)
            entry["answers"] += len(values)
            entry["n"] += 1
    min_group = min_group_size()
    points = []
    for programme in programmes:
        anonymous = modules.get(programme.module_id) or programme.pk in anonymous_programmes
        point = {
            "programme": programme,
            "module_title": titles.get(programme.module_id, ""),
            "anonymous": anonymous,
            "groups": [],
        }
        for kind in KINDS:
            entry = totals[(programme.pk, kind)]
            hidden = anonymous and 0 < entry["n"] < min_group
            point["groups"].append(
                {
                    "kind": kind,
                    "hidden": hidden,
                    "n": None if hidden else entry["n"],
                    "mean": None
                    if hidden or not entry["answers"]
                    else round(entry["sum"] / entry["answers"], 2),
                }
            )
        points.append(point)
    return {"points": points, "min_group": min_group}


def idea_stage(*, status: str, module: dict | None) -> str:
    """Where an idea has got to: in the backlog, written into a draft, published, or not taken up."""
    if status == ModuleIdea.Status.DECLINED:
        return "declined"
    if module is None:
        return "backlog"
    if module["live"] and status == ModuleIdea.Status.DONE:
        return "published"
    return "draft"


def ideas_loop() -> dict:
    """Ideas counted by where they came from and where they have got to, across the provider, and the
    modules that took them up (titles of modules only, never of ideas)."""
    ideas = list(ModuleIdea.objects.values_list("source", "status", "answered_by_id"))
    modules = {
        pk: {"title": title, "live": live, "published": published}
        for pk, title, live, published in TrainingModulePage.objects.filter(
            pk__in={module_id for _s, _st, module_id in ideas if module_id}
        ).values_list("pk", "title", "live", "last_published_at")
    }
    counts = defaultdict(lambda: dict.fromkeys(STAGES, 0))
    answered = defaultdict(lambda: {"ideas": 0, "published": 0})
    for source, status, module_id in ideas:
        module = modules.get(module_id)
        stage = idea_stage(status=status, module=module)
        counts[source][stage] += 1
        if module is not None and stage != "declined":
            answered[module_id]["ideas"] += 1
            answered[module_id]["published"] += stage == "published"
    rows = []
    total = dict.fromkeys(STAGES, 0)
    for source, label in ModuleIdea.Source.choices:
        row = counts.get(source, dict.fromkeys(STAGES, 0))
        rows.append({"source": source, "label": str(label), **row, "total": sum(row.values())})
        for stage in STAGES:
            total[stage] += row[stage]
    rows.append({"source": "all", "label": _("All ideas"), **total, "total": sum(total.values())})
    return {
        "rows": rows,
        "modules": sorted(
            (
                {
                    "title": modules[module_id]["title"],
                    "live": modules[module_id]["live"],
                    "published_at": modules[module_id]["published"],
                    **figures,
                }
                for module_id, figures in answered.items()
            ),
            key=lambda m: m["title"],
        ),
    }
