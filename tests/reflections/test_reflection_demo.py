"""The demo marks the first published sessions held, adds reflections, prints a card link, and is
idempotent; with no sessions it adds nothing."""

import io

import pytest
from django.contrib.auth.models import Group

from demo import reflections as demo
from reflections.models import Reflection
from scheduling.models import Session
from tests.factories import PersonFactory, ResidentFactory, UserFactory

from .conftest import make_session

pytestmark = pytest.mark.django_db


def test_demo_without_sessions_creates_nothing():
    out = io.StringIO()
    demo.load(stdout=out)
    assert not Reflection.objects.exists()
    assert "no demo registers" in out.getvalue()


def test_demo_registers_reflections_and_link_and_is_idempotent(client, module):
    UserFactory(username="coordinator").groups.add(Group.objects.get(name="Coordinators"))
    people = [PersonFactory() for _ in range(4)] + [ResidentFactory() for _ in range(4)]
    session = make_session(module=module, status=Session.Status.PUBLISHED, people=people)
    out = io.StringIO()
    demo.load(stdout=out)
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    statuses = sorted(session.attendances.values_list("status", flat=True))
    assert statuses.count("absent") == 1 and statuses.count("left_early") == 1
    count = Reflection.objects.filter(status="sent").count()
    assert count == 6  # 7 attended; the fourth has not replied yet
    url = out.getvalue().split("(opens without a password): ")[1].strip()
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/reflect/r/")
    assert client.get(path).status_code == 200
    demo.load(stdout=io.StringIO())
    assert Reflection.objects.count() == count
