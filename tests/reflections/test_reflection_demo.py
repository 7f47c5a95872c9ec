"""The demo pilot: held sessions with registers taken on the day, reflections from staff and residents
that show side by side in every chart, one session today, a card link to try; idempotent."""

import io

import pytest
from django.contrib.auth.models import Group

from demo import reflections as demo
from demo.plan import MODULE_SLUG
from reflections.insights import insight_figures
from reflections.models import Reflection, RegisterChange
from scheduling.models import Programme, Session
from tests.factories import (
    FacilitatorFactory,
    PersonFactory,
    ResidentFactory,
    RoomFactory,
    UnitFactory,
    UserFactory,
)

from .conftest import make_module

pytestmark = pytest.mark.django_db


def test_demo_without_its_roster_creates_nothing():
    out = io.StringIO()
    demo.load(stdout=out)
    assert not Reflection.objects.exists() and not Session.objects.exists()
    assert "no pilot sessions were added" in out.getvalue()


@pytest.fixture
def demo_roster(db):
    make_module(title="Working together on risk", slug=MODULE_SLUG)
    for slug in ("birch", "cedar", "hazel", "rowan"):
        unit = UnitFactory(slug=slug, name=f"{slug.title()} Ward")
        for _ in range(6):
            PersonFactory().units.add(unit)
            ResidentFactory().units.add(unit)
    lead = UserFactory(username="lead")
    lead.groups.add(Group.objects.get(name="Lead trainers"))
    FacilitatorFactory(user=lead, display_name="Morgan T.")
    RoomFactory()


def test_demo_pilot_shows_staff_and_residents_side_by_side_and_is_idempotent(client, demo_roster):
    out = io.StringIO()
    demo.load(stdout=out)
    pilot = Programme.objects.get(name=demo.PILOT_NAME)
    held = pilot.sessions.filter(status=Session.Status.HELD)
    assert held.count() == 3
    assert pilot.sessions.filter(status=Session.Status.PUBLISHED).count() == 1  # today's
    statuses = set(
        held.values_list("attendances__status", flat=True)
    )  # every register status is in use
    assert {"present", "left_early", "absent", "declined", "excused"} <= statuses
    # Registers were taken on the day, inside their window, not as corrections.
    assert RegisterChange.objects.exists()
    assert not RegisterChange.objects.filter(is_correction=True).exists()

    figures = insight_figures(sessions=held)
    for module_figures in figures["modules"]:
        counts = {group["kind"]: group["n"] for group in module_figures["n_by_kind"]}
        assert counts["staff"] >= 3 and counts["resident"] >= 3
        for question in module_figures["questions"]:
            if "groups" in question:
                assert not any(group["hidden"] for group in question["groups"]), question["id"]
    # Each held session on its own shows both groups too.
    for session in held:
        one = insight_figures(sessions=Session.objects.filter(pk=session.pk))
        kinds = {g["kind"]: g["n"] for g in one["modules"][0]["n_by_kind"]}
        assert kinds["staff"] >= 3 and kinds["resident"] >= 3, session

    url = out.getvalue().split("(opens without a password): ")[1].strip()
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/reflect/r/")
    assert client.get(path).status_code == 200
    count = Reflection.objects.count()
    demo.load(stdout=io.StringIO())
    assert Reflection.objects.count() == count
    assert Programme.objects.filter(name=demo.PILOT_NAME).count() == 1
