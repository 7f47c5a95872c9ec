"""Training coverage: of the people due, how many were offered a place, declined, were excused,
attended and sent a reflection, split by staff discipline and residents.

How it is counted (the page says the same in plain words):
* A *place* is one person due for one programme. Everyone active on a programme's units is due, except
  someone who had already completed the module (see `records`) before the programme began and is not
  booked into it; anyone booked into it counts whatever their history.
* Offered: booked into a published or held session (a cancelled session offers nothing). Attended:
  present or left early in a held session. Declined and excused count only places not attended, and a
  place that was declined is not also counted as excused. Someone who declined the module in another
  programme and was not booked again (the planner's rule) counts as declined, not offered. Reflected: attended and the reflection sent
  (counted from the card's state, never from the reflection, so anonymity holds).
* The provider counts each person once per programme; a unit counts its own people (someone who works
  on two units counts on each). Percentages are of the places due.

Small groups in anonymous modules: when any programme in the scope asks for anonymous reflections, a
group of fewer than `min_group_size()` people shows no figure at all, nor does a "reflected" figure
below that size; one more figure is then hidden where a total would otherwise give the hidden one away
by subtraction. Hidden cells hold no number anywhere: not in the page, the chart or the CSV.
"""

from collections import Counter, defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reflections.models import ReflectionLink
from reflections.selectors import min_group_size
from scheduling.models import Attendance, Person, Programme, Session
from scheduling.planning.due import add_months

from .records import completed_attendances
from .scopes import Scope, reported_programmes

COLUMNS = ("due", "offered", "declined", "excused", "attended", "reflected")
OFFERED_SESSIONS = (Session.Status.PUBLISHED, Session.Status.HELD)
ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LEFT_EARLY)


def _discipline_noun(discipline: str, count: int) -> str:
    nouns = {
        Person.Discipline.NURSE: ngettext("nurse", "nurses", count),
        Person.Discipline.SUPPORT_WORKER: ngettext(
            "healthcare or support worker", "healthcare or support workers", count
        ),
        Person.Discipline.PSYCHIATRIST: ngettext("psychiatrist", "psychiatrists", count),
        Person.Discipline.PSYCHOLOGIST: ngettext("psychologist", "psychologists", count),
        Person.Discipline.OCCUPATIONAL_THERAPIST: ngettext(
            "occupational therapist", "occupational therapists", count
        ),
        Person.Discipline.SOCIAL_WORKER: ngettext("social worker", "social workers", count),
        Person.Discipline.WARD_MANAGER: ngettext("ward manager", "ward managers", count),
    }
    return nouns.get(discipline) or ngettext("in another role", "in other roles", count)


def _group_of(kind: str, discipline: str) -> str:
    if kind == Person.Kind.RESIDENT:
        return "resident"
    return discipline if discipline in Person.Discipline.values else Person.Discipline.OTHER


def _places(*, scope: Scope, programmes: list[Programme]) -> list[tuple[str, set]]:
    """Each place due in the scope: (the person's group, the set of columns it counts in)."""
    programme_ids = [p.pk for p in programmes]
    programme_units = defaultdict(set)
    for programme_id, unit_id in Programme.units.through.objects.filter(
        programme_id__in=programme_ids
    ).values_list("programme_id", "unit_id"):
        programme_units[programme_id].add(unit_id)
    wanted_units = set().union(*programme_units.values()) if programme_units else set()
    if scope.kind == "unit":
        wanted_units &= {scope.obj.pk}
    people: dict[int, dict] = {}
    for person_id, kind, discipline, unit_id in Person.objects.filter(
        active=True, units__in=wanted_units
    ).values_list("pk", "kind", "discipline", "units"):
        entry = people.setdefault(person_id, {"group": _group_of(kind, discipline), "units": set()})
        entry["units"].add(unit_id)

    flags: dict[tuple[int, int], set] = defaultdict(set)
    for person_id, programme_id, status, session_status, link_state in (
        Attendance.objects.filter(programme_id__in=programme_ids, person_id__in=people)
        .exclude(status=Attendance.Status.CANCELLED)
        .filter(session__status__in=OFFERED_SESSIONS)
        .values_list(
            "person_id", "programme_id", "status", "session__status", "reflection_link__state"
        )
    ):
        place = flags[(person_id, programme_id)]
        place.add("offered")
        if status in ATTENDED and session_status == Session.Status.HELD:
            place.add("attended")
            if link_state == ReflectionLink.State.SENT:
                place.add("reflected")
        elif status in (Attendance.Status.DECLINED, Attendance.Status.EXCUSED):
            place.add(status)

    trained_before = _trained_before(programmes=programmes, people=people)
    declined_module = set(
        Attendance.objects.filter(
            status=Attendance.Status.DECLINED,
            programme__module_id__in={p.module_id for p in programmes},
            person_id__in=people,
        ).values_list("person_id", "programme__module_id")
    )
    places = []
    for programme in programmes:
        units = programme_units[programme.pk] & wanted_units
        for person_id, person in people.items():
            if not person["units"] & units:
                continue
            place = flags.get((person_id, programme.pk), set())
            if not place and (person_id, programme.pk) in trained_before:
                continue
            if not place and (person_id, programme.module_id) in declined_module:
                # Said no to this module before: the planner leaves them out unless asked again.
                place = {"declined"}
            if "attended" in place:
                place = place - {"declined", "excused"}
            elif "declined" in place:
                place = place - {"excused"}
            places.append((person["group"], place | {"due"}))
    return places


