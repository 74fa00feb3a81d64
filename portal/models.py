"""Consents to personal-data processing (152-ФЗ), contacts with their legal basis, delivery preferences, the
personal-data event log and one-time codes (DOMAIN.md §7).

Writes go through ``portal.services`` only; ``Consent`` rows are append-only: the latest record for a guardian,
a student and a kind decides, and the service keeps ``GuardianStudent.consent_decision`` in step with it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from journal.models import Guardian, GuardianStudent, School, Student


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", _("processing of personal data")
    PUBLICATION = "publication", _("publication of personal data")


class ConsentText(models.Model):
    """One version of a consent text of a school (the operator); one current version per kind."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="consent_texts", verbose_name=_("school"))
    kind = models.CharField(_("kind"), max_length=16, choices=ConsentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    is_current = models.BooleanField(_("current"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["school", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["school", "kind", "version"], name="consent_text_unique_version"),
            models.UniqueConstraint(
                fields=["school", "kind"], condition=Q(is_current=True), name="consent_text_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, v{self.version}"


class Consent(models.Model):
    """One decision of a guardian (as the child's legal representative); never changed, never deleted."""

    class Decision(models.TextChoices):
        GIVEN = "given", _("given")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Form(models.TextChoices):
        PAPER = "paper", _("paper")
        ELECTRONIC = "electronic", _("electronic")

    class Signature(models.TextChoices):
        HANDWRITTEN = "handwritten", _("handwritten signature on paper")
        SIGNED_FILE = "signed_file", _("electronically signed document")
        SIMPLE_CODE = "simple_code", _("simple electronic signature (one-time code)")
        SESSION = "session", _("signed-in cabinet session (refusal or withdrawal)")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consents", verbose_name=_("student"))
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="consents", verbose_name=_("guardian")
    )
    basis_of_authority = models.CharField(_("basis of authority"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ConsentKind.choices)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("text version")
    )
    form = models.CharField(_("form"), max_length=16, choices=Form.choices)
    signature = models.CharField(_("signature"), max_length=16, choices=Signature.choices)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    scan = models.FileField(_("scan"), upload_to="consents/scans/%Y/", blank=True)
    signed_file = models.FileField(_("signed file"), upload_to="consents/signed/%Y/", blank=True)
    code_sent_to = models.CharField(_("code sent to"), max_length=254, blank=True)
    code_sent_at = models.DateTimeField(_("code sent at"), null=True, blank=True)
    code_confirmed_at = models.DateTimeField(_("code confirmed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["guardian", "student", "kind", "-recorded_at"], name="consent_pair_latest"),
            models.Index(fields=["school", "-recorded_at"], name="consent_school_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student}: {self.get_decision_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: a decision, once recorded, is evidence; a new decision is a new row.
        if not self._state.adding:
            raise ValueError("Consent records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Consent records are append-only.")


class ConsentStatus(GuardianStudent):
    """Guardian–student pairs seen from the consent side (the admin's «no decision / refused / withdrawn»)."""

    class Meta:
        proxy = True
        verbose_name = _("consent status")
        verbose_name_plural = _("consent statuses")


class Contact(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", _("email")
        PHONE = "phone", _("phone")

    class Basis(models.TextChoices):
        PAPER_APPLICATION = "paper_application", _("paper application")
        E_SIGNED_DOCUMENT = "e_signed_document", _("electronically signed document")
        SELF_ENTERED = "self_entered", _("entered by the guardian and confirmed with a code")

    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("guardian")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=254)
    basis = models.CharField(_("basis"), max_length=24, choices=Basis.choices)
    document_number = models.CharField(_("application number"), max_length=64, blank=True)
    document_date = models.DateField(_("application date"), null=True, blank=True)
    document_file = models.FileField(_("signed document"), upload_to="contacts/%Y/", blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["guardian", "kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["guardian", "kind", "value"], name="contact_unique_value"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ContactHistory(models.Model):
    """Every change of a contact: the values before and after, who made it and on what basis."""

    class Action(models.TextChoices):
        ADDED = "added", _("added")
        CONFIRMED = "confirmed", _("confirmed")
        CHANGED = "changed", _("changed")
        REMOVED = "removed", _("removed")

    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="contact_history", verbose_name=_("guardian")
    )
    contact_id_ref = models.BigIntegerField(_("contact id"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=Contact.Kind.choices)
    old_value = models.CharField(_("old value"), max_length=254, blank=True)
    new_value = models.CharField(_("new value"), max_length=254, blank=True)
    basis = models.CharField(_("basis"), max_length=24, choices=Contact.Basis.choices)
    document_number = models.CharField(_("application number"), max_length=64, blank=True)
    document_date = models.DateField(_("application date"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("contact change")
        verbose_name_plural = _("contact history")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.new_value or self.old_value}"


class DeliveryPreference(models.Model):
    class Digest(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        DAILY = "daily", _("daily")
        OFF = "off", _("off")

    guardian = models.OneToOneField(
        Guardian, on_delete=models.CASCADE, related_name="delivery_preference", verbose_name=_("guardian")
    )
    cabinet = models.BooleanField(_("personal cabinet"), default=True)
    email_digest = models.CharField(_("email digest"), max_length=8, choices=Digest.choices, default=Digest.WEEKLY)
    paper_weekly = models.BooleanField(_("weekly paper extract"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")

    def __str__(self) -> str:
        return str(self.guardian)


class PersonalDataEvent(models.Model):
    """The personal-data log: what happened to whose data, by whom and when. It holds no contact values."""

    class Kind(models.TextChoices):
        CONSENT_RECORDED = "consent_recorded", _("consent recorded")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
        CONTACT_ADDED = "contact_added", _("contact added")
        CONTACT_CONFIRMED = "contact_confirmed", _("contact confirmed")
        CONTACT_CHANGED = "contact_changed", _("contact changed")
        CONTACT_REMOVED = "contact_removed", _("contact removed")
        PREFERENCES_CHANGED = "preferences_changed", _("delivery preferences changed")
        DATA_DELETED = "data_deleted", _("data deleted")

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    kind = models.CharField(_("event"), max_length=24, choices=Kind.choices)
    guardian = models.ForeignKey(
        Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("guardian")
    )
    student = models.ForeignKey(
        Student, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("student")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), db_index=True)
    details = models.CharField(_("what"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("personal-data event")
        verbose_name_plural = _("personal-data events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d.%m.%Y %H:%M})"


class OneTimeCode(models.Model):
    """A short code sent by email (or SMS) to prove control of an address; stored only as a keyed hash."""

    class Purpose(models.TextChoices):
        CONSENT = "consent", _("consent confirmation")
        CONTACT = "contact", _("contact confirmation")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    sent_to = models.CharField(max_length=254)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    payload = models.JSONField(default=dict, blank=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["user", "purpose", "-created_at"], name="otc_user_recent")]

    def __str__(self) -> str:
        return f"{self.purpose} → {self.sent_to}"
