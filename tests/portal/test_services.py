"""Consent, code, contact, preference and deletion services: the rules, the cache, the log, bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from journal import access
from journal.models import Guardian, GuardianStudent
from portal import services, sms, tasks
from portal.models import (
    Consent,
    ConsentText,
    Contact,
    ContactHistory,
    DeliveryPreference,
    OneTimeCode,
    PersonalDataEvent,
)
from tests.conftest import Cast
from tests.portal.conftest import last_code, wrong

pytestmark = pytest.mark.django_db


def guardian_of(user: Any) -> Guardian:
    return Guardian.objects.get(user=user)


def paper(cast: Cast, **overrides: object) -> Consent:
    values: dict[str, object] = {
        "recorded_by": cast.staff,
        "guardian": guardian_of(cast.guardian_no_consent),
        "student": cast.unconsented_child,
        "kind": "processing",
        "decision": "given",
        "form": "paper",
        "document_number": "17",
        "document_date": dt.date(2026, 10, 1),
    }
    values.update(overrides)
    return services.consent_record(**values)  # type: ignore[arg-type]


def test_it_builds_the_cast_consents_through_the_service(cast: Cast) -> None:
    consents = Consent.objects.filter(decision="given")
    assert consents.count() == 2
    assert all(c.text is not None and c.text.version == 1 for c in consents)
    assert GuardianStudent.objects.get(student=cast.child).consent_decision == "given"


def test_it_records_a_paper_consent_and_opens_access(cast: Cast) -> None:
    assert access.needs_consent(user=cast.guardian_no_consent, student_id=cast.unconsented_child.pk)
    consent = paper(cast, ip="10.0.0.5")
    link = GuardianStudent.objects.get(student=cast.unconsented_child)
    assert link.consent_decision == "given"
    assert consent.signature == "handwritten"
    assert consent.basis_of_authority
    assert consent.ip_address == "10.0.0.5"
    assert consent.recorded_by == cast.staff
    assert access.family_students(user=cast.guardian_no_consent).filter(pk=cast.unconsented_child.pk).exists()
    event = PersonalDataEvent.objects.filter(kind="consent_recorded", student=cast.unconsented_child).get()
    assert event.school_id == cast.unconsented_child.school_id
    assert event.actor == cast.staff


def test_it_lets_the_latest_record_decide(cast: Cast) -> None:
    paper(cast)
    paper(cast, decision="refused")
    assert GuardianStudent.objects.get(student=cast.unconsented_child).consent_decision == "refused"
    paper(cast)
    assert GuardianStudent.objects.get(student=cast.unconsented_child).consent_decision == "given"
    assert Consent.objects.filter(student=cast.unconsented_child).count() == 3


def test_it_keeps_publication_consent_apart_from_access(cast: Cast) -> None:
    paper(cast, kind="publication")
    assert GuardianStudent.objects.get(student=cast.unconsented_child).consent_decision == ""


def test_it_withdraws_and_cuts_access(cast: Cast) -> None:
    guardian = guardian_of(cast.guardian)
    services.consent_withdraw(
        recorded_by=cast.guardian, guardian=guardian, student=cast.child, self_service=True, ip="127.0.0.1"
    )
    assert not access.family_students(user=cast.guardian).filter(pk=cast.child.pk).exists()
    assert access.needs_consent(user=cast.guardian, student_id=cast.child.pk)
    assert PersonalDataEvent.objects.filter(kind="consent_withdrawn", guardian=guardian).exists()


def test_it_refuses_to_withdraw_what_was_not_given(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(
            recorded_by=cast.staff,
            guardian=guardian_of(cast.guardian_no_consent),
            student=cast.unconsented_child,
            form="paper",
            document_number="1",
            document_date=dt.date(2026, 10, 1),
        )
    assert "decision" in error.value.message_dict


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "photos"}, "kind"),
        ({"decision": "maybe"}, "decision"),
        ({"form": "fax"}, "form"),
        ({"document_number": ""}, "document_number"),
        ({"document_number": "   "}, "document_number"),
        ({"document_date": None}, "document_date"),
        ({"document_date": dt.date(2099, 1, 1)}, "document_date"),
        ({"form": "electronic", "document_number": ""}, "signed_file"),
    ],
)
def test_it_rejects_bad_consent_input_with_field_messages(cast: Cast, overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        paper(cast, **overrides)
    assert field in error.value.message_dict
    assert not Consent.objects.filter(student=cast.unconsented_child).exists()
    assert GuardianStudent.objects.get(student=cast.unconsented_child).consent_decision == ""


def test_it_refuses_a_guardian_who_is_not_the_childs_representative(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        paper(cast, guardian=guardian_of(cast.guardian))
    assert "guardian" in error.value.message_dict


def test_it_refuses_an_unverified_link(cast: Cast) -> None:
    GuardianStudent.objects.filter(student=cast.unconsented_child).update(verified_at=None)
    with pytest.raises(ValidationError) as error:
        paper(cast)
    assert "guardian" in error.value.message_dict


def test_it_keeps_consents_append_only(cast: Cast) -> None:
    consent = Consent.objects.first()
    assert consent is not None
    consent.decision = "refused"
    with pytest.raises(ValueError, match="append-only"):
        consent.save()
    with pytest.raises(ValueError, match="append-only"):
        consent.delete()
    assert Consent.objects.get(pk=consent.pk).decision == "given"


def test_it_keeps_one_current_text_per_kind(cast: Cast) -> None:
    school = cast.child.school
    second = services.consent_text_publish(school=school, kind="processing", text="Новая редакция.")
    assert second.version == 2
    assert list(ConsentText.objects.filter(school=school, is_current=True).values_list("version", flat=True)) == [2]
    consent = paper(cast)
    assert consent.text == second
    with pytest.raises(ValidationError):
        services.consent_text_publish(school=school, kind="processing", text="  ")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentText.objects.create(school=school, kind="processing", version=9, text="x", is_current=True)


# -- one-time codes -------------------------------------------------------------------------------------------


def send_consent_code(cast: Cast) -> OneTimeCode:
    return services.consent_code_send(
        user=cast.guardian_no_consent,
        guardian=guardian_of(cast.guardian_no_consent),
        students=[cast.unconsented_child],
    )


def test_it_confirms_consent_with_a_code_and_keeps_the_evidence(cast: Cast) -> None:
    otc = send_consent_code(cast)
    assert mail.outbox[-1].to == [cast.guardian_no_consent.email]
    code = last_code()
    assert code not in otc.code_hash
    consents = services.consent_confirm_with_code(
        user=cast.guardian_no_consent, guardian=guardian_of(cast.guardian_no_consent), code=code, ip="10.1.1.1"
    )
    assert len(consents) == 1
    consent = consents[0]
    assert consent.form == "electronic"
    assert consent.signature == "simple_code"
    assert consent.code_sent_to == cast.guardian_no_consent.email
    assert consent.code_sent_at == otc.created_at
    assert consent.code_confirmed_at is not None
    assert consent.ip_address == "10.1.1.1"
    assert GuardianStudent.objects.get(student=cast.unconsented_child).consent_decision == "given"
    # A used code does not work twice.
    with pytest.raises(ValidationError):
        services.consent_confirm_with_code(
            user=cast.guardian_no_consent, guardian=guardian_of(cast.guardian_no_consent), code=code
        )


def test_it_sends_the_code_to_a_confirmed_email_contact_first(cast: Cast) -> None:
    guardian = guardian_of(cast.guardian_no_consent)
    services.contact_add(
        by=cast.staff,
        guardian=guardian,
        kind="email",
        value="mama@example.test",
        basis="paper_application",
        document_number="5",
        document_date=dt.date(2026, 10, 1),
    )
    services.contact_add(
        by=cast.guardian_no_consent, guardian=guardian, kind="email", value="x@ex.test", basis="self_entered"
    )
    otc = send_consent_code(cast)
    assert otc.sent_to == "mama@example.test"
    assert mail.outbox[-1].to == ["mama@example.test"]


def test_it_refuses_a_wrong_code_and_counts_attempts(cast: Cast) -> None:
    send_consent_code(cast)
    code = last_code()
    guardian = guardian_of(cast.guardian_no_consent)
    for _ in range(services.CODE_MAX_ATTEMPTS - 1):
        with pytest.raises(ValidationError, match=r"Неверный код|Wrong code"):
            services.consent_confirm_with_code(user=cast.guardian_no_consent, guardian=guardian, code=wrong(code))
    with pytest.raises(ValidationError, match=r"Слишком много|Too many"):
        services.consent_confirm_with_code(user=cast.guardian_no_consent, guardian=guardian, code=wrong(code))
    # Even the right code is refused after too many attempts.
    with pytest.raises(ValidationError, match=r"Слишком много|Too many"):
        services.consent_confirm_with_code(user=cast.guardian_no_consent, guardian=guardian, code=code)
    assert not Consent.objects.filter(student=cast.unconsented_child).exists()


def test_it_refuses_an_expired_code(cast: Cast) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        send_consent_code(cast)
    code = last_code()
    with (
        time_machine.travel(dt.datetime(2026, 11, 20, 10, 16, tzinfo=dt.UTC), tick=False),
        pytest.raises(ValidationError, match=r"истёк|expired"),
    ):
        services.consent_confirm_with_code(
            user=cast.guardian_no_consent, guardian=guardian_of(cast.guardian_no_consent), code=code
        )


def test_it_replaces_an_earlier_code_with_a_new_one(cast: Cast) -> None:
    send_consent_code(cast)
    first = last_code()
    send_consent_code(cast)
    second = last_code()
    guardian = guardian_of(cast.guardian_no_consent)
    if first != second:
        with pytest.raises(ValidationError):
            services.consent_confirm_with_code(user=cast.guardian_no_consent, guardian=guardian, code=first)
    assert services.consent_confirm_with_code(user=cast.guardian_no_consent, guardian=guardian, code=second)


@pytest.mark.parametrize("who", ["guardian", "other_guardian"])
def test_it_sends_codes_only_for_ones_own_children(cast: Cast, who: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.consent_code_send(
            user=getattr(cast, who), guardian=guardian_of(getattr(cast, who)), students=[cast.unconsented_child]
        )
    assert "students" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.consent_code_send(
            user=cast.guardian, guardian=guardian_of(cast.guardian_no_consent), students=[cast.unconsented_child]
        )
    assert "guardian" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.consent_code_send(user=cast.guardian, guardian=guardian_of(cast.guardian), students=[])
    assert "students" in error.value.message_dict
    assert not mail.outbox


def test_it_has_nowhere_to_send_without_any_email(cast: Cast) -> None:
    cast.guardian_no_consent.email = ""
    cast.guardian_no_consent.save()
    with pytest.raises(ValidationError) as error:
        send_consent_code(cast)
    assert "students" in error.value.message_dict


# -- contacts ---------------------------------------------------------------------------------------------------


def test_it_confirms_a_self_entered_phone_with_a_code(cast: Cast) -> None:
    guardian = guardian_of(cast.guardian)
    contact = services.contact_add(
        by=cast.guardian, guardian=guardian, kind="phone", value="8 (900) 123-45-67", basis="self_entered"
    )
    assert contact.value == "+79001234567"
    assert contact.confirmed_at is None
    services.contact_code_send(user=cast.guardian, contact=contact)
    assert sms.outbox[-1].phone == "+79001234567"
    with pytest.raises(ValidationError):
        services.contact_confirm(user=cast.guardian, contact=contact, code=wrong(last_code()))
    services.contact_confirm(user=cast.guardian, contact=contact, code=last_code())
    contact.refresh_from_db()
    assert contact.is_confirmed
    actions = list(ContactHistory.objects.filter(contact_id_ref=contact.pk).values_list("action", flat=True))
    assert sorted(actions) == ["added", "confirmed"]
    with pytest.raises(ValidationError):
        services.contact_code_send(user=cast.guardian, contact=contact)


def test_it_refuses_to_confirm_another_familys_contact(cast: Cast) -> None:
    contact = services.contact_add(
        by=cast.guardian, guardian=guardian_of(cast.guardian), kind="email", value="a@b.test", basis="self_entered"
    )
    with pytest.raises(ValidationError):
        services.contact_code_send(user=cast.other_guardian, contact=contact)
    with pytest.raises(ValidationError):
        services.contact_confirm(user=cast.other_guardian, contact=contact, code="123456")


@pytest.mark.parametrize(
    ("kind", "value", "basis", "extra", "field"),
    [
        ("email", "not-an-email", "self_entered", {}, "value"),
        ("phone", "12345", "self_entered", {}, "value"),
        ("phone", "+7 900 abc 45 67", "self_entered", {}, "value"),
        ("fax", "1", "self_entered", {}, "kind"),
        ("email", "a@b.test", "rumour", {}, "basis"),
        ("email", "a@b.test", "paper_application", {"document_date": dt.date(2026, 10, 1)}, "document_number"),
        ("email", "a@b.test", "paper_application", {"document_number": "1"}, "document_date"),
        ("email", "a@b.test", "e_signed_document", {}, "document_file"),
    ],
)
def test_it_rejects_bad_contact_input(
    cast: Cast, kind: str, value: str, basis: str, extra: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.contact_add(
            by=cast.staff,
            guardian=guardian_of(cast.guardian),
            kind=kind,
            value=value,
            basis=basis,
            **extra,  # type: ignore[arg-type]
        )
    assert field in error.value.message_dict
    assert not Contact.objects.exists()


def test_it_keeps_the_history_of_a_changed_contact(cast: Cast) -> None:
    guardian = guardian_of(cast.guardian)
    contact = services.contact_add(
        by=cast.staff,
        guardian=guardian,
        kind="email",
        value="old@ex.test",
        basis="paper_application",
        document_number="3",
        document_date=dt.date(2026, 10, 1),
    )
    assert contact.is_confirmed
    with pytest.raises(ValidationError):
        services.contact_add(
            by=cast.staff,
            guardian=guardian,
            kind="email",
            value="old@ex.test",
            basis="paper_application",
            document_number="3",
            document_date=dt.date(2026, 10, 1),
        )
    services.contact_change(by=cast.guardian, contact=contact, value="new@ex.test", basis="self_entered")
    contact.refresh_from_db()
    assert contact.value == "new@ex.test"
    assert not contact.is_confirmed  # a self-entered change must be confirmed again before use
    services.contact_remove(by=cast.staff, contact=contact)
    history = list(ContactHistory.objects.order_by("at", "id").values_list("action", "old_value", "new_value"))
    assert history == [
        ("added", "", "old@ex.test"),
        ("changed", "old@ex.test", "new@ex.test"),
        ("removed", "new@ex.test", ""),
    ]
    kinds = set(PersonalDataEvent.objects.values_list("kind", flat=True))
    assert {"contact_added", "contact_changed", "contact_removed"} <= kinds
    # The log itself holds no contact values.
    assert not PersonalDataEvent.objects.filter(details__contains="@").exists()


def test_it_sets_delivery_preferences_and_rejects_bad_ones(cast: Cast) -> None:
    guardian = guardian_of(cast.guardian)
    preference = services.delivery_preference_set(
        by=cast.guardian, guardian=guardian, cabinet=True, email_digest="daily", paper_weekly=True
    )
    assert preference.email_digest == "daily"
    with pytest.raises(ValidationError) as error:
        services.delivery_preference_set(
            by=cast.guardian, guardian=guardian, cabinet=True, email_digest="hourly", paper_weekly=False
        )
    assert "email_digest" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.delivery_preference_set(
            by=cast.guardian, guardian=guardian, cabinet=False, email_digest="off", paper_weekly=False
        )
    assert "paper_weekly" in error.value.message_dict
    assert DeliveryPreference.objects.get(guardian=guardian).paper_weekly


# -- the 30-day deletion ----------------------------------------------------------------------------------------


def give_data(cast: Cast) -> Guardian:
    guardian = guardian_of(cast.guardian)
    services.contact_add(
        by=cast.staff,
        guardian=guardian,
        kind="phone",
        value="+79001112233",
        basis="paper_application",
        document_number="8",
        document_date=dt.date(2026, 9, 10),
    )
    services.delivery_preference_set(
        by=cast.guardian, guardian=guardian, cabinet=True, email_digest="weekly", paper_weekly=False
    )
    return guardian


def test_it_deletes_the_data_30_days_after_withdrawal_and_logs_it(cast: Cast) -> None:
    guardian = give_data(cast)
    other = give_data_for_other(cast)
    withdrawn = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(withdrawn, tick=False):
        services.consent_withdraw(recorded_by=cast.guardian, guardian=guardian, student=cast.child, self_service=True)
    with time_machine.travel(withdrawn + dt.timedelta(days=29, hours=23), tick=False):
        assert tasks.purge_withdrawn_data.delay().get() == 0
    assert Contact.objects.filter(guardian=guardian).exists()
    with time_machine.travel(withdrawn + dt.timedelta(days=30, minutes=1), tick=False):
        assert tasks.purge_withdrawn_data.delay().get() == 1
        # Idempotent: nothing left to delete the second time.
        assert tasks.purge_withdrawn_data.delay([guardian.pk]).get() == 0
    assert not Contact.objects.filter(guardian=guardian).exists()
    assert not ContactHistory.objects.filter(guardian=guardian).exists()
    assert not DeliveryPreference.objects.filter(guardian=guardian).exists()
    deleted = PersonalDataEvent.objects.get(kind="data_deleted")
    assert deleted.guardian == guardian
    assert deleted.school_id == cast.child.school_id
    # Another family's data is untouched; the consent records themselves stay as evidence.
    assert Contact.objects.filter(guardian=other).exists()
    assert Consent.objects.filter(guardian=guardian).count() == 2


def give_data_for_other(cast: Cast) -> Guardian:
    other = guardian_of(cast.other_guardian)
    services.contact_add(by=cast.other_guardian, guardian=other, kind="email", value="o@ex.test", basis="self_entered")
    return other


def test_it_keeps_the_data_when_consent_is_given_again(cast: Cast) -> None:
    guardian = give_data(cast)
    withdrawn = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(withdrawn, tick=False):
        services.consent_withdraw(recorded_by=cast.guardian, guardian=guardian, student=cast.child, self_service=True)
    with time_machine.travel(withdrawn + dt.timedelta(days=5), tick=False):
        services.consent_record(
            recorded_by=cast.staff,
            guardian=guardian,
            student=cast.child,
            kind="processing",
            decision="given",
            form="paper",
            document_number="9",
            document_date=dt.date(2026, 10, 6),
        )
    assert services.purge_withdrawn_data(now=withdrawn + dt.timedelta(days=40)) == 0
    assert Contact.objects.filter(guardian=guardian).exists()


def test_it_schedules_the_deletion_in_beat() -> None:
    from django.conf import settings

    tasks_ = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "portal.purge_withdrawn_data" in tasks_


def test_it_records_decisions_in_bulk_like_one_by_one(cast: Cast) -> None:
    link = GuardianStudent.objects.get(student=cast.unconsented_child)
    services.consent_record_bulk(
        recorded_by=cast.staff,
        school=cast.unconsented_child.school,
        decisions=[services.BulkDecision(link=link, decision="refused", document_number="1")],
        now=timezone.now(),
    )
    link.refresh_from_db()
    assert link.consent_decision == "refused"
    assert Consent.objects.filter(student=cast.unconsented_child, decision="refused").exists()
    assert PersonalDataEvent.objects.filter(student=cast.unconsented_child).exists()


def test_it_limits_how_many_codes_are_sent_in_an_hour(cast: Cast) -> None:
    for _ in range(services.CODES_PER_HOUR):
        send_consent_code(cast)
    with pytest.raises(ValidationError, match=r"слишком много кодов|Too many codes"):
        send_consent_code(cast)
    assert len(mail.outbox) == services.CODES_PER_HOUR
