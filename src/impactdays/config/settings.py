"""Settings for every deployment, read from environment variables.

The defaults are the embedded demo: a SQLite file, local-memory cache, eager tasks and media on
disk. Production sets the variables listed in .env.example (PostgreSQL, Redis, a secret key).
"""

import importlib.util
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from impactdays.config.env import env_bool, env_int, env_list, env_path, env_str

django_stubs_ext.monkeypatch()  # lets admin.ModelAdmin[Model] and friends be subscripted at run time

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env_path("IMPACTDAYS_DATA_DIR", Path.cwd() / "var")

DEFAULT_SECRET_KEY = "impactdays-demo-secret-key-change-me"  # noqa: S105 -- refused below when DEBUG is off
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is still the default while DEBUG is off. "
        "Set SECRET_KEY to a long random value (see .env.example)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_ID = 1
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Impact Days")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it patches; registrations in <app>/translation.py
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "ninja",  # serves Swagger's files from /static/, so the API docs work offline
    "django_countries",
    "impactdays.common",
    "impactdays.people",
    "impactdays.forums",
    "impactdays.applications",
    "impactdays.programme",
    "impactdays.decisions",
    "impactdays.challenges",
    "impactdays.teams",
    "impactdays.deliberation",
    "impactdays.reports",
    "impactdays.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "impactdays.common.middleware.RequestSizeLimitMiddleware",  # 413 before the body is read
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that may answer an error page, so that /api/ never answers HTML.
    "impactdays.common.api.ApiErrorsAsJsonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "impactdays.common.api.ApiLanguageMiddleware",  # /api/ has no language in its path
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "impactdays.common.request_cache.RequestCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "impactdays.people.middleware.TwoFactorRequiredMiddleware",
    "impactdays.common.middleware.StyledNotFoundMiddleware",
]

