"""The one answer a roster import gives to bad input: every problem, by sheet, row and column."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row:
            where = _("%(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        else:
            where = self.sheet
        if self.column:
            where += _(", column “%(column)s”") % {"column": self.column}
        return f"{where}: {self.message}"


class RosterImportError(Exception):
    """Raised with every problem found; nothing has been written.

    `untouched_template` is set when every row is one of the template's examples, so the screen can
    say plainly that the file still holds the examples rather than list each row.
    """

    def __init__(self, errors: list[RowError], *, untouched_template: bool = False):
        self.errors = sorted(errors)
        self.untouched_template = untouched_template
        super().__init__(f"{len(self.errors)} problem(s) in the roster file")
