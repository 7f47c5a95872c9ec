"""Demo data for reflections: the first published demo sessions are marked held with a register, and a
handful of fictional reflections (staff and residents) give the insights page something to show.

Runs after scheduling's demo. Idempotent: sessions already held are left as they are, and reflections
are only written for attendees who have none. With no published sessions it creates nothing.
"""

import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from reflections import services
from reflections.models import ReflectionLink
from reflections.selectors import module_questions
from scheduling.models import Attendance, Session
from scheduling.services.attendance import attendance_mark

DEMO_SESSIONS = 2
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


def _register(session: Session, user) -> None:
    attendances = list(session.attendances.exclude(status__in=Attendance.NOT_LIVE).order_by("pk"))
    for index, attendance in enumerate(attendances):
        status = Attendance.Status.PRESENT
        if index == 3:
            status = Attendance.Status.ABSENT
        elif index == 5:
            status = Attendance.Status.LEFT_EARLY
        attendance_mark(attendance=attendance, status=status, user=user)


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


@transaction.atomic
def load(*, stdout) -> None:
    live = (
        Session.objects.filter(status__in=[Session.Status.PUBLISHED, Session.Status.HELD])
        .select_related("programme__module", "lead__user")
        .order_by("start", "pk")
    )
    # Prefer sessions the demo "lead" login delivers, so signing in as them shows the registers.
    sessions = list(live.filter(lead__user__username="lead")[:DEMO_SESSIONS]) or list(
        live[:DEMO_SESSIONS]
    )
    if not sessions:
        stdout.write("No published sessions, so no demo registers or reflections were added.")
        return
    written, card_url = hold(sessions, rng=random.Random(606))
    first_day = timezone.localtime(sessions[0].start).date()
    stdout.write(
        f"Demo registers taken for {len(sessions)} sessions (see /reflect/today/?date="
        f"{first_day.isoformat()}); {written} demo reflections added."
    )
    if card_url:
        stdout.write(f"Demo reflection card link (opens without a password): {card_url}")


def hold(sessions, *, rng: random.Random) -> tuple[int, str | None]:
    """Take the register of each session (by its lead's login, or the coordinator's) and write
    reflections for three in four of those who came. Returns how many were written and one printed
    card link still waiting for a reply. `demo.scale` calls this for the larger provider's sessions."""
    coordinator = User.objects.filter(username="coordinator").first()
    written = 0
    card_url = None
    for session in sessions:
        marker = (session.lead.user if session.lead and session.lead.user else None) or coordinator
        if session.status == Session.Status.PUBLISHED and marker is not None:
            _register(session, marker)
        questions = module_questions(session.programme.module.specific)
        attended = session.attendances.filter(
            status__in=[Attendance.Status.PRESENT, Attendance.Status.LEFT_EARLY]
        ).select_related("person", "session")
        for index, attendance in enumerate(attended.order_by("pk")):
            link, token = services.reflection_link_ensure(attendance=attendance)
            if index % 4 == 3:
                # Every fourth person has not replied yet: one of them gets the printed demo link.
                if card_url is None and link.state == ReflectionLink.State.NOT_STARTED:
                    card_url = services.link_url(token)
                continue
            if link.state != ReflectionLink.State.NOT_STARTED:
                continue
            answers = _answers(questions, attendance.person.kind, rng)
            if not answers:
                continue
            services.reflection_save(link=link, answers=answers, send=True)
            written += 1
    return written, card_url
