"""The plan screen's programme-wide figures, counted by the database.

A provider of forty wards has nearly two thousand people on a programme's units. The plan screen shows
how many of them the programme is for, and why the others are left out, but lists people for one unit
at a time. So the figures are counted here in one aggregate query, with each candidate's training
record read by correlated subqueries, rather than by reading every candidate's pk and the module's
registers into Python (`planning.due.classify_pks`, which the planner itself uses). Both follow the
rules in `planning.due`; `tests/scheduling/test_planning_counts.py` holds them to the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db import connection
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When

from scheduling.models import Attendance, Facilitator, Person, Programme, Session, Unit
from scheduling.planning.due import (
    NEVER,
    NOT_DUE_BOOKED,
    NOT_DUE_DECLINED,
    NOT_DUE_IN_DATE,
    REFRESHER,
    DueCounts,
    add_months,
)
from scheduling.planning.ids import LIVE


def delivering_condition(programme: Programme) -> Q:
    """People who deliver this programme as facilitators (`planning.problem.facilitating_person_pks`):
    an active facilitator with a roster row who serves every unit or one of the programme's."""
    facilitators = Facilitator.objects.filter(active=True, person__isnull=False).filter(
        Q(units__isnull=True) | Q(units__in=programme.units.values("pk"))
    )
    return Q(pk__in=facilitators.values("person_id"))


def candidates(programme: Programme, *, units=None) -> QuerySet[Person]:
    """Everyone active on the programme's units (or on `units`), but the people delivering it; one
    row each, however many of the units they work on."""
    on_units = Person.units.through.objects.filter(
        unit__in=units if units is not None else programme.units.values("pk")
    ).values("person_id")
    return Person.objects.filter(active=True, pk__in=on_units).exclude(
        delivering_condition(programme)
    )


def refresher_cutoff(programme: Programme) -> datetime | None:
    """The moment from which a completion is too recent for a refresher by the programme's last day:
    a completion on day d is due when `add_months(d, months) <= end_date` (`due.refresher_due`).
    None when the programme plans no refreshers."""
    months = programme.refresher_months or 0
    if not months:
        return None
    day = add_months(programme.end_date, -months)
    while add_months(day, months) > programme.end_date:
        day -= timedelta(days=1)
    while add_months(day + timedelta(days=1), months) <= programme.end_date:
        day += timedelta(days=1)
    # `due.completions` takes the date of the session's start as stored (UTC).
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def _grouped(people: QuerySet[Person], programme: Programme, *, scoped=False) -> QuerySet[Person]:
    """Each person's `due.classify_pks` group (`group`) and whether they hold a live booking in this
    programme (`here`). Every condition is an uncorrelated list of person pks, read once for the
    query rather than once per person; `scoped` lists only `people`'s rows (for one unit's few
    people, so the lists do not grow with the provider)."""
    group, here = _group_expressions(programme, people.values("pk") if scoped else None)
    return people.annotate(group=group, here=here)


def _group_expressions(programme: Programme, people=None) -> tuple[Case, Case]:
    mine = (
        Attendance.objects.all() if people is None else Attendance.objects.filter(person__in=people)
    )
    module = mine.filter(session__programme__module_id=programme.module_id)
    completed = module.filter(status=Attendance.Status.PRESENT, session__status=Session.Status.HELD)
    elsewhere = (
        module.filter(session__status=Session.Status.PUBLISHED)
        .exclude(status__in=Attendance.NOT_LIVE)
        .exclude(programme=programme)
    )
    whens = []
    if not programme.rebook_declined:
        said_no = module.filter(status=Attendance.Status.DECLINED, ask_again__isnull=True)
        whens.append(When(pk__in=said_no.values("person_id"), then=Value(NOT_DUE_DECLINED)))
    whens += [
        When(pk__in=elsewhere.values("person_id"), then=Value(NOT_DUE_BOOKED)),
        When(~Q(pk__in=completed.values("person_id")), then=Value(NEVER)),
    ]
    cutoff = refresher_cutoff(programme)
    if cutoff is not None:
        recent = completed.filter(session__start__gte=cutoff)
        whens.append(When(~Q(pk__in=recent.values("person_id")), then=Value(REFRESHER)))
    live = mine.filter(LIVE, programme=programme).values("person_id")
    return (
        Case(*whens, default=Value(NOT_DUE_IN_DATE), output_field=CharField()),
        Case(When(pk__in=live, then=Value(True)), default=Value(False)),
    )


DUE_GROUPS = (NEVER, REFRESHER)


@dataclass(frozen=True)
class Coverage:
    due: DueCounts
    people_total: int  # due, or booked into this programme whatever the reason
    unplaced_total: int  # due and not booked into this programme

    @property
    def placed_total(self) -> int:
        return self.people_total - self.unplaced_total


def programme_coverage(*, programme: Programme) -> Coverage:
    """Who the programme is for and how many of them are placed: one query that groups the
    candidates by `_grouped`'s two columns, so at most ten rows come back however many people."""
    inner = _grouped(candidates(programme), programme).values("group", "here")
    sql, params = inner.query.sql_with_params()
    # Grouped outside, so the database works out each person's group once (Django's GROUP BY would
    # repeat the whole CASE, and its lists, in the GROUP BY clause).
    with connection.cursor() as cursor:
        group, here = (connection.ops.quote_name(name) for name in ("group", "here"))
        cursor.execute(
            f"SELECT {group}, {here}, COUNT(*) FROM ({sql}) grouped GROUP BY {group}, {here}",  # noqa: S608 (our own compiled query, parameters apart)
            params,
        )
        rows = cursor.fetchall()
    counts = dict.fromkeys((NEVER, REFRESHER, NOT_DUE_IN_DATE, NOT_DUE_DECLINED, NOT_DUE_BOOKED), 0)
    people_total = unplaced_total = 0
    for name, booked, n in rows:
        counts[name] += n
        if name in DUE_GROUPS or booked:
            people_total += n
        if name in DUE_GROUPS and not booked:
            unplaced_total += n
    return Coverage(
        due=DueCounts(
            never=counts[NEVER],
            refresher=counts[REFRESHER],
            in_date=counts[NOT_DUE_IN_DATE],
            declined=counts[NOT_DUE_DECLINED],
            booked=counts[NOT_DUE_BOOKED],
        ),
        people_total=people_total,
        unplaced_total=unplaced_total,
    )


def programme_due_counts(*, programme: Programme) -> DueCounts:
    """Who the saved programme would plan and why the others are left out (the programme form's
    panel shows them before planning)."""
    return programme_coverage(programme=programme).due


@dataclass(frozen=True)
class UnitPerson:
    person: Person
    booked: bool  # holds a live booking in this programme


def unit_people(*, programme: Programme, unit: Unit) -> list[UnitPerson]:
    """One unit's people the programme is for (due, or booked into it), in roster order."""
    people = _grouped(candidates(programme, units=[unit.pk]), programme, scoped=True).order_by(
        "display_name", "pk"
    )
    return [
        UnitPerson(person=person, booked=bool(person.here))
        for person in people
        if person.group in DUE_GROUPS or person.here
    ]


def session_totals(*, programme: Programme) -> dict[str, int]:
    """The programme's live sessions and how many of them are drafts, in one query."""
    return Session.objects.filter(programme=programme).aggregate(
        sessions=Count("pk", filter=~Q(status=Session.Status.CANCELLED)),
        drafts=Count("pk", filter=Q(status=Session.Status.DRAFT)),
    )
