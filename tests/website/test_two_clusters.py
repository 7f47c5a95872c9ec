"""Two django-q2 clusters on one Redis broker: a task queued once is done once.

Run by CI after the demo is loaded into PostgreSQL (`.ci/run` sets ALONGSIDE_TWO_CLUSTERS=1, REDIS_URL
and DATABASE_URL); skipped elsewhere, because the clusters are real processes that need a migrated
database of their own, not the test database.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TASKS = 60

pytestmark = pytest.mark.skipif(
    not (os.environ.get("ALONGSIDE_TWO_CLUSTERS") and os.environ.get("REDIS_URL")),
    reason="needs REDIS_URL and a migrated DATABASE_URL (CI sets ALONGSIDE_TWO_CLUSTERS=1)",
)

ENQUEUE = (
    "import sys, django; django.setup();"
    "from django_q.tasks import async_task;"
    "[async_task('tests.website.queue_probe.record', sys.argv[1], n, task_name=f'probe-{n}')"
    " for n in range(int(sys.argv[2]))]"
)


def _wait_for(predicate, what: str, limit: float = 180) -> None:
    """Poll; the limit only stops a hung run, it is not a speed assertion."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"Gave up waiting for {what}.")


def test_a_task_queued_once_is_done_once_by_two_clusters(tmp_path):
    probe = tmp_path / "probe.txt"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "Q_WORKERS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    clusters, logs = [], []
    for number in range(2):
        logs.append(tmp_path / f"cluster-{number}.log")
        log = logs[-1].open("w")
        clusters.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    try:
        _wait_for(lambda: all("running" in log.read_text() for log in logs), "both clusters")
        subprocess.run(
            [sys.executable, "-c", ENQUEUE, str(probe), str(TASKS)],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
        _wait_for(
            lambda: probe.exists() and len(probe.read_text().splitlines()) >= TASKS, "the tasks"
        )
        time.sleep(3)  # let a duplicate, if there were one, reach the file too
    finally:
        for cluster in clusters:
            os.killpg(cluster.pid, signal.SIGTERM)
        for cluster in clusters:
            try:
                cluster.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(cluster.pid, signal.SIGKILL)
    lines = probe.read_text().splitlines()
    done = Counter(int(line.split()[0]) for line in lines)
    by_cluster = Counter(line.split()[1] for line in lines)
    print(f"\ntwo clusters: {len(lines)} executions of {TASKS} tasks, per cluster {by_cluster}")
    assert sorted(done) == list(range(TASKS))
    assert set(done.values()) == {1}
    assert len(by_cluster) == 2  # both clusters took tasks from the one queue
