"""Demo data for delivery and reflections: a pilot of the starter module that already ran, and one today.

The planned programme lies ahead (demo.plan), so nothing in it can have been held. This part adds a small
pilot programme of the same module on three wards: one session each on the last three weekdays,
their registers taken on the day (present, left early, absent, declined, excused), and fictional
reflections from about three quarters of those who came, staff and residents alike, so every insights
chart shows the two groups side by side. A fourth pilot session is today at 16:00, published, with its
register still to take, so the lead trainer's "today" page has something live.

Idempotent: the pilot programme is found by its name; once it exists nothing is added.
"""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from modules.models import TrainingModulePage
from reflections import services
from reflections.models import ReflectionLink
from reflections.selectors import module_questions
from scheduling.models import Attendance, Facilitator, Person, Programme, Room, Session, Unit
from scheduling.services.attendance import attendance_mark

from .plan import MODULE_SLUG

PILOT_NAME = "Working together on risk — ward pilot"
PILOT_UNITS = ("birch", "cedar", "hazel")  # one held session each, on the last three weekdays
TODAY_UNIT = "rowan"
PEOPLE_PER_KIND = 6
FREE_TEXT = [
    "Ask the person what their warning signs are before writing them down.",
    "Read the plan out together at the end.",
    "I will say when I do not understand a word.",
    "Write the plan in the person's own words.",
    "Check the plan again after a week.",
]
RAISED = [
    "Could we have a session about going on leave for the first time?",
    "It would help to practise what to say when you feel ignored.",
]
# Register marks by position in the booking list: most came, a few did not, one declined.
MARKS = {
    2: Attendance.Status.ABSENT,
    5: Attendance.Status.LEFT_EARLY,
    7: Attendance.Status.DECLINED,
    9: Attendance.Status.EXCUSED,
}


def _past_weekdays(count: int) -> list:
    days, day = [], timezone.localdate()
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def _answers(questions: list[dict], kind: str, rng: random.Random) -> dict:
    answers = {}
    for question in questions:
        if question["type"] == "rating":
            # Fictional figures with a visible gap: residents a little less sure than staff.
            answers[question["id"]] = rng.choice(
                [3, 4, 4, 5, 5] if kind == "staff" else [2, 3, 3, 4, 5]
            )
        elif question["type"] == "single_choice" and question["choices"]:
            answers[question["id"]] = rng.choice(question["choices"])
        elif question["type"] == "free_text" and rng.random() < 0.6:
            answers[question["id"]] = rng.choice(FREE_TEXT)
        elif question["type"] == "raise_concern" and rng.random() < 0.25:
            answers[question["id"]] = {"text": rng.choice(RAISED), "consent": rng.random() < 0.7}
    return answers


def _session(programme, unit, start, lead, co_trainer, room) -> Session:
    session = Session.objects.create(
        programme=programme,
        unit=unit,
        room=room,
        start=start,
        end=start + timedelta(minutes=90),
        lead=lead,
        co_trainer=co_trainer,
        status=Session.Status.PUBLISHED,
    )
    people = []
    for kind in (Person.Kind.STAFF, Person.Kind.RESIDENT):
        people += list(
            unit.people.filter(kind=kind, active=True, facilitator__isnull=True)
            .exclude(attendances__programme=programme)
            .order_by("code")[:PEOPLE_PER_KIND]
        )
    for person in sorted(people, key=lambda p: p.code):
        Attendance.objects.create(session=session, person=person, programme=programme)
    return session


def _register_and_reflect(session: Session, marker, rng: random.Random) -> tuple[int, str]:
    """The register as taken on the day (the session's own time), then the cards people sent."""
    on_the_day = session.start + timedelta(minutes=5)
    for index, attendance in enumerate(session.attendances.order_by("person__code")):
        status = MARKS.get(index, Attendance.Status.PRESENT)
        attendance_mark(attendance=attendance, status=status, user=marker, now=on_the_day)
    questions = module_questions(session.programme.module.specific)
    written, waiting = 0, ""
    attended = session.attendances.filter(
        status__in=[Attendance.Status.PRESENT, Attendance.Status.LEFT_EARLY]
    ).select_related("person", "session")
    for index, attendance in enumerate(attended.order_by("person__code")):
        link, token = services.reflection_link_ensure(attendance=attendance)
        if index % 4 == 3 or link.state != ReflectionLink.State.NOT_STARTED:
            # Every fourth person has not replied yet: one of their cards is printed by load_demo.
            waiting = waiting or services.link_url(token)
            continue
        answers = _answers(questions, attendance.person.kind, rng)
        if answers:
            services.reflection_save(link=link, answers=answers, send=True)
            written += 1
    return written, waiting


def hold(sessions, *, rng: random.Random) -> tuple[int, str | None]:
    """Take the register of each session (on its day, by its lead's login or the coordinator's) and
    write reflections for three in four of those who came. Returns how many were written and one card
    link still waiting for a reply. `demo.scale` calls this for the larger provider's sessions; only
    sessions that have started can be held (a register is never taken in advance)."""
    coordinator = User.objects.filter(username="coordinator").first()
    written, card_url = 0, None
    for session in sessions:
        if session.start > timezone.now():
            continue
        marker = (session.lead.user if session.lead and session.lead.user else None) or coordinator
        if marker is None:
            continue
        sent, waiting = _register_and_reflect(session, marker, rng)
        written, card_url = written + sent, card_url or waiting or None
    return written, card_url


@transaction.atomic
def load(*, stdout) -> None:
    module = TrainingModulePage.objects.filter(slug=MODULE_SLUG).first()
    units = {unit.slug: unit for unit in Unit.objects.filter(slug__in=[*PILOT_UNITS, TODAY_UNIT])}
    lead = Facilitator.objects.filter(user__username="lead").first()
    room = Room.objects.order_by("slug").first()
    if module is None or len(units) < len(PILOT_UNITS) + 1 or lead is None or room is None:
        stdout.write("The demo roster or module is missing, so no pilot sessions were added.")
        return
    if Programme.objects.filter(name=PILOT_NAME).exists():
        stdout.write(f"Demo pilot “{PILOT_NAME}” is already there.")
        return
    days = _past_weekdays(len(PILOT_UNITS))
    today = timezone.localdate()
    programme = Programme.objects.create(
        name=PILOT_NAME,
        module=module,
        start_date=days[0],
        end_date=today,
        slot_times=["10:00", "16:00"],
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        status=Programme.Status.PUBLISHED,
    )
    programme.units.set(units.values())
    co_trainer = Facilitator.objects.filter(person__code="BIR-C01").first()
    marker = lead.user or User.objects.filter(username="coordinator").first()
    rng = random.Random(606)
    tz = timezone.get_current_timezone()
    written, card_url = 0, ""
    for day, slug in zip(days, PILOT_UNITS, strict=True):
        start = datetime.combine(day, time(10, 0), tzinfo=tz)
        # Jordan, a resident co-trainer, co-delivers on their own ward.
        co = co_trainer if slug == "birch" else None
        session = _session(programme, units[slug], start, lead, co, room)
        sent, waiting = _register_and_reflect(session, marker, rng)
        written, card_url = written + sent, card_url or waiting
    today_start = datetime.combine(today, time(16, 0), tzinfo=tz)
    _session(programme, units[TODAY_UNIT], today_start, lead, None, room)
    stdout.write(
        f"Demo pilot “{PILOT_NAME}”: {len(days)} sessions held with registers and {written} "
        f"reflections; one more today at 16:00 (see /reflect/today/)."
    )
    if card_url:
        stdout.write(
            f"Demo reflection card not yet answered (opens without a password): {card_url}"
        )
