"""Settings for Crisis Tracker, read from the environment (see README "Environment")."""

import datetime
import os
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from crisis.content_security import csp_hash

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name, default):
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off, set SECRET_KEY to a long random string, "
            'e.g. SECRET_KEY="$(python -c \'import secrets; print(secrets.token_urlsafe(50))\')".'
        )
    SECRET_KEY = "development-only-key-not-for-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "Crisis Tracker")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "crisis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the request: oversized or NUL-bearing input never reaches a view.
    "crisis.middleware.InputLimitsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crisis.urls"
WSGI_APPLICATION = "crisis.wsgi.application"
MIGRATION_MODULES = {"crisis": "migrations_crisis"}

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
                "crisis.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'crisis.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "0"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a real embedded database: readers never block the writer (WAL), and a writer
    # takes the lock when its transaction begins (IMMEDIATE) and waits up to `timeout` seconds
    # for another writer, instead of failing with "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_TIMEOUT", "20"),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
    # Tests on a file, not in memory: an in-memory database shared between threads locks whole
    # tables and ignores the busy timeout, so concurrent writers would not behave as in use.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Counts failed logins on every login form (desk and admin) and refuses locked-out ones.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "crisis:login"
LOGIN_REDIRECT_URL = "crisis:home"
LOGOUT_REDIRECT_URL = "crisis:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# A deployment may collect elsewhere (a volume its proxy serves).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "var" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "crisis.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "crisis.api.schema.CrisisAutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "crisis.api.negotiation.FormatParameterWins",
    "EXCEPTION_HANDLER": "crisis.api.errors.handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
        # Requests carrying a token that does not authenticate, per client address.
        "failed_token": os.environ.get("API_THROTTLE_FAILED_TOKEN", "10/minute"),
    },
    # Reverse proxies in front of the app that append to X-Forwarded-For: the client address
    # that throttles and login lockouts count by is the one the outermost proxy saw.
    "NUM_PROXIES": envint("PROXY_COUNT", "0") or None,
}

# Hashed API tokens that do not expire by themselves; `manage.py api_tokens` lists and revokes them.
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False}

SPECTACULAR_SETTINGS = {
    "TITLE": "Crisis Tracker API",
    "DESCRIPTION": "Sourced records of the 2014 Central American child-migration crisis.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "crisis.api.schema.document_refusals",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# One cache for every server when REDIS_URL is set (throttles count across servers); otherwise
# each process keeps its own. A Redis outage degrades throttling instead of failing requests.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        "KEY_PREFIX": "crisis",
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# How long a reader's response may stay in the cache; any write makes it stale at once anyway
# (see crisis/caching.py), so this only bounds the cache's size over time.
READER_CACHE_SECONDS = envint("READER_CACHE_SECONDS", "600")
# The same for aggregates several pages share (the figures' scopes and facets, the timeline's
# months, the claims' facets): each is read once per state of the data, then kept.
AGGREGATE_CACHE_SECONDS = envint("AGGREGATE_CACHE_SECONDS", "600")

# Login lockout (django-axes), on the desk's and the admin's login alike: after
# LOGIN_FAILURE_LIMIT wrong passwords for one username, or from one client address, logins for
# that username (or from that address) are refused, even with the right password, for
# LOGIN_COOLOFF_MINUTES. Per username stops guessing spread over many addresses; per address
# stops one client trying many usernames.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "crisis.api.auth.client_address"
AXES_VERBOSE = False

# Content-Security-Policy (django-csp): no inline script or style anywhere. The API's docs pages
# widen it for themselves only (crisis/api/urls.py). JSON-LD blocks are data, which CSP leaves be.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        # The browsable API's templates (DRF, django-filter) float two buttons with inline style
        # attributes: exactly those values are allowed, by hash, and no other.
        "style-src-attr": [csp.UNSAFE_HASHES, *(csp_hash(style) for style in (
            "float: right; margin-right: 10px", "float: right",
        ))],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    },
}

# Input limits (crisis.middleware): larger bodies get 413, longer query strings or values 400.
MAX_BODY_BYTES = envint("MAX_BODY_BYTES", str(1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES
MAX_QUERY_STRING_LENGTH = envint("MAX_QUERY_STRING_LENGTH", "4096")
MAX_QUERY_VALUE_LENGTH = envint("MAX_QUERY_VALUE_LENGTH", "1000")
# Seconds a client is asked to wait (Retry-After) while the database cannot be reached.
DATABASE_RETRY_AFTER = envint("DATABASE_RETRY_AFTER", "30")

# HTTPS (README "Production"), on by default once DEBUG is off. Behind a proxy that ends TLS,
# SECURE_PROXY_SSL_HEADER names the header it sets to "https" (X-Forwarded-Proto); the proxy
# must overwrite that header on every request, or a client could claim HTTPS for itself.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
# A load balancer checks /healthz over plain HTTP, from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", str(not DEBUG))
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(not DEBUG))
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", str(not DEBUG))
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", str(not DEBUG))
SECURE_CONTENT_TYPE_NOSNIFF = True
