"""The demo's `sponsor` login shows figures for two programmes: the demo's own plan (the greedy plan,
so the test does not wait for the solver) and the finished pilot that `demo.evidence` adds."""

import io

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from demo import evidence, modules, plan, reflections, roster, users
from evidence.selectors.scopes import Scope
from scheduling.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.ALONGSIDE_PLAN_GREEDY = True
    for part in (users, modules, roster, plan, reflections, evidence):
        part.load(stdout=io.StringIO())


def test_sponsor_sees_two_programmes_with_figures(client, demo):
    from evidence.selectors.coverage import coverage
    from evidence.selectors.said import ratings_over_time

    sponsor = authenticate(username="sponsor", password=users.DEMO_PASSWORD)
    assert sponsor is not None
    programmes = Programme.objects.filter(status__in=["published", "closed"])
    assert programmes.count() == 2
    for programme in programmes:
        rows = {r["key"]: r for r in coverage(scope=Scope("programme", programme))["rows"]}
        attended = rows["everyone"]["cells"][4]["count"]
        assert attended and attended > 0, programme
    points = ratings_over_time(scope=Scope("provider"))["points"]
    assert len(points) == 2
    for point in points:
        assert all(group["mean"] for group in point["groups"]), point["programme"]

    client.force_login(sponsor)
    body = client.get(reverse("evidence:coverage")).content.decode()
    for programme in programmes:
        assert programme.name in body
    assert client.get(reverse("evidence:said")).status_code == 200


def test_evidence_demo_is_idempotent(demo):
    from reflections.models import Reflection

    before = (Programme.objects.count(), Reflection.objects.count())
    evidence.load(stdout=io.StringIO())
    assert (Programme.objects.count(), Reflection.objects.count()) == before
