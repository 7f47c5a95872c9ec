"""`make run` points links at the address it serves on, unless ALONGSIDE_BASE_URL says otherwise."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="needs make")


def _dry_run(_env=None, **variables) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "ALONGSIDE_BASE_URL"}
    arguments = [f"{k}={v}" for k, v in variables.items()]
    result = subprocess.run(
        ["make", "-n", "-o", "install", "-o", "demo", "run", *arguments],
        cwd=ROOT,
        env={**environment, **(_env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_links_follow_host_and_port():
    output = _dry_run(PORT="8101")
    assert "Links in e-mails and printed cards use http://127.0.0.1:8101" in output


def test_an_explicit_base_url_wins():
    output = _dry_run(PORT="8101", _env={"ALONGSIDE_BASE_URL": "https://training.example.org"})
    assert "use https://training.example.org" in output


def test_ctrl_c_stops_the_worker_and_the_server():
    output = _dry_run()
    # The worker has its own session, so only the trap's single SIGTERM reaches it (Ctrl-C in a
    # terminal would otherwise hit django-q2's child processes too and hang its shutdown).
    assert "setsid" in output and "qcluster" in output
    assert "trap" in output and "kill -TERM" in output
