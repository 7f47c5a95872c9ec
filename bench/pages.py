"""Page bench (`make bench`): every main page's queries and time at the demo's size and ten times it.

Builds a fresh database (SQLite in /tmp unless --database is given), loads the demo, and opens every
page of `demo.pages.main_pages()` as its user with Django's test client: a warm-up pass, then `--rounds`
rounds, each timing the page right after the trivial view (a path nothing answers: Django's own 404),
so both share whatever else the machine is doing. It reports each page's queries, its median time and
that median divided by the trivial view's median. Then `demo.scale.widen(factor)` makes the provider
`--factor` times larger with the demo's own loaders, and the same pages are measured again.

Then, unless --no-solver: the demo's programme is planned again for all forty wards at once by the
solver with the default time limit (`plan_forty_wards`), and its figures are printed beside the
demo's own four-ward plan: sessions against the proven lower bound, people placed, seconds.

Targets (issue 16), all as ratios from one run: the same query count at 1x and 10x for every page; a
feed's 304 under 2x the trivial view at 10x; a cold feed under 0.3 ms per event; plan screen,
insights and CSV export under 10x the trivial view at 10x.

    python bench/pages.py [--factor 10] [--rounds 9] [--database URL] [--no-solver] [--keep]
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {
    "plan screen, programme": 10.0,
    "insights, programme": 10.0,
    "CSV export, programme": 10.0,
}


def setup(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    os.environ.setdefault("ALONGSIDE_BASE_URL", "http://127.0.0.1:8000")
    import django

    django.setup()
    from django.conf import settings

    # Timed as a deployment would run: no debug pages, no query log kept between requests; the demo's
    # e-mails and page logs stay out of the figures.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    logging.disable(logging.WARNING)


def fresh_database(database: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    if database.startswith("sqlite:///"):
        path = Path(database.removeprefix("sqlite://"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    if not _demo_is_planned():
        # The page figures need a published plan, not the solver's best one. load_demo plans its
        # current programme again while it is not published, so running it again with the greedy
        # plan plans and publishes that programme (and then adds the later draft).
        from django.conf import settings

        print("The solver could not plan the demo; using the greedy first-fit plan instead.")
        settings.ALONGSIDE_PLAN_GREEDY = True
        call_command("load_demo", stdout=io.StringIO())
        settings.ALONGSIDE_PLAN_GREEDY = False
        if not _demo_is_planned():
            raise SystemExit("The demo's programme could not be planned even with the greedy plan.")


def _demo_is_planned() -> bool:
    """The demo's current programme (the one starting on the demo's start date) is published."""
    from demo.plan import MODULE_SLUG
    from demo.roster import demo_start_date
    from scheduling.models import Programme

    return Programme.objects.filter(
        module__slug=MODULE_SLUG, start_date=demo_start_date(), status=Programme.Status.PUBLISHED
    ).exists()


def measure(rounds: int) -> dict:
    """Queries, median seconds and the ratio to the trivial view, per page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from demo.pages import TRIVIAL, Page, Visitor, main_pages

    pages = main_pages() + baseline_pages()
    visitor = Visitor()
    sizes, queries = {}, {}
    for page in pages:  # warm-up, and the query count
        visitor.open(page)
    for page in pages:
        if page.before:
            page.before()
        with CaptureQueriesContext(connection) as captured:
            response = visitor.open(page, prepare=False)
        queries[page.name] = len(captured.captured_queries)
        sizes[page.name] = len(response.content)
    times: dict[str, list[float]] = {page.name: [] for page in pages}
    trivial: dict[str | None, list[float]] = {}
    for _ in range(rounds):
        for page in pages:
            # The trivial view is asked by the same user's client, so signing in costs both alike.
            baseline = Page("trivial 404", TRIVIAL, page.username, status=404)
            for target, bucket in (
                (baseline, trivial.setdefault(page.username, [])),
                (page, times[page.name]),
            ):
                if target.before:
                    target.before()
                started = time.perf_counter()
                visitor.open(target, prepare=False)
                bucket.append(time.perf_counter() - started)
    base = {username: statistics.median(values) for username, values in trivial.items()}
    return {
        "trivial": base[None],
        "pages": {
            page.name: {
                "queries": queries[page.name],
                "seconds": statistics.median(times[page.name]),
                "ratio": statistics.median(times[page.name]) / base[page.username],
                "bytes": sizes[page.name],
            }
            for page in pages
        },
    }


def baseline_pages() -> list:
    """A second baseline beside the trivial 404: the smallest page in the Wagtail admin (a held
    session's "Change time or room" page: the admin's header, menu and sidebar around one sentence),
    so an admin page's ratio can be read against what the admin costs by itself."""
    from demo.pages import Page
    from demo.scale import held_programme
    from scheduling.models import Session

    held = Session.objects.filter(programme=held_programme(), status=Session.Status.HELD).first()
    return [
        Page(
            "admin baseline (smallest admin page)",
            f"/admin/training-plans/sessions/{held.pk}/change/",
            "coordinator",
        )
    ]


def feed_events() -> int:
    from demo.scale import demo_programme
    from scheduling.models import Session
    from scheduling.statuses import VISIBLE_SESSION_STATUSES

    return Session.objects.filter(
        programme=demo_programme(), status__in=VISIBLE_SESSION_STATUSES
    ).count()


