"""Settings for ediary, read from the environment (see README, «Settings»)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ediary.env import Env, parse_database_url, parse_email_url

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

DEBUG = env.get_bool("DEBUG", default=False)
SECRET_KEY = env.get_str("SECRET_KEY", default="insecure-development-key-only-for-debug" if DEBUG else None)
if not DEBUG and (SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long when DEBUG is off.")
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", default=[])

VAR_DIR = Path(env.get_str("EDIARY_VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "journal",
    "portal",
    "notifications",
    "printouts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ediary.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "journal.middleware.RequireAdminMfaMiddleware",
    "portal.middleware.ConsentRequiredMiddleware",
]

ROOT_URLCONF = "ediary.urls"
WSGI_APPLICATION = "ediary.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": parse_database_url(
        "DATABASE_URL", env.get_str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ediary.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "journal.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Language: Russian first, English second; the school's timezone drives dates in the journal.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.get_str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env.get_bool("EDIARY_TESTING", default=False)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email: EMAIL_URL wins; otherwise the console in development.
EMAIL_URL = env.get_str("EMAIL_URL", default="console://")
for _key, _value in parse_email_url("EMAIL_URL", EMAIL_URL).items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", default="ediary <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without REDIS_URL tasks run eagerly in-process (the embedded default).
REDIS_URL = env.get_str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis:// or rediss://.")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # 152-ФЗ: data kept only under a withdrawn consent is destroyed within 30 days (portal.services).
    "portal-purge-withdrawn-data": {"task": "portal.purge_withdrawn_data", "schedule": 6 * 60 * 60},
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Accounts (django-allauth): username or email, password reset by email, TOTP for staff.
SITE_NAME = env.get_str("SITE_NAME", default="ediary")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_ADAPTER = "journal.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
EDIARY_MFA_REQUIRED_FOR_ADMINS = env.get_bool("EDIARY_MFA_REQUIRED_FOR_ADMINS", default=False)

# Homework files: the size limit and the accepted file types (by extension).
EDIARY_HOMEWORK_MAX_BYTES = env.get_int("EDIARY_HOMEWORK_MAX_BYTES", default=10 * 1024 * 1024)
EDIARY_HOMEWORK_TYPES = env.get_list(
    "EDIARY_HOMEWORK_TYPES",
    default=[
        "pdf",
        "doc",
        "docx",
        "odt",
        "rtf",
        "txt",
        "jpg",
        "jpeg",
        "png",
        "ppt",
        "pptx",
        "odp",
        "xls",
        "xlsx",
        "ods",
    ],
)
# Where one-time codes for phones go until an SMS gateway is connected: "log" or "locmem" (tests).
EDIARY_SMS_BACKEND = env.get_str("EDIARY_SMS_BACKEND", default="log")
if EDIARY_SMS_BACKEND not in {"log", "locmem"}:
    raise ImproperlyConfigured("EDIARY_SMS_BACKEND must be log or locmem.")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a bad or missing token answers 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": env.get_str("EDIARY_TOKEN_RATE", default="10/min")},
    "EXCEPTION_HANDLER": "ediary.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ediary API",
    "DESCRIPTION": "Data exchange with the school electronic journal (R11).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Production hardening; `manage.py check --deploy` is clean with DEBUG off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers and compose health checks probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG and SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = not DEBUG and SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # Without HTTPS (SECURE_SSL_REDIRECT=0, e.g. a school's intranet behind a TLS proxy) the cookie flags follow it.
    *(["security.W008", "security.W012", "security.W016"] if not SECURE_SSL_REDIRECT and not DEBUG else []),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", default="INFO")},
}
