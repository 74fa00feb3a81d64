"""Project-level gates: settings from the environment, migrations in step, deploy checks, translations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from ediary.env import Env, parse_database_url, parse_email_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-1234567890",
    "ALLOWED_HOSTS": "school.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "DJANGO_SETTINGS_MODULE": "ediary.settings",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Start from the real environment without what the test run itself set (test_settings, the browser tests).
    test_only = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "SECURE_SSL_REDIRECT",
        "EDIARY_TESTING",
        "EMAIL_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run(  # noqa: S603 — our own manage.py with fixed arguments.
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_it_passes_the_deploy_checks_with_production_settings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://localhost"}, "REDIS_URL"),
        ({"EMAIL_URL": "ftp://x"}, "EMAIL_URL"),
        ({"DEBUG": "maybe"}, "DEBUG"),
    ],
)
def test_it_stops_on_a_bad_setting_naming_the_variable(change: dict[str, str], variable: str) -> None:
    result = run_manage("check", env={**PRODUCTION_ENV, **change})
    assert result.returncode != 0
    assert variable in result.stderr


def test_it_reads_typed_values() -> None:
    env = Env({"A": "yes", "N": "12", "L": "a, b,,c"})
    assert env.get_bool("A") is True
    assert env.get_int("N", default=1) == 12
    assert env.get_list("L", default=[]) == ["a", "b", "c"]
    with pytest.raises(ImproperlyConfigured, match="N"):
        Env({"N": "twelve"}).get_int("N", default=1)
    with pytest.raises(ImproperlyConfigured, match="MISSING"):
        env.get_str("MISSING")


def test_it_parses_database_and_email_urls() -> None:
    config = parse_database_url("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ediary")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "ediary"
    assert "pool" in config["OPTIONS"]  # type: ignore[operator]
    email = parse_email_url("EMAIL_URL", "smtp+tls://user:p%40ss@mail.example.org")
    assert email["EMAIL_HOST"] == "mail.example.org"
    assert email["EMAIL_PORT"] == 587
    assert email["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert email["EMAIL_USE_TLS"] is True


@pytest.mark.django_db
def test_it_has_every_model_change_in_a_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_it_has_every_russian_message_translated_and_compiled() -> None:
    po = polib.pofile(str(ROOT / "locale/ru/LC_MESSAGES/django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    mo = polib.mofile(str(ROOT / "locale/ru/LC_MESSAGES/django.mo"))
    compiled = {e.msgid: e.msgstr for e in mo}
    assert {e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural}.items() <= compiled.items()
