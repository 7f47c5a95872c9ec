"""The embedded default never loses a write: the real web server and the real worker on one SQLite file.

8 threads make 200 writes through HTTP (register taps, plan moves, reflection sends) while `qcluster`
solves a plan and sends invitations. Every write must answer as it does for one person alone, and every
one must be in the database afterwards; the worker must finish its tasks without a failure.
"""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from tests.website.concurrency_world import LAUNCH

ROOT = Path(__file__).resolve().parents[2]
THREADS = 8

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite").split(":")[0] != "sqlite",
    reason="about the embedded SQLite default; the PostgreSQL run has real row locks",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args, env, **kwargs):
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, **kwargs
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _start(args, env, log: Path) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_until(predicate, *, limit: float, what: str) -> None:
    """Poll without asserting how long it took: the limit only stops a hung run."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"Gave up waiting for {what}.")


class Writer:
    """One browser-like client: signed in by session cookie, CSRF token in cookie and header."""

    def __init__(self, base: str, session_key: str, csrf: str):
        self.base = base
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key)
        self.http.cookies.set("csrftoken", csrf)
        self.http.headers["X-CSRFToken"] = csrf
        # A fresh connection per write: a kept-alive one that the server has just closed would fail
        # on the client side (requests never resends a POST), which is not what this test measures.
        self.http.headers["Connection"] = "close"

    def post(self, path: str, data: dict, **headers) -> requests.Response:
        return self.http.post(
            self.base + path, data=data, headers=headers, allow_redirects=False, timeout=120
        )


def _db(path: Path):
    connection = sqlite3.connect(path, timeout=60)
    connection.execute("PRAGMA busy_timeout=60000")
    return connection


def _live_session(db_path: Path, programme: int, person: int) -> int | None:
    with _db(db_path) as connection:
        row = connection.execute(
            "SELECT session_id FROM scheduling_attendance WHERE programme_id=? AND person_id=?"
            " AND status NOT IN ('absent','cancelled','declined','excused')",
            (programme, person),
        ).fetchone()
    return row[0] if row else None


def test_two_hundred_writes_from_eight_threads_while_the_worker_runs(
    tmp_path, migrated_sqlite_file
):
    db_path = migrated_sqlite_file
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "ALONGSIDE_EMAIL_DIR": str(mail_dir),
        "ALONGSIDE_PLAN_TIME_LIMIT": "5",
        "Q_WORKERS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    python = sys.executable
    # In a run with database tests the file already has every migration (a copy of the test database
    # as they made it): `migrate` then applies nothing, in seconds rather than half a minute.
    _run([python, "manage.py", "migrate", "--noinput", "-v0"], env)
    _run([python, "manage.py", "createcachetable"], env)
    world = json.loads(_run([python, "-c", LAUNCH], env))

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    web = _start(
        [
            str(Path(python).parent / "gunicorn"),
            "website.wsgi",
            "--workers=2",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--timeout=120",
        ],
        env,
        web_log,
    )
    worker = _start([python, "manage.py", "qcluster"], env, worker_log)
    try:
        _wait_until(lambda: _answers(base), limit=120, what="the web server")
        _run([python, "-c", LAUNCH, "queue"], env, input=json.dumps(world))
        outcomes, started, finished = _write_from_threads(base, world, db_path)
        _wait_until(
            lambda: _worker_done(db_path, world),
            limit=300,
            what="the worker's plan and invitations",
        )
    finally:
        _stop(web)
        _stop(worker)

    failures = [o for o in outcomes if not o["ok"]]
    counts = Counter(o["kind"] for o in outcomes)
    with _db(db_path) as connection:
        tasks = connection.execute(
            "SELECT func, success, started, stopped FROM django_q_task"
        ).fetchall()
        delivered = connection.execute("SELECT count(*) FROM scheduling_invitedelivery").fetchone()
        reflections = connection.execute(
            "SELECT count(*) FROM reflections_reflection WHERE status='sent'"
        ).fetchone()[0]
        statuses = dict(
            connection.execute(
                "SELECT id, status FROM scheduling_attendance WHERE session_id=?",
                (world["live_session"],),
            ).fetchall()
        )
    overlap = sum(1 for _f, _s, start, _e in tasks if start and _stamp(start) < finished)
    print(
        f"\nconcurrency: {len(outcomes)} writes from {THREADS} threads "
        f"({counts['tap']} register taps, {counts['move']} plan moves, {counts['send']} reflection "
        f"sends) in {finished - started:.1f}s; errors {len(failures)}; worker tasks {len(tasks)} "
        f"({sum(1 for t in tasks if not t[1])} failed, {overlap} started during the writes); "
        f"invitations delivered {delivered[0]}/{world['expected_invitations']}; "
        f"e-mail files {len(list(mail_dir.glob('*.eml')))}"
    )
    logs = web_log.read_text() + worker_log.read_text()
    assert "database is locked" not in logs
    assert "Traceback" not in logs, logs[-4000:]
    assert len(outcomes) == 200
    assert failures == []
    # Nothing lost: every register's last tap, every moved person's last move, every card sent.
    assert statuses == {pk: "left_early" for pk in world["register"]}
    for mover in world["movers"]:
        other = "afternoon" if mover["starts_in"] == "morning" else "morning"
        assert (
            _live_session(db_path, world["draft_programme"], mover["person"])
            == world["sessions"][other]
        )
    assert reflections == len(world["tokens"])
    assert tasks and all(success for _f, success, _s, _e in tasks)
    assert delivered[0] == world["expected_invitations"]
    assert len(list(mail_dir.glob("*.eml"))) == world["expected_invitations"]


def _stamp(value: str) -> float:
    return datetime.fromisoformat(value).replace(tzinfo=UTC).timestamp()


def _answers(base: str) -> bool:
    try:
        return requests.get(base + "/account/login/", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def _worker_done(db_path: Path, world: dict) -> bool:
    with _db(db_path) as connection:
        run = connection.execute(
            "SELECT status FROM scheduling_planrun WHERE programme_id=?", (world["to_solve"],)
        ).fetchone()
        delivered = connection.execute("SELECT count(*) FROM scheduling_invitedelivery").fetchone()[
            0
        ]
        queued = connection.execute("SELECT count(*) FROM django_q_ormq").fetchone()[0]
    finished = run is not None and run[0] in {"done", "failed"}
    return finished and delivered >= world["expected_invitations"] and queued == 0


def _jobs_for(thread: int, world: dict) -> list[tuple]:
    """This thread's 25 writes, interleaved: 10 taps, 7 moves and 8 sends."""
    taps = []
    for pk in world["register"][thread * 5 : thread * 5 + 5]:
        taps += [("tap", pk, "present"), ("tap", pk, "left_early")]
    mover = world["movers"][thread]
    where = mover["starts_in"]
    moves = []
    for _ in range(7):
        where = "afternoon" if where == "morning" else "morning"
        moves.append(("move", mover["person"], where))
    sends = [("send", token, None) for token in world["tokens"][thread * 8 : thread * 8 + 8]]
    jobs = []
    for index in range(10):
        for queue in (taps, moves, sends):
            if index < len(queue):
                jobs.append(queue[index])
    return jobs


