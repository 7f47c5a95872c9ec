"""Plan a programme from the command line: the same services as the plan screen, without the web."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from scheduling.models import PlanRun, Programme
from scheduling.services import plan_edit, plan_runs


class Command(BaseCommand):
    help = "Plan a programme's sessions with the solver (and optionally publish them)."

    def add_arguments(self, parser):
        parser.add_argument("programme_id", type=int)
        parser.add_argument(
            "--time-limit", type=float, default=None, help="Seconds the solver may take."
        )
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--replan",
            action="store_true",
            help="Re-plan: keep held and locked sessions, and put absentees into catch-up sessions.",
        )
        parser.add_argument("--publish", action="store_true", help="Publish the plan afterwards.")

    def handle(self, *args, programme_id, time_limit, workers, replan, publish, **options):
        programme = Programme.objects.filter(pk=programme_id).first()
        if programme is None:
            raise CommandError(f"There is no programme with id {programme_id}.")
        run = plan_runs.plan_run_create(programme=programme, user=None, replan=replan)
        run = plan_runs.plan_run_execute(run_id=run.pk, time_limit=time_limit, workers=workers)
        if run.status != PlanRun.Status.DONE:
            raise CommandError(run.message or "Planning did not finish.")
        self.stdout.write(run.message)
        result = run.result
        self.stdout.write(
            f"Status {result.get('status')}, {result.get('sessions')} sessions, lower bound "
            f"{result.get('lower_bound')}, gap {result.get('gap')}, "
            f"{result.get('solve_seconds')} s."
        )
        for item in result.get("unplaced", []):
            self.stdout.write(f"Not placed: {item['name']}: {item['reason']}")
        if publish:
            try:
                ids = plan_edit.programme_publish(programme=programme)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(self.style.SUCCESS(f"Published {len(ids)} sessions."))
