"""Settings shared by every environment; each value can be overridden by an environment variable.

Only behaviour that must be the same everywhere lives here. `dev`, `test` and `production` change what
differs (debug, secrets, e-mail, security headers).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first, so that their templates win over the defaults of the apps below.
    "website",
    "modules",
    "scheduling",
    "reflections",
    "evidence",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_q",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "website.middleware.PermissionsPolicyMiddleware",
    "website.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "website.middleware.AdminForbiddenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the plain "try again later" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "website.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "website.context_processors.permissions",
            ],
        },
    },
]

WSGI_APPLICATION = "website.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://user:pass@host/db) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# Seconds a SQLite write waits for another writer (the web server and the worker share one file).
ALONGSIDE_SQLITE_TIMEOUT = int(os.environ.get("ALONGSIDE_SQLITE_TIMEOUT", "30"))
SQLITE_INIT_COMMAND = (
    # WAL lets readers carry on while one connection writes; NORMAL sync is safe with WAL.
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    f"PRAGMA busy_timeout={ALONGSIDE_SQLITE_TIMEOUT * 1000};"
)


def sqlite_options(options: dict | None = None) -> dict:
    """SQLite options under which the web server and the django-q2 worker never fail a write.

    The default DEFERRED transactions start as readers and fail at once with "database is locked"
    when they later try to write while another connection holds the lock (a busy timeout cannot help
    a reader that must upgrade). IMMEDIATE takes the write lock at BEGIN, so a second writer waits up
    to `timeout` seconds in a queue instead; WAL keeps reads going meanwhile.
    """
    return {
        **(options or {}),
        "timeout": ALONGSIDE_SQLITE_TIMEOUT,
        "transaction_mode": "IMMEDIATE",
        "init_command": SQLITE_INIT_COMMAND,
    }


if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = sqlite_options(DATABASES["default"].get("OPTIONS"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("British English"))]
TIME_ZONE = os.environ.get("ALONGSIDE_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ALONGSIDE_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("ALONGSIDE_MEDIA_ROOT", BASE_DIR / "media"))

# Signed-in sessions end after this many idle minutes (ward computers are shared): each request moves
# the expiry on, so only inactivity signs someone out.
ALONGSIDE_SESSION_IDLE_MINUTES = int(os.environ.get("ALONGSIDE_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = ALONGSIDE_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True

LOGIN_URL = "website:login"
LOGIN_REDIRECT_URL = "website:dashboard"
LOGOUT_REDIRECT_URL = "/"

# Wagtail
WAGTAIL_SITE_NAME = "Alongside"
WAGTAILADMIN_BASE_URL = os.environ.get("ALONGSIDE_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar requests to a public service (Gravatar) for every admin user: staff and residents' e-mail
# hashes stay here, and the admin shows its own initials avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# "Forgotten password?" is the site's one flow (website.views.PasswordResetView) for the admin too.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link"]},
    }
}
# Sign-in lockout (django-axes, see website.auth): wrong passwords lock the combination of a username
# AND the address they came from, so a stranger guessing from elsewhere cannot lock the real person out.
ALONGSIDE_LOGIN_MAX_FAILURES = int(os.environ.get("ALONGSIDE_LOGIN_MAX_FAILURES", "5"))
ALONGSIDE_LOGIN_COOLOFF_SECONDS = int(os.environ.get("ALONGSIDE_LOGIN_COOLOFF_SECONDS", "900"))
# How many reverse proxies in front of the app set X-Forwarded-For (0: use the connection's address).
ALONGSIDE_TRUSTED_PROXY_COUNT = int(os.environ.get("ALONGSIDE_TRUSTED_PROXY_COUNT", "0"))
AXES_FAILURE_LIMIT = ALONGSIDE_LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = "website.auth.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "website.auth.username_for_lockout"
AXES_CLIENT_IP_CALLABLE = "website.auth.client_address"
AXES_LOCKOUT_CALLABLE = "website.auth.lockout_response"
AXES_RESET_ON_SUCCESS = True
# A lock ends when its cool-off ends, even if more wrong passwords arrive meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Privacy: no record of successful sign-ins (addresses, browsers); only failed attempts, until they expire.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Django's own admin site is not routed; coordinators unlock in the Wagtail admin (website.admin_views).
AXES_ENABLE_ADMIN = False

# Content Security Policy (django-csp; see website.middleware.ContentSecurityPolicyMiddleware). Site pages
# run scripts only from our own static files or with the response's nonce (`{{ request.csp_nonce }}`);
# nothing is loaded from another site (no fonts, images or trackers), and no page can be framed elsewhere.
_CSP_BASE = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "media-src": [SELF],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
    "form-action": [SELF],
    "base-uri": [SELF],
    "object-src": [NONE],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_BASE}
# The Wagtail admin (not its sign-in page): scripts as strict as the site's. The few inline scripts Wagtail
# renders get the response's nonce from website.admin_csp, no other inline script runs. Jcrop (the image
# focal-point tool) sets `onselectstart="return;"`, a no-op handler allowed by its hash and nothing else.
# Styles stay inline-allowed: Draftail (rich text) writes <style> elements with random block keys in the
# browser, which no nonce or hash can cover (docs/architecture.md, "Content Security Policy").
ALONGSIDE_ADMIN_CSP = {
    **_CSP_BASE,
    "script-src": [SELF, NONCE],
    "script-src-attr": [UNSAFE_HASHES, "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='"],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}
# Browser features no page here uses are switched off for every page and anything it frames.
ALONGSIDE_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
)

# Base URL used in e-mails, feeds and printed cards.
ALONGSIDE_BASE_URL = WAGTAILADMIN_BASE_URL
# Days a printed reflection link stays usable, and days after which reflections are anonymised or deleted.
ALONGSIDE_REFLECTION_LINK_DAYS = int(os.environ.get("ALONGSIDE_REFLECTION_LINK_DAYS", "14"))
ALONGSIDE_REFLECTION_EDIT_DAYS = int(os.environ.get("ALONGSIDE_REFLECTION_EDIT_DAYS", "7"))
# A register opens this many minutes before its session starts, and closes at the end of that day.
ALONGSIDE_REGISTER_OPENS_MINUTES = int(os.environ.get("ALONGSIDE_REGISTER_OPENS_MINUTES", "30"))
ALONGSIDE_REFLECTION_RETENTION_DAYS = int(
    os.environ.get("ALONGSIDE_REFLECTION_RETENTION_DAYS", "365")
)

# "anonymise" keeps the answers without any link to a session's people; "delete" removes them.
ALONGSIDE_REFLECTION_RETENTION_MODE = os.environ.get(
    "ALONGSIDE_REFLECTION_RETENTION_MODE", "anonymise"
)
# In anonymous modules, figures for a group smaller than this are not shown (they could identify someone).
ALONGSIDE_REFLECTION_MIN_GROUP = int(os.environ.get("ALONGSIDE_REFLECTION_MIN_GROUP", "3"))
# Seconds the scheduler may search for a better plan.
ALONGSIDE_PLAN_TIME_LIMIT = float(os.environ.get("ALONGSIDE_PLAN_TIME_LIMIT", "30"))
# Roster import limits: the largest upload (bytes) and the most rows one import takes; an import with more
# rows than ALONGSIDE_ROSTER_IMPORT_TASK_ROWS is written by the worker, with progress on screen.
ALONGSIDE_ROSTER_IMPORT_MAX_BYTES = int(
    os.environ.get("ALONGSIDE_ROSTER_IMPORT_MAX_BYTES", str(10 * 1024 * 1024))
)
ALONGSIDE_ROSTER_IMPORT_MAX_ROWS = int(os.environ.get("ALONGSIDE_ROSTER_IMPORT_MAX_ROWS", "20000"))
ALONGSIDE_ROSTER_IMPORT_TASK_ROWS = int(os.environ.get("ALONGSIDE_ROSTER_IMPORT_TASK_ROWS", "1000"))
# How long a preview can wait for "Import these changes" before it must be uploaded again.
ALONGSIDE_ROSTER_IMPORT_PREVIEW_HOURS = int(
    os.environ.get("ALONGSIDE_ROSTER_IMPORT_PREVIEW_HOURS", "24")
)
# Calendar invitations and the optional CalDAV server (credentials only ever from the environment).
ALONGSIDE_CALENDAR_ORGANIZER = os.environ.get("ALONGSIDE_CALENDAR_ORGANIZER", "")
ALONGSIDE_CALDAV_USERNAME = os.environ.get("ALONGSIDE_CALDAV_USERNAME", "")
ALONGSIDE_CALDAV_PASSWORD = os.environ.get("ALONGSIDE_CALDAV_PASSWORD", "")
ALONGSIDE_CALDAV_AUTH_TYPE = os.environ.get("ALONGSIDE_CALDAV_AUTH_TYPE", "")
ALONGSIDE_CALDAV_TIMEOUT = int(os.environ.get("ALONGSIDE_CALDAV_TIMEOUT", "20"))

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Where the development backend (website.mail.FolderEmailBackend) writes each message as an .eml file.
ALONGSIDE_EMAIL_DIR = Path(os.environ.get("ALONGSIDE_EMAIL_DIR", BASE_DIR / "sent-emails"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Alongside <training@alongside.invalid>")

# Task queue: the ORM broker by default, Redis when REDIS_URL is set.
# A task that fails (or whose worker dies) is not acknowledged, so the broker offers it again after
# `retry` seconds, up to `max_attempts` times. `retry` must exceed `timeout`, or a slow task would be
# handed to a second worker while the first is still running it. Every task is idempotent (a plan run
# is claimed once; invitations and reminders keep delivery records), so a second attempt is safe.
Q_TIMEOUT = int(os.environ.get("Q_TIMEOUT", "300"))
Q_CLUSTER = {
    "name": "alongside",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": Q_TIMEOUT,
    "retry": max(int(os.environ.get("Q_RETRY", str(Q_TIMEOUT + 60))), Q_TIMEOUT + 1),
    "max_attempts": max(int(os.environ.get("Q_MAX_ATTEMPTS", "5")), 2),
    "ack_failures": False,
    "queue_limit": 50,
    "bulk": 10,
    "catch_up": False,
    "label": "Tasks",
}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "alongside_cache",
        }
    ),
    # Built calendar feeds, kept a few minutes under their ETag (scheduling.views). With Redis, one
    # copy for every web process; without it, each process keeps its own in memory rather than writing
    # every cold feed (people's names and sessions) into the database's cache table, a write and a cull
    # on the one SQLite writer per feed.
    "feeds": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "feeds",
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "alongside-feeds",
            "OPTIONS": {"MAX_ENTRIES": 64},
        }
    ),
}

# Logging never includes request bodies, so reflections cannot reach a log file.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Reflection card links are secrets: redacted on the handler and on the loggers that log paths.
    "filters": {
        "card_links": {"()": "reflections.log_filters.RedactCardLinks"},
        "sign_in_failures": {"()": "website.log_filters.QuietSignInFailures"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["card_links"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ALONGSIDE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # Lockouts are warnings; a single wrong password is one INFO line on "website.sign_in", without
        # the name or the address (axes' own per-failure WARNING is replaced by the filter).
        "axes": {"level": "WARNING"},
        "axes.handlers.database": {"filters": ["sign_in_failures"]},
        "axes.handlers.cache": {"filters": ["sign_in_failures"]},
        "django.request": {"filters": ["card_links"]},
        "django.security.csrf": {"filters": ["card_links"]},
        "django.server": {"handlers": ["console"], "filters": ["card_links"], "propagate": False},
    },
}

AUTHENTICATION_BACKENDS = [
    # First, so a locked combination is refused before any password is checked.
    "website.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
