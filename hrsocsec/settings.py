"""One settings module, read from the environment.

Every setting has an embedded default that runs the whole system on one machine with nothing
but Python: SQLite and Celery's filesystem broker under ``var/``, mail written as files to
``var/mail/``. Production points ``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``EMAIL_URL`` at
real services, sets ``SECRET_KEY`` and leaves ``DEBUG`` off (its default).
"""

import datetime
import os
import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
VAR_DIR = Path(env.str("HRSOCSEC_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if key:
        if not DEBUG and (len(key) < 50 or len(set(key)) < 5):
            raise ImproperlyConfigured("SECRET_KEY is too short or too simple for DEBUG off.")
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # A local development key, made once per checkout and kept out of git (var/ is ignored),
    # so sessions survive restarts of the development server.
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# Where HR reaches this site: the links in mails (the digest's items open the admin there).
# By default the first allowed host, over https unless DEBUG (the start command's port 8000).
SITE_URL = env.str(
    "SITE_URL",
    default="http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}",
).rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "hrsocsec.admin_site.AdminConfig",  # Django's admin, landing on the day's work
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from here, not a CDN
    "import_export",  # the employee import's preview and confirmation (employees.imports)
    "hrsocsec.third_party.AxesConfig",  # django-axes: sign-in lockout (user name, address)
    "hrsocsec.db",  # each PostgreSQL connection's set-up: psycopg's C loader of timestamps
    "hrsocsec.api",
    # The apps, each building on the ones before it (imports run one way only):
    # law (pure rules, no models) <- employees <- filings <- contributions <- notifications.
    "employees",
    "filings",
    "contributions",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hrsocsec.middleware.RejectNulBytes",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hrsocsec.middleware.NoStoreApi",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "hrsocsec.urls"
WSGI_APPLICATION = "hrsocsec.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hrsocsec" / "templates"],  # admin/base_site.html: the language switch
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # {% load display %} anywhere: money and rates as a clerk writes them.
            "libraries": {"display": "hrsocsec.templatetags.display"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hrsocsec.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL keeps Django's client-side binding without prepared statements: measured at 1M
# employees, a prepared statement's generic plan made the due-within list 22 ms instead of 9
# (it cannot see that the date range is narrow), more than planning every query costs.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a Celery worker thread in the tests sees the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Checks nothing: a new password ends the user's API tokens (hrsocsec.auth).
    {"NAME": "hrsocsec.auth.RevokeTokensOnPasswordChange"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out user name or address first
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing (admin and API sign-in): after AXES_FAILURE_LIMIT failures a user name, and
# separately an address, is locked out for AXES_COOLOFF_MINUTES; a success resets the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hrsocsec.auth.lockout_response"
AXES_VERBOSE = False  # its own log lines would repeat what the access log says
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)  # proxies in front of gunicorn
# Admin sessions end after this long without a request (each request renews the cookie).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# API tokens older than this many days are refused (0: they never expire).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=0)
# Who may create an employer: the operator only (off), or any signed-in user, who becomes its
# first manager (on).
EMPLOYER_SELF_SERVICE = env.bool("EMPLOYER_SELF_SERVICE", default=False)
# The admin's find-by-ID-number box: this many lookups that find nobody per user in this many
# minutes, then it is paused for that user (it must not become a way to guess numbers).
ID_FIND_MISSES_ALLOWED = env.int("ID_FIND_MISSES_ALLOWED", default=10)
ID_FIND_MISS_WINDOW_MINUTES = env.int("ID_FIND_MISS_WINDOW_MINUTES", default=10)
# The throttles' counts: one process's memory by default; CACHE_URL=redis://... shares them
# between gunicorn workers and hosts (production).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]  # installed with the package
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "hrsocsec" / "static"]  # the admin's stylesheet (hrsocsec/admin.css)
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads (vouchers, imports) hold personal data: readable by the server's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Vouchers (documents attached to filings): a scanned receipt or certificate fits easily.
VOUCHER_MAX_BYTES = env.int("VOUCHER_MAX_BYTES", default=10 * 1024 * 1024)
# The employee import: a file at most this large, with at most this many employees.
EMPLOYEE_IMPORT_MAX_BYTES = env.int("EMPLOYEE_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# Each row is a full hire (checks, deadline, event) twice, preview and confirmation: measured
# at about 3.7 ms a row on PostgreSQL with 1M employees, so 2,000 rows stay near 8 s a step.
EMPLOYEE_IMPORT_MAX_ROWS = env.int("EMPLOYEE_IMPORT_MAX_ROWS", default=2000)
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

# Mail: files under var/mail/ unless EMAIL_URL names a server (smtp://user:pass@host:25).
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="hrsocsec <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: safe by default; a local http run sets DEBUG=1 (the README's start command does).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page: scripts from this site only (no inline script anywhere: the admin and the Swagger
# UI, served from drf-spectacular-sidecar, work under it); inline styles are allowed, as the
# admin's and Swagger UI's markup carry style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hrsocsec.api.authentication.TokenAuthentication",  # with expiry and bad-token throttle
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["hrsocsec.api.filtering.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "hrsocsec.api.pagination.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "hrsocsec.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "hrsocsec.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_SCHEMA_CLASS": "hrsocsec.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "bad_token": env.str("THROTTLE_BAD_TOKENS", default="20/min"),  # per address
        "exports": env.str("THROTTLE_EXPORTS", default="60/hour"),  # per user
        "batches": env.str("THROTTLE_BATCHES", default="120/hour"),  # per user
    },
}
# A POST's Idempotency-Key is answered the same for this long; a key whose request never
# finished (its process died) may run again after IDEMPOTENCY_STALE_SECONDS.
IDEMPOTENCY_KEY_HOURS = env.int("IDEMPOTENCY_KEY_HOURS", default=24)
IDEMPOTENCY_STALE_SECONDS = env.int("IDEMPOTENCY_STALE_SECONDS", default=300)
SPECTACULAR_SETTINGS = {
    "TITLE": "hrsocsec API",
    "DESCRIPTION": (
        "Employer-side social insurance in China: employees, filings to the agency and their "
        "deadlines, contributions and notices. Every list is scoped to the caller's employers; "
        "every POST takes an Idempotency-Key header. Errors have one shape: "
        "{code, message, fields}."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],  # no data in it: clients need it
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,  # request and response bodies apart: clients get both right
    "ENUM_NAME_OVERRIDES": {
        "RegistrationStateEnum": "employees.workflow.RegistrationState",
        "FilingStateEnum": "filings.states.FilingState",
        "RoleEnum": "employees.models.Membership.Role",
        "FilingKindEnum": "employees.workflow.FilingKind",
        "FilingReasonEnum": "filings.models.Filing.Reason",
        "VoucherKindEnum": "filings.models.Voucher.Kind",
        "NotificationKindEnum": "notifications.models.Notification.Kind",
        "NotificationStatusEnum": "notifications.models.Notification.Status",
    },
}

# Celery. The filesystem broker needs no server: producer and worker share one folder.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Without it kombu writes its exchange files to ./control in the working directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # Redis: a message not acknowledged within an hour is redelivered (acks_late tasks).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="hrsocsec")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# One task reserved per process: a batch of sends waits in the queue, not behind a busy
# process (acks_late: what a lost worker held goes to another).
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Processes per worker (celery worker -c overrides it): a send waits on the SMTP server's
# replies about half the time, so one and a half per core keep the cores busy (measured in
# bench.notifications; README, "Scaling").
CELERY_WORKER_CONCURRENCY = env.int(
    "CELERY_WORKER_CONCURRENCY", default=max(2, (os.cpu_count() or 2) * 3 // 2)
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Takes in the years a newer chinesecalendar carries and recomputes the provisional deadlines
    # of every year that has its arrangement now (saving a year enqueues that at once; this
    # catches a lost task); decided from the database, so a replayed tick does nothing twice.
    "deadlines-refresh": {
        "task": "employees.tasks.deadlines_refresh_task",
        "schedule": crontab(hour=2, minute=15),
    },
    # Derives what is owed (reminders, payment notices, separation notices) into the ledger and
    # enqueues the sends; ticking often only picks up lost messages sooner, never sends twice.
    "notifications-sweep": {
        "task": "notifications.tasks.notifications_sweep_task",
        "schedule": crontab(minute="*/10", hour="7-21"),
    },
    # Forgets the API's idempotency keys (and the responses kept with them) once expired.
    "idempotency-keys-purge": {
        "task": "hrsocsec.api.tasks.idempotency_keys_purge_task",
        "schedule": crontab(hour=3, minute=40),
    },
    # Uploads of employee imports that were previewed but never confirmed (personal data):
    # hourly, as they may be confirmed for an hour only.
    "employee-imports-purge": {
        "task": "employees.tasks.employee_imports_purge_task",
        "schedule": crontab(minute=50),
    },
}
# The day of the month from which last month's payment notices go out (SI Law art. 60).
PAYMENT_NOTICE_DAY = env.int("PAYMENT_NOTICE_DAY", default=5)
# Delivery timings: a pending row this old was lost on the way (a broker restart) and is
# enqueued again; a claim this old was left by a lost worker. The fault test shortens them.
NOTIFICATION_REENQUEUE_SECONDS = env.int("NOTIFICATION_REENQUEUE_SECONDS", default=300)
NOTIFICATION_CLAIM_SECONDS = env.int("NOTIFICATION_CLAIM_SECONDS", default=600)
# Ledger rows per send task: one claim, one read of the statements and one record of the
# outcomes per batch. A worker lost mid-batch leaves it claimed until NOTIFICATION_CLAIM_SECONDS
# pass, then the messages it had sent go again: at most a batch. 100 from bench.notifications
# (README, "Scaling"): 12 % more messages a second than 50 did, for twice the window.
NOTIFICATION_SEND_BATCH = env.int("NOTIFICATION_SEND_BATCH", default=100)
if env.int("NOTIFICATIONS_SWEEP_SECONDS", default=0):  # a faster tick, for the fault test
    CELERY_BEAT_SCHEDULE["notifications-sweep"]["schedule"] = env.int("NOTIFICATIONS_SWEEP_SECONDS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "redacted": {
            "()": "hrsocsec.logging.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "redacted"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's request log has a handler of its own: route it through the redacting one.
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint and fontTools narrate every step of a certificate at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # a line per sign-in; the lockouts are WARNING
    },
}
# Keep this configuration in Celery workers too (Celery would replace the root handlers).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
