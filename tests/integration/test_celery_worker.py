"""A real Celery worker on Redis runs the scheduled 30-day purge against the real (PostgreSQL) database."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from celery import Celery
from django.db import connection

from journal.models import Guardian
from portal import services, tasks
from portal.models import Contact, PersonalDataEvent
from tests.conftest import Cast, need_service, port_open

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def worker_env(redis_url: str) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ediary.settings",
        "DATABASE_URL": url,  # the test database the suite itself uses
        "REDIS_URL": redis_url,
        "SECRET_KEY": "worker-test-secret-key-that-is-long-enough-0123456789",
        "ALLOWED_HOSTS": "localhost",
        "DEBUG": "0",
    }


def test_it_purges_withdrawn_data_in_a_real_worker(cast: Cast) -> None:
    redis_url = os.environ.get("REDIS_URL", "")
    need_service(connection.vendor == "postgresql", "the worker test needs PostgreSQL (set DATABASE_URL)")
    need_service(bool(redis_url) and port_open("127.0.0.1", 6379), "the worker test needs Redis (set REDIS_URL)")
    guardian = Guardian.objects.get(user=cast.guardian)
    services.contact_add(
        by=cast.staff, guardian=guardian, kind="phone", value="+79001112233", basis="paper_application",
        document_number="8", document_date=dt.date(2026, 9, 10),
    )  # fmt: skip
    # Withdrawn 31 days ago: the worker, running on the real clock, finds it due.
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=31), tick=False):
        services.consent_withdraw(recorded_by=cast.guardian, guardian=guardian, student=cast.child, self_service=True)
    assert Contact.objects.filter(guardian=guardian).exists()

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ediary", "worker", "--pool", "solo", "--loglevel", "WARNING",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=worker_env(redis_url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        # A client of its own sends the task by name through Redis, as celery beat does in production.
        with Celery(broker=redis_url) as client:
            client.send_task(tasks.purge_withdrawn_data.name)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and Contact.objects.filter(guardian=guardian).exists():
            time.sleep(0.5)
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert not Contact.objects.filter(guardian=guardian).exists(), output
    assert PersonalDataEvent.objects.filter(guardian=guardian, kind=PersonalDataEvent.Kind.DATA_DELETED).exists()
