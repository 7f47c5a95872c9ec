"""The demo's `sponsor` login shows figures for two programmes or more: the demo's plan (the greedy plan,
so the test does not wait for the solver) and its ward pilot, and the finished pilot of a second module
that `demo.evidence` adds."""

import io

import pytest
from django.contrib.auth import authenticate
from django.test.utils import override_settings
from django.urls import reverse

from demo import evidence, modules, plan, reflections, roster, users
from evidence.selectors.scopes import Scope
from scheduling.models import Programme
from tests.conftest import built_once_for_the_module

pytestmark = pytest.mark.django_db


def _load():
    with override_settings(ALONGSIDE_PLAN_GREEDY=True):
        for part in (users, modules, roster, plan, reflections, evidence):
            part.load(stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for this file's tests; each test's own writes are rolled back after it."""
    yield from built_once_for_the_module(django_db_blocker, _load)


def test_sponsor_sees_two_programmes_with_figures(client, demo):
    from evidence.selectors.coverage import coverage
    from evidence.selectors.said import ratings_over_time

    sponsor = authenticate(username="sponsor", password=users.DEMO_PASSWORD)
    assert sponsor is not None
    programmes = Programme.objects.filter(status__in=["published", "closed"])
    with_attendance = []
    for programme in programmes:
        rows = {r["key"]: r for r in coverage(scope=Scope("programme", programme))["rows"]}
        assert rows["everyone"]["cells"][1]["count"], programme  # everyone due was offered
        if rows["everyone"]["cells"][4]["count"]:
            with_attendance.append(programme)
    assert len(with_attendance) >= 2
    points = ratings_over_time(scope=Scope("provider"))["points"]
    rated = [p for p in points if all(group["mean"] for group in p["groups"])]
    assert len(rated) >= 2, points

    client.force_login(sponsor)
    body = client.get(reverse("evidence:coverage")).content.decode()
    for programme in with_attendance:
        assert programme.name in body
    assert client.get(reverse("evidence:said")).status_code == 200


def test_evidence_demo_is_idempotent(demo):
    from reflections.models import Reflection

    before = (Programme.objects.count(), Reflection.objects.count())
    evidence.load(stdout=io.StringIO())
    assert (Programme.objects.count(), Reflection.objects.count()) == before
