"""Settings of the Plateforme EIG.

Safe defaults for a laptop (SQLite file, DEBUG on); production behaviour comes
only from environment variables: DATABASE_URL, SECRET_KEY, DEBUG,
ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("EIG_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or ("dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # dsfr before django.forms: its radio and checkbox option templates must win.
    "dsfr",
    "django.forms",
    "widget_tweaks",  # django-dsfr's radio and checkbox templates load it
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "eig.core",
    "eig.accounts",
    "eig.organizations",
    "eig.cohorts",
    "eig.challenges",
    "eig.content",
    "eig.events",
    "eig.applications",
    "eig.importer",
    "eig.opendata",
    "eig.api",
    "eig.mail",
    "eig.proposals",
    "eig.cohortlife",
    "eig.audit",
    "eig.selection",
    "eig.teams",
    "eig.auditions",
    "eig.security",
    "eig.privacy",
    "eig.scheduling",
    "eig.studio",
    "eig.demo",
    "eig.medialibrary",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files come precompressed), above everything that
    # writes the body: pages, JSON, CSV and feeds leave gzipped (eig/core/compression.py).
    "eig.core.compression.TextGZipMiddleware",
    # Outside the page cache: every answer, cached or not, gets its own nonce.
    "eig.security.csp.CSPMiddleware",
    # Before the session: a cached public page skips the rest (eig/core/cache.py).
    "eig.core.cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Above CommonMiddleware: it sees a 404 after the missing-slash redirect.
    "eig.www.middleware.LegacyRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages for a logged-in person and personal downloads: private, no-store.
    "eig.security.cache_control.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "eig.urls"
WSGI_APPLICATION = "eig.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "eig" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eig.www.context_processors.site",
            ],
            # date_fr / datetime_fr / time_fr: the one place for date formats.
            "builtins": ["eig.core.templatetags.eig_dates"],
        },
    }
]
# django-dsfr tags escape what they are given: content is never trusted as HTML.
DSFR_CONTENT_IS_SAFE = False
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web process reads.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
# The audit log kept apart (eig/audit/routers.py): its own database when
# AUDIT_DATABASE_URL is set, else the default one.
if os.environ.get("AUDIT_DATABASE_URL"):
    DATABASES["audit"] = dj_database_url.parse(
        os.environ["AUDIT_DATABASE_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
DATABASE_ROUTERS = ["eig.audit.routers.AuditRouter"]


def cache_backend(url: str) -> dict:
    """CACHE_URL: locmem:// (default, per process), db://<table>, redis://…, dummy://."""
    scheme, _sep, rest = url.partition("://")
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": rest or "eig",
            "OPTIONS": {"MAX_ENTRIES": 1000},  # about 50 MB of pages per process
        }
    if scheme == "db":  # run `manage.py createcachetable` once
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
    if scheme in ("redis", "rediss"):  # needs the `redis` package
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise RuntimeError(f"CACHE_URL: unknown scheme {scheme!r}.")


