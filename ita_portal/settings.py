"""Settings for the ITA Portal, read from the environment (see .env.example)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import fontpkg_sarabun
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from ita_portal.env import (
    env_bool,
    env_broker,
    env_database,
    env_email_backend,
    env_int,
    env_list,
    env_path,
    env_str,
    load_dotenv,
)

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "csp",
    "axes",
    "ita_portal",
    "assessments",
    "measures",
    "reports",
    "oit",
    "members",
    "linechannel",
    "notifications",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether a second factor was confirmed in this session (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A required second factor, then a password someone else set, before any other page (accounts/middleware.py).
    "accounts.middleware.AccountGateMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ita_portal.security.PortalCSPMiddleware",
    # Last, as django-axes asks: it turns a lockout noticed during the login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ita_portal.urls"
WSGI_APPLICATION = "ita_portal.wsgi.application"

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
                "reports.memos.context.inbox",
                "accounts.context.account",
                "notifications.context.bell",
            ],
            "builtins": ["ita_portal.templatetags.thai"],
        },
    },
]

# Form widgets may use the project's templates (templates/measures/widgets/…).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A reset link works for 3 days: the mail may reach a shared office mailbox on a Friday afternoon and be
# read on Monday; it works once, and not after the password or the last login changed (Django's token).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 60 * 60, minimum=15 * 60)
# Reset e-mails per address and per client address in an hour; over that the same page answers, no mail.
PASSWORD_RESET_PER_EMAIL_PER_HOUR = env_int("PASSWORD_RESET_PER_EMAIL_PER_HOUR", 5, minimum=1)
PASSWORD_RESET_PER_IP_PER_HOUR = env_int("PASSWORD_RESET_PER_IP_PER_HOUR", 20, minimum=1)
# Membership roles that must sign in with a second factor (TOTP or a recovery code), e.g. approver,coordinator.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", [])
# The name authenticator apps show next to the code; a wrong code makes the next try wait 1, 2, 4 … seconds.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "ITA Portal")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# axes first: it refuses a locked-out username before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A login lasts one working day from the moment of logging in, then the next person at a shared office PC
# finds the login page. Not renewed on every request (that would also write the session on every page
# view), and not tied to closing the browser (browsers restore such cookies, and phones would log out all day).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS only in production, behind a TLS proxy that sets X-Forwarded-Proto (README, "Running in production").
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading into browsers is a commitment for the whole domain that its owner makes, not the portal.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts and styles only from the portal's static files, nothing
# inline, no eval (htmx runs with allowEval off, base.html). ita_portal/security.py lets the memo page
# embed its own PDF (object-src, frame-ancestors); every other page keeps this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes): a username is locked out from one address after LOGIN_FAILURE_LIMIT
# wrong passwords in a row, for LOGIN_COOLOFF_MINUTES; the same username from another address, and
# other usernames from the same office, can still log in. A successful login clears the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ita_portal.security.client_ip"
AXES_LOCKOUT_CALLABLE = "ita_portal.security.lockout_response"

LANGUAGE_CODE = "th"
# Thai for Django messages its own catalogue leaves in English (compiled by `make setup`).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("th", "ไทย")]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("STATIC_ROOT", BASE_DIR / "var" / "static")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The Sarabun font comes from the fontpkg-sarabun wheel, not from a copy in the repository.
    ("fonts/sarabun", Path(fontpkg_sarabun.__file__).parent / "files"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", BASE_DIR / "var" / "media")
# How many evidence links one progress save may add (a hostile review posted 5,000).
EVIDENCE_LINKS_PER_SAVE = env_int("EVIDENCE_LINKS_PER_SAVE", 20, minimum=1)
# A results sheet that would create more agencies than this needs an explicit confirmation (a typo in a
# province column must not create thousands of agencies by accident).
IMPORT_MAX_NEW_AGENCIES = env_int("IMPORT_MAX_NEW_AGENCIES", 10_000, minimum=1)
# A form's typed text, URL-encoded: Thai costs 9 bytes a character, so the 43-item results form with
# its comments and decisions needs about 4.3 MB (Django's default is 2.5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024, minimum=1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env_email_backend("EMAIL_BACKEND", "console")
# Where EMAIL_BACKEND=file writes each message (a test lab, or checking what would be sent).
EMAIL_FILE_PATH = env_path("EMAIL_FILE_PATH", BASE_DIR / "var" / "mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ITA Portal <noreply@localhost>")
# Seconds a worker waits for the mail server before the send is retried later (notifications.tasks).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# Notifications (README, "Notifications"): a delivery is tried this many times with growing waits (1, 2,
# 4 … minutes, at most an hour apart) before it is marked failed; a "sending" row older than
# NOTIFICATIONS_STALE_MINUTES belonged to a worker that died and is sent again.
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 24, minimum=1)
NOTIFICATIONS_STALE_MINUTES = env_int("NOTIFICATIONS_STALE_MINUTES", 15, minimum=2)
# The local hour (Asia/Bangkok) from which a worker's sweep computes the day's reminders (with or without beat).
NOTIFICATIONS_REMINDER_HOUR = env_int("NOTIFICATIONS_REMINDER_HOUR", 7, minimum=0)
# The portal's address as people reach it, for links in e-mails and on the verification page.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Celery: with no broker the tasks run inside the web process (embedded default).
CELERY_BROKER_URL = env_broker("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# A long document is cut into parts; with a broker the parts go to several workers at once.
REPORTS_PARTS_IN_PARALLEL = not CELERY_TASK_ALWAYS_EAGER
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must not hang on a dead broker: a few quick tries, then the document stays queued
# and a worker's sweep sends it when Redis is back (reports.tasks.start_sweeping).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
# Redis delivers an unacknowledged message again after visibility_timeout (default one hour): make it
# longer than a task may hold one (its wait behind one prefetched task plus the hard time limit).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT + 60, "socket_connect_timeout": 2}
# How often each worker sends what a broker outage or a dead worker left behind (0: only when it starts).
REPORTS_SWEEP_SECONDS = env_int("REPORTS_SWEEP_SECONDS", 60)
CELERY_TIMEZONE = TIME_ZONE

# Signing the final memo PDFs (PAdES, reports/memos/signing.py): PEM key and certificate files.
# Both empty: a self-signed development pair is generated once under MEMO_SIGNING_DIR; production
# must set real files (a certificate from a CA the readers trust).
MEMO_SIGNING_KEY = env_str("MEMO_SIGNING_KEY")
MEMO_SIGNING_CERT = env_str("MEMO_SIGNING_CERT")
MEMO_SIGNING_KEY_PASSWORD = env_str("MEMO_SIGNING_KEY_PASSWORD")
MEMO_SIGNING_DIR = env_path("MEMO_SIGNING_DIR", BASE_DIR / "var" / "signing")
if bool(MEMO_SIGNING_KEY) != bool(MEMO_SIGNING_CERT):
    raise ImproperlyConfigured("MEMO_SIGNING_KEY and MEMO_SIGNING_CERT must be set together (or both left empty).")

# OIT link checker (oit/linkcheck.py; .env.example explains each). Private addresses stay refused
# (SSRF guard) unless a lab sets LINKCHECK_ALLOW_PRIVATE.
LINKCHECK_TIMEOUT = env_int("LINKCHECK_TIMEOUT", 10, minimum=1)
LINKCHECK_MAX_BYTES = env_int("LINKCHECK_MAX_BYTES", 2 * 1024 * 1024, minimum=1024)
LINKCHECK_MAX_REDIRECTS = env_int("LINKCHECK_MAX_REDIRECTS", 5, minimum=0)
LINKCHECK_PER_HOST = env_int("LINKCHECK_PER_HOST", 8, minimum=1)
LINKCHECK_ALLOW_PRIVATE = env_bool("LINKCHECK_ALLOW_PRIVATE", default=False)

# LINE Official Account channel (linechannel/, README "Notifications" → "LINE"): off unless both the
# channel access token and the channel secret are given. LINE_MONTHLY_QUOTA is the OA plan's monthly
# messages; pushes stop (with one warning to the administrators) at LINE_MONTHLY_QUOTA - LINE_QUOTA_RESERVE.
LINE_CHANNEL_ACCESS_TOKEN = env_str("LINE_CHANNEL_ACCESS_TOKEN")
LINE_CHANNEL_SECRET = env_str("LINE_CHANNEL_SECRET")
LINE_API_BASE = env_str("LINE_API_BASE", "https://api.line.me") or "https://api.line.me"
LINE_OA_ID = env_str("LINE_OA_ID")
LINE_OA_ADD_URL = env_str("LINE_OA_ADD_URL")
LINE_MONTHLY_QUOTA = env_int("LINE_MONTHLY_QUOTA", 200, minimum=0)
LINE_QUOTA_RESERVE = env_int("LINE_QUOTA_RESERVE", 0, minimum=0)
if bool(LINE_CHANNEL_ACCESS_TOKEN) != bool(LINE_CHANNEL_SECRET):
    raise ImproperlyConfigured(
        "LINE_CHANNEL_ACCESS_TOKEN and LINE_CHANNEL_SECRET must be set together (or both left empty)."
    )

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools log every rendering step at INFO; django-axes every login (its AccessLog keeps them).
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "pikepdf", "axes")},
}
