"""Writes of the portal: consents, one-time codes, contacts, delivery preferences, the 30-day deletion.

Every function is keyword-only and raises django's ValidationError with field names on bad input. The consent
service is the only writer of ``GuardianStudent.consent_decision`` and updates it in the transaction that appends
the Consent record, so the access layer (journal.access) sees a withdrawal on the very next request.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from journal.models import Guardian, GuardianStudent, School, Student, User
from portal import sms
from portal.models import (
    Consent,
    ConsentKind,
    ConsentText,
    Contact,
    ContactHistory,
    DeliveryPreference,
    OneTimeCode,
    PersonalDataEvent,
)

CODE_TTL = dt.timedelta(minutes=15)
CODE_MAX_ATTEMPTS = 5
CODES_PER_HOUR = 5
WITHDRAWAL_RETENTION = dt.timedelta(days=30)
Decision = Consent.Decision


@dataclass(frozen=True)
class CodeEvidence:
    """How a simple electronic signature was confirmed: which code went where, when, and when it came back."""

    sent_to: str
    sent_at: dt.datetime
    confirmed_at: dt.datetime


# -- consent texts ----------------------------------------------------------------------------------------------


def current_text(*, school: School | int, kind: str) -> ConsentText | None:
    school_id = school if isinstance(school, int) else school.pk
    return ConsentText.objects.filter(school_id=school_id, kind=kind, is_current=True).first()


def consent_text_publish(*, school: School, kind: str, text: str) -> ConsentText:
    """A new current version of a school's consent text; the previous one stays for the records that cite it."""
    if kind not in ConsentKind.values:
        raise ValidationError({"kind": _("Choose processing or publication.")})
    if not text.strip():
        raise ValidationError({"text": _("The consent text is empty.")})
    with transaction.atomic():
        latest = ConsentText.objects.select_for_update().filter(school=school, kind=kind).order_by("-version").first()
        ConsentText.objects.filter(school=school, kind=kind, is_current=True).update(is_current=False)
        return ConsentText.objects.create(
            school=school, kind=kind, text=text, version=(latest.version + 1) if latest else 1, is_current=True
        )


# -- the event log ------------------------------------------------------------------------------------------------


def _school_ids_of(guardian: Guardian) -> list[int]:
    return sorted(set(GuardianStudent.objects.filter(guardian=guardian).values_list("student__school_id", flat=True)))


def _log(
    *,
    kind: str,
    actor: User | None,
    at: dt.datetime,
    guardian: Guardian | None,
    student: Student | None = None,
    details: str = "",
) -> None:
    """One row per school the event concerns, so that each school's administrators see it in their log."""
    if student is not None:
        school_ids = [student.school_id]
    elif guardian is not None:
        school_ids = _school_ids_of(guardian) or [0]
    else:
        school_ids = [0]
    PersonalDataEvent.objects.bulk_create(
        PersonalDataEvent(
            school_id=school_id or None,
            kind=kind,
            guardian=guardian,
            student=student,
            actor=actor,
            at=at,
            details=details[:500],
        )
        for school_id in school_ids
    )


# -- consents -----------------------------------------------------------------------------------------------------


def latest_decision(*, guardian: Guardian, student: Student, kind: str) -> str:
    latest = (
        Consent.objects.filter(guardian=guardian, student=student, kind=kind)
        .order_by("-recorded_at", "-id")
        .values_list("decision", flat=True)
        .first()
    )
    return latest or ""


