"""Local development: debug on, e-mails written to a folder with one console line each."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-alongside-key-0123456789")
# One console line per e-mail; the full messages go to ALONGSIDE_EMAIL_DIR (see website.mail).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "website.mail.FolderEmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
