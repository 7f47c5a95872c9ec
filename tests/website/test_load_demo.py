"""`load_demo` builds the whole fictional provider, and running it twice duplicates nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from scheduling.models import Facilitator, Person, Room, Unit

pytestmark = pytest.mark.django_db(transaction=True)


def _row_counts() -> dict[str, int]:
    counted = ("website", "modules", "scheduling", "reflections", "auth", "wagtailcore")
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in counted
        and model._meta.label not in {"wagtailcore.ModelLogEntry", "wagtailcore.PageLogEntry"}
    }


def test_load_demo_builds_the_provider_and_is_idempotent(frozen_now, greedy_plan):
    """The demo's programme is planned by the greedy planner here: what is tested is the data the
    command builds and that a second run adds nothing, not the solver (which CI runs on the real demo)."""
    call_command("load_demo", stdout=io.StringIO())
    first = _row_counts()

    assert Unit.objects.count() == 4
    for unit in Unit.objects.all():
        residents = unit.people.filter(kind=Person.Kind.RESIDENT).count()
        staff = unit.people.filter(kind=Person.Kind.STAFF).count()
        assert 10 <= residents <= 17, unit
        assert 25 <= staff <= 45, unit
        disciplines = set(unit.people.values_list("discipline", flat=True))
        assert {"nurse", "support_worker", "psychiatrist", "psychologist"} <= disciplines
    assert Room.objects.count() == 2
    assert Facilitator.objects.filter(role="lead").count() == 3
    co_trainers = Facilitator.objects.filter(role="co")
    assert co_trainers.count() == 4
    assert co_trainers.filter(person__kind=Person.Kind.RESIDENT).count() == 2

    call_command("load_demo", stdout=io.StringIO())
    second = _row_counts()
    changed = {
        label: (first[label], second[label]) for label in first if first[label] != second[label]
    }
    assert not changed, f"load_demo changed row counts on a second run: {changed}"