def validate_consent_input(
    *,
    guardian: Guardian,
    student: Student,
    kind: str,
    decision: str,
    form: str,
    document_number: str = "",
    document_date: dt.date | None = None,
    signed_file: File[Any] | None = None,
    self_service: bool = False,
    code_evidence: CodeEvidence | None = None,
    today: dt.date | None = None,
) -> tuple[GuardianStudent, str]:
    """Check a consent decision before it is recorded; returns the link and the kind of signature."""
    errors: dict[str, str] = {}
    if kind not in ConsentKind.values:
        errors["kind"] = _("Choose processing or publication.")
    if decision not in Decision.values:
        errors["decision"] = _("Choose given, refused or withdrawn.")
    signature = ""
    if form == Consent.Form.PAPER:
        signature = Consent.Signature.HANDWRITTEN
        if not document_number.strip():
            errors["document_number"] = _("Enter the number of the signed paper document.")
        if document_date is None:
            errors["document_date"] = _("Enter the date of the signed paper document.")
        elif document_date > (today or timezone.localdate()):
            errors["document_date"] = _("The document date cannot be in the future.")
    elif form == Consent.Form.ELECTRONIC:
        if code_evidence is not None:
            signature = Consent.Signature.SIMPLE_CODE
        elif signed_file or document_number.strip():
            signature = Consent.Signature.SIGNED_FILE
        elif self_service and decision != Decision.GIVEN:
            # Refusing or withdrawing from the signed-in cabinet: stopping processing must be easy.
            signature = Consent.Signature.SESSION
        else:
            errors["signed_file"] = _(
                "An electronic consent needs the signed document (file or its number) or a confirmation code."
            )
    else:
        errors["form"] = _("Choose paper or electronic.")
    link = GuardianStudent.objects.filter(guardian=guardian, student=student, verified_at__isnull=False).first()
    if link is None:
        errors["guardian"] = _("This guardian is not a verified legal representative of this student.")
    elif (
        decision == Decision.WITHDRAWN
        and "kind" not in errors
        and latest_decision(guardian=guardian, student=student, kind=kind) != Decision.GIVEN
    ):
        errors["decision"] = _("There is no given consent to withdraw.")
    if errors:
        raise ValidationError(errors)
    assert link is not None  # noqa: S101 — the errors above cover a missing link.
    return link, signature


