"""The real services production uses: PostgreSQL and Redis (CI requires both; locally they are skipped)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.db import connection

from tests.conftest import need_service, port_open


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_runs_on_postgresql_with_the_pool() -> None:
    need_service(connection.vendor == "postgresql", "the suite runs on SQLite (set DATABASE_URL=postgresql://…)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()
    assert int(version) >= 150000
    assert "pool" in connection.settings_dict["OPTIONS"]


@pytest.mark.redis
def test_it_caches_in_redis(settings: Any) -> None:
    url = os.environ.get("REDIS_URL", "")
    need_service(bool(url) and port_open("127.0.0.1", 6379), "Redis is not configured (set REDIS_URL=redis://…)")
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(url, {})
    cache.set("ediary-test", {"ok": 1}, timeout=5)
    assert cache.get("ediary-test") == {"ok": 1}
    cache.delete("ediary-test")
