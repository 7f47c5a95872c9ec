"""Hard rules across everything live, working days, and the people who still need the module.

Two programmes that overlap never share a person, a room or a trainer, nor release more of a unit's floor
staff than it allows: not when planning, not on publishing, not through any manual edit. Bank holidays
and closure dates are never used; a unit's session length is; a second programme plans only the people
still due; a keep-apart pair is never together. Plans here come from the greedy planner (the solver has
its own tests): what is tested is the product around it.
"""

import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from scheduling.models import (
    Attendance,
    KeepApart,
    PlanRun,
    ProgrammeClosure,
    Session,
    Shift,
)
from scheduling.planning.checks import programme_problems
from scheduling.planning.ids import person_key, slot_key
from scheduling.planning.problem import build_problem
from scheduling.selectors.planning import programme_due_counts
from scheduling.services import plan_edit, plan_runs
from tests.factories import FacilitatorFactory, ResidentFactory, RoomFactory, UnitFactory
from tests.scheduling.planning_factories import (
    module_page,
    next_monday,
    programme_for,
    staff_with_shifts,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("greedy_plan")]
LONDON = ZoneInfo("Europe/London")


def plan(programme):
    run = plan_runs.plan_run_create(programme=programme, user=None)
    run = plan_runs.plan_run_execute(run_id=run.pk)
    assert run.status == PlanRun.Status.DONE, run.message
    return run


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def make_session(programme, unit, room, lead, start, people, status, minutes=90):
    session = Session.objects.create(
        programme=programme,
        unit=unit,
        room=room,
        lead=lead,
        start=start,
        end=start + timedelta(minutes=minutes),
        status=status,
    )
    for person in people:
        Attendance.objects.create(session=session, person=person)
    return session


class TwoProgrammes:
    """Birch lets 2 floor staff be away at once. Programme A is published: on Monday 10:00 it has two
    floor nurses and a resident in Oak Room with Lead One. Programme B (another module) overlaps it."""

    def __init__(self):
        self.monday = next_monday()
        days = [self.monday + timedelta(days=i) for i in range(5)]
        self.unit = UnitFactory(slug="birch", name="Birch Ward", max_staff_away=2, min_staff=1)
        self.oak = RoomFactory(slug="oak", name="Oak Room")
        self.willow = RoomFactory(slug="willow", name="Willow Room")
        self.lead_one = FacilitatorFactory(display_name="Lead One")
        self.lead_two = FacilitatorFactory(display_name="Lead Two")
        self.nurses = [
            staff_with_shifts(self.unit, days, display_name=f"Nurse {i}") for i in range(4)
        ]
        self.residents = [
            ResidentFactory(units=[self.unit], display_name=f"Resident {i}") for i in range(4)
        ]
        self.a = programme_for(
            [self.unit], start=self.monday, name="Programme A", module=module_page("Module A")
        )
        self.b = programme_for(
            [self.unit], start=self.monday, name="Programme B", module=module_page("Module B")
        )
        self.a_session = make_session(
            self.a,
            self.unit,
            self.oak,
            self.lead_one,
            at(self.monday, 10),
            [self.nurses[0], self.nurses[1], self.residents[0]],
            Session.Status.PUBLISHED,
        )

    def draft(self, start, people, room=None, lead=None):
        return make_session(
            self.b,
            self.unit,
            room or self.willow,
            lead or self.lead_two,
            start,
            people,
            Session.Status.DRAFT,
        )


@pytest.fixture
def two():
    return TwoProgrammes()


def assert_no_clash(sessions):
    """No person, room or trainer in two overlapping sessions; floor staff within the allowance."""
    sessions = list(sessions)
    for i, s in enumerate(sessions):
        for t in sessions[i + 1 :]:
            if not (s.start < t.end and t.start < s.end):
                continue
            assert s.room_id != t.room_id, (s, t)
            trainers = {s.lead_id, s.co_trainer_id} - {None}
            assert not trainers & ({t.lead_id, t.co_trainer_id} - {None}), (s, t)
            people = set(
                s.attendances.exclude(status__in=Attendance.NOT_LIVE).values_list(
                    "person", flat=True
                )
            )
            others = set(
                t.attendances.exclude(status__in=Attendance.NOT_LIVE).values_list(
                    "person", flat=True
                )
            )
            assert not people & others, (s, t)
    for s in sessions:
        overlapping = [
            t for t in sessions if t.start < s.end and s.start < t.end and t.unit_id == s.unit_id
        ]
        floor = Attendance.objects.filter(
            session__in=overlapping, person__is_floor_staff=True
        ).exclude(status__in=Attendance.NOT_LIVE)
        assert floor.count() <= s.unit.max_staff_away, s


