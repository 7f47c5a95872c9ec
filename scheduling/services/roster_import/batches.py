"""Preview, confirm and write a roster import, bound to the exact bytes that were previewed.

`roster_import_preview` checks an upload and stores its bytes, their SHA-256 and the plan it would
carry out; nothing on the roster changes. `roster_import_confirm` is "Import these changes": it needs
the preview's hash (so a form for another file cannot confirm this one), runs once (a second press or a
replayed form finds the import no longer waiting and does nothing), and writes small imports at once
and large ones through the django-q2 worker. `roster_import_execute` writes from the stored bytes in
one transaction, and only if the roster still gives the plan that was shown.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from scheduling.models import RosterImport

from . import roster_check_files
from .errors import RosterImportError
from .planning import plan_digest, roster_plan
from .writing import roster_write

logger = logging.getLogger(__name__)


class RosterChangedError(Exception):
    """The roster, or the preview, no longer matches: nothing was written."""


def roster_import_preview(*, name: str, content: bytes, user) -> RosterImport:
    """Check the file and store it with the plan it would carry out; raise RosterImportError if any row
    is wrong. Checking happens before the (short) write, so a big file never holds the database lock."""
    checked = roster_check_files(files=[(name, content)])
    plan = roster_plan(checked=checked)
    return _preview_store(name=name, content=content, user=user, plan=plan, rows=checked.rows)


@transaction.atomic
def _preview_store(*, name: str, content: bytes, user, plan: dict, rows: int) -> RosterImport:
    roster_imports_expire()
    # A new upload replaces the uploader's earlier previews: only the latest can be confirmed.
    RosterImport.objects.filter(created_by=user, status=RosterImport.Status.PREVIEWED).update(
        status=RosterImport.Status.EXPIRED,
        content=b"",
        plan={},
        message=_("A newer upload replaced this preview; nothing was imported from it."),
        finished_at=timezone.now(),
    )
    return RosterImport.objects.create(
        created_by=user,
        file_name=name[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        rows=rows,
        plan=plan,
        plan_digest=plan_digest(plan),
    )


def roster_import_confirm(*, roster_import: RosterImport, sha256: str) -> RosterImport:
    """ "Import these changes": write now (small) or queue for the worker (large); a repeat does nothing.

    Raises RosterChangedError when the form names other bytes than the stored preview, or the preview is
    out of date; nothing is written then.
    """
    outcome = _confirm(import_id=roster_import.pk, sha256=sha256)
    if outcome == "expired":
        raise RosterChangedError(_expired_message())
    if outcome == "write":
        return roster_import_execute(import_id=roster_import.pk)
    return RosterImport.objects.get(pk=roster_import.pk)


@transaction.atomic
def _confirm(*, import_id, sha256: str) -> str:
    """Move a preview to "queued" once; returns "write" (do it now), "queued", "expired" or "nothing"."""
    batch = RosterImport.objects.select_for_update().get(pk=import_id)
    if batch.status != RosterImport.Status.PREVIEWED:
        return "nothing"
    if sha256 != batch.sha256 or hashlib.sha256(bytes(batch.content)).hexdigest() != batch.sha256:
        raise RosterChangedError(
            _("This confirmation is for a different file than the preview. Nothing was imported.")
        )
    if batch.created_at < timezone.now() - _preview_lifetime():
        _finish(batch, RosterImport.Status.EXPIRED, _expired_message())
        return "expired"
    batch.status = RosterImport.Status.QUEUED
    batch.progress = {"phase": str(_("Waiting for the worker to start"))}
    batch.save(update_fields=["status", "progress"])
    if batch.rows > settings.ALONGSIDE_ROSTER_IMPORT_TASK_ROWS:
        transaction.on_commit(lambda: _enqueue(batch.pk))
        return "queued"
    return "write"


def _enqueue(import_id) -> None:
    from django_q.tasks import async_task

    async_task(
        "scheduling.tasks.roster_import_execute",
        str(import_id),
        task_name=f"roster-import-{import_id}",
    )


def roster_import_execute(*, import_id) -> RosterImport:
    """Write a confirmed import from its stored bytes, once. Safe to run again: a finished import is left
    alone, and one whose worker died mid-write (its transaction rolled back) is claimed afresh.

    The rows are first checked outside any transaction, reporting progress as they go (and failing early,
    without the write lock, if the roster has changed); then checked again and written inside one
    transaction, so what is written is exactly what the roster allows at that moment.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.Q_CLUSTER.get("timeout", 300))
    claimed = (
        RosterImport.objects.filter(pk=import_id)
        .filter(
            Q(status=RosterImport.Status.QUEUED)
            | Q(status=RosterImport.Status.RUNNING, started_at__lt=stale)
        )
        .update(status=RosterImport.Status.RUNNING, started_at=now)
    )
    batch = RosterImport.objects.get(pk=import_id)
    if not claimed:
        return batch
    try:
        _check(batch)
        _report(batch, _("Saving every row in one step"), batch.rows)
        with transaction.atomic():
            counts = _write(batch)
    except RosterImportError as error:
        problems = "; ".join(str(e) for e in error.errors[:10])
        _finish(batch, RosterImport.Status.FAILED, _changed_message() + " " + problems)
    except RosterChangedError:
        _finish(batch, RosterImport.Status.FAILED, _changed_message())
    except (DatabaseError, ValidationError):
        logger.exception("Roster import %s failed while writing.", import_id)
        _finish(batch, RosterImport.Status.FAILED, _changed_message())
    else:
        batch.result = dict(counts)
        _finish(batch, RosterImport.Status.DONE, "")
    return batch