def _write_from_threads(base: str, world: dict, db_path: Path):
    outcomes: list[dict] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def run(thread: int):
        lead = Writer(base, world["lead"], world["csrf"])
        coordinator = Writer(base, world["coordinator"], world["csrf"])
        card = Writer(base, "", world["csrf"])
        barrier.wait()
        for kind, target, value in _jobs_for(thread, world):
            try:
                ok, detail = _write(kind, target, value, lead, coordinator, card, world, db_path)
            except requests.RequestException as error:
                ok, detail = False, repr(error)
            with lock:
                outcomes.append({"kind": kind, "ok": ok, "detail": detail})

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, started, time.time()


def _write(kind, target, value, lead, coordinator, card, world, db_path):
    if kind == "tap":
        response = lead.post(
            f"/reflect/register/{target}/", {"status": value}, **{"X-Requested-With": "fetch"}
        )
        ok = response.status_code == 200 and response.json().get("ok") is True
        return ok, f"tap {target}: {response.status_code} {response.text[:200]}"
    if kind == "move":
        session = world["sessions"][value]
        response = coordinator.post(
            f"/admin/training-plans/{world['draft_programme']}/move/",
            {"person": target, "session": session},
        )
        landed = _live_session(db_path, world["draft_programme"], target) == session
        return response.status_code == 302 and landed, f"move {target}: {response.status_code}"
    data = {"action": "send", **{f"q-{q}": "4" for q in world["question_ids"]}}
    response = card.post(f"/reflect/r/{target}/", data)
    ok = response.status_code == 302 and "saved=sent" in response.headers.get("Location", "")
    return ok, f"send: {response.status_code}"
