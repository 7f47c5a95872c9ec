"""Load script (`make bench`): 100 attendees and 50 calendar programs against gunicorn, for 60 seconds.

For each database (SQLite in /tmp always; PostgreSQL too when BENCH_POSTGRES_URL names a database the
bench may wipe) it builds the demo widened ten times with the demo's own loaders, takes the register of
enough sessions that every attendee has a card of their own, makes feed links (people's, wards',
programmes' and trainers'), starts gunicorn with 3 workers on 127.0.0.1 and runs locust headless
(`bench/locustfile.py`): attendees open their card and send their reflection, again and again (later
sends are edits); calendar programs poll their feed with the ETag they were given. It prints requests
per second, p50, p95 and errors per kind of request. Traffic goes to the loopback address only, and
every run stops by itself (locust's --run-time; the whole step is bounded by a timeout).

    python bench/load.py [--database URL ...] [--seconds 60] [--attendees 100] [--calendars 50]
                         [--workers 3] [--factor 10] [--reuse]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SETTINGS = "website.settings.dev"  # with DJANGO_DEBUG=0: no debug pages, the default caches


def _env(database: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_DEBUG="0",
        ALONGSIDE_BASE_URL="http://127.0.0.1:8000",
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare(database: str, *, factor: int, attendees: int, calendars: int, reuse: bool) -> dict:
    """Build the data in a child process (Django is set up there, not here) and return the addresses."""
    out = Path(tempfile.mkstemp(prefix="alongside-load-", suffix=".json")[1])
    code = (
        "import sys; sys.path.insert(0, 'bench'); import load; "
        f"load._prepare_here({database!r}, {factor}, {attendees}, {calendars}, {reuse}, {str(out)!r})"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(database), check=True)
    return json.loads(out.read_text())


def _prepare_here(database, factor, attendees, calendars, reuse, out) -> None:
    import pages  # bench/pages.py: the same fresh database and widening as the page bench

    pages.setup(database)
    from demo import scale

    if not (reuse and _widened(factor)):
        pages.fresh_database(database)
        scale.widen(factor=factor)
    data = {"cards": _cards(attendees), "feeds": _feeds(calendars)}
    Path(out).write_text(json.dumps(data))


def _widened(factor: int) -> bool:
    from django.db.utils import DatabaseError

    from scheduling.models import Unit

    try:
        return Unit.objects.count() >= 4 * factor
    except DatabaseError:
        return False


def _cards(count: int) -> list[str]:
    """An unanswered card for each attendee. Registers are only taken on the day and a sent card can
    only be changed from its author's browser, so the script holds sessions of its own: a week
    before each held demo session, the same ward and people, in a programme of its own, with the
    register taken on the day (everyone present) and nobody's reflection written yet."""
    from datetime import timedelta

    from django.contrib.auth.models import User
    from django.urls import reverse

    from reflections import services
    from scheduling.models import Attendance, Programme, Session
    from scheduling.services.attendance import attendance_mark

    coordinator = User.objects.get(username="coordinator")
    from django.utils import timezone

    # Only recent sessions: copies of older ones (e.g. the demo's earlier programme, a year back) would
    # have cards past their link window, and every open would answer 404.
    recent = timezone.now() - timedelta(days=7)
    held = list(
        Session.objects.filter(status=Session.Status.HELD, start__gte=recent)
        .select_related("programme")
        .prefetch_related("attendances")
        .order_by("start", "pk")
    )
    if not held:
        raise SystemExit("The demo has no held session to copy, so there is no card to open.")
    first = held[0].programme
    programme = Programme.objects.create(
        name="Load script sessions", module=first.module, start_date=first.start_date - timedelta(days=7),
        end_date=first.end_date, slot_times=first.slot_times, weekdays=first.weekdays,
        status=Programme.Status.PUBLISHED,
    )  # fmt: skip
    cards = []
    for session in held:
        if len(cards) >= count:
            break
        copy = Session.objects.create(
            programme=programme, unit=session.unit, room=session.room, lead=session.lead,
            start=session.start - timedelta(days=7), end=session.end - timedelta(days=7),
            status=Session.Status.PUBLISHED,
        )  # fmt: skip
        for booking in session.attendances.all():
            attendance = Attendance.objects.create(
                session=copy,
                person_id=booking.person_id,
                programme=programme,
                each_unit=booking.each_unit,  # one booking per ward for those who attend with each
            )
            attendance = attendance_mark(
                attendance=attendance, status="present", user=coordinator,
                now=copy.start + timedelta(minutes=5),
            )  # fmt: skip
            _link, token = services.reflection_link_ensure(attendance=attendance)
            cards.append(reverse("reflections:card", args=[token]))
    if len(cards) < count:
        print(f"{len(cards)} distinct cards for {count} attendees (some cards are shared).")
    return cards[:count]


