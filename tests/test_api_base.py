"""API base: token sign-in, token authentication, «me», schema and docs, health check."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from rest_framework.test import APIClient

from tests.conftest import CAST_NAMES, Cast
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def token_for(username: str) -> str:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def test_it_gives_a_token_for_username_and_password(cast: Cast) -> None:
    token = token_for("teacher")
    assert len(token) == 40
    assert token_for("teacher") == token  # the same token again, not a new one per sign-in


def test_it_accepts_an_email_instead_of_a_username(cast: Cast) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": cast.teacher.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "teacher", "password": "wrong"}, "non_field_errors"),
        ({"username": "nobody", "password": PASSWORD}, "non_field_errors"),
        ({"username": "teacher"}, "password"),
        ({}, "username"),
    ],
)
def test_it_refuses_bad_credentials_with_a_message(cast: Cast, body: dict[str, str], field: str) -> None:
    response = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400
    assert response.json()[field]


def test_it_refuses_an_inactive_user(cast: Cast) -> None:
    cast.teacher.is_active = False
    cast.teacher.save()
    response = APIClient().post("/api/v1/auth/token/", {"username": "teacher", "password": PASSWORD}, format="json")
    assert response.status_code == 400


def test_it_rate_limits_token_requests(cast: Cast, settings: Any) -> None:
    client = APIClient()
    statuses = [
        client.post("/api/v1/auth/token/", {"username": "teacher", "password": "wrong"}, format="json").status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]


def test_it_authenticates_with_the_token_header(cast: Cast) -> None:
    client = APIClient()
    assert client.get("/api/v1/me/").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('guardian')}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "guardian"


def test_it_refuses_a_wrong_token(cast: Cast) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get("/api/v1/me/").status_code == 401


ME_STUDENTS = {
    "guardian": ["Иванов Пётр Ильич"],
    "student": ["Иванов Пётр Ильич"],
    "other_guardian": ["Сидорова Анна Ильич"],
    "guardian_no_consent": [],
}


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_describes_me(cast: Cast, who: str) -> None:
    client = APIClient()
    client.force_authenticate(cast.users()[who])
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"username", "full_name", "roles", "students"}
    assert body["username"] == who
    assert body["full_name"]
    assert [s["full_name"] for s in body["students"]] == ME_STUDENTS.get(who, [])
    for student in body["students"]:
        assert set(student) == {"id", "full_name", "class_name"}
        assert student["class_name"] in {"7А", "8Б"}


def test_it_lists_roles_in_me(cast: Cast) -> None:
    client = APIClient()
    client.force_authenticate(cast.homeroom_teacher)
    assert client.get("/api/v1/me/").json()["roles"] == ["teacher", "homeroom_teacher"]


def test_it_serves_the_schema_and_docs(cast: Cast, client: Any) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/auth/token/" in paths
    assert "/api/v1/me/" in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # The docs page loads Swagger UI from this server, never from a CDN.
    assert b"cdn" not in docs.content.lower()
    assert b"/static/drf_spectacular_sidecar/" in docs.content


def test_it_reports_health(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_reports_an_unreachable_database(client: Any) -> None:
    with mock.patch("ediary.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] != "ok"