ROOT_URLCONF = "impactdays.config.urls"
WSGI_APPLICATION = "impactdays.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default; DATABASE_URL selects PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "impactdays.sqlite3"),
            "OPTIONS": {
                # Immediate transactions take the write lock up front, so two writers wait
                # for each other (busy timeout) instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: Celery on CELERY_BROKER_URL (or REDIS_URL); eager in-process without one.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Celery beat: invitations past their deadline expire and their replacements are drawn, hourly.
CELERY_BEAT_SCHEDULE = {
    "invitations-expire": {
        "task": "impactdays.applications.tasks.invitations_expire_task",
        "schedule": 3600.0,
    },
    # Commitments' reminders before and after their due dates; each goes out once (decisions.reminders).
    "commitment-reminders": {
        "task": "impactdays.decisions.tasks.commitment_reminders_task",
        "schedule": 3600.0,
    },
    # Polls past their closing time get their outcome.
    "decision-polls-close": {
        "task": "impactdays.decisions.tasks.decision_polls_close_task",
        "schedule": 300.0,
    },
}

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "forums:home"  # a name: reversed in the language of the page
LOGIN_URL = "account_login"

# django-allauth: e-mail as the login, mandatory verification, login throttling.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address in the browser that signed up signs the person in and goes on to the
# page they signed up from (an invitation); people.accounts keeps that page for later too.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "impactdays.people.forms.SignupForm"  # terms consent, display name
# Mails name SITE_NAME and link to SITE_URL; a throttled login answers 429.
ACCOUNT_ADAPTER = "impactdays.people.accounts.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Organisers and site admins must have TOTP; see people.middleware.
IMPACTDAYS_REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", default=True)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("de", _("German"))]
# locale_overrides: allauth's German strings in the formal "Sie" (its own catalogue mixes in "du").
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_overrides"]
# Content fields in every language (django-modeltranslation, see docs/architecture.md): a field
# left empty in the reader's language shows the first of these that has it, marked as such.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "ru", "de")
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Leaflet comes from the django-leaflet wheel; only its static files are used (its app needs GDAL).
_LEAFLET_SPEC = importlib.util.find_spec("leaflet")
if _LEAFLET_SPEC is None or _LEAFLET_SPEC.origin is None:
    raise ImproperlyConfigured("django-leaflet is not installed; run `pip install -e .`.")
STATICFILES_DIRS = [("leaflet", Path(_LEAFLET_SPEC.origin).parent / "static" / "leaflet")]
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
# Files only some people may see (avatars of private profiles): never served by the web server,
# only through views that check permission. Keep it outside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env_path("PRIVATE_MEDIA_ROOT", DATA_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "avatars": {"BACKEND": "impactdays.people.storage.AvatarStorage"},
    "challenge_photos": {"BACKEND": "impactdays.challenges.storage.PhotoStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body, files included: refused with 413 before it is read
# (common.middleware), and cut off while it is read if its size was not declared (common.uploads).
# One field photo of an observation may have 15 MB (challenges.photos), plus its form fields.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 16 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "impactdays.common.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Map tiles: empty means no tile layer; markers and their labels still show.
MAP_TILE_URL = env_str("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION")
# Address search for the map picker: off (empty) unless GEOCODER_URL names the search endpoint
# of a Nominatim-compatible service (e.g. https://nominatim.openstreetmap.org/search, whose
# policy allows light use with caching). The site asks it, never the browser, so CSP stays 'self'.
GEOCODER_URL = env_str("GEOCODER_URL")
if GEOCODER_URL and urlsplit(GEOCODER_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"GEOCODER_URL must be an http(s) URL; got {GEOCODER_URL!r}.")
GEOCODER_TIMEOUT_SECONDS = env_int("GEOCODER_TIMEOUT_SECONDS", 5)

# E-mail: console in DEBUG, SMTP otherwise.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Impact Days <noreply@impactdays.invalid>")

# Rate limits, counted in the default cache (Redis in production, so all web processes share
# the counts). Both dictionaries use allauth's syntax: "amount/period/key" where the key is `ip`
# (the client address, see TRUSTED_PROXY_COUNT), `user` (the account) or, for allauth, `key` (the
# e-mail address tried). Over a limit, a page answers 429 with templates/429.html and the API a
# JSON 429. allauth applies its own to sign-up, login and password reset; the site's own, applied
# with impactdays.common.ratelimits, are named in RATE_LIMITS.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "login": "30/m/ip",
    "signup": env_str("SIGNUP_RATE_LIMIT", "20/m/ip,100/h/ip"),
    "reset_password": "20/m/ip,5/m/key",
}
RATE_LIMITS = {
    "api_token": env_str("API_TOKEN_RATE_LIMIT", "300/m/user,600/m/ip"),
    # Address searches go to a shared public service: a person types, so a few a minute suffice.
    "address_geocode": env_str("GEOCODE_RATE_LIMIT", "10/m/user,30/m/ip"),
}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "impactdays.common.ratelimits.client_ip"

# Client address: X-Forwarded-For is read only when proxies are trusted, and then only the
# address the outermost trusted proxy saw; with 0 a client could forge its address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more; got {TRUSTED_PROXY_COUNT}.")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Security: strict defaults whenever DEBUG is off (`impactdays check --deploy` is clean).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The language cookie travels with the others: over TLS only in production, never to scripts.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): only this site's own files; no inline script or style,
# so templates keep scripts in static/<app>/js/ and styles in static CSS. Images may also be
# data: URIs (the two-factor QR code), blob: URLs (the preview of an avatar not yet uploaded)
# and map tiles from MAP_TILE_URL's host.
# Leaflet's "{s}" picks one of several subdomains, which CSP writes as a wildcard.
_MAP_TILES = urlsplit(MAP_TILE_URL)
_MAP_TILE_ORIGIN = (
    f"{_MAP_TILES.scheme}://{_MAP_TILES.netloc.replace('{s}', '*')}" if MAP_TILE_URL else ""
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *([_MAP_TILE_ORIGIN] if _MAP_TILE_ORIGIN else [])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy: location and camera for this site only (observations take the phone's
# position and photos); every other powerful feature off.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "geolocation": ["self"],
    "camera": ["self"],
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "display-capture",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "usb",
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A request for a host outside ALLOWED_HOSTS is a scanner's daily noise, not a bug: one
    # line each, without the traceback Django attaches.
    "filters": {"without_traceback": {"()": "impactdays.common.logs.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.security.DisallowedHost": {"filters": ["without_traceback"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