def test_the_problem_takes_other_programmes_live_sessions_out(two):
    built = build_problem(programme=two.b)
    monday_ten = slot_key(at(two.monday, 10))
    people = {p["id"]: p for p in built.data["people"]}
    assert monday_ten not in people[person_key(two.nurses[0].pk)]["available"]
    assert monday_ten not in people[person_key(two.residents[0].pk)]["available"]
    assert monday_ten in people[person_key(two.nurses[2].pk)]["available"]
    rooms = {r["id"]: r for r in built.data["rooms"]}
    assert (
        monday_ten not in rooms["oak"]["available"] and monday_ten in rooms["willow"]["available"]
    )
    leads = {f["id"]: f for f in built.data["facilitators"]}
    assert monday_ten not in leads[f"f{two.lead_one.pk}"]["available"]
    # Two floor nurses are away in programme A, so programme B may release none more then.
    (unit,) = built.data["units"]
    assert unit["max_staff_away_by_slot"] == {monday_ten: 0}


def test_planning_and_publishing_a_second_programme_never_double_books(two):
    plan(two.b)
    plan_edit.programme_publish(programme=two.b)
    live = Session.objects.exclude(status=Session.Status.CANCELLED)
    assert live.filter(programme=two.b).exists()
    assert_no_clash(live)


def test_a_move_into_a_clash_is_refused_naming_the_other_session(two):
    session = two.draft(at(two.monday, 10), [two.residents[3]])
    with pytest.raises(ValidationError) as refused:
        plan_edit.attendance_move(programme=two.b, person=two.nurses[0], to_session=session)
    assert "Nurse 0" in refused.value.messages[0]
    assert "“Programme A”" in refused.value.messages[0]
    assert not session.attendances.filter(person=two.nurses[0]).exists()


def test_a_move_over_the_units_allowance_across_programmes_is_refused(two):
    session = two.draft(at(two.monday, 10), [two.residents[3]])
    with pytest.raises(ValidationError, match="3 floor staff away") as refused:
        plan_edit.attendance_move(programme=two.b, person=two.nurses[2], to_session=session)
    assert "“Programme A”" in refused.value.messages[0]


def test_a_swap_into_a_clash_is_refused(two):
    tuesday = two.draft(at(two.monday + timedelta(days=1), 10), [two.nurses[0]])
    monday = two.draft(at(two.monday, 10), [two.residents[3]])
    with pytest.raises(ValidationError, match="Programme A"):
        plan_edit.attendance_swap(
            programme=two.b, person_a=two.nurses[0], person_b=two.residents[3]
        )
    assert tuesday.attendances.filter(person=two.nurses[0]).exists()
    assert monday.attendances.filter(person=two.residents[3]).exists()


def test_a_reschedule_into_a_clash_is_refused(two):
    tuesday = two.draft(
        at(two.monday + timedelta(days=1), 10), [two.residents[3]], room=two.oak, lead=two.lead_one
    )
    with pytest.raises(ValidationError, match="Oak Room .* is already used by “Programme A”"):
        plan_edit.session_reschedule(session=tuesday, start=at(two.monday, 10), room=two.oak)
    tuesday.refresh_from_db()
    assert tuesday.start == at(two.monday + timedelta(days=1), 10)
    # A trainer clash too: Lead One runs programme A's session then.
    with pytest.raises(ValidationError, match="Lead One .* “Programme A”"):
        plan_edit.session_reschedule(session=tuesday, start=at(two.monday, 10), room=two.willow)
    tuesday.refresh_from_db()
    assert tuesday.start == at(two.monday + timedelta(days=1), 10)


def test_publishing_a_clash_is_refused(two):
    two.draft(at(two.monday, 10, 30), [two.residents[0]])  # overlaps A's 10:00 session
    with pytest.raises(ValidationError, match="Resident 0 .* already booked into “Programme A”"):
        plan_edit.programme_publish(programme=two.b)
    assert not Session.objects.filter(programme=two.b, status=Session.Status.PUBLISHED).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_publishing_at_once_cannot_double_book():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Row locks (select_for_update) are only real on PostgreSQL; CI runs this there."
        )
    two = TwoProgrammes()
    two.a_session.delete()
    c = programme_for(
        [two.unit], start=two.monday, name="Programme C", module=module_page("Module C")
    )
    person = two.residents[1]
    two.draft(at(two.monday, 14), [person])
    make_session(
        c, two.unit, two.oak, two.lead_one, at(two.monday, 14), [person], Session.Status.DRAFT
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def publish(programme):
        from django.db import connections

        try:
            barrier.wait()
            plan_edit.programme_publish(programme=programme)
            outcomes.append("published")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(p,)) for p in (two.b, c)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("published") == 1, outcomes
    assert (
        Attendance.objects.filter(person=person, session__status=Session.Status.PUBLISHED).count()
        == 1
    )


