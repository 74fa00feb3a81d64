"""The guardian's consent, withdrawal, contacts and delivery pages: the access matrix, the consent gate, forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from journal.models import Guardian, GuardianStudent
from portal import services
from portal.models import Consent, Contact, DeliveryPreference
from tests.conftest import CAST_NAMES, Cast
from tests.portal.conftest import last_code, wrong

pytestmark = pytest.mark.django_db

PAGES = ["/cabinet/consent/", "/cabinet/consent/withdraw/", "/cabinet/contacts/", "/cabinet/delivery/"]
# What each member of the cast gets on each page: guardians their own page, a guardian without any consent the
# consent pages only (redirected there from the rest), everybody else «not found».
EXPECTED: dict[str, dict[str, int]] = {
    "guardian": dict.fromkeys(PAGES, 200),
    "other_guardian": dict.fromkeys(PAGES, 200),
    "guardian_no_consent": {
        "/cabinet/consent/": 200,
        "/cabinet/consent/withdraw/": 200,
        "/cabinet/contacts/": 302,
        "/cabinet/delivery/": 302,
    },
}


@pytest.mark.parametrize("who", CAST_NAMES)
@pytest.mark.parametrize("page", PAGES)
def test_it_opens_each_page_to_the_right_people(client_for: Any, who: str, page: str) -> None:
    response = client_for(who).get(page)
    assert response.status_code == EXPECTED.get(who, {}).get(page, 404), (who, page)
    if response.status_code == 302:
        assert response["Location"] == "/cabinet/consent/"


@pytest.mark.parametrize("page", PAGES)
def test_it_sends_visitors_to_sign_in(client: Any, cast: Cast, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_a_guardian_without_consent_only_the_consent_page(client_for: Any, cast: Cast) -> None:
    client = client_for("guardian_no_consent")
    for path in ("/", "/cabinet/", "/cabinet/anything/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/cabinet/consent/"
    page = client.get("/cabinet/consent/").content.decode()
    assert "Кузнецов" in page
    assert "Согласие на обработку данных." in page  # the current text
    assert "Иванов" not in page
    assert "Сидорова" not in page


def test_it_lets_a_guardian_in_for_the_consented_child(client_for: Any, cast: Cast) -> None:
    # The guardian also represents the unconsented child: still gets in, sees only the consented one.
    GuardianStudent.objects.create(
        guardian=Guardian.objects.get(user=cast.guardian),
        student=cast.unconsented_child,
        verified_at=cast.child.guardian_links.get().verified_at,
    )
    response = client_for("guardian").get("/")
    assert response.status_code == 200
    assert client_for("guardian").get("/cabinet/contacts/").status_code == 200


def test_it_gives_consent_with_a_code(client_for: Any, cast: Cast) -> None:
    client = client_for("guardian_no_consent")
    response = client.post(
        "/cabinet/consent/", {"action": "send", "students": [cast.unconsented_child.pk], "agree": "on"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == [cast.guardian_no_consent.email]
    page = client.get("/cabinet/consent/").content.decode()
    assert "Подтвердите кодом" in page
    response = client.post("/cabinet/consent/", {"action": "confirm", "code": wrong(last_code())})
    assert response.status_code == 200
    assert "Неверный код" in response.content.decode()
    response = client.post("/cabinet/consent/", {"action": "confirm", "code": last_code()}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302
    consent = Consent.objects.get(student=cast.unconsented_child)
    assert consent.signature == "simple_code"
    assert consent.ip_address == "10.9.8.7"
    # Access opens on the very next request.
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "send", "agree": "on"}, "Выберите хотя бы одного ребёнка"),
        ({"action": "send", "students": ["CHILD"]}, "Отметьте флажок"),
        ({"action": "send", "students": ["OTHER"], "agree": "on"}, "Выберите корректный вариант"),
        ({"action": "send", "students": ["abc"], "agree": "on"}, 'class="errorlist'),
        ({"action": "confirm", "code": ""}, "Введите код из сообщения"),
        ({"action": "confirm", "code": "12ab56"}, "Код состоит из шести цифр"),
        ({"action": "confirm", "code": "123456"}, "Срок действия кода истёк"),
        ({"refuse-students": ["CHILD"], "action": "refuse"}, "Отметьте флажок, чтобы подтвердить отказ"),
    ],
)
def test_it_explains_bad_input_on_the_consent_page(
    client_for: Any, cast: Cast, data: dict[str, Any], message: str
) -> None:
    ids = {"CHILD": str(cast.unconsented_child.pk), "OTHER": str(cast.other_child.pk)}
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = [ids.get(v, v) for v in value]
    response = client_for("guardian_no_consent").post("/cabinet/consent/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.objects.filter(student=cast.unconsented_child).exists()
    assert not mail.outbox


def test_it_refuses_consent_on_request(client_for: Any, cast: Cast) -> None:
    client = client_for("guardian_no_consent")
    response = client.post(
        "/cabinet/consent/", {"action": "refuse", "refuse-students": [cast.unconsented_child.pk], "refuse-agree": "on"}
    )
    assert response.status_code == 302
    assert GuardianStudent.objects.get(student=cast.unconsented_child).consent_decision == "refused"
    assert client.get("/").status_code == 302


def test_it_withdraws_and_cuts_access_on_the_next_request(client_for: Any, cast: Cast) -> None:
    client = client_for("guardian")
    assert client.get("/").status_code == 200
    assert client.get(f"/api/v1/students/{cast.child.pk}/holidays/").status_code == 200
    response = client.post("/cabinet/consent/withdraw/", {"students": [cast.child.pk]})
    assert response.status_code == 200
    assert "Отметьте флажок" in response.content.decode()
    response = client.post("/cabinet/consent/withdraw/", {"students": [cast.child.pk], "confirm": "on"})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert client.get("/cabinet/contacts/").status_code == 302
    assert client.get(f"/api/v1/students/{cast.child.pk}/holidays/").status_code == 403
    consent = Consent.objects.filter(student=cast.child).first()
    assert consent is not None
    assert consent.decision == "withdrawn"


def test_it_cannot_withdraw_another_familys_consent(client_for: Any, cast: Cast) -> None:
    response = client_for("guardian").post(
        "/cabinet/consent/withdraw/", {"students": [cast.other_child.pk], "confirm": "on"}
    )
    assert response.status_code == 200
    assert GuardianStudent.objects.get(student=cast.other_child).consent_decision == "given"


def test_it_adds_and_confirms_a_contact(client_for: Any, cast: Cast) -> None:
    client = client_for("guardian")
    response = client.post("/cabinet/contacts/", {"action": "add", "kind": "email", "value": "new@ex.test"})
    assert response.status_code == 302
    contact = Contact.objects.get(value="new@ex.test")
    assert not contact.is_confirmed
    assert mail.outbox[-1].to == ["new@ex.test"]
    page = client.get("/cabinet/contacts/").content.decode()
    assert "new@ex.test" in page
    assert "не подтверждён" in page
    response = client.post(
        "/cabinet/contacts/", {"action": "confirm", "contact": contact.pk, "code": wrong(last_code())}
    )
    assert response.status_code == 200
    assert "Неверный код" in response.content.decode()
    response = client.post("/cabinet/contacts/", {"action": "confirm", "contact": contact.pk, "code": last_code()})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.is_confirmed
    response = client.post("/cabinet/contacts/", {"action": "remove", "contact": contact.pk})
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "add", "kind": "email", "value": "nope"}, "правильный адрес"),
        ({"action": "add", "kind": "phone", "value": "123"}, "+7 900 123-45-67"),
        ({"action": "add", "kind": "fax", "value": "123"}, "Выберите корректный вариант"),
        ({"action": "add", "kind": "email", "value": ""}, "Обязательное поле"),
    ],
)
def test_it_explains_bad_contact_input(client_for: Any, cast: Cast, data: dict[str, str], message: str) -> None:
    response = client_for("guardian").post("/cabinet/contacts/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_it_never_shows_or_touches_another_familys_contacts(client_for: Any, cast: Cast) -> None:
    theirs = services.contact_add(
        by=cast.other_guardian,
        guardian=Guardian.objects.get(user=cast.other_guardian),
        kind="email",
        value="secret@ex.test",
        basis="self_entered",
    )
    client = client_for("guardian")
    assert "secret@ex.test" not in client.get("/cabinet/contacts/").content.decode()
    for action in ("confirm", "resend", "remove"):
        response = client.post("/cabinet/contacts/", {"action": action, "contact": theirs.pk, "code": "123456"})
        assert response.status_code == 404
    assert client.post("/cabinet/contacts/", {"action": "remove", "contact": "x"}).status_code == 404
    assert client.post("/cabinet/contacts/", {"action": "dance"}).status_code == 404
    assert Contact.objects.filter(pk=theirs.pk, confirmed_at__isnull=True).exists()


def test_it_saves_delivery_preferences(client_for: Any, cast: Cast) -> None:
    client = client_for("guardian")
    response = client.post("/cabinet/delivery/", {"cabinet": "on", "email_digest": "daily", "paper_weekly": "on"})
    assert response.status_code == 302
    preference = DeliveryPreference.objects.get(guardian__user=cast.guardian)
    assert preference.email_digest == "daily"
    assert preference.paper_weekly
    response = client.post("/cabinet/delivery/", {"email_digest": "off"})
    assert response.status_code == 200
    assert "Оставьте хотя бы один способ" in response.content.decode()
    response = client.post("/cabinet/delivery/", {"email_digest": "hourly", "cabinet": "on"})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert DeliveryPreference.objects.get(guardian__user=cast.guardian).email_digest == "daily"


def test_it_fits_a_phone_screen(client_for: Any, cast: Cast) -> None:
    page = client_for("guardian_no_consent").get("/cabinet/consent/").content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert 'autocomplete="one-time-code"' in page or "Прислать код" in page


def test_it_records_a_cabinet_withdrawal_as_signed_in_without_code_evidence(client_for: Any, cast: Cast) -> None:
    client_for("guardian").post("/cabinet/consent/withdraw/", {"students": [cast.child.pk], "confirm": "on"})
    consent = Consent.objects.filter(student=cast.child, decision="withdrawn").get()
    assert consent.signature == "session"
    assert consent.recorded_by == cast.guardian
    assert consent.code_sent_to == ""
