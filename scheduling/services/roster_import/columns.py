"""The sheets and columns of a roster file, shared by the reader, the checker and the template."""

PEOPLE_COLUMNS = [
    "code",
    "display_name",
    "kind",
    "discipline",
    "floor_staff",
    "units",
    "email",
    "communication_needs",
    "active",
]
SHIFT_COLUMNS = ["code", "date", "shift"]
UNAVAILABLE_COLUMNS = ["code", "start", "end", "reason"]
SHEETS = {"people": PEOPLE_COLUMNS, "shifts": SHIFT_COLUMNS, "unavailable": UNAVAILABLE_COLUMNS}
REQUIRED = {
    "people": {"code", "display_name", "kind", "units"},
    "shifts": {"code", "date", "shift"},
    "unavailable": {"code", "start", "end"},
}
# The template's example rows use codes with this prefix, which the importer refuses: an untouched or
# half-edited template can never match, rename or re-book a real person.
EXAMPLE_PREFIX = "EXAMPLE-"
# The longest roster code (Person.code's max_length), checked before the database sees it.
CODE_MAX_LENGTH = 40
