"""The issue-4 API contract: POST/GET /api/v1/consents/, GET /api/v1/paper-list/, the 403 for missing consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from journal.models import Guardian, GuardianStudent, User
from portal import services
from portal.models import Consent
from tests import factories as f
from tests.conftest import CAST_NAMES, Cast

pytestmark = pytest.mark.django_db
WEEK = "2026-W49"


@pytest.fixture
def api_for(cast: Cast) -> Any:
    def make(name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(getattr(cast, name))
        return client

    return make


def body(cast: Cast, **overrides: Any) -> dict[str, Any]:
    data = {
        "guardian": Guardian.objects.get(user=cast.guardian_no_consent).pk,
        "student": cast.unconsented_child.pk,
        "kind": "processing",
        "decision": "given",
        "form": "paper",
        "document_number": "42",
        "document_date": "2026-10-01",
    }
    data.update(overrides)
    return data


POST_STATUS = {"admin": 201, "staff": 201, "outsider": 404}


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_lets_only_the_school_office_record_consents(api_for: Any, cast: Cast, who: str) -> None:
    response = api_for(who).post("/api/v1/consents/", body(cast), format="json")
    assert response.status_code == POST_STATUS.get(who, 403), (who, response.content)
    link = GuardianStudent.objects.get(student=cast.unconsented_child)
    assert link.consent_decision == ("given" if response.status_code == 201 else "")
    if response.status_code == 201:
        data = response.json()
        assert data["decision"] == "given"
        assert data["document_number"] == "42"
        assert data["text_version"] == 1
        assert data["recorded_by"] == who


def test_it_requires_sign_in(client: Any, cast: Cast) -> None:
    assert client.post("/api/v1/consents/", body(cast)).status_code == 401
    assert client.get(f"/api/v1/paper-list/?week={WEEK}").status_code == 401


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "photo"}, "kind"),
        ({"decision": "perhaps"}, "decision"),
        ({"form": "pigeon"}, "form"),
        ({"document_number": ""}, "document_number"),
        ({"document_date": "01.10.2026"}, "document_date"),
        ({"document_date": None}, "document_date"),
        ({"document_date": "2099-01-01"}, "document_date"),
        ({"guardian": "x"}, "guardian"),
        ({"student": None}, "student"),
        ({"form": "electronic", "document_number": ""}, "signed_file"),
        ({"decision": "withdrawn"}, "decision"),
    ],
)
def test_it_answers_bad_input_with_field_messages(
    api_for: Any, cast: Cast, overrides: dict[str, Any], field: str
) -> None:
    response = api_for("staff").post("/api/v1/consents/", body(cast, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Consent.objects.filter(student=cast.unconsented_child).exists()


def test_it_answers_a_guardian_not_linked_to_the_student_with_a_field_message(api_for: Any, cast: Cast) -> None:
    response = api_for("staff").post(
        "/api/v1/consents/", body(cast, guardian=Guardian.objects.get(user=cast.guardian).pk), format="json"
    )
    assert response.status_code == 400
    assert "guardian" in response.json()


def test_it_hides_another_schools_people(api_for: Any, cast: Cast) -> None:
    stranger = f.GuardianFactory.create(user=None)
    f.GuardianStudentFactory.create(guardian=stranger, student=cast.outsider_student, consent_decision="")
    client = api_for("staff")
    response = client.post("/api/v1/consents/", body(cast, student=cast.outsider_student.pk), format="json")
    assert response.status_code == 404
    response = client.post("/api/v1/consents/", body(cast, guardian=stranger.pk), format="json")
    assert response.status_code == 404
    response = client.post("/api/v1/consents/", body(cast, guardian=999999), format="json")
    assert response.status_code == 404
    assert client.get(f"/api/v1/consents/?guardian={stranger.pk}").status_code == 404
    assert client.get(f"/api/v1/consents/?student={cast.outsider_student.pk}").status_code == 404


def test_it_lists_the_history_newest_first(api_for: Any, cast: Cast) -> None:
    client = api_for("staff")
    for decision in ("refused", "given"):
        assert client.post("/api/v1/consents/", body(cast, decision=decision), format="json").status_code == 201
    guardian = Guardian.objects.get(user=cast.guardian_no_consent).pk
    response = client.get(f"/api/v1/consents/?guardian={guardian}&student={cast.unconsented_child.pk}")
    assert response.status_code == 200
    assert [row["decision"] for row in response.json()] == ["given", "refused"]
    only_student = client.get(f"/api/v1/consents/?student={cast.child.pk}").json()
    assert [row["student"] for row in only_student] == [cast.child.pk]


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_shows_the_history_to_the_school_office_only(api_for: Any, cast: Cast, who: str) -> None:
    response = api_for(who).get(f"/api/v1/consents/?student={cast.child.pk}")
    expected = {"admin": 200, "staff": 200, "outsider": 404}.get(who, 403)
    assert response.status_code == expected, who
    if expected == 200:
        assert len(response.json()) == 1


@pytest.mark.parametrize("query", ["", "?guardian=abc", "?student=1.5"])
def test_it_answers_bad_history_queries_with_400(api_for: Any, cast: Cast, query: str) -> None:
    response = api_for("staff").get(f"/api/v1/consents/{query}")
    assert response.status_code == 400


def add_students(cast: Cast, count: int) -> None:
    """More students in 7А, each with a guardian on the paper list, to show query counts do not grow."""
    for n in range(count):
        student = f.StudentFactory.create(school=cast.child.school)
        f.EnrollmentFactory.create(student=student, school_class=cast.school_class)
        f.GuardianStudentFactory.create(
            guardian=f.GuardianFactory.create(user=None), student=student, consent_decision=""
        )
        if n % 2:
            guardian = f.GuardianFactory.create(user=None)
            f.GuardianStudentFactory.create(guardian=guardian, student=student, consent_decision="")
            services.consent_record(
                recorded_by=cast.staff,
                guardian=guardian,
                student=student,
                kind="processing",
                decision="refused",
                form="paper",
                document_number=str(n),
                document_date=dt.date(2026, 10, 1),
            )


def count_queries(client: APIClient, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


# Pinned (force_authenticate: no session or token lookup): the access checks plus one query for the rows.
# paper list: office schools, rows; history: office schools, the student, rows. They must not grow with the data.
PAPER_LIST_QUERIES = 2
HISTORY_QUERIES = 3


def test_it_pins_the_paper_list_queries(api_for: Any, cast: Cast) -> None:
    client = api_for("admin")
    small, rows = count_queries(client, f"/api/v1/paper-list/?week={WEEK}")
    assert len(rows) == 1
    add_students(cast, 12)
    large, rows = count_queries(client, f"/api/v1/paper-list/?week={WEEK}")
    assert len(rows) == 1 + 12 + 6
    assert small == large == PAPER_LIST_QUERIES


def test_it_pins_the_history_queries(api_for: Any, cast: Cast) -> None:
    client = api_for("staff")
    url = f"/api/v1/consents/?student={cast.unconsented_child.pk}"
    small, rows = count_queries(client, url)
    assert rows == []
    for n in range(10):
        client.post("/api/v1/consents/", body(cast, decision="refused" if n % 2 else "given"), format="json")
    large, rows = count_queries(client, url)
    assert len(rows) == 10
    assert small == large == HISTORY_QUERIES


PAPER_STATUS = {"admin": 200, "staff": 200, "homeroom_teacher": 200, "outsider": 200}


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_opens_the_whole_school_paper_list_to_the_office(api_for: Any, cast: Cast, who: str) -> None:
    response = api_for(who).get(f"/api/v1/paper-list/?week={WEEK}")
    assert response.status_code == PAPER_STATUS.get(who, 403), who
    if who in ("admin", "staff", "homeroom_teacher"):
        guardian = Guardian.objects.get(user=cast.guardian_no_consent).pk
        assert response.json() == [{"student": cast.unconsented_child.pk, "guardian": guardian, "reason": "no_consent"}]
    if who == "outsider":
        assert response.json() == []  # their own school: nobody on paper


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_opens_a_class_paper_list_to_its_homeroom_teacher_and_the_office(api_for: Any, cast: Cast, who: str) -> None:
    response = api_for(who).get(f"/api/v1/paper-list/?week={WEEK}&school_class={cast.school_class.pk}")
    assert response.status_code == {"admin": 200, "staff": 200, "homeroom_teacher": 200}.get(who, 404), who


@pytest.mark.parametrize("week", ["", "2026-49", "2026-W99", "2026-Wxx", "W49", "2026-W4"])
def test_it_answers_a_malformed_week_with_400(api_for: Any, cast: Cast, week: str) -> None:
    response = api_for("admin").get(f"/api/v1/paper-list/?week={week}")
    assert response.status_code == 400
    assert "week" in response.json()


def test_it_answers_a_bad_class_id_with_400(api_for: Any, cast: Cast) -> None:
    assert api_for("admin").get(f"/api/v1/paper-list/?week={WEEK}&school_class=x").status_code == 400


CARD_STATUS = {
    # who: {student attribute: status}
    "guardian": {"child": 200, "other_child": 404, "unconsented_child": 404, "outsider_student": 404},
    "other_guardian": {"child": 404, "other_child": 200, "unconsented_child": 404, "outsider_student": 404},
    "guardian_no_consent": {"child": 404, "other_child": 404, "unconsented_child": 403, "outsider_student": 404},
    # The cabinet is the family's: staff read students through the journal, so here even their own are strangers.
    "outsider": {"child": 404, "other_child": 404, "unconsented_child": 404, "outsider_student": 404},
    "student": {"child": 200, "other_child": 404, "unconsented_child": 404, "outsider_student": 404},
}


@pytest.mark.parametrize("who", sorted(CARD_STATUS))
@pytest.mark.parametrize("target", ["child", "other_child", "unconsented_child", "outsider_student"])
def test_it_tells_missing_consent_apart_from_a_stranger_in_the_api(
    api_for: Any, cast: Cast, who: str, target: str
) -> None:
    response = api_for(who).get(f"/api/v1/students/{getattr(cast, target).pk}/holidays/")
    assert response.status_code == CARD_STATUS[who][target], (who, target)
    if response.status_code == 403:
        assert "/cabinet/consent/" in response.json()["detail"]
        assert "соглас" in response.json()["detail"].lower()


def test_it_cuts_api_access_on_the_next_request_after_withdrawal(api_for: Any, cast: Cast) -> None:
    client = api_for("guardian")
    assert client.get(f"/api/v1/students/{cast.child.pk}/holidays/").status_code == 200
    staff = api_for("staff")
    guardian = Guardian.objects.get(user=cast.guardian).pk
    response = staff.post(
        "/api/v1/consents/",
        {
            "guardian": guardian,
            "student": cast.child.pk,
            "kind": "processing",
            "decision": "withdrawn",
            "form": "paper",
            "document_number": "W-1",
            "document_date": "2026-11-30",
        },
        format="json",
    )
    assert response.status_code == 201
    assert client.get(f"/api/v1/students/{cast.child.pk}/holidays/").status_code == 403
    rows = staff.get(f"/api/v1/paper-list/?week={WEEK}&school_class={cast.school_class.pk}").json()
    assert {"student": cast.child.pk, "guardian": guardian, "reason": "withdrawn"} in rows


def test_it_documents_the_endpoints_in_the_schema(api_for: Any, cast: Cast) -> None:
    schema = api_for("admin").get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/consents/", "/api/v1/paper-list/", "/api/v1/students/{student_id}/diary/"):
        assert path in schema


def test_it_keeps_a_teacher_from_changing_consents(api_for: Any, cast: Cast) -> None:
    for who in ("teacher", "homeroom_teacher"):
        response = api_for(who).post(
            "/api/v1/consents/", body(cast, student=cast.child.pk, decision="withdrawn"), format="json"
        )
        assert response.status_code == 403
    assert GuardianStudent.objects.get(student=cast.child).consent_decision == "given"
    assert User.objects.filter(username="teacher").exists()