# Working days ---------------------------------------------------------------------------------------


def christmas_roster():
    days = [date(2026, 12, 21) + timedelta(days=i) for i in range(19)]
    unit = UnitFactory(slug="cedar", name="Cedar Ward", max_staff_away=2, min_staff=1)
    RoomFactory(slug="oak", name="Oak Room")
    FacilitatorFactory(display_name="Lead One", max_per_day=4)
    for i in range(6):
        staff_with_shifts(unit, days, kind=Shift.Kind.LONG_DAY, display_name=f"Nurse {i}")
    for i in range(6):
        ResidentFactory(units=[unit], display_name=f"Resident {i}")
    return unit


def test_no_session_on_bank_holidays_in_england(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, tzinfo=LONDON))
    unit = christmas_roster()
    programme = programme_for([unit], start=date(2026, 12, 21), days=19)
    starts = {s["start"][:10] for s in build_problem(programme=programme).data["slots"]}
    assert {"2026-12-25", "2026-12-28", "2027-01-01"}.isdisjoint(starts)
    assert "2026-12-24" in starts and "2026-12-29" in starts
    plan(programme)
    days = {s.start.astimezone(LONDON).date() for s in programme.sessions.all()}
    assert days and days.isdisjoint({date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)})


def test_scotland_by_a_setting(settings, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, tzinfo=LONDON))
    settings.ALONGSIDE_BANK_HOLIDAYS = "scotland"
    unit = christmas_roster()
    programme = programme_for([unit], start=date(2026, 12, 21), days=19)
    starts = {s["start"][:10] for s in build_problem(programme=programme).data["slots"]}
    assert (
        "2027-01-04" not in starts
    )  # 2 January (a Saturday) is observed on Monday 4th in Scotland
    assert "2026-12-28" not in starts


def test_a_closure_date_is_never_used(two):
    closed = two.monday + timedelta(days=2)
    ProgrammeClosure.objects.create(programme=two.b, date=closed, label="Inspection")
    starts = {s["start"][:10] for s in build_problem(programme=two.b).data["slots"]}
    assert closed.isoformat() not in starts
    plan(two.b)
    assert two.b.sessions.exists()
    assert not any(s.start.astimezone(LONDON).date() == closed for s in two.b.sessions.all())
    # Nor by a manual reschedule.
    session = two.b.sessions.first()
    with pytest.raises(ValidationError, match="programme's session times"):
        plan_edit.session_reschedule(session=session, start=at(closed, 10), room=two.willow)


def test_the_units_session_length_is_used():
    monday = next_monday()
    days = [monday + timedelta(days=i) for i in range(5)]
    unit = UnitFactory(slug="hazel", name="Hazel Ward", session_minutes=60, min_staff=1)
    RoomFactory(slug="oak", name="Oak Room")
    FacilitatorFactory(display_name="Lead One")
    # An early shift ends at 15:00: a 14:00 session fits in 60 minutes, not in the module's 90.
    nurse = staff_with_shifts(unit, days, kind=Shift.Kind.EARLY, display_name="Nurse")
    ResidentFactory(units=[unit])
    programme = programme_for([unit], start=monday, slot_times=["14:00"])
    built = build_problem(programme=programme)
    assert built.data["session_minutes"] == 60
    (staff,) = [p for p in built.data["people"] if p["id"] == person_key(nurse.pk)]
    assert slot_key(at(monday, 14)) in staff["available"]
    plan(programme)
    lengths = {s.end - s.start for s in programme.sessions.all()}
    assert lengths == {timedelta(minutes=60)}
    session = programme.sessions.first()
    later = at(monday + timedelta(days=1), 14)
    plan_edit.session_reschedule(session=session, start=later, room=session.room)
    session.refresh_from_db()
    assert session.end - session.start == timedelta(minutes=60)


# The people who still need it ----------------------------------------------------------------------


