"""Training records: who completed which module, when, and when a refresher falls due.

A module is *completed* when the person was marked present at a held session of one of its programmes
(leaving early counts as attending in the coverage figures, not as completing); the completion date is
that session's date. This is the planner's definition too (people still due for a module). These are derived from the registers rather than
stored, so a coordinator's correction of a register changes the record at once and nothing can drift.
"""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from scheduling.models import Attendance, Person, Session
from scheduling.planning.due import add_months


def completed_attendances(*, people: QuerySet | None = None) -> QuerySet:
    """Attendances that complete a module: present, in a session whose register says it was held."""
    attendances = Attendance.objects.filter(
        status=Attendance.Status.PRESENT, session__status=Session.Status.HELD
    )
    if people is not None:
        attendances = attendances.filter(person__in=people)
    return attendances


def completions(*, people: QuerySet | None = None) -> list[dict]:
    """One row per person and programme completed, oldest first: person id, module, date."""
    rows = (
        completed_attendances(people=people)
        .values_list(
            "person_id",
            "programme_id",
            "programme__module_id",
            "programme__module__title",
            "session__start",
        )
        .order_by("session__start", "pk")
    )
    seen = set()
    result = []
    for person_id, programme_id, module_id, module_title, start in rows:
        if (person_id, programme_id) in seen:
            continue
        seen.add((person_id, programme_id))
        result.append(
            {
                "person_id": person_id,
                "programme_id": programme_id,
                "module_id": module_id,
                "module_title": module_title,
                "completed_on": timezone.localtime(start).date(),
            }
        )
    return result


def staff_completion_rows() -> list[list]:
    """The HR export: roster code, module, completion date, for staff only (never residents)."""
    staff = Person.objects.filter(kind=Person.Kind.STAFF)
    codes = dict(staff.values_list("pk", "code"))
    rows = [["roster_code", "module", "completion_date"]]
    for row in sorted(
        completions(people=staff),
        key=lambda r: (codes[r["person_id"]], r["module_title"], r["completed_on"]),
    ):
        rows.append([codes[row["person_id"]], row["module_title"], row["completed_on"].isoformat()])
    return rows


def training_record(*, person: Person, today: date | None = None) -> dict:
    """A person's own record: each module's latest completion and refresher, and what is booked."""
    today = today or timezone.localdate()
    attendances = (
        completed_attendances()
        .filter(person=person)
        .select_related("programme", "session__unit")
        .defer("programme__slot_times", "programme__weekdays")
        .order_by("session__start")
    )
    modules: dict[int, dict] = {}
    for attendance in attendances:
        programme = attendance.programme
        completed_on = timezone.localtime(attendance.session.start).date()
        months = programme.refresher_months or 0
        entry = modules.setdefault(
            programme.module_id, {"module_id": programme.module_id, "completions": []}
        )
        entry["completions"].append(
            {"programme": programme.name, "on": completed_on, "unit": attendance.session.unit.name}
        )
        entry.update(
            completed_on=completed_on,
            refresher_months=months,
            refresher_due=add_months(completed_on, months) if months else None,
        )
    titles = _module_titles(modules.keys())
    completed = []
    for entry in modules.values():
        entry["module_title"] = titles.get(entry["module_id"], "")
        entry["refresher_overdue"] = bool(
            entry["refresher_due"] and entry["refresher_due"] <= today
        )
        completed.append(entry)
    completed.sort(key=lambda e: e["module_title"])
    upcoming = list(
        Attendance.objects.filter(
            person=person,
            status=Attendance.Status.BOOKED,
            session__status=Session.Status.PUBLISHED,
            session__start__gte=timezone.now(),
        )
        .select_related("session__room")
        .values_list("programme__module_id", "session__start", "session__room__name")
        .order_by("session__start")
    )
    upcoming_titles = _module_titles({module_id for module_id, _start, _room in upcoming})
    return {
        "person": person,
        "completed": completed,
        "upcoming": [
            {
                "module_title": upcoming_titles.get(module_id, ""),
                "start": timezone.localtime(start),
                "room": room,
            }
            for module_id, start, room in upcoming
        ],
    }


def _module_titles(module_ids) -> dict[int, str]:
    """Module titles by id, without loading the modules' StreamFields."""
    from modules.models import TrainingModulePage

    return dict(
        TrainingModulePage.objects.filter(pk__in=list(module_ids)).values_list("pk", "title")
    )


def people_for_records(*, unit=None, query: str = "") -> QuerySet:
    """The people a coordinator can open a record for, by unit and name or roster code."""
    people = Person.objects.filter(active=True).prefetch_related("units")
    if unit is not None:
        people = people.filter(units=unit)
    query = query.strip()[:80]
    if query:
        people = people.filter(display_name__icontains=query) | people.filter(code__iexact=query)
    return people.distinct().order_by("display_name", "code")