def consent_record(
    *,
    recorded_by: User | None,
    guardian: Guardian,
    student: Student,
    kind: str,
    decision: str,
    form: str,
    document_number: str = "",
    document_date: dt.date | None = None,
    scan: File[Any] | None = None,
    signed_file: File[Any] | None = None,
    ip: str | None = None,
    code_evidence: CodeEvidence | None = None,
    self_service: bool = False,
    now: dt.datetime | None = None,
) -> Consent:
    """Append a decision; for processing consent also update the link's cached decision in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the pair so two decisions recorded at once cannot leave the cache behind the history.
        GuardianStudent.objects.select_for_update().filter(guardian=guardian, student=student).first()
        link, signature = validate_consent_input(
            guardian=guardian,
            student=student,
            kind=kind,
            decision=decision,
            form=form,
            document_number=document_number,
            document_date=document_date,
            signed_file=signed_file,
            self_service=self_service,
            code_evidence=code_evidence,
            today=timezone.localdate(now),
        )
        consent = Consent(
            school_id=student.school_id,
            student=student,
            guardian=guardian,
            basis_of_authority=link.basis_document or link.get_kind_display(),
            kind=kind,
            decision=decision,
            text=current_text(school=student.school_id, kind=kind),
            form=form,
            signature=signature,
            document_number=document_number.strip(),
            document_date=document_date,
            recorded_by=recorded_by,
            recorded_at=now,
            ip_address=ip or None,
        )
        if scan:
            consent.scan = scan
        if signed_file:
            consent.signed_file = signed_file
        if code_evidence is not None:
            consent.code_sent_to = code_evidence.sent_to
            consent.code_sent_at = code_evidence.sent_at
            consent.code_confirmed_at = code_evidence.confirmed_at
        consent.save()
        if kind == ConsentKind.PROCESSING:
            GuardianStudent.objects.filter(pk=link.pk).update(consent_decision=decision)
        event = (
            PersonalDataEvent.Kind.CONSENT_WITHDRAWN
            if decision == Decision.WITHDRAWN
            else PersonalDataEvent.Kind.CONSENT_RECORDED
        )
        _log(
            kind=event,
            actor=recorded_by,
            at=now,
            guardian=guardian,
            student=student,
            details=f"{consent.get_kind_display()}: {consent.get_decision_display()} ({consent.get_form_display()})",
        )
    return consent


def consent_withdraw(
    *,
    recorded_by: User | None,
    guardian: Guardian,
    student: Student,
    kind: str = ConsentKind.PROCESSING,
    form: str = Consent.Form.ELECTRONIC,
    document_number: str = "",
    document_date: dt.date | None = None,
    scan: File[Any] | None = None,
    ip: str | None = None,
    self_service: bool = False,
    now: dt.datetime | None = None,
) -> Consent:
    """Withdrawal: electronic access stops on the next request, the guardian goes to the paper list, and the data
    kept only under this consent is deleted 30 days later by ``purge_withdrawn_data``."""
    return consent_record(
        recorded_by=recorded_by,
        guardian=guardian,
        student=student,
        kind=kind,
        decision=Decision.WITHDRAWN,
        form=form,
        document_number=document_number,
        document_date=document_date,
        scan=scan,
        ip=ip,
        self_service=self_service,
        now=now,
    )


@dataclass(frozen=True)
class BulkDecision:
    link: GuardianStudent
    decision: str
    form: str = Consent.Form.PAPER
    document_number: str = ""
    document_date: dt.date | None = None


def consent_record_bulk(
    *, recorded_by: User | None, school: School, decisions: list[BulkDecision], now: dt.datetime
) -> list[Consent]:
    """Record many processing decisions at once (imports, the demo): same rows and cache as consent_record."""
    text = current_text(school=school, kind=ConsentKind.PROCESSING)
    consents = [
        Consent(
            school=school,
            student_id=d.link.student_id,
            guardian_id=d.link.guardian_id,
            basis_of_authority=d.link.basis_document,
            kind=ConsentKind.PROCESSING,
            decision=d.decision,
            text=text,
            form=d.form,
            signature=Consent.Signature.HANDWRITTEN if d.form == Consent.Form.PAPER else Consent.Signature.SIMPLE_CODE,
            document_number=d.document_number,
            document_date=d.document_date,
            recorded_by=recorded_by,
            recorded_at=now,
        )
        for d in decisions
    ]
    with transaction.atomic():
        created = Consent.objects.bulk_create(consents)
        latest: dict[int, BulkDecision] = {d.link.pk: d for d in decisions}
        by_decision: dict[str, list[int]] = {}
        for d in latest.values():
            d.link.consent_decision = d.decision
            by_decision.setdefault(d.decision, []).append(d.link.pk)
        # One UPDATE per decision: bulk_update's CASE over thousands of rows is slow to plan on PostgreSQL.
        for decision, link_ids in by_decision.items():
            GuardianStudent.objects.filter(pk__in=link_ids).update(consent_decision=decision)
        PersonalDataEvent.objects.bulk_create(
            (
                PersonalDataEvent(
                    school=school,
                    kind=PersonalDataEvent.Kind.CONSENT_WITHDRAWN
                    if c.decision == Decision.WITHDRAWN
                    else PersonalDataEvent.Kind.CONSENT_RECORDED,
                    guardian_id=c.guardian_id,
                    student_id=c.student_id,
                    actor=recorded_by,
                    at=now,
                    details=f"{c.get_kind_display()}: {c.get_decision_display()} ({c.get_form_display()})",
                )
                for c in created
            ),
            batch_size=1000,
        )
    return created


# -- one-time codes -------------------------------------------------------------------------------------------------


def _hash_code(code: str, salt: str) -> str:
    return salted_hmac("portal.one-time-code", f"{salt}:{code}").hexdigest()


def _new_code(
    *,
    user: User,
    purpose: str,
    sent_to: str,
    now: dt.datetime,
    contact: Contact | None = None,
    payload: dict[str, Any] | None = None,
) -> tuple[OneTimeCode, str]:
    sent_lately = OneTimeCode.objects.filter(
        user=user, purpose=purpose, created_at__gt=now - dt.timedelta(hours=1)
    ).count()
    if sent_lately >= CODES_PER_HOUR:
        raise ValidationError({"code": _("Too many codes requested. Try again in an hour.")})
    # A new code replaces every earlier unused one for the same purpose.
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    otc = OneTimeCode(
        user=user,
        purpose=purpose,
        sent_to=sent_to,
        contact=contact,
        payload=payload or {},
        created_at=now,
        expires_at=now + CODE_TTL,
        code_hash="",
    )
    otc.save()
    OneTimeCode.objects.filter(pk=otc.pk).update(code_hash=_hash_code(code, str(otc.pk)))
    return otc, code


def _deliver_code(*, to: str, kind: str, code: str, reason: str) -> None:
    minutes = int(CODE_TTL.total_seconds() // 60)
    text = _("Your ediary code: %(code)s. %(reason)s It is valid for %(minutes)d minutes.") % {
        "code": code,
        "reason": reason,
        "minutes": minutes,
    }
    if kind == Contact.Kind.PHONE:
        sms.send_sms(phone=to, text=text)
    else:
        send_mail(_("Your ediary confirmation code"), text, None, [to])


def _check_code(
    *, user: User, purpose: str, code: str, now: dt.datetime, contact: Contact | None = None
) -> OneTimeCode:
    """Return the matching unused code or raise; a wrong guess counts against the code's attempts."""
    codes = OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True)
    if contact is not None:
        codes = codes.filter(contact=contact)
    otc = codes.order_by("-created_at", "-id").first()
    if otc is None or otc.expires_at <= now:
        raise ValidationError({"code": _("The code has expired. Request a new one.")})
    if otc.attempts >= CODE_MAX_ATTEMPTS:
        raise ValidationError({"code": _("Too many wrong attempts. Request a new code.")})
    if not constant_time_compare(_hash_code(code.strip(), str(otc.pk)), otc.code_hash):
        OneTimeCode.objects.filter(pk=otc.pk).update(attempts=otc.attempts + 1)
        if otc.attempts + 1 >= CODE_MAX_ATTEMPTS:
            raise ValidationError({"code": _("Too many wrong attempts. Request a new code.")})
        raise ValidationError({"code": _("Wrong code. Check the message and try again.")})
    return otc