def print_table(small: dict, large: dict, factor: int, events: tuple[int, int]) -> bool:
    width = max(len(name) for name in small["pages"]) + 2
    print(f"\n{'page':<{width}}{'queries 1x → ' + str(factor) + 'x':>18}"
          f"{'time ÷ trivial 1x → ' + str(factor) + 'x':>28}{'KB at ' + str(factor) + 'x':>12}")  # fmt: skip
    ok = True
    for name, one in small["pages"].items():
        many = large["pages"][name]
        grew = many["queries"] != one["queries"]
        target = TARGETS.get(name) or (2.0 if name.endswith(", 304") else None)
        missed = target is not None and many["ratio"] >= target
        ok = ok and not grew and not missed
        flag = " ← queries grow" if grew else ""
        flag += f" ← over {target:g}x" if missed else ""
        print(f"{name:<{width}}{one['queries']:>8} → {many['queries']:<7}"
              f"{one['ratio']:>14.1f} → {many['ratio']:<11.1f}{many['bytes'] / 1024:>10.0f}{flag}")  # fmt: skip
    print(f"\ntrivial 404: {small['trivial'] * 1000:.2f} ms at 1x, {large['trivial'] * 1000:.2f} ms "
          f"at {factor}x (median)")  # fmt: skip
    base = "admin baseline (smallest admin page)"
    for label, result in (("1x", small), (f"{factor}x", large)):
        plan = result["pages"]["plan screen, programme"]["ratio"]
        admin = result["pages"][base]["ratio"]
        print(f"plan screen at {label}: {plan:.1f}x the trivial 404, {plan / admin:.1f}x the "
              f"smallest admin page (which is {admin:.1f}x the 404)")  # fmt: skip
    for label, result, count in (("1x", small, events[0]), (f"{factor}x", large, events[1])):
        cold = result["pages"]["programme feed, cold"]["seconds"] * 1000
        answered = result["pages"]["programme feed, 304"]["seconds"] * 1000
        if not count:
            print(f"programme feed at {label}: no events, so no cost per event (the programme has "
                  "no published session)")  # fmt: skip
            ok = False
            continue
        trivial = result["trivial"] * 1000
        print(f"programme feed at {label}: {count} events, cold {cold:.1f} ms = {cold / count:.3f} "
              f"ms per event; building it (cold minus the 304's work) {(cold - answered) / count:.3f} "
              f"ms per event (target under 0.3) = {(cold - answered) / count / trivial:.4f} x the "
              "trivial 404 per event")  # fmt: skip
    return ok


def plan_forty_wards() -> None:
    """Plan the demo's current programme again, for every ward of the widened provider at once, with
    the default time limit, and print its figures.

    The widened demo holds that programme's four-ward plan copied to each group of wards (see
    `demo.scale`), which is what one group gets on its own. Here the copies are removed and the
    programme goes back to a draft, so the solver plans all forty wards together: the demo's own
    shape (its dates, times, shifts, routines, covered days, two rooms per four wards, leads and
    co-trainers scaled), and everyone due exactly as the demo's own people were.
    """
    from demo.scale import demo_programme
    from scheduling.models import PlanRun, Programme, Session
    from scheduling.services import plan_runs

    programme = demo_programme()
    demo_run = (
        PlanRun.objects.filter(programme=programme, status=PlanRun.Status.DONE)
        .order_by("pk")
        .first()
    )
    if demo_run is not None:
        print(f"\nSolver on the demo's 4 wards (load_demo, its own time limit): "
              f"{_figures(demo_run.result or {})}, {_seconds(demo_run):.1f} s wall")  # fmt: skip
    Session.objects.filter(programme=programme).delete()
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.DRAFT)
    limit = plan_runs.plan_time_limit()
    print(f"Solver on {programme.units.count()} wards in one programme, default time limit "
          f"{limit:g} s, load average {os.getloadavg()[0]:.1f} ...", flush=True)  # fmt: skip
    started = time.perf_counter()
    run = plan_runs.plan_run_create(programme=programme, user=None)
    run = plan_runs.plan_run_execute(run_id=run.pk)
    seconds = time.perf_counter() - started
    print(f"  run {run.status}: {run.message}")
    print(f"  {_figures(run.result or {})}, {seconds:.1f} s wall (solver limit {limit:g} s; the "
          "rest is building the problem, the release figures and saving)")  # fmt: skip


def _figures(result: dict) -> str:
    sessions, bound = result.get("sessions"), result.get("lower_bound")
    reached = bound is not None and sessions == bound
    return (
        f"status {result.get('status')}, {sessions} sessions, proven lower bound {bound} "
        f"({'reached' if reached else 'NOT reached'}), {result.get('people')} people, "
        f"{len(result.get('unplaced', []))} unplaced, solver {result.get('solve_seconds')} s"
    )


def _seconds(run) -> float:
    if run.started_at and run.finished_at:
        return (run.finished_at - run.started_at).total_seconds()
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument(
        "--database",
        default=f"sqlite:////tmp/alongside-bench-{os.getuid()}.sqlite3",
        help="a database URL the bench may wipe (default: a SQLite file in /tmp)",
    )
    parser.add_argument("--no-solver", action="store_true")
    args = parser.parse_args()
    setup(args.database)
    from demo import scale

    print(f"Alongside page bench: {args.database.split('@')[-1]}, {args.rounds} rounds, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    fresh_database(args.database)
    small = measure(args.rounds)
    events_small = feed_events()
    started = time.perf_counter()
    counts = scale.widen(factor=args.factor)
    print(f"Widened to {counts['units']} wards, {counts['people']} people, {counts['sessions']} "
          f"sessions, {counts['reflections']} reflections in {time.perf_counter() - started:.0f} s",
          flush=True)  # fmt: skip
    large = measure(args.rounds)
    ok = print_table(small, large, args.factor, (events_small, feed_events()))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if not args.no_solver:
        plan_forty_wards()
    print("\nAll page targets met." if ok else "\nSome page targets NOT met (marked above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