# Anonymous public pages and API answers (eig/core/cache.py): keys hold the
# content version read from the database, so that per-process memory stays
# correct with several web processes; CACHE_URL picks a shared backend.
CACHES = {"default": cache_backend(os.environ.get("CACHE_URL", "locmem://"))}
EIG_PAGE_CACHE = env_bool("EIG_PAGE_CACHE", True)
EIG_PAGE_CACHE_SECONDS = int(os.environ.get("EIG_PAGE_CACHE_SECONDS", "60"))
EIG_PAGE_CACHE_MAX_BYTES = int(os.environ.get("EIG_PAGE_CACHE_MAX_BYTES", str(8 * 1024 * 1024)))
EIG_PAGE_MAX_AGE = int(os.environ.get("EIG_PAGE_MAX_AGE", "60"))  # Cache-Control, browsers

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Counts failed logins per account and per address (eig/accounts/throttling.py).
AUTHENTICATION_BACKENDS = ["eig.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "/compte/connexion/"
LOGIN_REDIRECT_URL = "/espace/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
# How many reverse proxies put the client address in X-Forwarded-For (0: none).
EIG_PROXY_COUNT = int(os.environ.get("EIG_PROXY_COUNT", "0"))

# Django's hashers unless EIG_PASSWORD_HASHERS lists others (comma-separated
# dotted paths). For throwaway benchmark servers only: bench/surge.py sets the
# MD5 hasher so that 1 000 log-ins do not cost 1 000 PBKDF2 runs. Never in production.
if os.environ.get("EIG_PASSWORD_HASHERS"):
    PASSWORD_HASHERS = env_list("EIG_PASSWORD_HASHERS", [])


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A rate limit "count/seconds" (e.g. "10/3600": 10 an hour) from the environment."""
    count, _sep, seconds = os.environ.get(name, default).partition("/")
    return int(count), int(seconds or 60)


# Rate limits (eig/security/ratelimit.py), per client address and per account,
# counted in the database. EIG_RATE_LIMITS=off lifts them all (load tests).
EIG_RATE_LIMITS_ENABLED = env_bool("EIG_RATE_LIMITS", True)
EIG_RATE_LIMITS = {
    "sign_up": {"ip": env_rate("EIG_RATE_LIMIT_SIGN_UP_IP", "20/3600")},
    # Event registrations e-mail the address typed: per client and per recipient.
    "event_registration": {
        "ip": env_rate("EIG_RATE_LIMIT_EVENT_REGISTRATION_IP", "20/3600"),
        "account": env_rate("EIG_RATE_LIMIT_EVENT_REGISTRATION_RECIPIENT", "5/3600"),
    },
    "password_reset": {
        "ip": env_rate("EIG_RATE_LIMIT_PASSWORD_RESET_IP", "20/3600"),
        "account": env_rate("EIG_RATE_LIMIT_PASSWORD_RESET_ACCOUNT", "5/3600"),
    },
    "application_submit": {
        "ip": env_rate("EIG_RATE_LIMIT_SUBMIT_IP", "300/600"),
        "account": env_rate("EIG_RATE_LIMIT_SUBMIT_ACCOUNT", "10/600"),
    },
    # Messages on an application (candidate or team), each with up to 5 MB attached.
    "application_message": {
        "ip": env_rate("EIG_RATE_LIMIT_MESSAGE_IP", "60/600"),
        "account": env_rate("EIG_RATE_LIMIT_MESSAGE_ACCOUNT", "10/600"),
    },
}

# Personal data: how long each kind is kept, in days (eig/privacy/retention.py
# says what each covers, why, and the legal basis; docs/privacy.md justifies
# the figures). EIG_RETENTION_<KIND>_DAYS overrides one, e.g.
# EIG_RETENTION_UNSUCCESSFUL_APPLICATIONS_DAYS=365.
EIG_RETENTION = {
    kind: int(os.environ.get(f"EIG_RETENTION_{kind.upper()}_DAYS", days))
    for kind, days in {
        "draft_applications": 90,  # after the call closes
        "unsuccessful_applications": 730,  # after the last contact (CNIL: 2 years)
        "cvs": 365,  # unsuccessful candidates' files, replaced CVs
        "event_registrations": 365,  # after the event: name and address of who registered
        "login_attempts": 180,  # log-in tries and rate-limit counts (addresses)
        "email_bodies": 180,  # what an e-mail said
        "emails": 730,  # that an e-mail was sent, to whom
        "audit_log": 1095,  # who viewed or changed what
    }.items()
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "eig" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "eig" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Public media (pictures) served by the site itself, as downloads with the
# download policy (eig/security/views.py): in development, and on a single
# machine with files on its own disk (EIG_SERVE_MEDIA=1, what `make prod`
# does). Off in a real deployment, where the web server or the object store
# serves /media/ (docs/deployment.md).
EIG_SERVE_MEDIA = env_bool("EIG_SERVE_MEDIA", DEBUG)
# Candidates' CVs and message attachments: outside the web root (never under
# MEDIA_URL), served only by views that check who asks (eig/applications/).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Files on S3-compatible object storage (django-storages) when EIG_S3_BUCKET
# is set: what several web machines need (docs/deployment.md). Public media
# under media/; candidates' files under private/ (or EIG_S3_PRIVATE_BUCKET),
# never public: object ACL private, read through the permission-checked views
# (or presigned URLs valid EIG_S3_SIGNED_SECONDS). Keys: AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY in the environment (boto3 reads them).
EIG_S3_BUCKET = os.environ.get("EIG_S3_BUCKET", "")
if EIG_S3_BUCKET:
    _s3 = {
        "endpoint_url": os.environ.get("EIG_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("EIG_S3_REGION") or None,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": EIG_S3_BUCKET,
            "location": "media",
            "querystring_auth": False,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ.get("EIG_S3_PRIVATE_BUCKET") or EIG_S3_BUCKET,
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("EIG_S3_SIGNED_SECONDS", "300")),
        },
    }
else:
    STORAGES["private"] = {"BACKEND": "eig.applications.storage.PrivateStorage"}
# Largest PDF a candidate may upload, counted while the upload is read.
# Selection: how many jury members review each application (issue 6).
EIG_REVIEWS_PER_APPLICATION = int(os.environ.get("EIG_REVIEWS_PER_APPLICATION", "3"))
# A candidate may book or move their audition until this many hours before it.
EIG_AUDITION_NOTICE_HOURS = int(os.environ.get("EIG_AUDITION_NOTICE_HOURS", "24"))
EIG_UPLOAD_MAX_BYTES = int(os.environ.get("EIG_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (benchmarks).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Programme EIG <entrepreneur-interet-general@data.gouv.fr>"
)
# /healthz answers 503 when the task worker's or the scheduler's last heartbeat
# is older than this many seconds (they beat every 60 and 30 s; docs/operations.md).
HEALTH_HEARTBEAT_MAX_AGE = int(os.environ.get("HEALTH_HEARTBEAT_MAX_AGE", "180"))

# The programme's original site: a picture its content names at one of its own
# addresses (/img/…) that the import did not bring is linked there, never
# shown as a broken image (eig/core/markdown.py).
EIG_ORIGINAL_SITE_URL = os.environ.get(
    "EIG_ORIGINAL_SITE_URL", "https://entrepreneur-interet-general.etalab.gouv.fr"
).rstrip("/")
# The programme's current site (Hugo): what its content names that the
# import did not bring is linked there (eig/importer/media.py).
EIG_CURRENT_SITE_URL = os.environ.get(
    "EIG_CURRENT_SITE_URL", "https://www.eig.numerique.gouv.fr"
).rstrip("/")
# The site's address in every absolute link that leaves the site (e-mails,
# .ics files; eig/core/links.py): from the environment in production.
EIG_SITE_URL = os.environ.get("EIG_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The legal notice (/mentions-legales/) and the accessibility statement
# (/accessibilite/): who publishes and hosts the site, from the environment.
# Defaults: the programme's publisher as on its previous site.
EIG_PUBLISHER_NAME = os.environ.get(
    "EIG_PUBLISHER_NAME", "Direction interministérielle du numérique"
)
EIG_PUBLISHER_UNIT = os.environ.get(
    "EIG_PUBLISHER_UNIT", "Programme Entrepreneurs d'intérêt général"
)
EIG_PUBLISHER_ADDRESS = os.environ.get("EIG_PUBLISHER_ADDRESS", "20 avenue de Ségur, 75007 Paris")
EIG_PUBLISHER_PHONE = os.environ.get("EIG_PUBLISHER_PHONE", "")
EIG_PUBLISHER_SIRET = os.environ.get("EIG_PUBLISHER_SIRET", "")
EIG_PUBLICATION_DIRECTOR = os.environ.get(
    "EIG_PUBLICATION_DIRECTOR", "La directrice ou le directeur interministériel du numérique"
)
EIG_HOST_NAME = os.environ.get("EIG_HOST_NAME", "")
EIG_HOST_ADDRESS = os.environ.get("EIG_HOST_ADDRESS", "")
EIG_HOST_URL = os.environ.get("EIG_HOST_URL", "")
# The RGAA 4.1 compliance level said in the footer and the statement: one of
# "totalement conforme", "partiellement conforme", "non conforme".
EIG_ACCESSIBILITY_LEVEL = os.environ.get("EIG_ACCESSIBILITY_LEVEL", "partiellement conforme")
# The last audit of this site (ISO date) and how it was made. Empty by default:
# the statement then says no audit has been made and the site is "non conforme"
# (eig/content/legal.py). Set it only to the date of an audit really run.
EIG_ACCESSIBILITY_CHECKED_ON = os.environ.get("EIG_ACCESSIBILITY_CHECKED_ON", "")
EIG_ACCESSIBILITY_METHOD = os.environ.get(
    "EIG_ACCESSIBILITY_METHOD",
    "Vérification automatique par axe-core (règles WCAG 2.1 A et AA) dans Chromium, "
    "à 1280 et 375 pixels de large, et contrôle manuel des titres, des étiquettes de "
    "formulaire et de la navigation au clavier ; ce n'est pas un audit RGAA complet : "
    "aucun taux de conformité n'a été mesuré sur cette version du site.",
)

# HTTPS and browser protections (docs/security.md). On by default when DEBUG
# is off; `make run` and the tests (DEBUG on) keep working over plain http.
# EIG_INSECURE_LOCAL_HTTP=1 turns them off with DEBUG off, for `make prod` and
# the browser tests on a laptop only (http://127.0.0.1): never in a deployment.
EIG_INSECURE_LOCAL_HTTP = env_bool("EIG_INSECURE_LOCAL_HTTP", False)
_HTTPS = not DEBUG and not EIG_INSECURE_LOCAL_HTTP
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _HTTPS)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _HTTPS)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
# The load balancer's health check may come over plain http.
SECURE_REDIRECT_EXEMPT = [r"^(en/)?healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if _HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a load balancer that ends TLS: SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto
# (only if the balancer always sets that header, overwriting the client's).
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _proxy_header = os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_proxy_header}", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp, eig/security/csp.py): scripts and
# styles from the site only, no inline script without the answer's nonce, no
# inline style at all. Images: the site, data: URIs (DSFR's icons) and the
# hosts that the programme's imported content shows pictures from
# (CSP_IMG_HOSTS, comma-separated, replaces the list).
CSP_IMG_HOSTS = env_list(
    "CSP_IMG_HOSTS",
    [
        "https://entrepreneur-interet-general.etalab.gouv.fr",
        "https://www.etalab.gouv.fr",
        "https://upload.wikimedia.org",
        "https://user-images.githubusercontent.com",
        "https://camo.githubusercontent.com",
        "https://framablog.org",
        "https://c.pxhere.com",
    ],
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *CSP_IMG_HOSTS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Public REST API (eig/api/): read-only, anonymous, JSON only, errors as JSON.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "eig.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API publique du programme EIG",
    "DESCRIPTION": "Données publiques du programme Entrepreneurs d'intérêt général.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "eig.organizations.models.OrganizationKind",
        "EventKindEnum": "eig.events.models.EventKind",
        "MentorKindEnum": "eig.challenges.models.MentorKind",
    },
}

# Real data of the programme, imported by `make run` (see demo_data/README.md).
EIG_DEMO_DATA_DIR = Path(os.environ.get("EIG_DEMO_DATA_DIR", BASE_DIR / "demo_data"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