def confirmed_email(*, guardian: Guardian) -> str:
    """Where codes and digests go: a confirmed email contact, else the account's email."""
    contact = (
        Contact.objects.filter(guardian=guardian, kind=Contact.Kind.EMAIL, confirmed_at__isnull=False)
        .order_by("confirmed_at", "id")
        .first()
    )
    if contact is not None:
        return contact.value
    return guardian.user.email if guardian.user is not None else ""


def consent_code_send(
    *, user: User, guardian: Guardian, students: Iterable[Student], now: dt.datetime | None = None
) -> OneTimeCode:
    """Send a code to confirm a processing consent for the chosen children (a simple electronic signature)."""
    now = now or timezone.now()
    student_list = list(students)
    if guardian.user_id != user.pk:
        raise ValidationError({"guardian": _("You can give consent only for yourself.")})
    if not student_list:
        raise ValidationError({"students": _("Choose at least one child.")})
    linked = set(
        GuardianStudent.objects.filter(
            guardian=guardian, student__in=student_list, verified_at__isnull=False
        ).values_list("student_id", flat=True)
    )
    if linked != {s.pk for s in student_list}:
        raise ValidationError({"students": _("Choose only your own children.")})
    to = confirmed_email(guardian=guardian)
    if not to:
        raise ValidationError(
            {"students": _("There is no confirmed email to send the code to. Please contact the school office.")}
        )
    otc, code = _new_code(
        user=user,
        purpose=OneTimeCode.Purpose.CONSENT,
        sent_to=to,
        now=now,
        payload={"students": sorted(linked), "kind": ConsentKind.PROCESSING},
    )
    _deliver_code(to=to, kind=Contact.Kind.EMAIL, code=code, reason=_("It confirms your consent to data processing."))
    return otc


