"""The fictional demo provider: four locked rehabilitation units with their people and rotas.

Everything is generated from a fixed seed, so running it twice gives the same people; shift dates start
the Monday after today, so the demo always has a month ahead to plan.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from scheduling.models import (
    Facilitator,
    Person,
    Room,
    Shift,
    Unavailability,
    Unit,
    WardRoutine,
)
from scheduling.services.roster import person_upsert, shifts_apply_pattern

FIRST_NAMES = (
    "Aaliyah Abdul Ada Adeel Aled Alfie Amara Amira Anika Arlo Asha Aurelia Bea Bram Bryony Caelan "
    "Cai Callum Carys Cerys Chidi Ciaran Cleo Dafydd Dalia Darcy Deniz Dev Dilys Ebony Efe Elif Elin "
    "Emeka Enzo Esme Ewan Ezra Fabian Faye Femi Ffion Finlay Florin Freya Gethin Greta Hamza Hana Harley "
    "Hattie Idris Ifeoma Ilona Imogen Iolo Isla Ivo Jada Jago Jamal Jun Kacper Kai Kamala Keir Kemi "
    "Kezia Kit Laila Lars Leah Leon Lowri Lucan Maeve Mali Marek Marnie Mateo Meera Mica Milo Mina "
    "Nadia Nell Niamh Nico Noor Odette Olu Oren Ottilie Pavel Pippa Rafi Rhian Rhys Rohan Rosa Rowena "
    "Ruairi Saoirse Selin Seren Shay Sian Solomon Suki Tadgh Tamsin Teo Thandi Tobias Tomos Una Vero "
    "Wren Yara Yusuf Zainab Zeke Zofia"
).split()
INITIALS = "ABCDEFGHJKLMNOPRSTVWY"


@dataclass(frozen=True)
class DemoUnit:
    slug: str
    name: str
    residents: int
    nurses: int
    support_workers: int


UNITS = (
    DemoUnit("birch", "Birch Ward", residents=12, nurses=8, support_workers=17),
    DemoUnit("cedar", "Cedar Ward", residents=16, nurses=10, support_workers=22),
    DemoUnit("hazel", "Hazel Ward", residents=10, nurses=7, support_workers=15),
    DemoUnit("rowan", "Rowan Ward", residents=14, nurses=9, support_workers=20),
)
# Multidisciplinary team members; those listed with two units cover both.
MDT = (
    ("psychiatrist", ("birch", "cedar")),
    ("psychiatrist", ("hazel", "rowan")),
    ("psychologist", ("birch", "hazel")),
    ("psychologist", ("cedar", "rowan")),
    ("occupational_therapist", ("birch",)),
    ("occupational_therapist", ("cedar",)),
    ("occupational_therapist", ("hazel", "rowan")),
    ("social_worker", ("birch", "cedar")),
    ("social_worker", ("hazel", "rowan")),
    ("ward_manager", ("birch",)),
    ("ward_manager", ("cedar",)),
    ("ward_manager", ("hazel",)),
    ("ward_manager", ("rowan",)),
    ("other", ("birch", "cedar", "hazel", "rowan")),  # activities coordinator
)
# Two-week floor rotas (E early, L late, D long day, N night, W office day, O off), each person
# starting at an offset.
FLOOR_PATTERNS = ("EELLOOODDOOELL", "LLEEOODDOOOEEL", "DDOOOEELLOODDO", "ELOOEDDOOLLEOO")
# Night staff work three or four nights a week and come in every Wednesday, the wards' team day (team
# meeting, supervision, training), so they can attend training by day. One-week patterns starting on a
# Monday; never a night just before the Wednesday. (Scattering their office days over the fortnight, as
# the first demo did, forced a separate small session for each night worker: 19-22 sessions of about 7
# people where 11 of about 12 were possible.)
NIGHT_PATTERNS = ("OOWNNNO", "NOWOONN", "NOWNOON")
ROUTINES = (
    ("Medication round", None, time(8, 0), time(9, 0)),
    ("Lunch", None, time(12, 0), time(13, 0)),
    ("Handover", None, time(13, 0), time(13, 30)),
    ("Medication round", None, time(17, 0), time(18, 0)),
)
PROTECTED_TIME = {  # unit: (label, weekday, start, end)
    "hazel": ("Community meeting", 2, time(10, 0), time(11, 30)),
    "rowan": ("Ward activity afternoon", 4, time(14, 0), time(16, 30)),
}


def demo_start_date(today: date | None = None) -> date:
    """The Monday after today: plans and rotas in the demo always lie ahead."""
    today = today or timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


@dataclass(frozen=True)
class Group:
    """One set of the demo's four wards with their people, rooms and trainers. Group 1 is the demo
    itself; `demo.scale` loads groups 2, 3, ... to make a larger provider of exactly the same shape,
    each with its own wards, rooms, multidisciplinary team and trainers (the logins stay in group 1)."""

    number: int = 1

    def slug(self, slug: str) -> str:
        return slug if self.number == 1 else f"{slug}-{self.number}"

    def name(self, name: str) -> str:
        return name if self.number == 1 else f"{name} {self.number}"

    def code(self, code: str) -> str:
        return code if self.number == 1 else f"G{self.number}-{code}"


class _Names:
    """Hands out distinct fictional display names ("Amira K.") from a seeded generator."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            name = f"{self.random.choice(FIRST_NAMES)} {self.random.choice(INITIALS)}."
            if name not in self.used:
                self.used.add(name)
                return name


