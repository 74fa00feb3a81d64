"""The admin side: consents per guardian and student, the filters, the printable form, append-only records,
contacts with their basis, and the personal-data log with its CSV export — each scoped to the user's school."""

from __future__ import annotations

from typing import Any

import pytest

from journal.models import Guardian, GuardianStudent
from portal import services
from portal.models import Consent, Contact, PersonalDataEvent
from tests import factories as f
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def link_of(cast: Cast, student: Any) -> GuardianStudent:
    return GuardianStudent.objects.get(student=student)


@pytest.mark.parametrize(
    ("decision", "shows", "hides"),
    [
        ("none", "Кузнецов", "Сидорова"),
        ("given", "Сидорова", "Кузнецов"),
        ("refused", None, "Кузнецов"),
        ("withdrawn", None, "Сидорова"),
    ],
)
def test_it_filters_pairs_by_decision(client_for: Any, cast: Cast, decision: str, shows: str, hides: str) -> None:
    page = client_for("staff").get(f"/admin/portal/consentstatus/?decision={decision}").content.decode()
    if shows:
        assert shows in page
    assert hides not in page


def test_it_lists_only_the_own_schools_consents(client_for: Any, cast: Cast) -> None:
    stranger = f.GuardianFactory.create(user=None, last_name="Чужая")
    f.GuardianStudentFactory.create(guardian=stranger, student=cast.outsider_student, consent_decision="")
    assert "Чужая" not in client_for("staff").get("/admin/portal/consentstatus/").content.decode()
    assert "Чужая" in client_for("outsider").get("/admin/portal/consentstatus/").content.decode()
    page = client_for("outsider").get("/admin/portal/consent/").content.decode()
    assert "Иванов" not in page


def test_it_prints_a_prefilled_consent_form_for_the_schools_staff_only(client_for: Any, cast: Cast) -> None:
    link = link_of(cast, cast.unconsented_child)
    url = f"/admin/portal/consentstatus/{link.pk}/print/"
    page = client_for("staff").get(url).content.decode()
    assert "Кузнецова" in page
    assert "Кузнецов Олег" in page
    assert "Школа № 1" in page
    assert "Согласие на обработку данных." in page  # the current text
    assert "@media print" in page
    assert "подпись" in page
    assert client_for("admin").get(url).status_code == 200
    assert client_for("outsider").get(url).status_code == 404
    for who in ("teacher", "guardian", "guardian_no_consent"):
        assert client_for(who).get(url).status_code == 302  # to the admin sign-in


def test_it_adds_a_consent_in_the_admin_through_the_service(client_for: Any, cast: Cast) -> None:
    guardian = Guardian.objects.get(user=cast.guardian_no_consent)
    data = {
        "guardian": guardian.pk,
        "student": cast.unconsented_child.pk,
        "kind": "processing",
        "decision": "given",
        "form": "paper",
        "document_number": "П-1",
        "document_date": "2026-10-01",
    }
    client = client_for("staff")
    response = client.post("/admin/portal/consent/add/", {**data, "document_number": ""})
    assert response.status_code == 200
    assert "Укажите номер подписанного бумажного документа" in response.content.decode()
    response = client.post(
        "/admin/portal/consent/add/", {**data, "guardian": Guardian.objects.get(user=cast.guardian).pk}
    )
    assert response.status_code == 200
    assert "не подтверждён как законный представитель" in response.content.decode()
    response = client.post("/admin/portal/consent/add/", data)
    assert response.status_code == 302
    consent = Consent.objects.get(student=cast.unconsented_child)
    assert consent.recorded_by == cast.staff
    assert link_of(cast, cast.unconsented_child).consent_decision == "given"
    assert PersonalDataEvent.objects.filter(kind="consent_recorded", student=cast.unconsented_child).exists()


def test_it_never_changes_or_deletes_a_consent_in_the_admin(client_for: Any, cast: Cast) -> None:
    consent = Consent.objects.get(student=cast.child)
    client = client_for("admin")
    assert client.get(f"/admin/portal/consent/{consent.pk}/change/").status_code == 200  # view only
    response = client.post(f"/admin/portal/consent/{consent.pk}/change/", {"decision": "refused"})
    assert response.status_code == 403
    assert client.post(f"/admin/portal/consent/{consent.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(
        "/admin/portal/consent/", {"action": "delete_selected", "_selected_action": [consent.pk], "post": "yes"}
    )
    assert Consent.objects.filter(pk=consent.pk, decision="given").exists()
    assert response.status_code in (200, 302)


