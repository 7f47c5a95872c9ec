"""Demo data for the evidence reports: the `sponsor` login, and an earlier, finished programme of a second
module (a pilot on Birch and Cedar some weeks ago) with its registers, reflections and the idea it
answered, so the sponsor's pages show figures for two programmes from the first sign-in.

Every word is fictional and written for this demo. Idempotent: the sponsor and the module are looked up
first, and the pilot is built once (found by its module), so a second `load_demo` changes nothing.
"""

import hashlib
import random
import secrets
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from modules.models import ModuleIdea, ModuleIndexPage, TrainingModulePage
from reflections.models import Reflection, ReflectionLink
from reflections.selectors import module_questions
from scheduling.models import Attendance, Facilitator, Person, Programme, Room, Session, Unit
from website import roles

from .users import DEMO_PASSWORD

SPONSOR = ("sponsor", "Dana")
MODULE_SLUG = "noticing-early-signs-together"
PILOT_UNITS = ("birch", "cedar")
GROUP_SIZE = 12
WEEKS_AGO = 10


@transaction.atomic
def load(*, stdout) -> None:
    _sponsor()
    module = _module()
    if module is None:
        stdout.write("No module index, so no evidence demo was added.")
        return
    if Programme.objects.filter(module=module).exists():
        stdout.write("Evidence demo: the sponsor login and the pilot programme are already there.")
        return
    # Read back from the database, so the reflection questions carry the ids they were saved with.
    module = TrainingModulePage.objects.get(pk=module.pk)
    programme, sessions, reflections = _pilot(module)
    _ideas(module)
    stdout.write(
        f"Evidence demo: sponsor login ready; pilot programme “{programme.name}” with {sessions} "
        f"held sessions and {reflections} reflections."
    )


def _sponsor() -> None:
    username, first_name = SPONSOR
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "email": f"{username}@alongside.invalid"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=roles.SPONSORS))


def _module() -> TrainingModulePage | None:
    existing = TrainingModulePage.objects.filter(slug=MODULE_SLUG).first()
    if existing:
        return existing
    index = ModuleIndexPage.objects.first()
    if index is None:
        return None
    lead = User.objects.filter(username="lead").first()
    page = TrainingModulePage(
        title="Noticing early signs together",
        slug=MODULE_SLUG,
        summary=(
            "How a person and the team agree on the first small signs that a hard time may be "
            "coming, and what helps then. Staff and residents practise it side by side."
        ),
        owner=lead,
        live=False,
        learning_outcomes=[
            ("outcome", "Say what early signs are, in everyday words."),
            ("outcome", "Ask a person which signs they notice first, and write them their way."),
            ("outcome", "Agree what helps, and who does what, before it is needed."),
        ],
        body=[
            (
                "rich_text",
                RichText(
                    "<h2>Small signs come first</h2>"
                    "<p>Before a hard time there are usually small changes: sleeping less, "
                    "staying in one's room, a shorter temper, a favourite thing left undone. The "
                    "person often notices them before anyone else does.</p>"
                    "<p>When the person and the team agree on these signs together, everyone can act "
                    "early and kindly, in the way the person has asked for.</p>"
                ),
            ),
            (
                "talk_together",
                {
                    "question": "What is one small thing you notice about yourself on a bad day?",
                    "guidance": (
                        "Talk in mixed pairs. Nobody has to share anything personal: an everyday "
                        "example, like being tired or hungry, is fine."
                    ),
                },
            ),
        ],
        agenda=[
            ("agenda_item", {"minutes": 15, "title": "What early signs are", "led_by": "both"}),
            (
                "agenda_item",
                {"minutes": 45, "title": "Pairs: signs and what helps", "led_by": "both"},
            ),
            ("agenda_item", {"minutes": 30, "title": "Agreeing it together", "led_by": "both"}),
        ],
        reflection_questions=[
            (
                "rating",
                {
                    "question": "I felt listened to in this session.",
                    "easy_read_question": "People listened to me.",
                },
            ),
            (
                "rating",
                {
                    "question": "I know how to talk about early signs with the team.",
                    "easy_read_question": "I can tell the team about my early signs.",
                },
            ),
            (
                "free_text",
                {
                    "question": "What will you do differently after today?",
                    "easy_read_question": "What will you do now?",
                },
            ),
        ],
        anonymous_reflections=True,
    )
    index.add_child(instance=page)
    page.save_revision(user=lead, log_action=True).publish(user=lead)
    return page


def _session_days(start: date, count: int) -> list[date]:
    """Weekdays from `start`, away from the Christmas and New Year holidays."""
    days, day = [], start
    while len(days) < count:
        quiet = not ((day.month == 12 and day.day >= 24) or (day.month == 1 and day.day == 1))
        if day.weekday() < 5 and quiet:
            days.append(day)
        day += timedelta(days=1)
    return days