def consent_confirm_with_code(
    *, user: User, guardian: Guardian, code: str, ip: str | None = None, now: dt.datetime | None = None
) -> list[Consent]:
    """Record the consents the code was sent for, keeping the evidence (where the code went, when, confirmed when)."""
    now = now or timezone.now()
    if guardian.user_id != user.pk:
        raise ValidationError({"guardian": _("You can give consent only for yourself.")})
    if not code.strip():
        raise ValidationError({"code": _("Enter the code from the message.")})
    otc = _check_code(user=user, purpose=OneTimeCode.Purpose.CONSENT, code=code, now=now)
    evidence = CodeEvidence(sent_to=otc.sent_to, sent_at=otc.created_at, confirmed_at=now)
    with transaction.atomic():
        used = OneTimeCode.objects.filter(pk=otc.pk, used_at__isnull=True).update(used_at=now)
        if not used:
            raise ValidationError({"code": _("The code has expired. Request a new one.")})
        students = Student.objects.filter(pk__in=otc.payload.get("students", []))
        return [
            consent_record(
                recorded_by=user,
                guardian=guardian,
                student=student,
                kind=otc.payload.get("kind", ConsentKind.PROCESSING),
                decision=Decision.GIVEN,
                form=Consent.Form.ELECTRONIC,
                ip=ip,
                code_evidence=evidence,
                self_service=True,
                now=now,
            )
            for student in students
        ]


# -- contacts -------------------------------------------------------------------------------------------------------

_PHONE_DIGITS = re.compile(r"\D+")


def normalize_contact(*, kind: str, value: str) -> str:
    value = value.strip()
    if kind == Contact.Kind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError({"value": _("Enter a valid email address.")}) from None
        local, _at, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}"
    if kind == Contact.Kind.PHONE:
        if re.search(r"[^\d\s()+\-]", value):
            raise ValidationError({"value": _("Enter a phone number like +7 900 123-45-67.")})
        digits = _PHONE_DIGITS.sub("", value)
        if len(digits) == 11 and digits[0] in "78":
            digits = digits[1:]
        if len(digits) != 10:
            raise ValidationError({"value": _("Enter a phone number like +7 900 123-45-67.")})
        return f"+7{digits}"
    raise ValidationError({"kind": _("Choose email or phone.")})


def check_contact_basis(
    *, basis: str, document_number: str, document_date: dt.date | None, document_file: File[Any] | None
) -> None:
    errors: dict[str, str] = {}
    if basis == Contact.Basis.PAPER_APPLICATION:
        if not document_number.strip():
            errors["document_number"] = _("Enter the number of the paper application.")
        if document_date is None:
            errors["document_date"] = _("Enter the date of the paper application.")
        elif document_date > timezone.localdate():
            errors["document_date"] = _("The document date cannot be in the future.")
    elif basis == Contact.Basis.E_SIGNED_DOCUMENT:
        if not document_file:
            errors["document_file"] = _("Attach the electronically signed document.")
    elif basis != Contact.Basis.SELF_ENTERED:
        errors["basis"] = _("Choose the basis of the change.")
    if errors:
        raise ValidationError(errors)


def _history(contact: Contact, *, action: str, by: User | None, at: dt.datetime, old_value: str = "") -> None:
    ContactHistory.objects.create(
        guardian_id=contact.guardian_id,
        contact_id_ref=contact.pk,
        action=action,
        kind=contact.kind,
        old_value=old_value,
        new_value="" if action == ContactHistory.Action.REMOVED else contact.value,
        basis=contact.basis,
        document_number=contact.document_number,
        document_date=contact.document_date,
        by=by,
        at=at,
    )


def contact_add(
    *,
    by: User | None,
    guardian: Guardian,
    kind: str,
    value: str,
    basis: str,
    document_number: str = "",
    document_date: dt.date | None = None,
    document_file: File[Any] | None = None,
    now: dt.datetime | None = None,
) -> Contact:
    """A contact on a paper application or an e-signed document is confirmed at once; a self-entered one only
    after its code comes back (``contact_code_send`` / ``contact_confirm``)."""
    now = now or timezone.now()
    value = normalize_contact(kind=kind, value=value)
    check_contact_basis(
        basis=basis, document_number=document_number, document_date=document_date, document_file=document_file
    )
    with transaction.atomic():
        if Contact.objects.filter(guardian=guardian, kind=kind, value=value).exists():
            raise ValidationError({"value": _("This contact is already on the list.")})
        contact = Contact(
            guardian=guardian,
            kind=kind,
            value=value,
            basis=basis,
            document_number=document_number.strip(),
            document_date=document_date,
            confirmed_at=None if basis == Contact.Basis.SELF_ENTERED else now,
        )
        if document_file:
            contact.document_file = document_file
        contact.save()
        _history(contact, action=ContactHistory.Action.ADDED, by=by, at=now)
        _log(
            kind=PersonalDataEvent.Kind.CONTACT_ADDED,
            actor=by,
            at=now,
            guardian=guardian,
            details=f"{contact.get_kind_display()} ({contact.get_basis_display()})",
        )
    return contact