def test_it_shows_consent_history_per_guardian_and_per_student(client_for: Any, cast: Cast) -> None:
    guardian = Guardian.objects.get(user=cast.guardian)
    page = client_for("staff").get(f"/admin/journal/guardian/{guardian.pk}/change/").content.decode()
    assert "история согласий" in page.lower()
    assert "С-" in page
    page = client_for("staff").get(f"/admin/journal/student/{cast.child.pk}/change/").content.decode()
    assert "история согласий" in page.lower()


def test_it_keeps_teachers_and_guardians_out_of_the_consent_admin(client_for: Any, cast: Cast) -> None:
    for who in ("teacher", "homeroom_teacher", "guardian", "student"):
        assert client_for(who).get("/admin/portal/consent/add/").status_code == 302


def test_it_records_a_contact_from_a_paper_application(client_for: Any, cast: Cast) -> None:
    guardian = Guardian.objects.get(user=cast.guardian)
    data = {
        "guardian": guardian.pk,
        "kind": "phone",
        "value": "+7 900 555-44-33",
        "basis": "paper_application",
        "document_number": "",
        "document_date": "2026-10-02",
    }
    client = client_for("staff")
    response = client.post("/admin/portal/contact/add/", data)
    assert response.status_code == 200
    assert "Укажите номер бумажного заявления" in response.content.decode()
    response = client.post("/admin/portal/contact/add/", {**data, "value": "12"})
    assert response.status_code == 200
    assert "+7 900 123-45-67" in response.content.decode()
    response = client.post("/admin/portal/contact/add/", {**data, "document_number": "З-7"})
    assert response.status_code == 302
    contact = Contact.objects.get(guardian=guardian)
    assert contact.value == "+79005554433"
    assert contact.is_confirmed
    response = client.post(f"/admin/portal/contact/{contact.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Contact.objects.exists()
    kinds = set(PersonalDataEvent.objects.filter(guardian=guardian).values_list("kind", flat=True))
    assert {"contact_added", "contact_removed"} <= kinds


def test_it_shows_the_log_to_administrators_and_exports_it_as_csv(client_for: Any, cast: Cast) -> None:
    stranger = f.GuardianFactory.create(user=None, last_name="Чужая")
    f.GuardianStudentFactory.create(guardian=stranger, student=cast.outsider_student, consent_decision="")
    services.contact_add(by=None, guardian=stranger, kind="email", value="z@ex.test", basis="self_entered")
    client = client_for("admin")
    assert client.get("/admin/portal/personaldataevent/").status_code == 200
    assert client_for("staff").get("/admin/portal/personaldataevent/").status_code == 403
    response = client.get("/admin/portal/personaldataevent/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("когда,событие")
    assert len(lines) == 1 + PersonalDataEvent.objects.filter(school=cast.child.school).count()
    assert "Чужая" not in text
    ids = list(PersonalDataEvent.objects.filter(school=cast.child.school).values_list("pk", flat=True))
    response = client.post("/admin/portal/personaldataevent/", {"action": "export_csv", "_selected_action": ids[:1]})
    assert response.status_code == 200
    assert len(b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()) == 2
    assert client_for("outsider").get("/admin/portal/personaldataevent/export/").status_code == 200
    assert client_for("teacher").get("/admin/portal/personaldataevent/export/").status_code == 302


def test_it_publishes_a_new_consent_text_version_from_the_admin(client_for: Any, cast: Cast) -> None:
    client = client_for("admin")
    response = client.post(
        "/admin/portal/consenttext/add/", {"school": cast.child.school_id, "kind": "processing", "text": "Редакция 2"}
    )
    assert response.status_code == 302
    current = services.current_text(school=cast.child.school, kind="processing")
    assert current is not None
    assert current.version == 2
    assert current.text == "Редакция 2"
    outsider = client_for("outsider").post(
        "/admin/portal/consenttext/add/", {"school": cast.child.school_id, "kind": "processing", "text": "Чужая"}
    )
    assert outsider.status_code == 200  # the other school is not a valid choice
    assert services.current_text(school=cast.child.school, kind="processing") == current


def test_it_links_each_pair_to_its_history_and_form(client_for: Any, cast: Cast) -> None:
    client = client_for("staff")
    page = client.get("/admin/portal/consentstatus/").content.decode()
    guardian = Guardian.objects.get(user=cast.guardian)
    history = f"/admin/portal/consent/?guardian__id__exact={guardian.pk}"
    assert history.replace("&", "&amp;") in page or history in page
    response = client.get(history)
    assert response.status_code == 200
    assert "С-" in response.content.decode()
    assert f"/admin/portal/consent/add/?guardian={guardian.pk}" in page.replace("&amp;", "&")
