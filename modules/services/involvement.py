"""Writes for the involvement record: time co-trainers gave, so the finance office can pay or thank them.

Rows the system writes itself carry a `source_key` ("session:12", "suggestion:34"). The key is unique
in the database, so a register taken twice, a second approval signal or two workers racing can never
add the same hours twice: a second call returns the row that is already there.

`scheduling/` (planning and registers) may call `involvement_record_for_session(session=...)`; it is
also called from a receiver whenever a session is saved as held, so callers need not remember to.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ..models import ModuleInvolvement, TrainingModulePage, WritingTime

QUARTER = Decimal("0.25")
MIN_HOURS = Decimal("0.25")
MAX_HOURS = Decimal("24")
# A published suggestion is credited with the time its author said the work took ("About how long
# did this take?" in the writing space). When they did not say (or wrote in the Wagtail editor), it is
# credited one hour; the lead trainer can correct the hours on the record either way.
SUGGESTION_HOURS = Decimal("1")


@transaction.atomic
def module_involvement_record(
    *,
    person_name: str,
    activity: str,
    hours: Decimal,
    on: date,
    module: TrainingModulePage | None = None,
    user=None,
    payment_status: str = ModuleInvolvement.Payment.DUE,
    source_key: str | None = None,
) -> ModuleInvolvement:
    """Add one row. With a `source_key`, a row that already exists for it is returned unchanged."""
    if source_key:
        existing = ModuleInvolvement.objects.filter(source_key=source_key).first()
        if existing:
            return existing
    record = ModuleInvolvement(
        person_name=person_name,
        activity=activity,
        hours=hours,
        date=on,
        module=module,
        user=user,
        payment_status=payment_status,
        source_key=source_key,
    )
    record.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        if not source_key:
            raise
        return ModuleInvolvement.objects.get(source_key=source_key)
    return record


def hours_between(start, end) -> Decimal:
    """Whole quarter hours, at least a quarter and at most a day, so any session fits the record."""
    return hours_from_minutes(Decimal((end - start).total_seconds()) / 60)


def hours_from_minutes(minutes) -> Decimal:
    """Minutes as whole quarter hours, at least a quarter and at most a day."""
    quarters = (Decimal(minutes) / 15).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    hours = quarters * QUARTER
    return min(max(hours, MIN_HOURS), MAX_HOURS)


def _person_name(user, fallback: str) -> str:
    if user is None:
        return fallback
    return user.get_full_name() or user.first_name or fallback or user.get_username()


def involvement_record_for_session(*, session) -> ModuleInvolvement | None:
    """The co-trainer of a held session gets one "co-delivering" row for it, once.

    Only held sessions count (a session is held once its register is taken). A session without a
    co-trainer writes nothing. Hours come from the session's length; payment starts as "due".
    """
    if getattr(session, "status", None) != "held" or not session.co_trainer_id:
        return None
    facilitator = session.co_trainer
    user = facilitator.user
    module_id = session.programme.module_id if session.programme_id else None
    return module_involvement_record(
        person_name=_person_name(user, facilitator.display_name),
        activity=ModuleInvolvement.Activity.CO_DELIVERING,
        hours=hours_between(session.start, session.end),
        on=timezone.localdate(session.start),
        module=TrainingModulePage.objects.filter(pk=module_id).first() if module_id else None,
        user=user,
        source_key=f"session:{session.pk}",
    )


@transaction.atomic
def writing_time_record(*, page, user, minutes: int | None) -> WritingTime | None:
    """Note what a co-trainer said a piece of writing took; nothing when they did not say."""
    if not minutes:
        return None
    entry = WritingTime(page_id=page.pk, user=user, minutes=minutes)
    entry.full_clean()
    entry.save()
    return entry


def unclaimed_writing_time(*, page_id: int, user):
    return WritingTime.objects.filter(page_id=page_id, user=user, involvement__isnull=True)


@transaction.atomic
def involvement_record_for_suggestion(*, workflow_state, module: TrainingModulePage | None):
    """The co-trainer whose suggestion was published gets one "writing" row for it, once.

    Its hours are the time they said the work took since their last published suggestion on this
    page (every save of it, taken back and sent again included), or `SUGGESTION_HOURS` when they did
    not say. The entries then point at the row, so the next suggestion starts from nothing.
    """
    user = workflow_state.requested_by
    source_key = f"suggestion:{workflow_state.pk}"
    existing = ModuleInvolvement.objects.filter(source_key=source_key).first()
    if existing:
        return existing
    entries = unclaimed_writing_time(page_id=int(workflow_state.object_id), user=user)
    said = entries.aggregate(total=models.Sum("minutes"))["total"]
    record = module_involvement_record(
        person_name=_person_name(user, ""),
        activity=ModuleInvolvement.Activity.WRITING,
        hours=hours_from_minutes(said) if said else SUGGESTION_HOURS,
        on=timezone.localdate(),
        module=module,
        user=user,
        source_key=source_key,
    )
    entries.update(involvement=record)
    return record
