"""The plan screen says what sets each unit's number of sessions and what would change it, in plain
words: full groups, people whose shifts keep them apart in time (named), or the floor staff released at
once (with the release that would allow fewer, larger groups)."""

from datetime import timedelta

import pytest

from scheduling.models import Shift
from scheduling.planning.messages import limit_text
from scheduling.selectors.planning import _sessions_with_counts, unit_stats
from scheduling.services import plan_runs
from tests.scheduling.planning_factories import programme_for, small_roster, staff_with_shifts

LIMIT = {
    "allowance": 3,
    "cover_allowance": 3,
    "floor_staff": 20,
    "people": 30,
    "session_size": 15,
    "bounds": {"size": 2, "floor_staff": 7, "shifts": 1},
    "apart_in_time": ["p1"],
    "frontier": [[2, 10], [3, 7], [6, 4], [12, 3]],
}


def test_full_groups_say_so():
    text = limit_text("Birch Ward", LIMIT, sessions=2, people=30)
    assert text == "Groups are as large as they can be: 30 people in 2 sessions of up to 15."


def test_the_release_that_would_allow_larger_groups_is_named():
    text = limit_text("Birch Ward", LIMIT, sessions=7, people=30)
    assert text == (
        "Birch Ward can release 3 floor staff at once. With 6, groups would average about 7.5."
    )
    covered = {**LIMIT, "cover_allowance": 8}
    text = limit_text("Birch Ward", covered, sessions=7, people=30)
    assert text == (
        "Birch Ward can release 3 floor staff at once (8 on cover days). "
        "With 12, groups would average about 10.0."
    )


def test_when_the_allowance_binds_on_every_day_cover_is_suggested():
    limit = {**LIMIT, "frontier": [[2, 10], [12, 7]]}
    text = limit_text("Birch Ward", limit, sessions=7, people=30)
    assert text == (
        "Birch Ward can release 3 floor staff at once. "
        "Cover on more training days would allow fewer sessions."
    )


def test_shifts_name_the_people_they_keep_apart():
    limit = {**LIMIT, "apart_in_time": ["p1", "p2", "p3", "p4", "p5"]}
    names = {f"p{i}": f"Person {i}" for i in range(1, 6)}
    text = limit_text("Birch Ward", limit, sessions=5, people=30, names=names)
    assert text.startswith(
        "Shifts set it: 5 people (Person 1, Person 2, Person 3, Person 4 and 1 more) can each come"
    )
    assert "Rostering them onto the same training day" in text


def test_when_no_release_helps_the_shifts_are_named():
    limit = {**LIMIT, "frontier": [[2, 10], [12, 7]], "bounds": {"floor_staff": 2}}
    text = limit_text("Birch Ward", limit, sessions=6, people=30)
    assert text.startswith("Shifts set it: too few of Birch Ward's staff are on duty")


@pytest.mark.django_db
def test_the_plan_screen_names_night_staff_whose_office_days_differ(greedy_plan):
    """Three night workers each come in by day on a different day: at least three sessions, whatever
    the ward releases, and the screen says who and why."""
    unit, _people, _rooms, _leads = small_roster(staff=3, residents=4, max_staff_away=6)
    programme = programme_for([unit], slot_times=("10:00",))
    nights = [
        staff_with_shifts(
            unit, [programme.start_date + timedelta(days=i)], kind=Shift.Kind.DAY, display_name=name
        )
        for i, name in enumerate(["Ada N.", "Bram N.", "Cleo N."])
    ]
    run = plan_runs.plan_run_create(programme=programme, user=None)
    run = plan_runs.plan_run_execute(run_id=run.pk, time_limit=5)
    assert run.result["limits"][unit.slug]["bounds"]["shifts"] == len(nights)
    sessions = list(_sessions_with_counts(programme))
    assert len(sessions) >= 3
    (stats,) = unit_stats(programme=programme, sessions=sessions, result=run.result)
    assert stats.limit.startswith("Shifts set it: 3 people (")
    assert all(name in stats.limit for name in ("Ada N.", "Bram N.", "Cleo N."))


def test_the_release_panel_never_promises_groups_larger_than_a_session():
    """A unit's bound counts only its own people; people it shares with another unit still need a
    place, so the average shown is never above the session size."""
    from scheduling.planning.problem import BuiltProblem
    from scheduling.planning.release import release_frontier

    slot = "2027-01-11T10:00"
    people = [
        {"id": f"p{i}", "units": ["birch"], "kind": "resident", "available": [slot]}
        for i in range(14)
    ] + [
        {"id": f"m{i}", "units": ["birch", "cedar"], "kind": "staff", "available": [slot]}
        for i in range(2)
    ]
    data = {
        "version": 2,
        "session_size": 15,
        "slots": [{"id": slot, "start": "2027-01-11T10:00:00+00:00"}],
        "rooms": [{"id": "oak", "capacity": 15, "available": [slot]}],
        "units": [{"id": "birch", "max_staff_away": 4}, {"id": "cedar", "max_staff_away": 4}],
        "people": people,
        "facilitators": [{"id": "f1", "role": "lead", "available": [slot]}],
    }
    built = BuiltProblem(data=data, units={"birch": None, "cedar": None})
    rows = release_frontier(built, allowances=[4])["rows"]
    assert rows[0]["units"]["birch"]["average_group"] == 8.0
