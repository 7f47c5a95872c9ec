"""Roster import from CSV or XLSX: read, check every row, preview the changes, then write them all.

A file is read completely and checked before anything is written (`reading`, `checking`); one bad row
means nothing is saved, and the coordinator sees every problem at once (sheet, row, column, reason).
What the file would change is worked out as a plan (`planning`) that the admin shows as a preview; only
"Import these changes" writes it (`batches`), atomically, and only if the roster still gives the same
plan. Rows are matched by natural keys (a person's roster code; person and date for shifts; person,
start and end for unavailable times), so importing the same file again changes nothing.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .checking import CheckedRoster, roster_check
from .columns import EXAMPLE_PREFIX, SHEETS
from .errors import RosterImportError, RowError
from .planning import plan_counts, plan_digest, plan_has_changes, roster_plan
from .reading import ImportLimits, roster_file_read, too_big_error
from .template import roster_template_xlsx
from .writing import roster_write

__all__ = [
    "EXAMPLE_PREFIX",
    "SHEETS",
    "CheckedRoster",
    "ImportLimits",
    "ImportResult",
    "counts_summary",
    "RosterImportError",
    "RowError",
    "plan_counts",
    "plan_digest",
    "plan_has_changes",
    "roster_check_files",
    "roster_import",
    "roster_plan",
    "roster_template_xlsx",
]


@dataclass
class ImportResult:
    counts: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        return counts_summary(self.counts)


def counts_summary(counts) -> str:
    labels = {"people": _("People"), "shifts": _("Shifts"), "unavailable": _("Unavailable times")}
    parts = []
    for what, label in labels.items():
        c = {k: counts.get(f"{what}_{k}", 0) for k in ("created", "updated", "unchanged")}
        if any(c.values()):
            parts.append(
                _("%(what)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged")
                % {"what": label, **c}
            )
    return "; ".join(parts) or _("The file had no rows.")


def roster_check_files(
    *,
    files: list[tuple[str, bytes]],
    limits: ImportLimits | None = None,
    progress: Callable[[int], None] | None = None,
) -> CheckedRoster:
    """Read and check every file; raise RosterImportError with every problem, or return the rows."""
    limits = limits or ImportLimits.from_settings()
    total = sum(len(content) for _name, content in files)
    if total > limits.max_bytes:
        raise RosterImportError([too_big_error(name=files[0][0], size=total, limits=limits)])
    sheets, errors = [], []
    for name, content in files:
        try:
            sheets.extend(roster_file_read(name=name, content=content, limits=limits))
        except RosterImportError as error:
            errors.extend(error.errors)
    checked = roster_check(sheets=sheets, progress=progress) if not errors else CheckedRoster()
    errors.extend(checked.errors)
    if checked.rows > limits.max_rows:
        errors.append(
            RowError(
                files[0][0],
                0,
                "",
                _("These files have %(rows)s rows together; one import takes at most %(limit)s.")
                % {"rows": checked.rows, "limit": limits.max_rows},
            )
        )
    if errors:
        raise RosterImportError(errors, untouched_template=checked.untouched_template)
    return checked


@transaction.atomic
def roster_import(*, files: list[tuple[str, bytes]]) -> ImportResult:
    """Check every row of every file, then write them all, or raise RosterImportError and write nothing.

    For the management command (an operator's tool, no preview); the admin previews first (`batches`).
    """
    checked = roster_check_files(files=files)
    counts = roster_write(checked=checked, plan=roster_plan(checked=checked))
    return ImportResult(counts=counts)