def _pilot(module: TrainingModulePage) -> tuple[Programme, int, int]:
    today = timezone.localdate()
    start = today - timedelta(weeks=WEEKS_AGO, days=today.weekday())
    units = list(Unit.objects.filter(slug__in=PILOT_UNITS).order_by("name"))
    programme = Programme.objects.create(
        name=f"Noticing early signs together — pilot, {start:%B %Y}",
        module=module,
        start_date=start,
        end_date=start + timedelta(days=11),
        slot_times=["10:00", "14:00"],
        weekdays=[0, 1, 2, 3, 4],
        status=Programme.Status.CLOSED,
    )
    programme.units.set(units)
    rooms = list(Room.objects.order_by("name")[:2])
    lead = (
        Facilitator.objects.filter(user__username="lead").first()
        or Facilitator.objects.filter(role=Facilitator.Role.LEAD).first()
    )
    marker = User.objects.filter(username="coordinator").first()
    rng = random.Random(1414)
    groups = _groups(units)
    days = _session_days(start, len(groups))
    reflections = 0
    for index, (unit, people) in enumerate(groups):
        at = datetime.combine(days[index], time(10, 0) if index % 2 == 0 else time(14, 0))
        session_start = timezone.make_aware(at)
        session = Session.objects.create(
            programme=programme,
            unit=unit,
            room=rooms[index % len(rooms)],
            start=session_start,
            end=session_start + timedelta(minutes=90),
            lead=lead,
            status=Session.Status.HELD,
        )
        for position, person in enumerate(people):
            status = _register_status(position, person)
            attendance = Attendance.objects.create(
                session=session,
                person=person,
                programme=programme,
                status=status,
                marked_at=session.end,
                marked_by=marker,
            )
            if status in (Attendance.Status.PRESENT, Attendance.Status.LEFT_EARLY):
                if position % 4 != 3:
                    _reflection(attendance, module, rng)
                    reflections += 1
    return programme, len(groups), reflections


def _groups(units: list[Unit]) -> list[tuple[Unit, list[Person]]]:
    """About four in five of each unit's people, in mixed groups of up to twelve; the rest are left
    to show a gap to "everyone"; someone on two units goes with the first."""
    taken: set[int] = set()
    groups = []
    for unit in units:
        people = [
            person
            for n, person in enumerate(
                Person.objects.filter(units=unit, active=True).order_by("kind", "code")
            )
            if n % 5 != 4 and person.pk not in taken
        ]
        taken.update(person.pk for person in people)
        staff = [p for p in people if p.kind == Person.Kind.STAFF]
        residents = [p for p in people if p.kind == Person.Kind.RESIDENT]
        count = max(1, -(-len(people) // GROUP_SIZE))
        for n in range(count):
            groups.append((unit, staff[n::count] + residents[n::count]))
    return groups


def _register_status(position: int, person: Person) -> str:
    if person.kind == Person.Kind.RESIDENT and position % 6 == 2:
        return Attendance.Status.DECLINED
    if position % 9 == 5:
        return Attendance.Status.EXCUSED
    if position % 10 == 7:
        return Attendance.Status.ABSENT
    if position % 11 == 3:
        return Attendance.Status.LEFT_EARLY
    return Attendance.Status.PRESENT


def _reflection(attendance: Attendance, module: TrainingModulePage, rng: random.Random) -> None:
    """A sent reflection as the reflection service leaves it: the card link says "sent", and the
    anonymous answers carry no person (the pilot's cards have long expired)."""
    session, kind = attendance.session, attendance.person.kind
    ReflectionLink.objects.create(
        attendance=attendance,
        salt=secrets.token_hex(16),
        token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
        expires_at=session.end + timedelta(days=14),
        state=ReflectionLink.State.SENT,
    )
    questions = [q["id"] for q in module_questions(module) if q["type"] == "rating"]
    scale = [3, 4, 4, 5, 5] if kind == Person.Kind.STAFF else [3, 3, 4, 4, 5]
    Reflection.objects.create(
        session=session,
        programme=session.programme,
        module=module,
        unit=session.unit,
        person_kind=kind,
        is_anonymous=True,
        answers={question_id: rng.choice(scale) for question_id in questions},
        status=Reflection.Status.SENT,
        sent_on=timezone.localtime(session.end).date(),
    )


def _ideas(module: TrainingModulePage) -> None:
    ideas = [
        (
            "Agreeing early signs with the person, not only writing them down",
            "Raised after a risk session: people wanted time to talk through their own early signs.",
            ModuleIdea.Status.DONE,
            module,
        ),
        (
            "A short refresher on early signs for night staff",
            "Raised after the pilot: night staff see different signs and would like their own session.",
            ModuleIdea.Status.NEW,
            None,
        ),
    ]
    for title, description, status, answered_by in ideas:
        ModuleIdea.objects.get_or_create(
            title=title,
            defaults={
                "description": description,
                "raised_by": "Reflections (no names)",
                "source": ModuleIdea.Source.REFLECTION,
                "status": status,
                "answered_by": answered_by,
            },
        )
