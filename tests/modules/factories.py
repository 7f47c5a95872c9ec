"""Factories for module tests: a held session with a co-trainer, and involvement records."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth.models import Group

from modules.models import ModuleInvolvement
from scheduling.models import Facilitator, Programme, Session
from tests.factories import (
    FacilitatorFactory,
    ResidentFactory,
    RoomFactory,
    UnitFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModuleInvolvement

    person_name = factory.Sequence(lambda n: f"Co-trainer {n}")
    date = date(2026, 11, 2)
    activity = ModuleInvolvement.Activity.WRITING
    hours = Decimal("1.50")


def held_session(*, module, co_trainer_user=None, minutes=90, status="held") -> Session:
    """A session of `module` on Birch ward with a lead and a co-trainer, in the given status."""
    unit = UnitFactory(name="Birch Ward", slug="birch")
    room = RoomFactory(name="Oak Room", slug="oak-room")
    programme = Programme.objects.create(
        name=f"Programme {Programme.objects.count() + 1}",
        module=module,
        start_date=date(2026, 11, 1),
        end_date=date(2026, 12, 20),
        slot_times=["10:00"],
        weekdays=[0, 1, 2, 3, 4],
        status=Programme.Status.PUBLISHED,
    )
    programme.units.set([unit])
    start = datetime(2026, 11, 3, 10, 0, tzinfo=LONDON)
    return Session.objects.create(
        programme=programme,
        unit=unit,
        room=room,
        start=start,
        end=start + timedelta(minutes=minutes),
        lead=FacilitatorFactory(display_name="Morgan Lead"),
        co_trainer=_co_trainer(co_trainer_user),
        status=status,
    )


def _co_trainer(user) -> Facilitator:
    if user is None:
        return FacilitatorFactory(display_name="Jordan F.", role=Facilitator.Role.CO)
    facilitator, _ = Facilitator.objects.get_or_create(
        user=user, defaults={"display_name": "Jordan F.", "role": Facilitator.Role.CO}
    )
    return facilitator


def resident_co_trainer(username: str):
    """A co-trainer with lived experience: a Co-trainers login linked to a resident on the roster."""
    user = UserFactory(username=username, first_name=username.title())
    user.groups.add(Group.objects.get(name="Co-trainers"))
    ResidentFactory(user=user)
    return user