def contact_code_send(*, user: User, contact: Contact, now: dt.datetime | None = None) -> OneTimeCode:
    now = now or timezone.now()
    if contact.guardian.user_id != user.pk:
        raise ValidationError({"contact": _("This is not your contact.")})
    if contact.is_confirmed:
        raise ValidationError({"contact": _("This contact is already confirmed.")})
    otc, code = _new_code(
        user=user, purpose=OneTimeCode.Purpose.CONTACT, sent_to=contact.value, now=now, contact=contact
    )
    _deliver_code(to=contact.value, kind=contact.kind, code=code, reason=_("It confirms your new contact."))
    return otc


def contact_confirm(*, user: User, contact: Contact, code: str, now: dt.datetime | None = None) -> Contact:
    now = now or timezone.now()
    if contact.guardian.user_id != user.pk:
        raise ValidationError({"contact": _("This is not your contact.")})
    if not code.strip():
        raise ValidationError({"code": _("Enter the code from the message.")})
    otc = _check_code(user=user, purpose=OneTimeCode.Purpose.CONTACT, code=code, now=now, contact=contact)
    if otc.sent_to != contact.value:
        raise ValidationError({"code": _("The code has expired. Request a new one.")})
    with transaction.atomic():
        OneTimeCode.objects.filter(pk=otc.pk).update(used_at=now)
        contact.confirmed_at = now
        contact.save(update_fields=["confirmed_at", "updated_at"])
        _history(contact, action=ContactHistory.Action.CONFIRMED, by=user, at=now)
        _log(
            kind=PersonalDataEvent.Kind.CONTACT_CONFIRMED,
            actor=user,
            at=now,
            guardian=contact.guardian,
            details=str(contact.get_kind_display()),
        )
    return contact


def contact_change(
    *,
    by: User | None,
    contact: Contact,
    value: str,
    basis: str,
    document_number: str = "",
    document_date: dt.date | None = None,
    document_file: File[Any] | None = None,
    now: dt.datetime | None = None,
) -> Contact:
    now = now or timezone.now()
    new_value = normalize_contact(kind=contact.kind, value=value)
    check_contact_basis(
        basis=basis, document_number=document_number, document_date=document_date, document_file=document_file
    )
    with transaction.atomic():
        if (
            Contact.objects.filter(guardian_id=contact.guardian_id, kind=contact.kind, value=new_value)
            .exclude(pk=contact.pk)
            .exists()
        ):
            raise ValidationError({"value": _("This contact is already on the list.")})
        old_value = contact.value
        contact.value = new_value
        contact.basis = basis
        contact.document_number = document_number.strip()
        contact.document_date = document_date
        if document_file:
            contact.document_file = document_file
        contact.confirmed_at = None if basis == Contact.Basis.SELF_ENTERED else now
        contact.save()
        _history(contact, action=ContactHistory.Action.CHANGED, by=by, at=now, old_value=old_value)
        _log(
            kind=PersonalDataEvent.Kind.CONTACT_CHANGED,
            actor=by,
            at=now,
            guardian=contact.guardian,
            details=f"{contact.get_kind_display()} ({contact.get_basis_display()})",
        )
    return contact


