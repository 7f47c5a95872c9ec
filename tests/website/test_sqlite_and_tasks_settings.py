"""The embedded SQLite default queues writes instead of failing, and failed tasks are retried."""

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _settings_of(module: str, tmp_path, **env) -> dict:
    """Load a settings module in a fresh interpreter and return its database and queue settings."""
    code = (
        "import importlib, json, sys; settings = importlib.import_module(sys.argv[1]);"
        "print(json.dumps({'db': settings.DATABASES['default'], 'q': settings.Q_CLUSTER},"
        " default=str))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "DJANGO_SECRET_KEY": "x" * 60,
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code, module],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "module", ["website.settings.dev", "website.settings.production", "website.settings.test"]
)
def test_every_environment_on_sqlite_takes_the_write_lock_up_front(module, tmp_path):
    loaded = _settings_of(module, tmp_path)
    options = loaded["db"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout=" in options["init_command"]
    assert options["timeout"] >= 5


def test_postgres_gets_no_sqlite_options(tmp_path):
    loaded = _settings_of(
        "website.settings.dev", tmp_path, DATABASE_URL="postgres://u:p@127.0.0.1:5432/x"
    )
    assert "transaction_mode" not in loaded["db"].get("OPTIONS", {})


@pytest.mark.parametrize("module", ["website.settings.dev", "website.settings.production"])
def test_failed_tasks_are_retried_after_their_timeout(module, tmp_path):
    q = _settings_of(module, tmp_path)["q"]
    assert q["retry"] > q["timeout"]
    assert q["max_attempts"] > 1
    assert not q.get("ack_failures")
    # A careless override cannot make a retry start while the first attempt still runs.
    q = _settings_of(module, tmp_path, Q_TIMEOUT="100", Q_RETRY="50", Q_MAX_ATTEMPTS="1")["q"]
    assert q["retry"] > q["timeout"] == 100
    assert q["max_attempts"] > 1


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite options apply to SQLite only")
def test_the_test_database_connects_with_these_options():
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


def test_two_writers_queue_instead_of_failing(tmp_path, django_db_blocker):
    """With the project's options, a writer that finds the file locked waits for its turn.

    One connection holds the write lock while another starts a transaction that reads, then writes;
    under SQLite's default DEFERRED mode the second fails at once with "database is locked" when it
    upgrades, under IMMEDIATE it queues at BEGIN and succeeds.
    """
    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = str(tmp_path / "queue.sqlite3")
    # The project's SQLite settings, whichever database this run's default is (CI runs it on PostgreSQL too).
    sqlite_default = _settings_of("website.settings.test", tmp_path)["db"]
    database = {**settings.DATABASES["default"], **sqlite_default, "NAME": path, "TEST": {}}
    errors, holding, done = [], threading.Event(), threading.Event()

    def connect(alias):
        wrapper = DatabaseWrapper(dict(database), alias=alias)
        wrapper.ensure_connection()
        return wrapper

    def hold_lock():
        wrapper = connect("first")
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal_mode = cursor.fetchone()[0]
            cursor.execute("CREATE TABLE t (n INTEGER)")
        if journal_mode != "wal":
            errors.append(f"journal mode is {journal_mode}, not wal")
        with _atomic(wrapper):
            wrapper.cursor().execute("INSERT INTO t VALUES (1)")
            holding.set()
            done.wait(0.5)
        wrapper.close()

    def write():
        if not holding.wait(timeout=60):
            errors.append("the first writer never took the lock")
            return
        wrapper = connect("second")
        try:
            with _atomic(wrapper):
                cursor = wrapper.cursor()
                cursor.execute("SELECT count(*) FROM t")
                cursor.execute("INSERT INTO t VALUES (2)")
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(error)
        wrapper.close()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=hold_lock), threading.Thread(target=write)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sqlite3.connect(path).execute("SELECT count(*) FROM t").fetchone()[0] == 2


class _atomic:
    """A transaction on a hand-made connection, begun exactly as Django's atomic() begins one on SQLite."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def __enter__(self):
        self.wrapper._start_transaction_under_autocommit()

    def __exit__(self, kind, value, traceback):
        self.wrapper.cursor().execute("COMMIT" if kind is None else "ROLLBACK")


@pytest.mark.django_db
def test_the_admin_asks_no_public_avatar_service_for_pictures(client):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("gravatar-check", "someone@example.org", "x")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert "gravatar.com" not in page.lower()
    assert "default-user-avatar" in page


@pytest.mark.django_db
def test_migrate_alone_makes_the_cache_table(settings):
    """A worker started after a bare `migrate` must find the database cache's table."""
    from django.core.management import call_command

    table = "alongside_cache_probe"
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table},
    }
    assert table not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert table in connection.introspection.table_names()
