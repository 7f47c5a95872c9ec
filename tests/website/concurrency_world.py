"""The data for the concurrency test, built inside a fresh SQLite file by a separate process.

Run `main()` after `django.setup()` with DATABASE_URL pointing at a migrated file (see LAUNCH); it
prints one JSON object with the ids, tokens and session keys the test's threads need. Everything is
arranged so that every one of the 200 writes is valid: a refused write then means a lost one.
"""

import json
import secrets
import sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

THREADS = 8
TAPS_PER_THREAD = 10  # five people, each tapped twice
MOVES_PER_THREAD = 7  # one resident each, moved back and forth (ends in the other session)
SENDS_PER_THREAD = 8  # eight reflection cards each
INVITED_SESSIONS = 4
INVITED_STAFF_PER_SESSION = 10


def _signed_in(user) -> str:
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _user(username: str, group: str):
    from tests.factories import UserFactory

    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


def _session(programme, unit, room, *, start, status, lead=None):
    from scheduling.models import Session

    return Session.objects.create(
        programme=programme,
        unit=unit,
        room=room,
        start=start,
        end=start + timedelta(minutes=90),
        lead=lead,
        status=status,
    )


def _book(session, people, status=None):
    from scheduling.models import Attendance

    extra = {"status": status} if status else {}
    return [
        Attendance.objects.create(
            session=session, programme=session.programme, person=person, **extra
        )
        for person in people
    ]


@transaction.atomic
def build() -> dict:
    from reflections.services import reflection_link_ensure
    from scheduling.models import Attendance, Facilitator, Programme, Session
    from tests.factories import (
        FacilitatorFactory,
        PersonFactory,
        ResidentFactory,
        RoomFactory,
        UnitFactory,
    )
    from tests.reflections.conftest import make_module
    from tests.scheduling.planning_factories import next_monday, programme_for, small_roster

    coordinator = _user("concurrency-coordinator", "Coordinators")
    lead_user = _user("concurrency-lead", "Lead trainers")
    lead = FacilitatorFactory(user=lead_user, role=Facilitator.Role.LEAD, display_name="Lead")
    module = make_module(title="Keeping each other safe")
    room = RoomFactory(slug="oak", name="Oak Room")
    now = timezone.now()

    # Register taps: a session that started a few minutes ago, its register being taken.
    ward = UnitFactory(slug="birch", name="Birch Ward", session_size=15)
    today = Programme.objects.create(
        name="Today",
        module=module,
        start_date=timezone.localdate(now - timedelta(days=1)),
        end_date=timezone.localdate(now + timedelta(days=1)),
        slot_times=["10:00"],
        weekdays=list(range(7)),
    )
    today.units.add(ward)
    live = _session(
        today, ward, room, start=now - timedelta(minutes=5), status=Session.Status.PUBLISHED
    )
    live.lead = lead
    live.save(update_fields=["lead"])
    register = _book(live, [PersonFactory(units=[ward]) for _ in range(THREADS * 5)])

    # Reflection sends: yesterday's held session, everyone present, each with a card link.
    held = _session(
        today,
        ward,
        room,
        start=now - timedelta(days=1),
        status=Session.Status.HELD,
        lead=lead,
    )
    present = _book(
        held,
        [PersonFactory(units=[ward]) for _ in range(THREADS * SENDS_PER_THREAD)],
        status=Attendance.Status.PRESENT,
    )
    tokens = [reflection_link_ensure(attendance=a)[1] for a in present]

    # Plan moves: a draft plan of two sessions; two residents stay in each, eight move.
    monday = next_monday(2)
    cedar, staff, _rooms, _leads = small_roster(slug="cedar", staff=2, residents=0, start=monday)
    cedar.session_size = 15
    cedar.save(update_fields=["session_size"])
    draft = programme_for([cedar], start=monday, days=5, module=module, name="Draft plan")
    morning_start = datetime.combine(monday, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    morning = _session(draft, cedar, room, start=morning_start, status=Session.Status.DRAFT)
    afternoon = _session(
        draft, cedar, room, start=morning_start + timedelta(hours=4), status=Session.Status.DRAFT
    )
    residents = [ResidentFactory(units=[cedar]) for _ in range(4 + THREADS)]
    _book(morning, [staff[0], *residents[:2]])
    _book(afternoon, [staff[1], *residents[2:4]])
    movers = residents[4:]
    for index, person in enumerate(movers):
        _book(morning if index % 2 == 0 else afternoon, [person])

    # The worker's share: a plan to solve, and a published plan whose invitations go out.
    hazel, _people, _hazel_rooms, _hazel_leads = small_roster(
        slug="hazel", staff=8, residents=4, start=monday
    )
    to_solve = programme_for([hazel], start=monday, days=5, module=module, name="To solve")
    rowan = UnitFactory(slug="rowan", name="Rowan Ward", session_size=15)
    invited = programme_for([rowan], start=monday, days=5, module=module, name="Published")
    invited_sessions = []
    for day in range(INVITED_SESSIONS):
        session = _session(
            invited,
            rowan,
            room,
            start=morning_start + timedelta(days=day),
            status=Session.Status.PUBLISHED,
            lead=lead,
        )
        staff_here = [
            PersonFactory(units=[rowan], email=f"rowan-{day}-{n}@example.org")
            for n in range(INVITED_STAFF_PER_SESSION)
        ]
        _book(session, [*staff_here, ResidentFactory(units=[rowan])])
        invited_sessions.append(session.pk)

    return {
        "coordinator": _signed_in(coordinator),
        "lead": _signed_in(lead_user),
        "live_session": live.pk,
        "register": [a.pk for a in register],
        "tokens": tokens,
        "question_ids": ["q-listened", "q-safe"],
        "draft_programme": draft.pk,
        "sessions": {"morning": morning.pk, "afternoon": afternoon.pk},
        "movers": [
            {"person": p.pk, "starts_in": "morning" if i % 2 == 0 else "afternoon"}
            for i, p in enumerate(movers)
        ],
        "to_solve": to_solve.pk,
        "invited_sessions": invited_sessions,
        "expected_invitations": INVITED_SESSIONS * INVITED_STAFF_PER_SESSION,
        "csrf": secrets.token_hex(16),
    }


def queue_worker_tasks(world: dict) -> None:
    """Queue a plan run and the published sessions' invitations for the worker (after commit)."""
    from django.contrib.auth.models import User

    from scheduling.models import Programme, Session
    from scheduling.services.plan_runs import plan_run_start
    from scheduling.signals import sessions_changed

    coordinator = User.objects.get(username="concurrency-coordinator")
    with transaction.atomic():
        plan_run_start(programme=Programme.objects.get(pk=world["to_solve"]), user=coordinator)
    sessions_changed.send(
        sender=Session, session_ids=world["invited_sessions"], change="published", removed={}
    )


# The command line that runs `main` in a fresh process: python -c LAUNCH [queue]
LAUNCH = "import django; django.setup(); from tests.website import concurrency_world; concurrency_world.main()"


def main() -> None:
    if sys.argv[1:] == ["queue"]:
        queue_worker_tasks(json.load(sys.stdin))
    else:
        print(json.dumps(build()))
