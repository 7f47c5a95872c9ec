"""Writing a checked roster: only what the plan says is new or changed, in the caller's transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from scheduling.models import Person, Shift, Unavailability, Unit
from scheduling.services.roster import person_upsert

from .checking import CheckedRoster
from .planning import plan_counts

BATCH = 500


def roster_write(
    *, checked: CheckedRoster, plan: dict, progress: Callable[[int], None] | None = None
) -> Counter:
    """Write the plan's new and changed rows; the caller holds the transaction (all or nothing)."""
    units = {unit.slug: unit for unit in Unit.objects.all()}
    done = 0
    for entry in plan["people"]["new"] + plan["people"]["changed"]:
        record = checked.people[entry["code"]]
        person_upsert(
            code=record["code"],
            display_name=record["display_name"],
            kind=record["kind"],
            units=[units[slug] for slug in record["units"]],
            discipline=record["discipline"],
            is_floor_staff=record["is_floor_staff"],
            email=record["email"],
            communication_needs=record["communication_needs"],
            active=record["active"],
        )
        done += 1
        if progress and done % BATCH == 0:
            progress(done)
    codes = {item["code"] for item in checked.shifts} | {item["code"] for item in checked.windows}
    people = dict(Person.objects.filter(code__in=codes).values_list("code", "pk"))

    Shift.objects.bulk_create(
        [
            Shift(person_id=people[item["code"]], date=item["date"], kind=item["kind"])
            for item in plan["shifts"]["new"]
        ],
        batch_size=BATCH,
    )
    for item in plan["shifts"]["changed"]:
        Shift.objects.filter(person_id=people[item["code"]], date=item["date"]).update(
            kind=item["kind"]
        )
    windows = {
        (w["code"], w["start"].isoformat(), w["end"].isoformat()): w for w in checked.windows
    }
    Unavailability.objects.bulk_create(
        [
            Unavailability(
                person_id=people[item["code"]],
                start=windows[(item["code"], item["start"], item["end"])]["start"],
                end=windows[(item["code"], item["start"], item["end"])]["end"],
                reason=windows[(item["code"], item["start"], item["end"])]["reason"],
            )
            for item in plan["unavailable"]["new"]
        ],
        batch_size=BATCH,
    )
    for item in plan["unavailable"]["changed"]:
        window = windows[(item["code"], item["start"], item["end"])]
        Unavailability.objects.filter(
            person_id=people[item["code"]], start=window["start"], end=window["end"]
        ).update(reason=window["reason"])
    return Counter(plan_counts(plan))
