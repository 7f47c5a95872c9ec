"""A larger provider of exactly the demo's shape, for the page bench, the load script and the test that
no page's query count grows with the data.

`widen(factor=10)` turns the demo's four wards into forty: the roster loader adds groups 2..10 of the
same four wards (each group with its own people, shifts, routines, covered training days, two
rooms, multidisciplinary team, three lead trainers and four co-trainers), the groups join the demo's
programmes of the starter module (the planned one ahead and the pilot already held), and each group gets those programmes' sessions at
the same times in its own rooms with its own trainers and people (what the solver gives one group on
its own, without solving forty wards again; `bench/pages.py` does that separately, for its figures).
Finally the demo's reflections loader takes the register of each group's copies of the held sessions,
on their day, and writes their reflections.

Idempotent like the rest of the demo: groups already widened are left as they are.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from scheduling.models import (
    Attendance,
    CoverDay,
    Facilitator,
    Person,
    Programme,
    Room,
    Session,
    Unit,
)

from . import reflections, roster
from .plan import MODULE_SLUG


class _NullOut:
    def write(self, text: str) -> None:
        pass


def demo_programme() -> Programme | None:
    """The demo's planned programme of the starter module: the published one that lies ahead (not the
    later draft that overlaps its last days, which has no sessions until a coordinator plans it)."""
    programmes = _module_programmes().order_by("-start_date", "pk")
    return programmes.filter(status=Programme.Status.PUBLISHED).first() or programmes.first()


def held_programme() -> Programme | None:
    """The demo programme of the starter module whose sessions were held (with registers and
    reflections); the planned one if none was."""
    held = _module_programmes().filter(sessions__status=Session.Status.HELD)
    return held.order_by("-start_date", "pk").first() or demo_programme()


def _module_programmes():
    group_one = [u.slug for u in roster.UNITS]
    ids = Programme.objects.filter(module__slug=MODULE_SLUG, units__slug__in=group_one).values("pk")
    return Programme.objects.filter(pk__in=ids)


def widen(*, factor: int, stdout=None) -> dict[str, int]:
    """Make the demo `factor` times larger. Returns the counts of the result."""
    stdout = stdout or _NullOut()
    programmes = list(_module_programmes().order_by("pk"))
    if not programmes:
        raise RuntimeError("Load the demo first (manage.py load_demo): there is nothing to widen.")
    group_one = [u.slug for u in roster.UNITS]
    plans = {
        programme: list(
            programme.sessions.filter(unit__slug__in=group_one)
            .select_related("unit", "room", "lead", "co_trainer")
            .prefetch_related("attendances__person")
            .order_by("start", "pk")
        )
        for programme in programmes
    }
    for number in range(2, factor + 1):
        group = roster.Group(number)
        if Unit.objects.filter(slug=group.slug(roster.UNITS[0].slug)).exists():
            continue
        roster.load(stdout=_NullOut(), group=group)
        _copy_cover_days(group)
        for programme, base_sessions in plans.items():
            copies = _copy_plan(programme, base_sessions, group)
            reflections.hold(
                [copies[s.pk] for s in base_sessions if _to_hold(s)],
                rng=random.Random(606 + number),
            )
        stdout.write(f"Group {number} of the demo's wards loaded, planned and held.")
    counts = {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "sessions": Session.objects.filter(programme__in=programmes).count(),
        "reflections": _reflection_count(),
    }
    stdout.write(
        f"The provider now has {counts['units']} wards, {counts['people']} people, "
        f"{counts['sessions']} sessions and {counts['reflections']} reflections."
    )
    return counts


def _copy_cover_days(group: roster.Group) -> None:
    """The demo's covered training days (`demo.plan`) for the group's wards too: same dates, same
    allowance, so the group releases staff as the demo's wards do."""
    units = {
        u.slug: u for u in Unit.objects.filter(slug__in=[group.slug(u.slug) for u in roster.UNITS])
    }
    CoverDay.objects.bulk_create(
        [
            CoverDay(
                unit=units[group.slug(day.unit.slug)],
                date=day.date,
                max_staff_away=day.max_staff_away,
            )
            for day in CoverDay.objects.filter(
                unit__slug__in=[u.slug for u in roster.UNITS]
            ).select_related("unit")
        ],
        ignore_conflicts=True,
    )


def _reflection_count() -> int:
    from reflections.models import Reflection

    return Reflection.objects.count()


def _to_hold(session: Session) -> bool:
    """A held session recent enough for its cards to work is held again through the demo's own step;
    older ones (the earlier programme whose people are due a refresher) are copied as they stand."""
    window = timedelta(days=settings.ALONGSIDE_REFLECTION_LINK_DAYS)
    return session.status == Session.Status.HELD and session.end + window > timezone.now()


@transaction.atomic
def _copy_plan(programme: Programme, base_sessions: list[Session], group: roster.Group) -> dict:
    """The demo plan's sessions for one more group of wards. Held sessions are copied as published
    with everyone booked, so the reflections loader can take their register as it does for the demo."""
    units = {
        u.slug: u for u in Unit.objects.filter(slug__in=[group.slug(u.slug) for u in roster.UNITS])
    }
    group_one = programme.units.filter(slug__in=[u.slug for u in roster.UNITS])
    programme.units.add(*[units[group.slug(unit.slug)] for unit in group_one])
    rooms = {r.slug: r for r in Room.objects.all()}
    facilitators = {(f.display_name, f.role): f for f in Facilitator.objects.all()}
    codes = {group.code(a.person.code) for s in base_sessions for a in s.attendances.all()}
    people = {p.code: p for p in Person.objects.filter(code__in=codes)}

    def trainer(facilitator: Facilitator | None) -> Facilitator | None:
        if facilitator is None:
            return None
        return facilitators[(group.name(facilitator.display_name), facilitator.role)]

    copies = {}
    for session in base_sessions:
        copy = Session.objects.create(
            programme=programme,
            unit=units[group.slug(session.unit.slug)],
            room=rooms[group.slug(session.room.slug)],
            start=session.start,
            end=session.end,
            lead=trainer(session.lead),
            co_trainer=trainer(session.co_trainer),
            status=Session.Status.PUBLISHED if _to_hold(session) else session.status,
            sequence=session.sequence,
            is_catch_up=session.is_catch_up,
        )
        Attendance.objects.bulk_create(
            Attendance(
                session=copy,
                programme=programme,
                unit=copy.unit,  # bulk_create skips Attendance.save, which copies it
                each_unit=attendance.each_unit,
                person=people[group.code(attendance.person.code)],
                status=Attendance.Status.BOOKED if _to_hold(session) else attendance.status,
            )
            for attendance in session.attendances.all()
        )
        copies[session.pk] = copy
    return copies
