"""What a coordinator's admin home shows: the training plans in hand and today's sessions.

Read-only, in a fixed number of queries however many programmes and sessions there are: the counts
come from one annotated query, the units from one prefetch and the latest plan run of every shown
programme from one more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from scheduling.models import PlanRun, Programme, Session

SHOWN_PROGRAMMES = 8


@dataclass(frozen=True)
class ProgrammeOverview:
    programme: Programme
    unit_names: tuple[str, ...]
    sessions: int
    held: int
    next_start: datetime | None
    running: bool  # a plan is being made now

    @property
    def next_step(self) -> str:
        """The one thing the coordinator is likely to do next with this programme (a key, not words)."""
        if self.running:
            return "wait"
        if self.programme.status == Programme.Status.DRAFT:
            return "plan"
        if self.programme.status == Programme.Status.PLANNED:
            return "publish"
        return "follow"


def programmes_overview(
    *, today: date, limit: int = SHOWN_PROGRAMMES
) -> tuple[list[ProgrammeOverview], int]:
    """Programmes not closed whose last day is today or later, soonest first, and how many there are.

    A programme that ended but was never closed still shows while it has published sessions to come.
    """
    now = timezone.now()
    still_coming = Session.objects.filter(status=Session.Status.PUBLISHED, start__gte=now)
    base = Programme.objects.exclude(status=Programme.Status.CLOSED).filter(
        Q(end_date__gte=today) | Q(pk__in=still_coming.values("programme_id"))
    )
    total = base.count()
    rows = list(
        base.annotate(
            n_sessions=Count(
                "sessions", filter=~Q(sessions__status=Session.Status.CANCELLED), distinct=True
            ),
            n_held=Count("sessions", filter=Q(sessions__status=Session.Status.HELD), distinct=True),
            next_start=Min(
                "sessions__start",
                filter=Q(sessions__status=Session.Status.PUBLISHED, sessions__start__gte=now),
            ),
        )
        .prefetch_related("units")
        .order_by("start_date", "name", "pk")[:limit]
    )
    running = set(
        PlanRun.objects.filter(
            programme__in=[p.pk for p in rows],
            status__in=[PlanRun.Status.QUEUED, PlanRun.Status.RUNNING],
        ).values_list("programme_id", flat=True)
    )
    return [
        ProgrammeOverview(
            programme=p,
            unit_names=tuple(sorted(u.name for u in p.units.all())),
            sessions=p.n_sessions,
            held=p.n_held,
            next_start=p.next_start,
            running=p.pk in running,
        )
        for p in rows
    ], total


def sessions_today(*, today: date) -> int:
    """How many published or held sessions start on `today` (local time)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(today, time.min, tzinfo=zone)
    return Session.objects.filter(
        start__gte=start,
        start__lt=start + timedelta(days=1),
        status__in=[Session.Status.PUBLISHED, Session.Status.HELD],
    ).count()
