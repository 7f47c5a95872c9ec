"""Who a programme is for: the people who still need the module.

The training record is read from the registers, so it can never disagree with them: a person completed a
module when they were marked present at a held session of any programme of that module; the latest such
date is their record. A programme plans people who never completed it, and, where it sets a refresher
interval, people whose refresher falls due by its last day. New starters and new admissions have no record,
so they are always due. Someone already booked into a published session of another programme of the
module is left to complete it there. Someone who declined the module is not booked again unless the coordinator ticks
"offer a place again to people who declined" on the programme.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from scheduling.models import Attendance, Person, Programme, Session

NOT_DUE_IN_DATE = "in_date"
NOT_DUE_DECLINED = "declined"
NOT_DUE_BOOKED = "booked"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The three reads below do not send the candidates' pks to the database: with a thousand pks, SQLite
# probes the (session, person) index once per session and pk (half a second at 40 wards). They read the
# module's rows (bounded by its registers) and keep the candidates' in Python.


def completions(*, module_id: int, person_pks: Iterable[int]) -> dict[int, date]:
    """Each person's latest completion of the module (present at a held session), by person pk."""
    wanted = set(person_pks)
    rows = (
        Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            session__status=Session.Status.HELD,
            session__programme__module_id=module_id,
        )
        .values("person_id")
        .annotate(last=Max("session__start"))
        .order_by()
    )
    return {row["person_id"]: row["last"].date() for row in rows if row["person_id"] in wanted}


def declined(*, module_id: int, person_pks: Iterable[int]) -> set[int]:
    """People who declined the module, except those a coordinator asked again one by one from the
    register (`reflections.AskAgain`, recorded by `reflections.services.ask_again_record`)."""
    return set(person_pks) & set(
        Attendance.objects.filter(
            status=Attendance.Status.DECLINED,
            session__programme__module_id=module_id,
            ask_again__isnull=True,
        )
        .values_list("person_id", flat=True)
        .order_by()
    )


def booked_elsewhere(*, programme: Programme, person_pks: Iterable[int]) -> set[int]:
    """People with a live booking in a published session of another programme of the same module: they
    are about to complete it there, so a second programme does not book them too."""
    return set(person_pks) & set(
        Attendance.objects.filter(
            session__status=Session.Status.PUBLISHED,
            session__programme__module_id=programme.module_id,
        )
        .exclude(status__in=Attendance.NOT_LIVE)
        .exclude(programme=programme)
        .values_list("person_id", flat=True)
        .order_by()
    )


def refresher_due(completed: date, programme: Programme) -> bool:
    months = programme.refresher_months or 0
    return bool(months) and add_months(completed, months) <= programme.end_date


NEVER = "never"
REFRESHER = "refresher"


def classify_pks(programme: Programme, pks: list[int]) -> dict[str, list[int]]:
    """`classify` on person pks alone, in the order given: for a screen that only counts most of the
    candidates, so it need not load a thousand people to count them."""
    module_id = programme.module_id
    done = completions(module_id=module_id, person_pks=pks)
    said_no = set() if programme.rebook_declined else declined(module_id=module_id, person_pks=pks)
    booked = booked_elsewhere(programme=programme, person_pks=pks) if programme.pk else set()
    groups: dict[str, list[int]] = {
        NEVER: [],
        REFRESHER: [],
        NOT_DUE_IN_DATE: [],
        NOT_DUE_DECLINED: [],
        NOT_DUE_BOOKED: [],
    }
    for pk in pks:
        if pk in said_no:
            groups[NOT_DUE_DECLINED].append(pk)
        elif pk in booked:
            groups[NOT_DUE_BOOKED].append(pk)
        elif pk not in done:
            groups[NEVER].append(pk)
        elif refresher_due(done[pk], programme):
            groups[REFRESHER].append(pk)
        else:
            groups[NOT_DUE_IN_DATE].append(pk)
    return groups


def classify(programme: Programme, candidates: list[Person]) -> dict[str, list[Person]]:
    """The candidates by why they are (never trained, refresher due) or are not (in date, declined) due."""
    by_pk = {person.pk: person for person in candidates}
    return {
        reason: [by_pk[pk] for pk in pks]
        for reason, pks in classify_pks(programme, list(by_pk)).items()
    }


def people_due(
    programme: Programme, candidates: list[Person]
) -> tuple[list[Person], dict[str, list[Person]]]:
    """(people to plan, in roster order; people left out, by reason) among the candidates."""
    groups = classify(programme, candidates)
    due = {p.pk for p in groups[NEVER] + groups[REFRESHER]}
    left_out = {
        NOT_DUE_IN_DATE: groups[NOT_DUE_IN_DATE],
        NOT_DUE_DECLINED: groups[NOT_DUE_DECLINED],
    }
    return [p for p in candidates if p.pk in due], left_out


@dataclass
class DueCounts:
    never: int = 0
    refresher: int = 0
    in_date: int = 0
    declined: int = 0
    booked: int = 0

    @property
    def due(self) -> int:
        return self.never + self.refresher


def due_counts(groups: dict[str, list]) -> DueCounts:
    """How many of the candidates a programme would plan, and why the others are left out, from
    `classify` or `classify_pks` groups."""
    return DueCounts(
        never=len(groups[NEVER]),
        refresher=len(groups[REFRESHER]),
        in_date=len(groups[NOT_DUE_IN_DATE]),
        declined=len(groups[NOT_DUE_DECLINED]),
        booked=len(groups[NOT_DUE_BOOKED]),
    )