def contact_remove(*, by: User | None, contact: Contact, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        _history(contact, action=ContactHistory.Action.REMOVED, by=by, at=now, old_value=contact.value)
        _log(
            kind=PersonalDataEvent.Kind.CONTACT_REMOVED,
            actor=by,
            at=now,
            guardian=contact.guardian,
            details=str(contact.get_kind_display()),
        )
        contact.delete()


# -- delivery preferences -----------------------------------------------------------------------------------------


def delivery_preference_set(
    *,
    by: User | None,
    guardian: Guardian,
    cabinet: bool,
    email_digest: str,
    paper_weekly: bool,
    now: dt.datetime | None = None,
) -> DeliveryPreference:
    now = now or timezone.now()
    if email_digest not in DeliveryPreference.Digest.values:
        raise ValidationError({"email_digest": _("Choose weekly, daily or off.")})
    if not (cabinet or email_digest != DeliveryPreference.Digest.OFF or paper_weekly):
        raise ValidationError({"paper_weekly": _("Keep at least one way to receive information.")})
    with transaction.atomic():
        preference, _created = DeliveryPreference.objects.update_or_create(
            guardian=guardian,
            defaults={"cabinet": cabinet, "email_digest": email_digest, "paper_weekly": paper_weekly},
        )
        _log(
            kind=PersonalDataEvent.Kind.PREFERENCES_CHANGED,
            actor=by,
            at=now,
            guardian=guardian,
            details=f"cabinet={int(cabinet)}, email={email_digest}, paper={int(paper_weekly)}",
        )
    return preference


# -- the 30-day deletion ------------------------------------------------------------------------------------------


def guardians_due_for_deletion(*, now: dt.datetime) -> list[int]:
    """Guardians who withdrew processing consent at least 30 days ago, have no given consent left for any child,
    and still have data kept only under that consent."""
    cutoff = now - WITHDRAWAL_RETENTION
    withdrawn = set(
        GuardianStudent.objects.filter(consent_decision=GuardianStudent.ConsentDecision.WITHDRAWN).values_list(
            "guardian_id", flat=True
        )
    )
    still_given = set(
        GuardianStudent.objects.filter(
            guardian_id__in=withdrawn, consent_decision=GuardianStudent.ConsentDecision.GIVEN
        ).values_list("guardian_id", flat=True)
    )
    candidates = withdrawn - still_given
    # The latest withdrawal of each guardian must be older than the cutoff.
    recent = set(
        Consent.objects.filter(
            guardian_id__in=candidates,
            kind=ConsentKind.PROCESSING,
            decision=Decision.WITHDRAWN,
            recorded_at__gt=cutoff,
        ).values_list("guardian_id", flat=True)
    )
    due = candidates - recent
    with_data = (
        set(Contact.objects.filter(guardian_id__in=due).values_list("guardian_id", flat=True))
        | set(DeliveryPreference.objects.filter(guardian_id__in=due).values_list("guardian_id", flat=True))
        | set(ContactHistory.objects.filter(guardian_id__in=due).values_list("guardian_id", flat=True))
    )
    return sorted(due & with_data)


def purge_withdrawn_data(*, now: dt.datetime | None = None, guardian_ids: Iterable[int] | None = None) -> int:
    """Delete contacts, their history and delivery preferences of guardians due for deletion; log each deletion.
    Idempotent: a guardian with nothing left to delete is skipped. Returns how many guardians were purged."""
    now = now or timezone.now()
    due = guardians_due_for_deletion(now=now)
    if guardian_ids is not None:
        wanted = set(guardian_ids)
        due = [g for g in due if g in wanted]
    purged = 0
    for guardian in Guardian.objects.filter(pk__in=due):
        with transaction.atomic():
            contacts, _c = Contact.objects.filter(guardian=guardian).delete()
            history, _h = ContactHistory.objects.filter(guardian=guardian).delete()
            preferences, _p = DeliveryPreference.objects.filter(guardian=guardian).delete()
            if guardian.user_id is not None:
                OneTimeCode.objects.filter(user_id=guardian.user_id).delete()
            if contacts or history or preferences:
                purged += 1
                _log(
                    kind=PersonalDataEvent.Kind.DATA_DELETED,
                    actor=None,
                    at=now,
                    guardian=guardian,
                    details=_(
                        "30 days after withdrawal: %(contacts)d contacts, %(history)d history rows, "
                        "%(preferences)d delivery preferences deleted"
                    )
                    % {"contacts": contacts, "history": history, "preferences": preferences},
                )
    return purged