@transaction.atomic
def load(*, stdout, group: Group = Group()) -> None:
    rng = random.Random(2014 + group.number - 1)
    names = _Names(seed=1204 + group.number - 1)
    start = demo_start_date()
    # Rotas from three weeks back (the current programme began before today) to eight weeks ahead (the
    # later programme the coordinator plans).
    rota_start = start - timedelta(days=21)
    end = start + timedelta(days=55)

    units = {}
    for spec in UNITS:
        # MDT members attend with each ward they cover, so every ward's residents meet them.
        unit, _ = Unit.objects.update_or_create(
            slug=group.slug(spec.slug),
            defaults={"name": group.name(spec.name), "mdt_each_unit": True},
        )
        units[spec.slug] = unit
        for label, weekday, begin, finish in ROUTINES + (
            (PROTECTED_TIME[spec.slug],) if spec.slug in PROTECTED_TIME else ()
        ):
            WardRoutine.objects.get_or_create(
                unit=unit, label=label, weekday=weekday, start_time=begin, end_time=finish
            )

    for slug, name, where in (
        ("oak-room", "Oak Room", "Education centre, ground floor"),
        ("willow-room", "Willow Room", "Education centre, first floor"),
    ):
        Room.objects.update_or_create(
            slug=group.slug(slug),
            defaults={"name": group.name(name), "capacity": 15, "location": where},
        )

    people_count = 0
    for spec in UNITS:
        unit = units[spec.slug]
        for i in range(spec.residents):
            needs = []
            if i % 4 == 0:
                needs.append(Person.CommunicationNeed.EASY_READ)
            if i % 7 == 3:
                needs.append(Person.CommunicationNeed.LARGE_PRINT)
            if i % 9 == 5:
                needs.append(Person.CommunicationNeed.READ_ALOUD)
            resident, _ = person_upsert(
                code=group.code(f"{spec.slug[:3].upper()}-R{i + 1:02d}"),
                display_name=names.next(),
                kind=Person.Kind.RESIDENT,
                units=[unit],
                communication_needs=needs,
            )
            people_count += 1
            if i % 5 == 1:  # an appointment or a period of leave in the demo month
                day = start + timedelta(days=rng.randrange(0, 19))
                begin = timezone.make_aware(datetime.combine(day, time(9, 30)))
                Unavailability.objects.get_or_create(
                    person=resident,
                    start=begin,
                    defaults={
                        "end": begin + timedelta(hours=6 if i % 2 else 52),
                        "reason": Unavailability.Reason.APPOINTMENT
                        if i % 2
                        else Unavailability.Reason.LEAVE,
                    },
                )
        floor_staff = []
        for discipline, count, prefix in (
            (Person.Discipline.NURSE, spec.nurses, "N"),
            (Person.Discipline.SUPPORT_WORKER, spec.support_workers, "S"),
        ):
            for i in range(count):
                code = group.code(f"{spec.slug[:3].upper()}-{prefix}{i + 1:02d}")
                email = f"{code.lower()}@staff.alongside.invalid"
                person, _ = person_upsert(
                    code=code,
                    display_name=names.next(),
                    kind=Person.Kind.STAFF,
                    discipline=discipline,
                    units=[unit],
                    email=email,
                )
                floor_staff.append(person)
                people_count += 1
        for index, person in enumerate(floor_staff):
            if index % 6 == 5:  # a night worker: the rota starts on a Monday, so no offset
                pattern, offset = NIGHT_PATTERNS[index // 6 % len(NIGHT_PATTERNS)], 0
            else:
                pattern, offset = FLOOR_PATTERNS[index % 4], index % 7
            shifts_apply_pattern(
                people=[person], start=rota_start, end=end, pattern=pattern, offset=offset
            )
        on_leave = floor_staff[3]
        shifts_apply_pattern(
            people=[on_leave],
            start=start + timedelta(days=7),
            end=start + timedelta(days=11),
            pattern="A",
        )

    for index, (discipline, unit_slugs) in enumerate(MDT):
        person, _ = person_upsert(
            code=group.code(f"MDT-{index + 1:02d}"),
            display_name=names.next(),
            kind=Person.Kind.STAFF,
            discipline=discipline,
            units=[units[slug] for slug in unit_slugs],
            email=f"{group.code(f'mdt-{index + 1:02d}').lower()}@staff.alongside.invalid",
        )
        people_count += 1
        # Monday to Friday in the office; weekends off.
        shifts_apply_pattern(people=[person], start=rota_start, end=end, pattern="WWWWWOO")

    _load_facilitators(units=units, group=group)
    if group.number == 1:
        _link_demo_logins(units=units)
    stdout.write(
        f"Demo roster ready: {len(units)} units, {people_count} people, "
        f"{Shift.objects.filter(date__gte=rota_start).count()} shifts from {rota_start:%d %b %Y}."
    )


def _load_facilitators(*, units, group: Group) -> None:
    logins = ["lead", "cotrainer", "resident-cotrainer"] if group.number == 1 else []
    users = {user.username: user for user in User.objects.filter(username__in=logins)}
    # The demo lead login (Morgan) works every weekday; the other two only on some days, so Morgan
    # is sure to lead sessions and the "today" page has something to show.
    leads = (
        ("Morgan T.", "lead", [0, 1, 2, 3, 4]),
        ("Dana W.", None, [0, 1, 2]),
        ("Eli R.", None, [3]),
    )
    for name, username, weekdays in leads:
        Facilitator.objects.update_or_create(
            display_name=group.name(name),
            role=Facilitator.Role.LEAD,
            defaults={
                "user": users.get(username) if username else None,
                "email": f"{group.code(name.split()[0]).lower()}@trainers.alongside.invalid",
                "max_per_day": 2,
                "available_weekdays": weekdays,
            },
        )
    # Staff co-trainers serve every unit; resident co-trainers co-deliver on their own ward.
    sam, _ = Facilitator.objects.update_or_create(
        display_name=group.name("Sam O."),
        role=Facilitator.Role.CO,
        defaults={
            "user": users.get("cotrainer"),
            "email": f"{group.code('sam').lower()}@trainers.alongside.invalid",
            "max_per_day": 2,
        },
    )
    Facilitator.objects.update_or_create(
        display_name=group.name("Ayo B."),
        role=Facilitator.Role.CO,
        defaults={
            "email": f"{group.code('ayo').lower()}@trainers.alongside.invalid",
            "max_per_day": 2,
        },
    )
    for code, name, username, unit_slug in (
        ("BIR-C01", "Jordan F.", "resident-cotrainer", "birch"),
        ("CED-C01", "Riley M.", None, "cedar"),
    ):
        resident, _ = person_upsert(
            code=group.code(code),
            display_name=name,
            kind=Person.Kind.RESIDENT,
            units=[units[unit_slug]],
        )
        if username and users.get(username):
            Person.objects.filter(user=users[username]).exclude(pk=resident.pk).update(user=None)
            resident.user = users[username]
            resident.save(update_fields=["user"])
        facilitator, _ = Facilitator.objects.update_or_create(
            display_name=group.name(name),
            role=Facilitator.Role.CO,
            defaults={
                "person": resident,
                "user": users.get(username) if username else None,
                "max_per_day": 1,
            },
        )
        facilitator.units.set([units[unit_slug]])


def _link_demo_logins(*, units) -> None:
    """The demo attendee is a support worker on Birch Ward with a work e-mail."""
    user = User.objects.filter(username="attendee").first()
    if user is None:
        return
    person = Person.objects.filter(code="BIR-S01").first()
    if person and person.user_id != user.pk:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.email = "attendee@alongside.invalid"
        person.save(update_fields=["user", "email"])
    if person:
        user.first_name = person.first_name
        user.save(update_fields=["first_name"])
