"""Tawazi settings: one file, everything that differs between machines read from the environment.

DATABASE_URL        default: sqlite:///<repo>/db.sqlite3 (PostgreSQL: postgres://user@host:5432/name)
DJANGO_SECRET_KEY   required when DJANGO_DEBUG=0
DJANGO_DEBUG        1 (default, development) or 0 (production)
DJANGO_ALLOWED_HOSTS comma-separated; required when DJANGO_DEBUG=0
Production-only knobs (see README "Deploying with PostgreSQL"): DJANGO_CSRF_TRUSTED_ORIGINS,
DJANGO_SECURE_SSL_REDIRECT, DJANGO_SECURE_PROXY_SSL_HEADER, DJANGO_HSTS_SECONDS,
DJANGO_HSTS_INCLUDE_SUBDOMAINS, DJANGO_HSTS_PRELOAD, DJANGO_LOG_FORMAT, DJANGO_LOG_LEVEL,
DJANGO_EMAIL_HOST, DJANGO_EMAIL_PORT, DJANGO_EMAIL_HOST_USER, DJANGO_EMAIL_HOST_PASSWORD,
DJANGO_EMAIL_USE_TLS, DJANGO_EMAIL_USE_SSL, DJANGO_EMAIL_TIMEOUT, DJANGO_DEFAULT_FROM_EMAIL,
TAWAZI_MAX_UPLOAD_BYTES, TAWAZI_MAX_PARAGRAPHS, TAWAZI_LOGIN_FAILURE_LIMIT, TAWAZI_CACHE,
TAWAZI_CACHE_ENTRIES, TAWAZI_PG_PREPARE.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-not-for-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not DEBUG and (
    SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure-")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    # The same rule as `check --deploy` (security.W009), enforced at start-up rather than warned.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random key of at least 50 characters when "
        'DJANGO_DEBUG=0 (for example: python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )
if not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()
]
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=0.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "apps.core.apps.GuardedAdminConfig",  # django.contrib.admin, every admin page guarded
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "simple_history",
    "apps.core",
    "apps.corpus",
    "apps.alignment",
    "apps.reader",
    "apps.search",
    "apps.review",
]

MIDDLEWARE = [
    # First: the health check answers before host checks and the HTTPS redirect.
    "apps.core.middleware.HealthCheckMiddleware",
    # A NUL byte in a header (HTTP forbids it) is a 400 before it can reach the database.
    "apps.core.middleware.NulByteHeaderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A lock not had in time (a long import or rebuild holds it): 503, try again.
    "apps.core.middleware.BusyDatabaseMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A search for a word in most sentences reads the first matches of a sequential scan, and
    # PostgreSQL starts a scan of a large table where the last one got to (synchronized scans):
    # the same search would rank a different window of matches at every request, each from cold
    # pages. Off, every scan starts at the table's first page.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (options.get("options", "") + " -c synchronize_seqscans=off").strip()
    # A statement waits at most 20 s for a lock (PostgreSQL would wait for ever): a save during
    # rebuild_search, which holds the index's writers off for minutes at 1M pairs, gets the "busy,
    # try again" page (BusyDatabaseMiddleware) before the worker's 60 s timeout kills it.
    options["options"] += " -c lock_timeout=20s"
    # Statements run through apps.core.db.prepared_cursor (the search page's reads of sentences,
    # clauses and resolutions) are prepared on first use: planning their joins cost more than
    # running them. Django's own queries are never prepared. Off (TAWAZI_PG_PREPARE=0) behind a
    # transaction-mode pooler that cannot keep prepared statements (PgBouncer before 1.21).
    if env_bool("TAWAZI_PG_PREPARE", True):
        options.setdefault("prepare_threshold", 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A 64 MB page cache per connection (SQLite's default is 2 MB): a search's index scan would
    # otherwise flush the pages the results page reads next (search CPU 5.8 -> 4.1 ms, 100k pairs).
    # Write-ahead logging: readers go on reading what was committed while a write runs. With the
    # default rollback journal a long write (an import, rebuild_search: 54 s at 100k pairs) locks
    # readers out, and 8 of 86 searches during a rebuild failed with "database is locked" (500).
    # The mode is kept in the database file (with its -wal and -shm files beside it).
    # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so two saves wait
    # their turn: begun deferred, a transaction that had read before another one wrote could not
    # write at all ("database is locked" at once, no waiting). Two processes each running 300
    # read-then-write transactions: 294 of 600 refused that way with WAL, 66 with the rollback
    # journal, none with IMMEDIATE.
    # The log is cut back to 64 MB once checkpointed: without a limit it keeps the size of the
    # largest transaction for as long as any connection is open (3.9 GB beside a 3.8 GB database
    # after rebuild_search at 1M pairs).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command=(
            "PRAGMA cache_size=-65536; PRAGMA journal_mode=WAL; PRAGMA journal_size_limit=67108864"
        ),
        transaction_mode="IMMEDIATE",
    )

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user or address is refused before the password is checked.
    "apps.core.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Development and tests serve static files from the app folders, found afresh on each request
# (tests run with DEBUG forced off, so this must follow the environment, not settings.DEBUG).
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "apps.core.storage.StaticStorage"
        )
    },
}

# Any active user logs in here (reviewers are not staff); the admin keeps its own staff login.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "review:index"
LOGOUT_REDIRECT_URL = "reader:resolution-list"

# Password reset links go out by email. Development prints each message on the console (the
# terminal of `make run`); production sends it through the SMTP server named by DJANGO_EMAIL_HOST
# (STARTTLS on port 587 unless DJANGO_EMAIL_USE_SSL=1, implicit TLS, usually on port 465). A
# message that cannot be sent is logged (django.contrib.auth) and the reviewer sees the same page
# as after a sent one; the timeout keeps a worker from waiting on an unreachable server.
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_SSL and EMAIL_USE_TLS:
    raise ImproperlyConfigured("Set at most one of DJANGO_EMAIL_USE_TLS and DJANGO_EMAIL_USE_SSL.")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", 465 if EMAIL_USE_SSL else 587))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Tawazi <webmaster@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A reset link holds for a day (Django's default is three).
PASSWORD_RESET_TIMEOUT = 24 * 3600

# Rendered reading pages and searches, the same for every visitor (apps.core.pagecache). Keys
# carry stamps read from the database with each request and bumped by every write, so any
# backend is exact, shared or not; the choice only decides how often a page is rendered.
# "memory" (default): each gunicorn worker keeps its own LRU cache; nothing to set up, the
# cheapest hit (no query, no network), each worker renders a page once. "database": one cache for
# all workers and servers in PostgreSQL (`manage.py createcachetable`, run by the entrypoint),
# at the price of a query per lookup. "none": no caching.
TAWAZI_CACHE = os.environ.get("TAWAZI_CACHE", "memory")
TAWAZI_CACHE_ENTRIES = int(os.environ.get("TAWAZI_CACHE_ENTRIES", 1000))
CACHES = {
    "default": {
        "memory": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tawazi",
        },
        "database": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tawazi_cache",
        },
        "none": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }[TAWAZI_CACHE]
    | {"TIMEOUT": 24 * 3600, "OPTIONS": {"MAX_ENTRIES": TAWAZI_CACHE_ENTRIES}}
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Where the shared development corpus lives (tests and benchmarks skip when it is absent).
SHARED_DIR = Path(os.environ.get("TAWAZI_SHARED_DIR", BASE_DIR.parent / "shared"))

# Limits on what one import may bring in (upload form and command line alike).
TAWAZI_MAX_UPLOAD_BYTES = int(os.environ.get("TAWAZI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
TAWAZI_MAX_PARAGRAPHS = int(os.environ.get("TAWAZI_MAX_PARAGRAPHS", 20_000))
# Django refuses request bodies above this before any view runs (an upload plus form fields).
DATA_UPLOAD_MAX_MEMORY_SIZE = TAWAZI_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = TAWAZI_MAX_UPLOAD_BYTES + 1024 * 1024

# ---- Security. Production values follow from DJANGO_DEBUG=0; each can be overridden. ----
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer's health check speaks plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a TLS-terminating proxy, e.g. DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["DJANGO_SECURE_PROXY_SSL_HEADER"], "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Database sessions that refuse forged keys before the query (apps/core/sessions.py).
SESSION_ENGINE = "apps.core.sessions"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Pages take the token from the template ({{ csrf_token }}, hx-headers), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A stale token answered to htmx is a few lines in place, not a page inside the page.
CSRF_FAILURE_VIEW = "apps.core.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Content Security Policy (django-csp): scripts only from our own static files, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # htmx adds its indicator <style> and the admin uses style attributes; styles cannot run code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Admin login throttling (django-axes): after this many failures for one username from one
# address, that pair is locked out for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("TAWAZI_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused attempt during the lockout does not start the hour again, so the time the lockout page
# gives holds (five guesses an hour at most either way).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "apps.core.auth.throttled_username"
# The client address is REMOTE_ADDR; behind N trusted proxies (DJANGO_TRUSTED_PROXY_COUNT=N) it is
# read from X-Forwarded-For instead (apps.core.http.client_ip, for login throttling and the
# reset-email limit alike). Trusting that header without a proxy would let anyone forge it.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "apps.core.http.client_ip"
# A locked-out login gets the site's bilingual 429 page (or an htmx fragment), not axes' English.
AXES_LOCKOUT_CALLABLE = "apps.core.auth.lockout_response"

# Logs: one JSON object a line in production (for a log collector), readable text in development.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "apps.core.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "apps": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Unhandled exceptions (500s) with their traceback; 4xx are not errors of ours.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
