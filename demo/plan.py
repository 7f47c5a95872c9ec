"""Demo data: the starter module's programmes, so `make run` shows plans a ward manager would sign off.

Three programmes, dated relative to today so the demo never goes stale:
- an earlier one, about thirteen months ago, whose few held sessions make some people's refresher due;
- the current one, from next Monday, at 10:00 and 13:30, planned by the solver and published. Tuesdays
  to Thursdays are training days with cover booked, so the wards release more floor staff then; night
  staff come in on Wednesdays (`demo.roster`). (Sessions already held, and today's with its register
  open, are `demo.reflections`' pilot programme.)
- a later draft with a 12-month refresher, overlapping the current one's last days, ready for the
  coordinator to plan: it shows "only those still due".
Bank holidays are never planned (the planner leaves them out). Idempotent: each programme is found by its
name, and nothing is planned again once the current programme is published.
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from modules.models import TrainingModulePage
from scheduling.models import (
    Attendance,
    CoverDay,
    Facilitator,
    Person,
    PlanRun,
    Programme,
    Room,
    Session,
    Unit,
)
from scheduling.planning.days import bank_holidays
from scheduling.planning.ids import local_zone
from scheduling.services import plan_edit, plan_runs

from .roster import UNITS, demo_start_date

MODULE_SLUG = "working-together-on-risk"
DEMO_TIME_LIMIT = 20.0
COVER_WEEKDAYS = (1, 2, 3)  # Tuesdays to Thursdays: training days with cover booked
COVER_ALLOWANCE = 10  # floor staff a ward releases at once on a covered day (4 otherwise)
LATER_UNITS = ("birch", "cedar")
# Morning, and 13:30 after the handover, when the early and the late shift are both on the ward: a
# 14:00 session (the first demo's) fits only the late shift, so half the staff on duty could not come.
SLOT_TIMES = ("10:00", "13:30")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=local_zone())


@transaction.atomic
def load(*, stdout) -> None:
    module = TrainingModulePage.objects.filter(slug=MODULE_SLUG).first()
    if module is None:
        stdout.write("No starter module found, so no demo programme was planned.")
        return
    today = timezone.localdate()
    units = list(Unit.objects.filter(slug__in=[u.slug for u in UNITS]).order_by("name"))
    current_start = demo_start_date()
    current_end = current_start + timedelta(days=18)
    _cover_days(units, current_start, current_end + timedelta(days=14))
    _earlier(module, units, _monday(today - timedelta(days=400)), stdout)
    current = _current(module, units, current_start, current_end, stdout)
    if current is not None:
        _later(module, units, current, stdout)


def _cover_days(units, first: date, last: date) -> None:
    day = first
    while day <= last:
        if day.weekday() in COVER_WEEKDAYS:
            for unit in units:
                CoverDay.objects.get_or_create(
                    unit=unit, date=day, defaults={"max_staff_away": COVER_ALLOWANCE}
                )
        day += timedelta(days=1)


def _people(unit: Unit, *, staff: int, residents: int, skip=(), last=False) -> list[Person]:
    """Some of the unit's people by roster code: the first ones, or with `last` the last ones (so the
    earlier programme's people and last week's are not the same)."""
    people = Person.objects.filter(units=unit, active=True, facilitator__isnull=True).exclude(
        pk__in=[p.pk for p in skip]
    )
    order = "-code" if last else "code"
    floor = list(people.filter(is_floor_staff=True).order_by(order)[:staff])
    mdt = list(people.filter(kind="staff", is_floor_staff=False).order_by(order)[:1])
    return floor + mdt + list(people.filter(kind="resident").order_by(order)[:residents])


def _kept_session(programme, unit, room, lead, start, people, status) -> Session:
    """A session the demo sets down by hand (the earlier programme's held ones)."""
    session = Session.objects.create(
        programme=programme,
        unit=unit,
        room=room,
        lead=lead,
        start=start,
        end=start + timedelta(minutes=unit.session_minutes or 90),
        status=status,
        locked=True,
    )
    already = set(programme.attendances.values_list("person_id", flat=True))
    for person in people:
        if person.pk not in already:  # an MDT member covering two wards goes once
            Attendance.objects.create(session=session, programme=programme, person=person)
    return session


def _working_day(day: date) -> date:
    """`day`, or the next weekday that is not a bank holiday."""
    holidays = bank_holidays(day, day + timedelta(days=14))
    while day.weekday() > 4 or day in holidays:
        day += timedelta(days=1)
    return day


def _earlier(module, units, start: date, stdout) -> None:
    """About thirteen months ago: one held session each on two wards (their people are due a refresher)."""
    name = f"Working together on risk — {start:%B %Y}"
    programme, created = Programme.objects.get_or_create(
        name=name,
        module=module,
        defaults={
            "start_date": start,
            "end_date": start + timedelta(days=4),
            "slot_times": ["10:00"],
            "weekdays": [0, 1, 2, 3, 4],
            "status": Programme.Status.CLOSED,
        },
    )
    if not created:
        return
    chosen = [u for u in units if u.slug in LATER_UNITS]
    programme.units.set(chosen)
    room = Room.objects.filter(slug="oak-room").first()
    lead = Facilitator.objects.filter(role=Facilitator.Role.LEAD).order_by("display_name").first()
    for offset, unit in enumerate(chosen):
        day = _working_day(start + timedelta(days=offset))
        session = _kept_session(
            programme,
            unit,
            room,
            lead,
            _at(day, 10),
            _people(unit, staff=4, residents=3),
            Session.Status.HELD,
        )
        session.attendances.update(status=Attendance.Status.PRESENT, marked_at=session.end)
    stdout.write(f"Demo programme “{name}”: 2 held sessions (their people's refresher is due).")


def _current(module, units, start, end, stdout) -> Programme | None:
    name = f"Working together on risk — {start:%B %Y}"
    programme, created = Programme.objects.get_or_create(
        name=name,
        module=module,
        defaults={
            "start_date": start,
            "end_date": end,
            "slot_times": list(SLOT_TIMES),
            "weekdays": [0, 1, 2, 3, 4],
        },
    )
    if created:
        programme.units.set(units)
    if programme.status == Programme.Status.PUBLISHED:
        stdout.write(f"Demo programme “{name}” is already planned and published.")
        return programme
    run = plan_runs.plan_run_create(programme=programme, user=None)
    run = plan_runs.plan_run_execute(run_id=run.pk, time_limit=DEMO_TIME_LIMIT)
    if run.status != PlanRun.Status.DONE:
        stdout.write(f"Demo programme “{name}” could not be planned: {run.message}")
        return None
    try:
        published = plan_edit.programme_publish(programme=programme)
    except ValidationError as error:
        stdout.write(f"Demo programme “{name}” was planned but not published: {error.messages[0]}")
        return None
    result = run.result
    stdout.write(
        f"Demo programme “{name}”: {run.message} Status {result.get('status')}, lower bound "
        f"{result.get('lower_bound')}, {len(published)} sessions published."
    )
    return programme


def _later(module, units, current: Programme, stdout) -> None:
    """A later draft, overlapping the current programme's last days: only those still due."""
    start = current.end_date - timedelta(days=4)
    name = f"Working together on risk — refreshers from {start:%-d %B %Y}"
    programme, created = Programme.objects.get_or_create(
        name=name,
        module=module,
        defaults={
            "start_date": start,
            "end_date": start + timedelta(days=11),
            "slot_times": list(SLOT_TIMES),
            "weekdays": [0, 1, 2, 3, 4],
            "refresher_months": 12,
        },
    )
    if created:
        programme.units.set([u for u in units if u.slug in LATER_UNITS])
    stdout.write(f"Demo programme “{name}” is a draft, ready for the coordinator to plan.")
