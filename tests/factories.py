"""factory_boy factories shared by the whole suite: logins, module pages (wagtail-factories), the roster,
programmes, sessions and attendance. App-specific helpers stay beside their tests.

Dates are fixed, never "today": a test that needs "now" freezes it (the `frozen_now` fixture in
tests/conftest.py), so the suite gives the same answer on any day and at any hour.
"""

from datetime import date, datetime, time, timedelta

import factory
import wagtail_factories
from django.contrib.auth.models import User
from django.utils import timezone
from wagtail.models import Page

from modules.models import ModuleIndexPage, TrainingModulePage
from scheduling.models import (
    Attendance,
    Facilitator,
    Person,
    Programme,
    Room,
    Session,
    Shift,
    Unit,
    WardRoutine,
)

# A Monday well inside a year with both clock changes, the default first day of a programme.
PROGRAMME_START = date(2027, 3, 1)


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
    date = PROGRAMME_START
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


# Module pages ---------------------------------------------------------------------------------------


def module_index() -> ModuleIndexPage:
    """The module index the modules data migration makes; made under the home page if a test removed it."""
    index = ModuleIndexPage.objects.order_by("path").first()
    if index is None:
        home = Page.objects.filter(depth=2).order_by("path").first()
        index = home.add_child(instance=ModuleIndexPage(title="Modules", slug="modules"))
    return index


class TrainingModulePageFactory(wagtail_factories.PageFactory):
    """A live training module under the module index; pass StreamField content as plain lists, e.g.
    `reflection_questions=[{"type": "rating", "value": {...}}]`. One title, one page: asking again for a
    title that exists returns that page."""

    class Meta:
        model = TrainingModulePage
        django_get_or_create = ("parent", "title")

    parent = factory.LazyFunction(module_index)
    title = factory.Sequence(lambda n: f"Training module {n}")
    summary = "A joint session about keeping each other safe."


# Programmes, sessions and attendance -------------------------------------------------------------


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme of a module over three weeks of weekdays from `PROGRAMME_START`; `units=[...]` sets
    its units."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    module = factory.SubFactory(TrainingModulePageFactory)
    start_date = PROGRAMME_START
    end_date = factory.LazyAttribute(lambda p: p.start_date + timedelta(days=18))
    slot_times = factory.LazyFunction(lambda: ["10:00", "14:00"])
    weekdays = factory.LazyFunction(lambda: [0, 1, 2, 3, 4])

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


def _local(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


class SessionFactory(factory.django.DjangoModelFactory):
    """A published 90-minute session at 10:00 on the programme's first day, for a unit the programme
    covers, with a lead trainer."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    unit = factory.SubFactory(UnitFactory)
    room = factory.SubFactory(RoomFactory)
    start = factory.LazyAttribute(lambda s: _local(s.programme.start_date, time(10, 0)))
    end = factory.LazyAttribute(lambda s: s.start + timedelta(minutes=90))
    lead = factory.SubFactory(FacilitatorFactory)
    status = Session.Status.PUBLISHED

    @factory.post_generation
    def programme_covers_unit(self, create, extracted, **kwargs):
        if create:
            self.programme.units.add(self.unit)


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A booking of a person (a member of the session's unit) into a session."""

    class Meta:
        model = Attendance
        skip_postgeneration_save = True

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    programme = factory.SelfAttribute("session.programme")
    status = Attendance.Status.BOOKED

    @factory.post_generation
    def person_in_unit(self, create, extracted, **kwargs):
        if create:
            self.person.units.add(self.session.unit)
