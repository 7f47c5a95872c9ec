"""Demo data: a planned and published programme of the starter module, so `make run` shows a living plan.

Idempotent: the programme is found by its name (which carries the month it starts in); once it has
published sessions nothing is planned again, so a second `load_demo` changes nothing.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError

from modules.models import TrainingModulePage
from scheduling.models import PlanRun, Programme, Session, Unit
from scheduling.services import plan_edit, plan_runs

from .roster import UNITS, demo_start_date

MODULE_SLUG = "working-together-on-risk"
DEMO_TIME_LIMIT = 20.0


def load(*, stdout) -> None:
    module = TrainingModulePage.objects.filter(slug=MODULE_SLUG).first()
    if module is None:
        stdout.write("No starter module found, so no demo programme was planned.")
        return
    start = demo_start_date()
    name = f"Working together on risk — {start:%B %Y}"
    programme, created = Programme.objects.get_or_create(
        name=name,
        module=module,
        defaults={
            "start_date": start,
            "end_date": start + timedelta(days=18),
            "slot_times": ["10:00", "14:00"],
            "weekdays": [0, 1, 2, 3, 4],
        },
    )
    if created:
        programme.units.set(Unit.objects.filter(slug__in=[u.slug for u in UNITS]))
    if programme.sessions.filter(status=Session.Status.PUBLISHED).exists():
        stdout.write(f"Demo programme “{name}” is already planned and published.")
        return
    run = plan_runs.plan_run_create(programme=programme, user=None)
    run = plan_runs.plan_run_execute(run_id=run.pk, time_limit=DEMO_TIME_LIMIT)
    if run.status != PlanRun.Status.DONE:
        stdout.write(f"Demo programme “{name}” could not be planned: {run.message}")
        return
    try:
        published = plan_edit.programme_publish(programme=programme)
    except ValidationError as error:
        stdout.write(f"Demo programme “{name}” was planned but not published: {error.messages[0]}")
        return
    result = run.result
    stdout.write(
        f"Demo programme “{name}”: {run.message} Status {result.get('status')}, lower bound "
        f"{result.get('lower_bound')}, {len(published)} sessions published."
    )