def test_a_second_programme_plans_only_people_still_due(two):
    module = two.a.module
    long_ago = two.monday - timedelta(days=400)
    recently = two.monday - timedelta(days=100)
    earlier = programme_for([two.unit], start=long_ago, days=200, name="Earlier", module=module)
    held_old = make_session(
        earlier, two.unit, two.oak, two.lead_one, at(long_ago, 10), [two.residents[1]], "held"
    )
    held_new = make_session(
        earlier, two.unit, two.oak, two.lead_one, at(recently, 10), [two.residents[2]], "held"
    )
    declined = make_session(
        earlier, two.unit, two.oak, two.lead_one, at(recently, 14), [two.residents[3]], "held"
    )
    Attendance.objects.filter(session__in=[held_old, held_new]).update(status="present")
    Attendance.objects.filter(session=declined).update(status="declined")
    second = programme_for([two.unit], start=two.monday, name="Second", module=module)

    def due():
        built = build_problem(programme=second)
        return {p.display_name for p in built.people.values()}

    # No refresher: whoever completed it is done. Nurse 0, Nurse 1 and Resident 0 are booked into
    # programme A's published session of this module, so they complete it there. The rest are new.
    assert due() == {"Nurse 2", "Nurse 3"}
    second.refresher_months = 12
    second.save()
    assert due() == {"Nurse 2", "Nurse 3", "Resident 1"}
    second.rebook_declined = True
    second.save()
    assert "Resident 3" in due() and "Resident 2" not in due()
    second.rebook_declined = False
    second.save()
    plan(second)
    booked = set(
        Attendance.objects.filter(programme=second).values_list("person__display_name", flat=True)
    )
    assert booked and booked <= {
        "Nurse 0",
        "Nurse 1",
        "Nurse 2",
        "Nurse 3",
        "Resident 0",
        "Resident 1",
    }


def test_the_programme_form_shows_who_it_is_for_before_planning(two, client, coordinator):
    """The counts on the form are the plan screen's: the coordinator sees them before pressing Plan."""
    module = two.a.module
    recently = two.monday - timedelta(days=100)
    earlier = programme_for([two.unit], start=recently, days=50, name="Earlier", module=module)
    held = make_session(
        earlier, two.unit, two.oak, two.lead_one, at(recently, 10), [two.residents[2]], "held"
    )
    declined = make_session(
        earlier, two.unit, two.oak, two.lead_one, at(recently, 14), [two.residents[3]], "held"
    )
    Attendance.objects.filter(session=held).update(status="present")
    Attendance.objects.filter(session=declined).update(status="declined")
    second = programme_for([two.unit], start=two.monday, name="Second", module=module)
    client.force_login(coordinator)

    counts = programme_due_counts(programme=second)
    assert counts.due == len(build_problem(programme=second).people)
    assert (counts.in_date, counts.declined) == (1, 1)
    page = client.get(f"/admin/programmes/edit/{second.pk}/").content.decode()
    assert "Who this programme is for" in page
    assert f"{counts.due} people will be planned." in page
    assert "1 person has done it and is in date, so is not planned." in page
    assert "1 person declined it and is not booked again" in page

    new_form = client.get("/admin/programmes/new/").content.decode()
    assert "Save the programme to see who it is for" in new_form


# Keep apart ----------------------------------------------------------------------------------------


def test_an_apart_pair_is_never_together_after_planning_or_a_move(two):
    first, second = two.residents[1], two.residents[2]
    KeepApart.objects.create(person_a=second, person_b=first)
    built = build_problem(programme=two.b)
    assert built.data["apart"] == [sorted([person_key(first.pk), person_key(second.pk)])]
    plan(two.b)
    sessions = {
        a.person_id: a.session_id
        for a in Attendance.objects.filter(programme=two.b, person__in=[first, second])
    }
    assert sessions.get(first.pk) is None or sessions.get(first.pk) != sessions.get(second.pk)
    # Put them in different sessions, then try to move one in with the other.
    draft_a = two.draft(at(two.monday + timedelta(days=3), 14), [])
    draft_b = two.draft(at(two.monday + timedelta(days=4), 14), [])
    Attendance.objects.filter(programme=two.b, person__in=[first, second]).delete()
    Attendance.objects.create(session=draft_a, person=first)
    Attendance.objects.create(session=draft_b, person=second)
    with pytest.raises(ValidationError, match="kept apart"):
        plan_edit.attendance_move(programme=two.b, person=second, to_session=draft_a)
    assert not draft_a.attendances.filter(person=second).exists()
    assert all("Resident" not in p.text for p in programme_problems(programme=two.b))


def test_the_week_list_opens_on_the_week_of_the_next_session(client, coordinator, two):
    later = at(two.monday + timedelta(days=14), 10)
    make_session(two.b, two.unit, two.oak, two.lead_one, later, [two.residents[3]], "published")
    Session.objects.filter(pk=two.a_session.pk).update(status=Session.Status.DRAFT)
    client.force_login(coordinator)
    html = client.get(f"/training/units/{two.unit.slug}/week/").content.decode()
    assert later.strftime("%a %-d %b") in html
