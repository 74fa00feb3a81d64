"""Settings for the test suite: production settings with test-only defaults for what the environment leaves out."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("EDIARY_TESTING", "1")
os.environ.setdefault("EMAIL_URL", "locmem://")

from ediary.settings import *  # noqa: F403

# Tests serve static files from the apps' folders; nothing is collected.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Tasks run in-process unless an integration test starts a real worker; the cache stays per-process.
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
