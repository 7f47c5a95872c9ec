"""Roster import bench (`make bench`): preview and write time per row at two sizes, and peak memory.

Builds a fresh SQLite database in /tmp (or --database), with one unit and `--people` staff, then for a
small and a large shifts file (`--small`, `--large` rows) measures, in one run:

- the preview: reading, checking every row and working out the plan (what the coordinator waits for
  after "Check the file");
- the write: `roster_import_execute`, which checks again and saves everything in one transaction (what
  the worker does after "Import these changes"), on a copy of the roster without those shifts.

It prints milliseconds per 1,000 rows for each, and the large file's per-row cost divided by the small
file's: the target is under 1.5 (the import grows linearly, no per-row query). It also prints the
preview's peak Python memory for the large file (tracemalloc), against the file's own size.

    python bench/roster_import.py [--small 1000] [--large 10000] [--people 200] [--database URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.5


def setup(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def roster(people: int):
    from django.contrib.auth import get_user_model

    from scheduling.models import Person, Unit

    unit = Unit.objects.create(name="Bench Ward", slug="bench")
    for index in range(people):
        person = Person.objects.create(
            code=f"BEN-S{index:04d}",
            display_name=f"Bench Person {index}",
            kind="staff",
            discipline="nurse",
            is_floor_staff=True,
        )
        person.units.add(unit)
    return get_user_model().objects.create(username="bench-coordinator")


def shifts_file(rows: int, people: int) -> bytes:
    start = date(2030, 1, 1)
    lines = ["code,date,shift"]
    for index in range(rows):
        day = start + timedelta(days=index // people)
        lines.append(f"BEN-S{index % people:04d},{day.isoformat()},early")
    return ("\n".join(lines) + "\n").encode()


def measure(content: bytes, user, rounds: int) -> tuple[float, float]:
    """Median seconds for the preview and for the write of this file."""
    from scheduling.models import Shift
    from scheduling.services.roster_import import batches

    previews, writes = [], []
    for _round in range(rounds):
        Shift.objects.all().delete()
        started = time.perf_counter()
        preview = batches.roster_import_preview(name="bench.csv", content=content, user=user)
        previews.append(time.perf_counter() - started)
        preview.status = preview.Status.QUEUED
        preview.save(update_fields=["status"])
        started = time.perf_counter()
        done = batches.roster_import_execute(import_id=preview.pk)
        writes.append(time.perf_counter() - started)
        assert done.status == "done", done.message
    return statistics.median(previews), statistics.median(writes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="alongside-roster-bench-")
    setup(args.database or f"sqlite:///{folder}/bench.sqlite3")
    user = roster(args.people)

    figures = {}
    for label, rows in (("small", args.small), ("large", args.large)):
        preview, write = measure(shifts_file(rows, args.people), user, args.rounds)
        figures[label] = (rows, preview, write)
        print(
            f"{rows:>6} rows: preview {preview * 1000 / rows * 1000:7.1f} ms per 1,000 rows, "
            f"write {write * 1000 / rows * 1000:7.1f} ms per 1,000 rows"
        )

    from scheduling.services.roster_import import roster_check_files, roster_plan

    content = shifts_file(args.large, args.people)
    tracemalloc.start()
    roster_plan(checked=roster_check_files(files=[("bench.csv", content)]))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"preview peak memory for {args.large} rows: {peak / 1e6:.1f} MB "
        f"({peak / len(content):.0f}x the file's {len(content) / 1e6:.2f} MB)"
    )

    small_rows, small_preview, small_write = figures["small"]
    large_rows, large_preview, large_write = figures["large"]
    for name, small, large in (
        ("preview", small_preview, large_preview),
        ("write", small_write, large_write),
    ):
        ratio = (large / large_rows) / (small / small_rows)
        verdict = "ok" if ratio < TARGET_RATIO else "ABOVE TARGET"
        print(
            f"{name}: per-row cost at {large_rows} / at {small_rows} = {ratio:.2f} "
            f"(target < {TARGET_RATIO}) {verdict}"
        )


if __name__ == "__main__":
    main()
