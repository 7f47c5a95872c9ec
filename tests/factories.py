"""factory_boy factories for the website and the roster. Other apps keep theirs beside their tests."""

from datetime import time

import factory
from django.contrib.auth.models import User

from scheduling.models import Facilitator, Person, Room, Shift, Unit, WardRoutine


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("password")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Unit {n}")
    slug = factory.Sequence(lambda n: f"unit-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P{n:04d}")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    kind = Person.Kind.STAFF
    discipline = factory.LazyAttribute(
        lambda p: Person.Discipline.NURSE if p.kind == Person.Kind.STAFF else ""
    )
    is_floor_staff = factory.LazyAttribute(
        lambda p: p.kind == Person.Kind.STAFF and p.discipline in Person.FLOOR_DISCIPLINES
    )

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class ResidentFactory(PersonFactory):
    kind = Person.Kind.RESIDENT
    discipline = ""
    is_floor_staff = False


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    person = factory.SubFactory(PersonFactory)
    date = factory.Faker("date_object")
    kind = Shift.Kind.EARLY


class WardRoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WardRoutine

    unit = factory.SubFactory(UnitFactory)
    label = "Lunch"
    start_time = time(12, 0)
    end_time = time(13, 0)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Room {n}")
    slug = factory.Sequence(lambda n: f"room-{n}")
    capacity = 15


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facilitator

    display_name = factory.Sequence(lambda n: f"Trainer {n}")
    role = Facilitator.Role.LEAD
    max_per_day = 2
