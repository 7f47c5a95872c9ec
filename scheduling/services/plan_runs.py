"""A plan run's life: queued (once per programme at a time), claimed by the worker, solved with live
progress, saved; and the sweep that fails runs whose worker died."""

from __future__ import annotations

import logging
import threading
import time as monotonic_time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scheduling.models import PlanRun, Programme
from scheduling.planning.problem import build_problem
from scheduling.planning.release import release_frontier, unit_limits
from scheduling.services.plan_save import plan_save

logger = logging.getLogger(__name__)

# How often the solver's progress is written to the database, at most (seconds).
PROGRESS_INTERVAL = 0.5
DEFAULT_TIME_LIMIT = 30.0
# A run still waiting or running after this long has lost its worker (the solver's own limit is far
# shorter); the scheduled sweep marks it failed so the plan screen stops waiting.
STALE_AFTER = timedelta(minutes=30)


@transaction.atomic
def plan_run_start(*, programme: Programme, user, replan: bool = False) -> PlanRun:
    """Queue a solver run for the programme; the django-q2 task starts once this commits.

    A run already waiting or running for the programme is returned instead of starting a second one, so
    a double click (or two coordinators) cannot race two solvers writing one draft.
    """
    run, created = _plan_run_create(programme=programme, user=user, replan=replan)
    if created:
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


@transaction.atomic
def plan_run_create(*, programme: Programme, user, replan: bool = False) -> PlanRun:
    """A queued run that the caller executes itself (the management command and the demo)."""
    return _plan_run_create(programme=programme, user=user, replan=replan)[0]


def _plan_run_create(*, programme: Programme, user, replan: bool) -> tuple[PlanRun, bool]:
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    active = programme.plan_runs.filter(
        status__in=[PlanRun.Status.QUEUED, PlanRun.Status.RUNNING]
    ).first()
    if active is not None:
        return active, False
    run = PlanRun.objects.create(
        programme=programme,
        replan=replan,
        started_by=user if getattr(user, "is_authenticated", False) else None,
        progress={"phase": _("Waiting to start"), "phase_index": 0},
    )
    return run, True


def _enqueue(run_id: int) -> None:
    from django_q.tasks import async_task

    async_task("scheduling.tasks.plan_run_execute", run_id, task_name=f"plan-run-{run_id}")


class _ProgressWriter:
    """Writes the solver's progress to the run, at most every `PROGRESS_INTERVAL` seconds.

    A queryset `update` in autocommit makes each write visible at once to the page polling for it; a new
    phase is always written so the phase name never lags behind, and the last report before the end is
    written by `flush` so the panel never freezes on a stale figure. CP-SAT calls back from its own
    threads too: Django gives each thread its own connection, which is closed after the write so no
    connection is left behind per solver thread. A failed write never stops the solve.
    """

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.owner = threading.get_ident()
        self.lock = threading.Lock()
        self.last = 0.0
        self.last_phase = None
        self.pending: dict | None = None

    def __call__(self, progress: dict) -> None:
        clean = {
            key: progress.get(key)
            for key in ("phase", "phase_index", "best", "bound", "gap", "seconds")
            if key in progress
        }
        with self.lock:
            now = monotonic_time.monotonic()
            phase = progress.get("phase_index")
            if phase == self.last_phase and now - self.last < PROGRESS_INTERVAL:
                self.pending = clean
                return
            self.last, self.last_phase, self.pending = now, phase, None
        self._write(clean)

    def flush(self) -> None:
        """Write the last report that was held back by the interval, if any."""
        with self.lock:
            pending, self.pending = self.pending, None
        if pending is not None:
            self._write(pending)

    def _write(self, clean: dict) -> None:
        try:
            PlanRun.objects.filter(pk=self.run_id).update(progress=clean)
        except DatabaseError:
            logger.warning("Could not record planning progress for run %s.", self.run_id)
        finally:
            if threading.get_ident() != self.owner:
                connection.close()


def plan_time_limit() -> float:
    """Seconds the solver may take; `ALONGSIDE_PLAN_TIME_LIMIT` lets tests and small sites shorten it."""
    return float(getattr(settings, "ALONGSIDE_PLAN_TIME_LIMIT", DEFAULT_TIME_LIMIT))


def _solve(problem, *, time_limit: float, workers: int, progress):
    """The solver, or the greedy plan where `ALONGSIDE_PLAN_GREEDY` asks for it (database tests that
    test the product, not the solver, and need a plan quickly)."""
    from scheduling.solver import greedy_plan, solve

    if getattr(settings, "ALONGSIDE_PLAN_GREEDY", False):
        return greedy_plan(problem)
    return solve(problem, time_limit=time_limit, workers=workers, progress=progress)


def plan_run_execute(*, run_id: int, time_limit: float | None = None, workers: int = 2) -> PlanRun:
    """Run the solver for a queued run and save its plan. Safe to call twice: a run is claimed once."""
    time_limit = plan_time_limit() if time_limit is None else time_limit
    claimed = PlanRun.objects.filter(pk=run_id, status=PlanRun.Status.QUEUED).update(
        status=PlanRun.Status.RUNNING, started_at=timezone.now()
    )
    run = PlanRun.objects.select_related("programme", "programme__module").get(pk=run_id)
    if not claimed:
        logger.info("Plan run %s was already %s; not run again.", run_id, run.status)
        return run
    writer = _ProgressWriter(run_id)
    try:
        from scheduling.solver import plan_to_dict, problem_from_dict

        built = build_problem(programme=run.programme, replan=run.replan)
        plan = _solve(
            problem_from_dict(built.data), time_limit=time_limit, workers=workers, progress=writer
        )
        writer.flush()
        writer({"phase": _("Working out the release figures"), "phase_index": 99})
        release = release_frontier(built)
        extra = {"release": release, "limits": unit_limits(built, release)}
        plan_save(run=run, built=built, plan=plan_to_dict(plan), extra=extra)
    except Exception as error:  # the run must end, whatever went wrong, so the page stops waiting
        logger.exception("Plan run %s failed.", run_id)
        PlanRun.objects.filter(pk=run_id).update(
            status=PlanRun.Status.FAILED,
            finished_at=timezone.now(),
            message=_("Planning stopped with an error: %(error)s") % {"error": error},
        )
    run.refresh_from_db()
    return run


def plan_runs_fail_stale(*, older_than: timedelta = STALE_AFTER) -> int:
    """Mark runs "waiting" or "running" far longer than any solve can take as failed; how many.

    A worker killed mid-solve would otherwise leave the plan screen waiting forever. Run every few
    minutes by the django-q2 schedule "Fail stale plan runs" (migration scheduling 0007).
    """
    return PlanRun.objects.filter(
        status__in=[PlanRun.Status.QUEUED, PlanRun.Status.RUNNING],
        created_at__lt=timezone.now() - older_than,
    ).update(
        status=PlanRun.Status.FAILED,
        finished_at=timezone.now(),
        message=_(
            "This run stopped without finishing (the worker may have restarted). Start it again."
        ),
    )