def _report(batch: RosterImport, phase: str, done: int) -> None:
    """Progress in autocommit, so the coordinator's page sees it at once."""
    RosterImport.objects.filter(pk=batch.pk).update(
        progress={"phase": str(phase), "done": done, "total": batch.rows}
    )


def _planned(batch: RosterImport, progress=None) -> tuple:
    content = bytes(batch.content)
    if hashlib.sha256(content).hexdigest() != batch.sha256:
        raise RosterChangedError
    checked = roster_check_files(files=[(batch.file_name, content)], progress=progress)
    plan = roster_plan(checked=checked)
    if plan_digest(plan) != batch.plan_digest:
        raise RosterChangedError
    return checked, plan


def _check(batch: RosterImport) -> None:
    _report(batch, _("Checking the rows"), 0)
    _planned(batch, progress=lambda done: _report(batch, _("Checking the rows"), done))


def _write(batch: RosterImport):
    checked, plan = _planned(batch)
    return roster_write(checked=checked, plan=plan)


def _finish(batch: RosterImport, status: str, message: str) -> None:
    batch.status = status
    batch.message = message
    batch.content = b""
    batch.plan = {}
    batch.finished_at = timezone.now()
    batch.progress = {}
    batch.save(
        update_fields=["status", "message", "content", "plan", "finished_at", "progress", "result"]
    )


def _preview_lifetime() -> timedelta:
    return timedelta(hours=settings.ALONGSIDE_ROSTER_IMPORT_PREVIEW_HOURS)


def _expired_message() -> str:
    return _("This preview is out of date. Upload the file again to see what it would change now.")


def _changed_message() -> str:
    return _(
        "Nothing was imported: the roster changed after you checked the file, so it would no longer "
        "make the changes you saw. Upload the file again to see what it would change now."
    )


def roster_imports_expire() -> int:
    """Previews nobody confirmed in time are marked out of date and their bytes deleted."""
    return RosterImport.objects.filter(
        status=RosterImport.Status.PREVIEWED, created_at__lt=timezone.now() - _preview_lifetime()
    ).update(
        status=RosterImport.Status.EXPIRED,
        content=b"",
        plan={},
        message=_expired_message(),
        finished_at=timezone.now(),
    )
