"""django-q2 task functions. Each is a thin wrapper around a service, so it can be run by hand too."""

from scheduling.services import plan_runs


def plan_run_execute(run_id: int) -> str:
    """Solve and save one plan run (queued by `plan_runs.plan_run_start`); returns its final status."""
    return plan_runs.plan_run_execute(run_id=run_id).status


def fail_stale_plan_runs() -> int:
    """Scheduled every 5 minutes (migration scheduling 0007): runs whose worker died stop waiting."""
    return plan_runs.plan_runs_fail_stale()


def roster_import_execute(import_id: str) -> str:
    """Write a large confirmed roster import (queued by `batches.roster_import_confirm`)."""
    from scheduling.services.roster_import.batches import roster_import_execute as execute

    return execute(import_id=import_id).status
