"""The coordinator's admin home lists the training plans in hand and today's sessions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scheduling.models import PlanRun, Programme, Session
from tests.factories import PROGRAMME_START, ProgrammeFactory, SessionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_coordinator_sees_each_programme_in_hand_with_its_next_step(
    client, coordinator, frozen_now
):
    birch, cedar = UnitFactory(name="Birch Ward"), UnitFactory(name="Cedar Ward")
    draft = ProgrammeFactory(name="Spring draft", units=[birch])
    planned = ProgrammeFactory(
        name="Spring planned", status=Programme.Status.PLANNED, units=[cedar]
    )
    published = ProgrammeFactory(name="Spring published", status=Programme.Status.PUBLISHED)
    SessionFactory(programme=published, unit=birch)
    SessionFactory(programme=published, unit=cedar, status=Session.Status.CANCELLED)
    ProgrammeFactory(name="Closed one", status=Programme.Status.CLOSED)
    ProgrammeFactory(
        name="Long finished",
        status=Programme.Status.PUBLISHED,
        start_date=PROGRAMME_START - timedelta(days=400),
        end_date=PROGRAMME_START - timedelta(days=380),
    )
    PlanRun.objects.create(programme=planned, status=PlanRun.Status.RUNNING)

    html = dashboard(client, coordinator)

    assert "Training plans" in html
    for name in ("Spring draft", "Spring planned", "Spring published"):
        assert name in html
    assert "Closed one" not in html and "Long finished" not in html
    assert reverse("planning_plan", args=[draft.pk]) in html
    assert "Make a plan" in html  # the draft
    assert "A plan is being made" in html  # the planned programme, with a run going
    assert "Next session Monday 1 March, 10:00" in html  # the published one
    assert "1 session, 0 held" in html  # the cancelled session is not counted
    assert "There are no sessions today." in html


def test_a_finished_programme_with_sessions_still_to_come_stays_and_today_is_counted(
    client, coordinator, frozen_now
):
    late = ProgrammeFactory(
        name="Ended but running late",
        status=Programme.Status.PUBLISHED,
        start_date=PROGRAMME_START - timedelta(days=30),
        end_date=PROGRAMME_START - timedelta(days=20),
    )
    SessionFactory(programme=late, start=timezone.now() + timedelta(hours=3))
    html = dashboard(client, coordinator)
    assert "Ended but running late" in html
    assert "There is 1 session today." in html


def test_only_people_who_plan_training_see_the_panel(client, lead_trainer, co_trainer, frozen_now):
    ProgrammeFactory(name="Spring draft")
    for user in (lead_trainer, co_trainer):
        html = dashboard(client, user)
        assert "Training plans" not in html and "Spring draft" not in html


def test_the_panel_costs_the_same_queries_for_many_programmes(client, coordinator, frozen_now):
    def queries() -> int:
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("wagtailadmin_home")).status_code == 200
        return len(captured)

    units = [UnitFactory() for _ in range(3)]
    programme = ProgrammeFactory(status=Programme.Status.PUBLISHED, units=units)
    SessionFactory(programme=programme, unit=units[0])
    few = queries()
    for n in range(12):
        more = ProgrammeFactory(status=Programme.Status.PUBLISHED, units=units)
        SessionFactory(programme=more, unit=units[n % 3])
    assert queries() == few
    html = dashboard(client, coordinator)
    assert "Showing the 8 soonest of 13." in html
