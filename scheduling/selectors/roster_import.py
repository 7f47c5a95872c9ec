"""Reading roster imports: each coordinator sees their own uploads only (a preview holds their file)."""

from django.http import Http404

from scheduling.models import RosterImport


def roster_import_for(*, user, import_id) -> RosterImport:
    """The user's own import, or 404: another coordinator's preview is not theirs to confirm."""
    found = RosterImport.objects.filter(pk=import_id, created_by=user).defer("content").first()
    if found is None:
        raise Http404
    return found


def roster_import_progress(*, roster_import: RosterImport) -> dict:
    return {
        "status": roster_import.status,
        "status_label": str(roster_import.get_status_display()),
        "phase": roster_import.progress.get("phase", ""),
        "rows": roster_import.rows,
        "done": roster_import.progress.get("done", 0),
        "finished": roster_import.finished,
    }


def roster_imports_recent(*, user, limit: int = 5) -> list[RosterImport]:
    """The user's last few imports, for the upload screen (so a queued import is easy to find again)."""
    return list(RosterImport.objects.filter(created_by=user).defer("content", "plan")[:limit])
