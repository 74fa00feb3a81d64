"""The access matrix of every cabinet page and endpoint over the whole cast (DESIGN.md §5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import CAST_NAMES
from tests.portal.conftest import Week

pytestmark = pytest.mark.django_db

PAGES = ["", "marks/", "final-marks/", "assessments/", "teachers/", "holidays/", "recommendations/"]
ENDPOINTS = ["diary/", "marks/", "final-marks/", "assessments/", "teachers/", "holidays/", "recommendations/"]

# Who opens which child: the cabinet is the family's. Staff read the journal elsewhere, so here they are strangers.
CHILD = {"guardian": 200, "student": 200, "guardian_no_consent": 404}
UNCONSENTED_CHILD = {"guardian_no_consent": 403}


def expected(who: str, target: str) -> int:
    table = {"child": CHILD, "unconsented_child": UNCONSENTED_CHILD, "other_child": {"other_guardian": 200}}
    return table.get(target, {}).get(who, 404)


def expected_page(who: str, target: str) -> int:
    # A guardian with no consent for any child sees only the consent page (issue 4): every cabinet page redirects.
    return 302 if who == "guardian_no_consent" else expected(who, target)


@pytest.mark.parametrize("who", CAST_NAMES)
@pytest.mark.parametrize("target", ["child", "other_child", "unconsented_child", "outsider_student"])
def test_it_opens_cabinet_pages_only_to_the_family(week: Week, client_for: Any, who: str, target: str) -> None:
    student = getattr(week.cast, target)
    client = client_for(who)
    for page in PAGES:
        response = client.get(f"/cabinet/{student.pk}/{page}")
        assert response.status_code == expected_page(who, target), (who, target, page)
        if response.status_code == 302:
            assert response["Location"] == "/cabinet/consent/"


@pytest.mark.parametrize("who", CAST_NAMES)
@pytest.mark.parametrize("target", ["child", "other_child", "unconsented_child", "outsider_student"])
def test_it_opens_cabinet_endpoints_only_to_the_family(week: Week, cast: Any, who: str, target: str) -> None:
    student = getattr(week.cast, target)
    client = APIClient()
    client.force_authenticate(cast.users()[who])
    for endpoint in ENDPOINTS:
        response = client.get(f"/api/v1/students/{student.pk}/{endpoint}")
        assert response.status_code == expected(who, target), (who, target, endpoint)
        if response.status_code == 403:
            assert "/cabinet/consent/" in response.json()["detail"]


def test_it_asks_strangers_to_sign_in(week: Week) -> None:
    assert Client().get(f"/cabinet/{week.cast.child.pk}/").status_code == 302
    assert APIClient().get(f"/api/v1/students/{week.cast.child.pk}/diary/").status_code == 401


def test_it_serves_homework_files_to_the_family_only(week: Week, client_for: Any) -> None:
    child, file_id = week.cast.child.pk, week.homework_file.pk
    response = client_for("guardian").get(f"/cabinet/{child}/files/{file_id}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n"
    assert client_for("other_guardian").get(f"/cabinet/{child}/files/{file_id}/").status_code == 404
    # Another child's path cannot reach this file either.
    other = week.cast.other_child.pk
    assert client_for("other_guardian").get(f"/cabinet/{other}/files/{file_id}/").status_code == 404


def test_it_sends_the_family_home_to_the_first_child(week: Week, client_for: Any) -> None:
    response = client_for("guardian").get("/cabinet/")
    assert response.status_code == 302
    assert response["Location"] == f"/cabinet/{week.cast.child.pk}/"
    assert client_for("guardian_no_consent").get("/cabinet/")["Location"] == "/cabinet/consent/"
    assert client_for("teacher").get("/cabinet/").status_code == 404


def test_it_closes_the_cabinet_on_the_request_after_consent_is_withdrawn(week: Week, client_for: Any) -> None:
    client = client_for("guardian")
    assert client.get(f"/cabinet/{week.cast.child.pk}/").status_code == 200
    week.cast.child.guardian_links.update(consent_decision="withdrawn")
    assert client.get(f"/cabinet/{week.cast.child.pk}/")["Location"] == "/cabinet/consent/"
    assert APIClient().get(f"/api/v1/students/{week.cast.child.pk}/diary/").status_code == 401
    api = APIClient()
    api.force_authenticate(week.cast.guardian)
    assert api.get(f"/api/v1/students/{week.cast.child.pk}/diary/").status_code == 403


def test_it_explains_a_missing_consent_for_one_of_two_children(week: Week, client_for: Any) -> None:
    """With consent for one child and not the other, the cabinet opens; the other child's pages say why not."""
    from journal.models import GuardianStudent

    GuardianStudent.objects.create(
        guardian=week.cast.guardian.guardian_profile,
        student=week.cast.unconsented_child,
        verified_at=week.cast.child.guardian_links.get().verified_at,
    )
    client = client_for("guardian")
    assert client.get(f"/cabinet/{week.cast.child.pk}/").status_code == 200
    response = client.get(f"/cabinet/{week.cast.unconsented_child.pk}/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "/cabinet/consent/" in page
    assert "согласи" in page.lower()
