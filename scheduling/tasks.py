"""django-q2 task functions. Each is a thin wrapper around a service, so it can be run by hand too."""

from scheduling.services import planning


def plan_run_execute(run_id: int) -> str:
    """Solve and save one plan run (queued by `planning.plan_run_start`); returns its final status."""
    return planning.plan_run_execute(run_id=run_id).status