def _feeds(count: int) -> list[str]:
    """Feed links as a provider's subscribers would hold them: mostly people's own, then wards',
    trainers' and programmes'."""
    from django.urls import reverse

    from scheduling.models import Facilitator, Person, Programme, Unit
    from scheduling.services.calendar_feeds import feed_token_create

    targets = [{"unit": u} for u in Unit.objects.order_by("pk")[: count // 5]]
    targets += [{"facilitator": f} for f in Facilitator.objects.order_by("pk")[: count // 10]]
    targets += [{"programme": p} for p in Programme.objects.order_by("pk")[:2]]
    people = Person.objects.filter(attendances__isnull=False).distinct().order_by("pk")
    targets += [{"person": p} for p in people[: max(count - len(targets), 0)]]
    return [
        reverse("scheduling:feed", args=[feed_token_create(**target)[1]])
        for target in targets[:count]
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own loopback server
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url} within {seconds:.0f} s.")


def run(database: str, data: dict, args) -> dict:
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "website.wsgi:application", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT, env=_env(database), start_new_session=True,
    )  # fmt: skip
    try:
        _wait_until_up(host + "/")
        with tempfile.TemporaryDirectory() as folder:
            data_file = Path(folder) / "data.json"
            data_file.write_text(json.dumps(data))
            prefix = Path(folder) / "stats"
            env = _env(database) | {
                "ALONGSIDE_LOAD_DATA": str(data_file),
                "ALONGSIDE_LOAD_ATTENDEES": str(args.attendees),
                "ALONGSIDE_LOAD_CALENDARS": str(args.calendars),
            }
            users = args.attendees + args.calendars
            subprocess.run(
                [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                 "--users", str(users), "--spawn-rate", str(users), "--run-time",
                 f"{args.seconds}s", "--stop-timeout", "5", "--host", host, "--csv", str(prefix),
                 "--only-summary", "--loglevel", "WARNING"],
                cwd=ROOT, env=env, timeout=args.seconds + 120, check=False,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            return _read_stats(prefix)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)


def _read_stats(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    failures = []
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with open(failures_file, encoding="utf-8") as handle:
            failures = [
                f"{row['Occurrences']} × {row['Name']}: {row['Error']}"
                for row in csv.DictReader(handle)
            ]
    return {"rows": rows, "failures": failures}


def report(label: str, stats: dict, load_before: float) -> bool:
    print(f"\n{label} (load average before the run {load_before:.1f}, after "
          f"{os.getloadavg()[0]:.1f})")  # fmt: skip
    print(f"  {'requests':<20}{'count':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'errors':>8}")
    ok = True
    for name, row in stats["rows"].items():
        label = "all" if name == "Aggregated" else name
        print(f"  {label:<20}{row['Request Count']:>8}{float(row['Requests/s']):>8.1f}"
              f"{row['50%']:>8}{row['95%']:>8}{row['Failure Count']:>8}")  # fmt: skip
        ok = ok and row["Failure Count"] == "0"
    for failure in stats["failures"]:
        print(f"  error: {failure}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", action="append", help="database URL(s) the bench may wipe")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--attendees", type=int, default=100)
    parser.add_argument("--calendars", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep already widened data")
    args = parser.parse_args()
    databases = args.database or [f"sqlite:////tmp/alongside-load-{os.getuid()}.sqlite3"]
    if not args.database and os.environ.get("BENCH_POSTGRES_URL"):
        databases.append(os.environ["BENCH_POSTGRES_URL"])
    print(f"Alongside load script: {args.attendees} attendees and {args.calendars} calendar "
          f"programs for {args.seconds} s, gunicorn with {args.workers} workers, "
          f"{args.factor}x the demo, {os.cpu_count()} CPUs")  # fmt: skip
    if len(databases) == 1:
        print("(PostgreSQL too: set BENCH_POSTGRES_URL to a database the bench may wipe.)")
    ok = True
    for database in databases:
        kind = "PostgreSQL" if database.startswith("postgres") else "SQLite"
        data = prepare(database, factor=args.factor, attendees=args.attendees,
                       calendars=args.calendars, reuse=args.reuse)  # fmt: skip
        load_before = os.getloadavg()[0]
        ok = report(kind, run(database, data, args), load_before) and ok
    print("\nNo errors." if ok else "\nErrors (listed above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