def _trained_before(*, programmes: list[Programme], people: dict) -> set[tuple[int, int]]:
    """(person, programme) pairs where the person had completed the module before it began, with any
    refresher still in date by its last day."""
    by_module = defaultdict(list)
    for person_id, module_id, start in (
        completed_attendances()
        .filter(programme__module_id__in={p.module_id for p in programmes}, person_id__in=people)
        .values_list("person_id", "programme__module_id", "session__start")
    ):
        by_module[module_id].append((person_id, timezone.localtime(start).date()))
    pairs = set()
    for programme in programmes:
        months = programme.refresher_months or 0
        for person_id, completed_on in by_module.get(programme.module_id, ()):
            if completed_on >= programme.start_date:
                continue
            if months and add_months(completed_on, months) <= programme.end_date:
                continue
            pairs.add((person_id, programme.pk))
    return pairs


def _row(key: str, label: str, counts: Counter, level: str) -> dict:
    return {
        "key": key,
        "label": label,
        "level": level,
        "counts": {column: counts.get(column, 0) for column in COLUMNS},
        "hidden": set(),
        "small": False,
    }


def _suppress(rows: list[dict], *, min_group: int) -> None:
    """Hide small groups' figures, then one more figure where a total would give a hidden one away."""
    for row in rows:
        due = row["counts"]["due"]
        row["small"] = 0 < due < min_group
        for column in COLUMNS:
            value = row["counts"][column]
            if row["small"] or (column == "reflected" and 0 < value < min_group):
                row["hidden"].add(column)
    by_key = {row["key"]: row for row in rows}
    disciplines = [row for row in rows if row["level"] == "discipline"]
    staff, residents, everyone = by_key["staff"], by_key["resident"], by_key["everyone"]
    for column in COLUMNS:
        hidden = [row for row in disciplines if column in row["hidden"]]
        if len(hidden) == 1:
            shown = [row for row in disciplines if column not in row["hidden"]]
            if shown:
                min(shown, key=lambda row: row["counts"][column])["hidden"].add(column)
            else:
                staff["hidden"].add(column)
        if (column in staff["hidden"]) != (column in residents["hidden"]):
            everyone["hidden"].add(column)


def _cells(row: dict) -> None:
    due = row["counts"]["due"]
    row["cells"] = []
    for column in COLUMNS:
        hidden = column in row["hidden"]
        value = row["counts"][column]
        row["cells"].append(
            {
                "column": column,
                "hidden": hidden,
                "count": None if hidden else value,
                # A percentage of a hidden "due" would give that number away, so it goes too.
                "percent": None
                if hidden or column == "due" or not due or "due" in row["hidden"]
                else round(100 * value / due, 1),
            }
        )
    row["gap"] = (
        None
        if {"due", "attended"} & row["hidden"]
        else row["counts"]["due"] - row["counts"]["attended"]
    )
    # Drop the raw counts: only what may be shown leaves the selector.
    del row["counts"]


def _modules(programmes: list[Programme]) -> dict[int, dict]:
    """Module titles and anonymity by id, without loading the modules' StreamFields."""
    from modules.models import TrainingModulePage

    return {
        pk: {"title": title, "anonymous": anonymous}
        for pk, title, anonymous in TrainingModulePage.objects.filter(
            pk__in={p.module_id for p in programmes}
        ).values_list("pk", "title", "anonymous_reflections")
    }


