"""What other programmes already hold: people, rooms and trainers in their live sessions.

A person, a room and a trainer are never in two live sessions that overlap in time, whatever programme
each belongs to, and a unit's floor staff away at once, summed over all programmes, never exceed its
allowance. "Live" means published or held: the sessions people have been told about. Drafts of other
programmes are proposals and hold nothing (two coordinators may each draft; whoever publishes second is
refused with the clash named, and re-plans around it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch

from scheduling.models import Attendance, Facilitator, Programme, Session

from .ids import LIVE, overlaps

LIVE_ELSEWHERE = (Session.Status.PUBLISHED, Session.Status.HELD)


@dataclass
class Busy:
    """Other programmes' live sessions, indexed by what they hold."""

    sessions: list[Session] = field(default_factory=list)
    by_person: dict[int, list[Session]] = field(default_factory=lambda: defaultdict(list))
    by_room: dict[int, list[Session]] = field(default_factory=lambda: defaultdict(list))
    by_facilitator: dict[int, list[Session]] = field(default_factory=lambda: defaultdict(list))
    # (unit pk, session) -> floor staff of that unit away in the session
    floor: dict[int, list[tuple[Session, int]]] = field(default_factory=lambda: defaultdict(list))

    @staticmethod
    def _first(sessions: list[Session], start: datetime, end: datetime) -> Session | None:
        return next((s for s in sessions if overlaps(start, end, s.start, s.end)), None)

    def person_clash(self, person_pk: int, start: datetime, end: datetime) -> Session | None:
        return self._first(self.by_person.get(person_pk, []), start, end)

    def person_busy(self, person_pk: int, start: datetime, end: datetime) -> bool:
        return self.person_clash(person_pk, start, end) is not None

    def room_clash(self, room_pk: int, start: datetime, end: datetime) -> Session | None:
        return self._first(self.by_room.get(room_pk, []), start, end)

    def room_busy(self, room_pk: int, start: datetime, end: datetime) -> bool:
        return self.room_clash(room_pk, start, end) is not None

    def facilitator_clash(
        self, facilitator: Facilitator, start: datetime, end: datetime
    ) -> Session | None:
        found = self._first(self.by_facilitator.get(facilitator.pk, []), start, end)
        if found is None and facilitator.person_id:
            found = self.person_clash(facilitator.person_id, start, end)
        return found

    def facilitator_busy(self, facilitator: Facilitator, start: datetime, end: datetime) -> bool:
        return self.facilitator_clash(facilitator, start, end) is not None

    def floor_sessions(
        self, unit_pk: int, start: datetime, end: datetime
    ) -> list[tuple[Session, int]]:
        return [
            (s, n) for s, n in self.floor.get(unit_pk, []) if overlaps(start, end, s.start, s.end)
        ]

    def floor_away(self, unit_pk: int, start: datetime, end: datetime) -> int:
        """Floor staff of the unit away in other programmes' sessions overlapping this time."""
        return sum(n for _s, n in self.floor_sessions(unit_pk, start, end))


def busy_elsewhere(programme: Programme, first: datetime, last: datetime) -> Busy:
    """Every live session of other programmes between `first` and `last`."""
    sessions = list(
        Session.objects.filter(status__in=LIVE_ELSEWHERE, start__lt=last, end__gt=first)
        .exclude(programme=programme)
        .select_related("unit", "room", "lead", "co_trainer", "programme")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(LIVE).prefetch_related("person__units"),
                to_attr="live",
            )
        )
        .order_by("start", "pk")
    )
    busy = Busy(sessions=sessions)
    for session in sessions:
        busy.by_room[session.room_id].append(session)
        for trainer in (session.lead, session.co_trainer):
            if trainer is not None:
                busy.by_facilitator[trainer.pk].append(session)
                if trainer.person_id:
                    busy.by_person[trainer.person_id].append(session)
        floor_by_unit: dict[int, int] = defaultdict(int)
        for attendance in session.live:
            busy.by_person[attendance.person_id].append(session)
            person = attendance.person
            if person.kind == person.Kind.STAFF and person.is_floor_staff:
                for unit in person.units.all():
                    floor_by_unit[unit.pk] += 1
        for unit_pk, count in floor_by_unit.items():
            busy.floor[unit_pk].append((session, count))
    return busy
