"""Writes to the roster: people, their units and their shifts."""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from scheduling.models import Person, Shift, Unit


@transaction.atomic
def person_upsert(
    *,
    code: str,
    display_name: str,
    kind: str,
    units: Sequence[Unit],
    discipline: str = "",
    is_floor_staff: bool | None = None,
    email: str = "",
    communication_needs: Sequence[str] = (),
    active: bool = True,
) -> tuple[Person, str]:
    """Create or update the person with this roster code; returns (person, "created" | "updated" |
    "unchanged"), so an import can say what it did and a second run of the same file changes nothing.

    `is_floor_staff` defaults from the discipline (nurses and support workers work the floor), so an
    import file only needs the column when a person is an exception.
    """
    if is_floor_staff is None:
        is_floor_staff = kind == Person.Kind.STAFF and discipline in Person.FLOOR_DISCIPLINES
    person = Person.objects.filter(code=code).first() or Person(code=code)
    created = person.pk is None
    before = None if created else _snapshot(person)
    person.display_name = display_name
    person.kind = kind
    person.discipline = discipline
    person.is_floor_staff = is_floor_staff
    person.email = email
    person.communication_needs = list(communication_needs)
    person.active = active
    person.full_clean(exclude=["units", "user"], validate_unique=False)
    changed = created or _snapshot(person) != before
    if changed:
        person.save()
    if set(person.units.values_list("pk", flat=True)) != {unit.pk for unit in units}:
        person.units.set(units)
        changed = True
    if created:
        return person, "created"
    return person, "updated" if changed else "unchanged"


def _snapshot(person: Person) -> tuple:
    return (
        person.display_name,
        person.kind,
        person.discipline,
        person.is_floor_staff,
        person.email,
        sorted(person.communication_needs or []),
        person.active,
    )


def _pattern_kinds(pattern: str) -> list[str]:
    codes = [code for code in pattern.upper() if not code.isspace()]
    if not codes:
        raise ValidationError(_("Enter a rota pattern, for example “EELLOOO”."))
    unknown = sorted({code for code in codes if code not in Shift.CODES})
    if unknown:
        raise ValidationError(
            _("The rota pattern has letters we do not know: %(letters)s. Use %(known)s.")
            % {"letters": ", ".join(unknown), "known": ", ".join(Shift.CODES)}
        )
    return [Shift.CODES[code] for code in codes]


@transaction.atomic
def shifts_apply_pattern(
    *, people: Iterable[Person], start: date, end: date, pattern: str, offset: int = 0
) -> int:
    """Write a repeating rota: day `start` takes the pattern's letter at `offset`, and so on.

    Existing shifts on those dates are replaced, so entering a corrected rota twice is safe.
    Returns the number of shifts written.
    """
    if end < start:
        raise ValidationError(_("The last day must not be before the first day."))
    kinds = _pattern_kinds(pattern)
    rows = []
    for person in people:
        if person.kind != Person.Kind.STAFF:
            raise ValidationError(
                _("%(name)s is a resident; shifts are only for staff.") % {"name": person}
            )
        day = start
        index = offset
        while day <= end:
            rows.append(Shift(person=person, date=day, kind=kinds[index % len(kinds)]))
            day += timedelta(days=1)
            index += 1
    Shift.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["person", "date"], update_fields=["kind"]
    )
    return len(rows)
