"""The plan screen's programme-wide figures are counted by the database (`selectors.planning_counts`)
and must say exactly what the planner's own reading of the registers (`planning.due.classify_pks`)
says, for every rule: never trained, refresher due or in date, declined (and asked again), booked in
another programme, booked here, and people left out (inactive, delivering the programme)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from reflections.models import AskAgain
from scheduling.models import Attendance, Facilitator, Person, Session
from scheduling.planning.due import classify_pks, due_counts
from scheduling.planning.ids import LIVE
from scheduling.planning.problem import facilitating_person_pks
from scheduling.selectors.planning_counts import (
    programme_coverage,
    refresher_cutoff,
    unit_people,
)
from tests.factories import (
    FacilitatorFactory,
    PersonFactory,
    ResidentFactory,
    RoomFactory,
    UnitFactory,
)
from tests.scheduling.planning_factories import module_page, next_monday, programme_for

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _session(programme, unit, room, lead, day, people, status, mark=None):
    start = datetime.combine(day, time(10), tzinfo=LONDON)
    session = Session.objects.create(
        programme=programme,
        unit=unit,
        room=room,
        lead=lead,
        start=start,
        end=start + timedelta(minutes=90),
        status=status,
    )
    for person in people:
        Attendance.objects.create(session=session, person=person, status=mark or "booked")
    return session


@pytest.fixture
def provider():
    monday = next_monday()
    module = module_page()
    birch = UnitFactory(slug="birch", name="Birch Ward")
    cedar = UnitFactory(slug="cedar", name="Cedar Ward")
    room, lead = RoomFactory(), FacilitatorFactory(role=Facilitator.Role.LEAD)
    people = {
        name: ResidentFactory(units=[birch], display_name=name)
        for name in ("New", "Long ago", "Recent", "Declined", "Asked again", "Elsewhere", "Here")
    }
    people["Both units"] = PersonFactory(units=[birch, cedar], display_name="Both units")
    PersonFactory(units=[birch], display_name="Left", active=False)
    trainer = PersonFactory(units=[birch], display_name="Trains it")
    FacilitatorFactory(role=Facilitator.Role.CO, person=trainer, display_name="Trains it")
    earlier = programme_for([birch], start=monday - timedelta(days=500), days=450, module=module)
    _session(
        earlier,
        birch,
        room,
        lead,
        monday - timedelta(days=400),
        [people["Long ago"]],
        "held",
        "present",
    )
    _session(earlier, birch, room, lead, monday - timedelta(days=100), [people["Recent"], people["Here"]], "held", "present")  # fmt: skip
    said_no = _session(earlier, birch, room, lead, monday - timedelta(days=90), [people["Declined"], people["Asked again"]], "held", "declined")  # fmt: skip
    AskAgain.objects.create(attendance=said_no.attendances.get(person=people["Asked again"]))
    other = programme_for([birch], start=monday, module=module, name="Other")
    _session(
        other, birch, room, lead, monday + timedelta(days=1), [people["Elsewhere"]], "published"
    )
    programme = programme_for([birch, cedar], start=monday, module=module, name="This one")
    _session(
        programme,
        birch,
        room,
        lead,
        monday + timedelta(days=2),
        [people["Here"], people["New"]],
        "draft",
    )
    return programme, birch, people


def _by_the_planner(programme):
    """What the plan screen showed before: the planner's classification of every candidate."""
    delivering = facilitating_person_pks(programme)
    pks = list(
        Person.objects.filter(active=True, units__in=programme.units.all())
        .exclude(pk__in=delivering)
        .order_by()
        .values_list("pk", flat=True)
        .distinct()
    )
    groups = classify_pks(programme, pks)
    not_due = set(groups["in_date"] + groups["declined"] + groups["booked"])
    booked = set(
        Attendance.objects.filter(LIVE, programme=programme).values_list("person_id", flat=True)
    )
    due = {pk for pk in pks if pk not in not_due or pk in booked}
    return due_counts(groups), len(due), sum(1 for pk in due if pk not in booked), due


@pytest.mark.parametrize(
    "refresher_months, rebook_declined", [(0, False), (12, False), (12, True), (3, False)]
)
def test_the_counted_figures_are_the_planners(provider, refresher_months, rebook_declined):
    programme, birch, _people = provider
    programme.refresher_months = refresher_months
    programme.rebook_declined = rebook_declined
    programme.save()
    counts, total, unplaced, due = _by_the_planner(programme)
    coverage = programme_coverage(programme=programme)
    assert coverage.due == counts
    assert (coverage.people_total, coverage.unplaced_total) == (total, unplaced)
    shown = unit_people(programme=programme, unit=birch)
    assert {item.person.pk for item in shown} == {pk for pk in due}
    assert {item.person.display_name for item in shown if item.booked} == {"Here", "New"}


def test_each_rule_lands_in_its_group(provider):
    programme, _birch, _people = provider
    programme.refresher_months = 12
    programme.save()
    due = programme_coverage(programme=programme).due
    # New and Both units never did it; Asked again declined but was asked again; Long ago is due a
    # refresher; Recent and Here are in date; Declined said no; Elsewhere is booked in Other.
    assert (due.never, due.refresher, due.in_date, due.declined, due.booked) == (3, 1, 2, 1, 1)


def test_the_refresher_cutoff_matches_the_planners_month_arithmetic(provider):
    from scheduling.planning.due import refresher_due

    programme, _birch, _people = provider
    for months in (1, 3, 12):
        programme.refresher_months = months
        cutoff = refresher_cutoff(programme)
        last_due = (cutoff - timedelta(days=1)).date()
        assert refresher_due(last_due, programme)
        assert not refresher_due(cutoff.date(), programme)
