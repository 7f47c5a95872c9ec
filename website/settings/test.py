"""Settings for the test suite: fast hashing, e-mails kept in memory, tasks run in-process."""

import os

from .base import *  # noqa: F403
from .base import Q_CLUSTER

DEBUG = False
SECRET_KEY = "test-only-not-secret-alongside-key-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "feeds": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "feeds"},
}
# Tests call async_task and get the work done before it returns, unless a test turns this off.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
MEDIA_ROOT = os.environ.get("ALONGSIDE_TEST_MEDIA_ROOT", "/tmp/alongside-test-media")
ALONGSIDE_LOGIN_COOLOFF_SECONDS = 900

# The test database is a file, not SQLite's shared-cache memory database: shared cache locks whole tables
# and answers "database table is locked" at once (no busy timeout) when the live server's threads overlap,
# e.g. Wagtail's editing-session beacon during a page save. A file gets the same WAL, busy timeout and
# IMMEDIATE transactions as production, so the browser tests exercise the real locking behaviour.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(
            os.environ.get("ALONGSIDE_TEST_DB_DIR", "/tmp"), f"alongside-test-{os.getpid()}.sqlite3"
        )
    }
