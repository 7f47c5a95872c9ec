"""The coordinator's changes to a plan: every one is checked and refused with a reason when it breaks a
rule; publishing, rescheduling and cancelling tell the calendars; only coordinators may do any of it."""

import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from scheduling.models import Attendance, Programme, Session, Shift
from scheduling.services import plan_edit
from scheduling.signals import sessions_changed
from tests.factories import FacilitatorFactory, ResidentFactory, RoomFactory, UnitFactory
from tests.scheduling.planning_factories import (
    module_page,
    next_monday,
    programme_for,
    staff_with_shifts,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


class Plan:
    """Birch: 1 floor nurse may be away at once, 3 per session. Two sessions on Monday."""

    def __init__(self):
        self.monday = next_monday()
        self.unit = UnitFactory(slug="birch", name="Birch Ward", max_staff_away=1, session_size=3)
        self.room = RoomFactory(slug="oak-room", name="Oak Room")
        self.spare_room = RoomFactory(slug="willow-room", name="Willow Room")
        self.lead = FacilitatorFactory(display_name="Lead One")
        self.lead_two = FacilitatorFactory(display_name="Lead Two")
        days = [self.monday + timedelta(days=i) for i in range(5)]
        self.nurse_a = staff_with_shifts(
            self.unit, days, kind=Shift.Kind.LONG_DAY, display_name="Nurse A"
        )
        self.nurse_b = staff_with_shifts(
            self.unit, days, kind=Shift.Kind.LONG_DAY, display_name="Nurse B"
        )
        self.residents = [
            ResidentFactory(units=[self.unit], display_name=f"Resident {i}") for i in range(4)
        ]
        self.programme = programme_for([self.unit], start=self.monday, days=5)
        self.morning = self.session(10, [self.nurse_a, self.residents[0], self.residents[1]])
        self.afternoon = self.session(14, [self.nurse_b, self.residents[2]])

    def session(self, hour, people, status=Session.Status.DRAFT, lead=None):
        start = datetime.combine(self.monday, time(hour), tzinfo=LONDON)
        session = Session.objects.create(
            programme=self.programme,
            unit=self.unit,
            room=self.room,
            start=start,
            end=start + timedelta(minutes=90),
            lead=lead or self.lead,
            status=status,
        )
        for person in people:
            Attendance.objects.create(session=session, person=person)
        return session

    def people_in(self, session):
        return set(
            session.attendances.exclude(status__in=Attendance.NOT_LIVE).values_list(
                "person__display_name", flat=True
            )
        )


@pytest.fixture
def plan():
    return Plan()


@pytest.fixture
def heard():
    calls = []

    def listener(sender, session_ids, change, **kwargs):
        calls.append((change, sorted(session_ids)))

    sessions_changed.connect(listener)
    yield calls
    sessions_changed.disconnect(listener)


def test_moving_a_person_books_them_into_the_new_session(plan):
    plan_edit.attendance_move(
        programme=plan.programme, person=plan.residents[3], to_session=plan.afternoon
    )
    assert plan.people_in(plan.afternoon) == {"Nurse B", "Resident 2", "Resident 3"}


def test_moving_a_floor_nurse_where_the_allowance_is_used_is_refused(plan):
    with pytest.raises(ValidationError) as refused:
        plan_edit.attendance_move(
            programme=plan.programme, person=plan.nurse_b, to_session=_spare_morning(plan)
        )
    message = refused.value.messages[0]
    assert "breaks a rule" in message
    assert "Birch Ward would have 2 floor staff away" in message and "allowance of 1" in message
    assert plan.people_in(plan.afternoon) == {"Nurse B", "Resident 2"}  # nothing changed


def _spare_morning(plan):
    """A second Monday-morning session in the other room, with one resident in it."""
    spare = plan.session(10, [plan.residents[3]], lead=plan.lead_two)
    Session.objects.filter(pk=spare.pk).update(room=plan.spare_room)
    spare.refresh_from_db()
    return spare


def test_moving_someone_into_a_full_session_is_refused(plan):
    with pytest.raises(ValidationError) as refused:
        plan_edit.attendance_move(
            programme=plan.programme, person=plan.residents[2], to_session=plan.morning
        )
    assert "4 people, more than the session size 3" in refused.value.messages[0]
    assert plan.people_in(plan.morning) == {"Nurse A", "Resident 0", "Resident 1"}


def test_moving_out_of_a_locked_session_is_refused_until_unlocked(plan):
    plan_edit.session_lock_set(session=plan.morning, locked=True)
    with pytest.raises(ValidationError, match="is locked. Unlock it first"):
        plan_edit.attendance_move(
            programme=plan.programme, person=plan.residents[0], to_session=plan.afternoon
        )
    plan_edit.session_lock_set(session=plan.morning, locked=False)
    plan_edit.attendance_move(
        programme=plan.programme, person=plan.residents[0], to_session=plan.afternoon
    )
    assert "Resident 0" in plan.people_in(plan.afternoon)


def test_a_draft_left_empty_by_a_move_is_removed(plan):
    lonely = plan.session(14, [plan.residents[3]], lead=plan.lead_two)
    Session.objects.filter(pk=lonely.pk).update(room=plan.spare_room)
    plan_edit.attendance_move(
        programme=plan.programme, person=plan.residents[3], to_session=plan.afternoon
    )
    assert not Session.objects.filter(pk=lonely.pk).exists()


def test_swapping_two_people(plan):
    plan_edit.attendance_swap(
        programme=plan.programme, person_a=plan.residents[0], person_b=plan.residents[2]
    )
    assert plan.people_in(plan.morning) == {"Nurse A", "Resident 2", "Resident 1"}
    assert plan.people_in(plan.afternoon) == {"Nurse B", "Resident 0"}


def test_a_swap_that_breaks_a_rule_is_refused(plan):
    # Nurse B now works a late shift on Monday, so cannot be in the morning session.
    Shift.objects.filter(person=plan.nurse_b, date=plan.monday).update(kind=Shift.Kind.LATE)
    with pytest.raises(ValidationError, match="Nurse B is not available then"):
        plan_edit.attendance_swap(
            programme=plan.programme, person_a=plan.nurse_a, person_b=plan.nurse_b
        )
    assert plan.people_in(plan.morning) == {"Nurse A", "Resident 0", "Resident 1"}


def test_publishing_raises_the_sequence_and_tells_the_calendars(
    plan, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ids = plan_edit.programme_publish(programme=plan.programme)
    assert sorted(ids) == sorted([plan.morning.pk, plan.afternoon.pk])
    for session in (plan.morning, plan.afternoon):
        session.refresh_from_db()
        assert session.status == Session.Status.PUBLISHED and session.sequence == 1
    plan.programme.refresh_from_db()
    assert plan.programme.status == Programme.Status.PUBLISHED
    assert heard == [("published", sorted(ids))]


def test_moving_someone_out_of_a_published_session_names_them_for_a_cancellation(
    plan, django_capture_on_commit_callbacks
):
    calls = []

    def listener(sender, session_ids, change, removed=None, **kwargs):
        calls.append((change, sorted(session_ids), removed))

    with django_capture_on_commit_callbacks(execute=True):
        plan_edit.programme_publish(programme=plan.programme)
    sessions_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            plan_edit.attendance_move(
                programme=plan.programme, person=plan.residents[1], to_session=plan.afternoon
            )
    finally:
        sessions_changed.disconnect(listener)
    assert calls == [
        (
            "published",
            sorted([plan.morning.pk, plan.afternoon.pk]),
            {plan.morning.pk: [plan.residents[1].pk]},
        )
    ]


def test_publishing_a_plan_that_breaks_a_rule_is_refused(
    plan, heard, django_capture_on_commit_callbacks
):
    Shift.objects.filter(person=plan.nurse_a, date=plan.monday).delete()  # rota changed since
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError, match="Nurse A is not available then"):
            plan_edit.programme_publish(programme=plan.programme)
    plan.morning.refresh_from_db()
    assert plan.morning.status == Session.Status.DRAFT and heard == []


def test_rescheduling_and_cancelling_a_published_session(
    plan, heard, django_capture_on_commit_callbacks
):
    plan_edit.programme_publish(programme=plan.programme)
    tuesday_ten = datetime.combine(plan.monday + timedelta(days=1), time(10), tzinfo=LONDON)
    with django_capture_on_commit_callbacks(execute=True):
        plan_edit.session_reschedule(
            session=plan.afternoon, start=tuesday_ten, room=plan.spare_room
        )
    plan.afternoon.refresh_from_db()
    assert (plan.afternoon.start, plan.afternoon.room, plan.afternoon.sequence) == (
        tuesday_ten,
        plan.spare_room,
        2,
    )
    assert heard == [("moved", [plan.afternoon.pk])]
    with django_capture_on_commit_callbacks(execute=True):
        plan_edit.session_cancel(session=plan.afternoon)
    plan.afternoon.refresh_from_db()
    assert plan.afternoon.status == Session.Status.CANCELLED and plan.afternoon.sequence == 3
    assert heard[-1] == ("cancelled", [plan.afternoon.pk])
    # Its people keep the record (for the cancellation) but are free to be booked again.
    assert set(plan.afternoon.attendances.values_list("status", flat=True)) == {"cancelled"}
    plan_edit.attendance_move(
        programme=plan.programme, person=plan.residents[2], to_session=_spare_morning(plan)
    )


def test_rescheduling_to_a_time_outside_the_programme_is_refused(plan):
    odd = datetime.combine(plan.monday, time(18), tzinfo=LONDON)
    with pytest.raises(ValidationError, match="programme's session times"):
        plan_edit.session_reschedule(session=plan.afternoon, start=odd, room=plan.room)


# The plan screen and its permissions --------------------------------------------------------------------


def test_the_plan_screen_shows_sessions_and_coverage(client, coordinator, plan):
    client.force_login(coordinator)
    html = client.get(f"/admin/training-plans/{plan.programme.pk}/").content.decode()
    assert "Birch Ward" in html and "Oak Room" in html and "Lead One" in html
    assert "5 of 6 people are in a session" in html
    assert "Resident 3" in html and "Not placed in a session yet" in html


def test_a_refused_move_shows_the_reason(client, coordinator, plan):
    client.force_login(coordinator)
    response = client.post(
        f"/admin/training-plans/{plan.programme.pk}/move/",
        {"person": plan.residents[2].pk, "session": plan.morning.pk},
        follow=True,
    )
    assert "more than the session size 3" in response.content.decode()
    assert plan.people_in(plan.morning) == {"Nurse A", "Resident 0", "Resident 1"}


def test_the_progress_endpoint_answers_json(client, coordinator, plan):
    client.force_login(coordinator)
    response = client.get(f"/admin/training-plans/{plan.programme.pk}/progress/")
    assert response.status_code == 200 and response.json()["finished"] is True


@pytest.mark.parametrize("who", ["co_trainer", "attendee", "lead_trainer"])
def test_only_coordinators_may_see_or_change_plans(client, request, who, plan):
    client.force_login(request.getfixturevalue(who))
    base = f"/admin/training-plans/{plan.programme.pk}"
    assert client.get(f"{base}/").status_code == 403
    assert client.get(f"{base}/progress/").status_code == 403
    assert client.get("/admin/programmes/").status_code == 403
    response = client.post(
        f"{base}/move/", {"person": plan.residents[3].pk, "session": plan.afternoon.pk}
    )
    assert response.status_code == 403
    assert client.post(f"{base}/publish/").status_code == 403
    assert "Resident 3" not in plan.people_in(plan.afternoon)
    plan.morning.refresh_from_db()
    assert plan.morning.status == Session.Status.DRAFT


def test_the_menu_is_shown_only_to_coordinators(client, coordinator, lead_trainer):
    client.force_login(coordinator)
    assert "Training plans" in client.get("/admin/").content.decode()
    client.force_login(lead_trainer)
    assert "Training plans" not in client.get("/admin/").content.decode()


def test_a_coordinator_can_create_a_programme(client, coordinator, plan):
    client.force_login(coordinator)
    response = client.post(
        "/admin/programmes/new/",
        {
            "name": "Spring programme",
            "module": plan.programme.module.pk,
            "units": [plan.unit.pk],
            "start_date": "2027-04-05",
            "end_date": "2027-04-23",
            "slot_times": "14:00, 10:00",
            "weekdays": ["0", "2", "4"],
            "refresher_months": "12",
            "closure_dates": "2027-04-07\n09/04/2027",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Programme.objects.get(name="Spring programme")
    assert created.slot_times == ["10:00", "14:00"] and created.weekdays == [0, 2, 4]
    assert created.refresher_months == 12
    assert sorted(created.closures.values_list("date", flat=True)) == [
        date(2027, 4, 7),
        date(2027, 4, 9),
    ]


def test_the_programme_form_offers_live_modules_only(client, coordinator, plan):
    draft = module_page("A module still being written")
    draft.live = False
    draft.save()
    client.force_login(coordinator)
    html = client.get("/admin/programmes/new/").content.decode()
    assert plan.programme.module.title in html
    assert "A module still being written" not in html


# Two coordinators at once (real row locks need PostgreSQL) ------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_of_one_person_cannot_double_book():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Row locks (select_for_update) are only real on PostgreSQL; CI runs this there."
        )
    plan = Plan()
    other = plan.session(10, [plan.residents[3]], lead=plan.lead_two)
    Session.objects.filter(pk=other.pk).update(room=plan.spare_room)
    person = plan.residents[0]  # in the morning session; move her to two sessions at once
    targets = [plan.afternoon, other]
    barrier = threading.Barrier(2)
    outcomes = []

    def move(target):
        from django.db import connections

        try:
            barrier.wait()
            plan_edit.attendance_move(programme=plan.programme, person=person, to_session=target)
            outcomes.append("moved")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("moved") == 1, outcomes
    live = Attendance.objects.filter(programme=plan.programme, person=person).exclude(
        status__in=Attendance.NOT_LIVE
    )
    assert live.count() == 1


def test_moving_the_last_resident_out_asks_first(client, coordinator, plan):
    # The afternoon session has Nurse B and one resident; moving her out leaves it staff-only.
    plan.unit.session_size = 5
    plan.unit.save()
    with pytest.raises(ValidationError, match="last resident") as refused:
        plan_edit.attendance_move(
            programme=plan.programme, person=plan.residents[2], to_session=plan.morning
        )
    assert refused.value.error_list[0].code == plan_edit.NEEDS_CONFIRMATION
    assert "Resident 2" in plan.people_in(plan.afternoon)
    client.force_login(coordinator)
    url = f"/admin/training-plans/{plan.programme.pk}/move/"
    data = {"person": plan.residents[2].pk, "session": plan.morning.pk}
    asked = client.post(url, data)
    assert asked.status_code == 200 and "staff-only" in asked.content.decode()
    assert 'name="confirmed" value="1"' in asked.content.decode()
    assert "Resident 2" in plan.people_in(plan.afternoon)
    client.post(url, {**data, "confirmed": "1"})
    assert "Resident 2" in plan.people_in(plan.morning)
    assert plan.people_in(plan.afternoon) == {"Nurse B"}
