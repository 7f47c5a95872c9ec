"""MDT members attend with each unit they cover (`Unit.mdt_each_unit`, the solver's `attend: each_unit`).

A psychologist who covers Birch and Cedar, both units ticked, attends one session with Birch's residents
and one with Cedar's, never two at once. Bookings carry their unit: one live booking per (person,
programme, unit) for them, still one per programme for everyone else, refused by the database itself.
Plans come from the greedy planner (it splits each-unit people as the solver does)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from scheduling.models import Attendance, Person, PlanRun, Session
from scheduling.planning.checks import programme_problems
from scheduling.planning.ids import person_key
from scheduling.planning.problem import build_problem
from scheduling.services import plan_edit, plan_runs
from tests.factories import ResidentFactory, RoomFactory, UnitFactory
from tests.scheduling.planning_factories import (
    next_monday,
    programme_for,
    small_roster,
    staff_with_shifts,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("greedy_plan")]


class TwoUnits:
    def __init__(self, *, ticked=(True, True)):
        self.monday = next_monday()
        self.days = [self.monday + timedelta(days=i) for i in range(5)]
        self.birch, _people, _rooms, _leads = small_roster(
            slug="birch", staff=3, residents=3, max_staff_away=3, rooms=2
        )
        self.cedar = UnitFactory(slug="cedar", name="Cedar Ward", max_staff_away=3, min_staff=1)
        for _ in range(3):
            staff_with_shifts(self.cedar, self.days)
            ResidentFactory(units=[self.cedar])
        self.birch.mdt_each_unit, self.cedar.mdt_each_unit = ticked
        self.birch.save()
        self.cedar.save()
        self.psychologist = staff_with_shifts(
            self.birch,
            self.days,
            kind="day",
            discipline=Person.Discipline.PSYCHOLOGIST,
            is_floor_staff=False,
            display_name="Pat Psychologist",
        )
        self.psychologist.units.add(self.cedar)
        self.nurse = staff_with_shifts(self.birch, self.days, display_name="Two-ward Nurse")
        self.nurse.units.add(self.cedar)
        self.programme = programme_for([self.birch, self.cedar], start=self.monday)

    def plan(self):
        run = plan_runs.plan_run_create(programme=self.programme, user=None)
        run = plan_runs.plan_run_execute(run_id=run.pk)
        assert run.status == PlanRun.Status.DONE, run.message
        return run

    def bookings(self, person):
        return Attendance.objects.filter(programme=self.programme, person=person).exclude(
            status__in=Attendance.NOT_LIVE
        )


def _entry(built, person):
    return next(p for p in built.data["people"] if p["id"] == person_key(person.pk))


def test_the_problem_asks_mdt_members_to_attend_each_ticked_unit():
    wards = TwoUnits()
    built = build_problem(programme=wards.programme)
    mdt = _entry(built, wards.psychologist)
    assert mdt["attend"] == "each_unit" and sorted(mdt["units"]) == ["birch", "cedar"]
    # Floor staff working on two wards attend once.
    assert "attend" not in _entry(built, wards.nurse)


def test_with_only_one_unit_ticked_they_attend_once():
    wards = TwoUnits(ticked=(True, False))
    assert "attend" not in _entry(build_problem(programme=wards.programme), wards.psychologist)


def test_the_plan_books_them_once_with_each_unit_never_twice_at_once():
    wards = TwoUnits()
    wards.plan()
    bookings = list(wards.bookings(wards.psychologist).select_related("session"))
    assert sorted(b.session.unit.slug for b in bookings) == ["birch", "cedar"]
    assert all(b.each_unit and b.unit_id == b.session.unit_id for b in bookings)
    first, second = (b.session for b in bookings)
    assert not (first.start < second.end and second.start < first.end)
    assert wards.bookings(wards.nurse).count() == 1
    assert programme_problems(programme=wards.programme) == []
    # Planning again replaces the draft without losing either booking.
    wards.plan()
    assert wards.bookings(wards.psychologist).count() == 2


def test_the_database_allows_one_live_booking_per_unit_for_them_and_one_per_programme_otherwise():
    wards = TwoUnits()
    wards.plan()
    booking = wards.bookings(wards.psychologist).first()
    other = (
        Session.objects.filter(programme=wards.programme, unit=booking.unit)
        .exclude(pk=booking.session_id)
        .first()
    ) or Session.objects.create(
        programme=wards.programme,
        unit=booking.unit,
        room=booking.session.room,
        start=booking.session.start + timedelta(days=1),
        end=booking.session.end + timedelta(days=1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(session=other, person=wards.psychologist, each_unit=True)
    nurse_booking = wards.bookings(wards.nurse).get()
    elsewhere = Session.objects.filter(programme=wards.programme).exclude(
        pk=nurse_booking.session_id
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(session=elsewhere.first(), person=wards.nurse)


def test_a_move_within_one_unit_keeps_their_booking_with_the_other():
    wards = TwoUnits()
    wards.plan()
    birch = wards.bookings(wards.psychologist).get(unit=wards.birch)
    cedar = wards.bookings(wards.psychologist).get(unit=wards.cedar)
    # A new Birch session in a room of its own, on a day without their Cedar session.
    day = next(d for d in wards.days if d != cedar.session.start.date())
    start = datetime.combine(day, time(10), tzinfo=ZoneInfo("Europe/London"))
    target = Session.objects.create(
        programme=wards.programme,
        unit=wards.birch,
        room=RoomFactory(slug="annexe", name="Annexe"),
        lead=birch.session.lead,
        start=start,
        end=start + timedelta(minutes=90),
    )
    moved = plan_edit.attendance_move(
        programme=wards.programme, person=wards.psychologist, to_session=target, confirmed=True
    )
    assert moved.each_unit and moved.unit == wards.birch and moved.session == target
    assert wards.bookings(wards.psychologist).filter(pk=cedar.pk).exists()
    assert wards.bookings(wards.psychologist).count() == 2
