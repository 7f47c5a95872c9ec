"""The downloadable template: the three sheets, their columns, and example rows that can never be real.

Every example code starts with `EXAMPLE_PREFIX`, which the importer refuses, so a template uploaded as it
is, or with an example row left in, cannot rename, re-book or create anyone.
"""

import io

from .columns import EXAMPLE_PREFIX, SHEETS


def _code(suffix: str) -> str:
    return f"{EXAMPLE_PREFIX}{suffix}"


def template_examples() -> dict[str, list[list[str]]]:
    return {
        "people": [
            [
                _code("N01"),
                "Amira K.",
                "staff",
                "nurse",
                "",
                "birch",
                "amira@example.org",
                "",
                "yes",
            ],
            [_code("R01"), "Cai D.", "resident", "", "", "birch", "", "easy_read", "yes"],
            [
                _code("MDT01"),
                "Nell P.",
                "staff",
                "psychologist",
                "no",
                "birch;cedar",
                "",
                "",
                "yes",
            ],
        ],
        "shifts": [[_code("N01"), "2027-01-11", "early"], [_code("MDT01"), "2027-01-11", "day"]],
        "unavailable": [[_code("R01"), "2027-01-12 09:30", "2027-01-12 12:00", "appointment"]],
    }


def roster_template_xlsx() -> bytes:
    """A workbook with the three sheets, their columns and example rows to replace."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    examples = template_examples()
    for index, (name, columns) in enumerate(SHEETS.items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = name.capitalize()
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for example in examples[name]:
            sheet.append(example)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