def _rows(places: list[tuple[str, set]]) -> list[dict]:
    by_group = defaultdict(Counter)
    for group, columns in places:
        by_group[group].update(columns)
    staff_total, everyone = Counter(), Counter()
    rows = []
    for discipline, label in Person.Discipline.choices:
        if by_group.get(discipline):
            rows.append(_row(discipline, str(label), by_group[discipline], "discipline"))
            staff_total.update(by_group[discipline])
    everyone.update(staff_total)
    everyone.update(by_group.get("resident", Counter()))
    rows.append(_row("staff", _("All staff"), staff_total, "total"))
    rows.append(_row("resident", _("Residents"), by_group.get("resident", Counter()), "total"))
    rows.append(_row("everyone", _("Everyone"), everyone, "everyone"))
    return rows


def gap_sentence(*, scope: Scope, rows: list[dict], min_group: int) -> str:
    """The gap to "everyone" in plain words: "Cedar: 4 staff still to attend, 2 of them nurses"."""
    by_key = {row["key"]: row for row in rows}
    fewer = _("fewer than %(n)d") % {"n": min_group}

    def amount(row):
        return row["gap"] if row["gap"] is not None else (fewer if row["small"] else None)

    parts = []
    staff, residents = by_key["staff"], by_key["resident"]
    staff_gap = amount(staff)
    if staff_gap not in (0, None):
        text = (
            ngettext("%(n)s member of staff still to attend", "%(n)s staff still to attend", 2)
            if isinstance(staff_gap, str)
            else ngettext(
                "%(n)s member of staff still to attend", "%(n)s staff still to attend", staff_gap
            )
        ) % {"n": staff_gap}
        named = [
            (row["gap"], _discipline_noun(row["key"], row["gap"]))
            for row in sorted(rows, key=lambda r: -(r["gap"] or 0))
            if row["level"] == "discipline" and row["gap"]
        ]
        if named:
            first_n, first_who = named[0]
            if first_n == 1 and first_who[:1] in "aeiou" and not first_who.startswith("in "):
                first_who = _("an %(who)s") % {"who": first_who}
            elif first_n == 1 and not first_who.startswith("in "):
                first_who = _("a %(who)s") % {"who": first_who}
            words = [_("%(n)d of them %(who)s") % {"n": first_n, "who": first_who}]
            words += [_("%(n)d %(who)s") % {"n": n, "who": who} for n, who in named[1:]]
            text += ", " + _join(words)
        parts.append(text)
    resident_gap = amount(residents)
    if resident_gap not in (0, None):
        count = 2 if isinstance(resident_gap, str) else resident_gap
        parts.append(
            ngettext("%(n)s resident still to attend", "%(n)s residents still to attend", count)
            % {"n": resident_gap}
        )
    if not parts:
        if by_key["everyone"]["gap"] == 0 and by_key["everyone"]["cells"][0]["count"]:
            return _("%(scope)s: everyone due has attended.") % {"scope": scope.name}
        if by_key["everyone"]["cells"][0]["count"] == 0:
            return _("%(scope)s: nobody is due yet.") % {"scope": scope.name}
        return _("%(scope)s: the groups are too small to show.") % {"scope": scope.name}
    return _("%(scope)s: %(parts)s.") % {"scope": scope.name, "parts": "; ".join(parts)}


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def coverage(*, scope: Scope) -> dict:
    """The coverage table and the gap sentence for one scope."""
    programmes = list(reported_programmes(scope=scope).defer("slot_times", "weekdays"))
    modules = _modules(programmes)
    anonymous = any(module["anonymous"] for module in modules.values())
    min_group = min_group_size()
    rows = _rows(_places(scope=scope, programmes=programmes))
    if anonymous:
        _suppress(rows, min_group=min_group)
    for row in rows:
        _cells(row)
    return {
        "scope": scope,
        "programmes": [
            {
                "programme": programme,
                "module_title": modules.get(programme.module_id, {}).get("title", ""),
                "anonymous": modules.get(programme.module_id, {}).get("anonymous", False),
            }
            for programme in programmes
        ],
        "anonymous": anonymous,
        "min_group": min_group,
        "rows": rows,
        "gap": gap_sentence(scope=scope, rows=rows, min_group=min_group),
    }
