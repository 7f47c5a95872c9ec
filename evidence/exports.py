"""CSV rows for the evidence reports: the same figures as the pages, hidden cells as words only.

The views write them through `website.csv_export`, the project's one spreadsheet-formula guard.
"""

from django.utils.translation import gettext as _

from .selectors.coverage import COLUMNS
from .selectors.scopes import Scope


def _hidden_words(min_group: int) -> str:
    return _("fewer than %(n)d") % {"n": min_group}


def coverage_csv_rows(sections: list[dict]) -> list[list]:
    """One row per scope, group and measure: count and percentage of the places due."""
    rows = [["scope", "group", "measure", "count", "percent_of_due"]]
    for section in sections:
        hidden = _hidden_words(section["min_group"])
        for row in section["rows"]:
            for column, cell in zip(COLUMNS, row["cells"], strict=True):
                rows.append(
                    [
                        section["scope"].label,
                        row["label"],
                        column,
                        hidden if cell["hidden"] else cell["count"],
                        "" if cell["percent"] is None else cell["percent"],
                    ]
                )
        rows.append([section["scope"].label, "", "gap", section["gap"], ""])
    return rows


def said_csv_rows(*, scope: Scope, ratings: dict, ideas: dict) -> list[list]:
    """Average ratings per programme and group, then the ideas by source and stage."""
    hidden = _hidden_words(ratings["min_group"])
    rows = [["scope", "programme", "module", "first_day", "group", "reflections", "average_rating"]]
    for point in ratings["points"]:
        for group in point["groups"]:
            rows.append(
                [
                    scope.label,
                    point["programme"].name,
                    point["module_title"],
                    point["programme"].start_date.isoformat(),
                    group["kind"],
                    hidden if group["hidden"] else group["n"],
                    hidden if group["hidden"] else ("" if group["mean"] is None else group["mean"]),
                ]
            )
    rows.append([])
    rows.append(["ideas_source", "in_backlog", "in_a_draft", "published", "not_taken_up", "total"])
    for row in ideas["rows"]:
        rows.append(
            [
                row["label"],
                row["backlog"],
                row["draft"],
                row["published"],
                row["declined"],
                row["total"],
            ]
        )
    return rows
