"""What an import would change: each person new, changed (field by field, old -> new) or unchanged, and
the same for shifts and unavailable times. A read only; the preview shows it and the write follows it.

The plan is plain JSON, so it can be stored with the preview and compared, by its digest, with the plan
worked out again at the moment of writing: if the roster changed in between, the two differ and
nothing is written that the coordinator did not see.
"""

from __future__ import annotations

import hashlib
import json

from django.utils.translation import gettext as _

from scheduling.models import Person, Shift, Unavailability

from .checking import CheckedRoster

PERSON_FIELDS = [
    "display_name",
    "kind",
    "discipline",
    "is_floor_staff",
    "email",
    "communication_needs",
    "active",
    "units",
]


def roster_plan(*, checked: CheckedRoster) -> dict:
    """The changes `checked` would make to the roster as it is now."""
    return {
        "people": _people_plan(checked),
        "shifts": _shifts_plan(checked),
        "unavailable": _windows_plan(checked),
    }


def plan_digest(plan: dict) -> str:
    return hashlib.sha256(json.dumps(plan, sort_keys=True, default=str).encode()).hexdigest()


def plan_counts(plan: dict) -> dict[str, int]:
    counts = {}
    for what, part in plan.items():
        counts[f"{what}_created"] = len(part["new"])
        counts[f"{what}_updated"] = len(part["changed"])
        unchanged = part["unchanged"]
        counts[f"{what}_unchanged"] = unchanged if isinstance(unchanged, int) else len(unchanged)
    return counts


def plan_has_changes(plan: dict) -> bool:
    return any(part["new"] or part["changed"] for part in plan.values())


def _person_values(*, kind, discipline, is_floor_staff, email, needs, active, display_name, units):
    return {
        "display_name": display_name,
        "kind": kind,
        "discipline": discipline,
        "is_floor_staff": is_floor_staff,
        "email": email,
        "communication_needs": sorted(needs or []),
        "active": active,
        "units": sorted(units),
    }


def _shown(field: str, value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        value = ", ".join(value)
    if field == "kind" and value in Person.Kind.values:
        value = Person.Kind(value).label
    if field == "discipline" and value in Person.Discipline.values:
        value = Person.Discipline(value).label
    return str(value) if value else _("(empty)")


def _label(field: str) -> str:
    return str(Person._meta.get_field(field).verbose_name)


def _people_plan(checked: CheckedRoster) -> dict:
    existing = {
        person.code: person
        for person in Person.objects.filter(code__in=list(checked.people)).prefetch_related("units")
    }
    plan = {"new": [], "changed": [], "unchanged": []}
    for code, record in sorted(checked.people.items()):
        wanted = _person_values(
            display_name=record["display_name"],
            kind=record["kind"],
            discipline=record["discipline"],
            is_floor_staff=record["is_floor_staff"],
            email=record["email"],
            needs=record["communication_needs"],
            active=record["active"],
            units=record["units"],
        )
        entry = {"code": code, "name": record["display_name"], "row": record["row"]}
        person = existing.get(code)
        if person is None:
            plan["new"].append(entry)
            continue
        current = _person_values(
            display_name=person.display_name,
            kind=person.kind,
            discipline=person.discipline,
            is_floor_staff=person.is_floor_staff,
            email=person.email,
            needs=person.communication_needs,
            active=person.active,
            units=[unit.slug for unit in person.units.all()],
        )
        changes = [
            {"field": _label(f), "old": _shown(f, current[f]), "new": _shown(f, wanted[f])}
            for f in PERSON_FIELDS
            if current[f] != wanted[f]
        ]
        if changes:
            plan["changed"].append({**entry, "old_name": person.display_name, "changes": changes})
        else:
            plan["unchanged"].append(entry)
    return plan


def _shifts_plan(checked: CheckedRoster) -> dict:
    plan = {"new": [], "changed": [], "unchanged": 0}
    if not checked.shifts:
        return plan
    days = [item["date"] for item in checked.shifts]
    current = {
        (code, day): kind
        for code, day, kind in Shift.objects.filter(
            person__code__in={item["code"] for item in checked.shifts},
            date__range=(min(days), max(days)),
        ).values_list("person__code", "date", "kind")
    }
    labels = dict(Shift.Kind.choices)
    for item in sorted(checked.shifts, key=lambda i: (i["code"], i["date"])):
        key = (item["code"], item["date"])
        entry = {"code": item["code"], "date": item["date"].isoformat()}
        if key not in current:
            plan["new"].append({**entry, "new": str(labels[item["kind"]]), "kind": item["kind"]})
        elif current[key] != item["kind"]:
            plan["changed"].append(
                {
                    **entry,
                    "old": str(labels[current[key]]),
                    "new": str(labels[item["kind"]]),
                    "kind": item["kind"],
                }
            )
        else:
            plan["unchanged"] += 1
    return plan


def _windows_plan(checked: CheckedRoster) -> dict:
    plan = {"new": [], "changed": [], "unchanged": 0}
    if not checked.windows:
        return plan
    current = {
        (code, start, end): reason
        for code, start, end, reason in Unavailability.objects.filter(
            person__code__in={item["code"] for item in checked.windows},
            start__gte=min(item["start"] for item in checked.windows),
            end__lte=max(item["end"] for item in checked.windows),
        ).values_list("person__code", "start", "end", "reason")
    }
    labels = dict(Unavailability.Reason.choices)
    for item in sorted(checked.windows, key=lambda i: (i["code"], i["start"], i["end"])):
        key = (item["code"], item["start"], item["end"])
        entry = {
            "code": item["code"],
            "start": item["start"].isoformat(),
            "end": item["end"].isoformat(),
        }
        if key not in current:
            plan["new"].append({**entry, "new": str(labels[item["reason"]])})
        elif current[key] != item["reason"]:
            plan["changed"].append(
                {**entry, "old": str(labels[current[key]]), "new": str(labels[item["reason"]])}
            )
        else:
            plan["unchanged"] += 1
    return plan
