"""Writes to a programme's own rules (closure dates), kept out of the admin form."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from scheduling.models import Programme, ProgrammeClosure


@transaction.atomic
def programme_closures_set(*, programme: Programme, dates: Iterable[date]) -> None:
    """Make the programme's closure dates exactly `dates` (labels of dates kept are kept)."""
    wanted = set(dates)
    programme.closures.exclude(date__in=wanted).delete()
    have = set(programme.closures.values_list("date", flat=True))
    ProgrammeClosure.objects.bulk_create(
        ProgrammeClosure(programme=programme, date=day) for day in sorted(wanted - have)
    )
