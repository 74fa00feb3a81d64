"""Accounts and the people of a school: staff, students, guardians and the links between them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The sign-in account. Who the person is in a school lives in Staff, Student and Guardian."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_unique_email_ci"),
        ]


class PersonName(models.Model):
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def short_name(self) -> str:
        """Иванова А. П. — as teachers are named on timetables and diaries."""
        initials = " ".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip()


class Staff(PersonName):
    """A school employee; the roles decide what they may do (DESIGN.md §5)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_profiles", verbose_name=_("account"))
    school = models.ForeignKey(
        "journal.School", on_delete=models.CASCADE, related_name="staff", verbose_name=_("school")
    )
    is_admin = models.BooleanField(_("administrator"), default=False)
    is_teacher = models.BooleanField(_("teacher"), default=False)
    is_secretary = models.BooleanField(_("secretary"), default=False)
    position = models.CharField(_("position"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["school", "last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="staff_unique_user_school")]


class Student(PersonName):
    class Sex(models.TextChoices):
        FEMALE = "f", _("female")
        MALE = "m", _("male")

    school = models.ForeignKey(
        "journal.School", on_delete=models.CASCADE, related_name="students", verbose_name=_("school")
    )
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student_profile",
        verbose_name=_("account"),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name", "patronymic", "id"]
        indexes = [models.Index(fields=["school", "last_name"], name="student_school_name")]


class Guardian(PersonName):
    """A parent or other legal representative; may have children in several schools."""

    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian_profile",
        verbose_name=_("account"),
    )
    students = models.ManyToManyField(
        Student, through="journal.GuardianStudent", related_name="guardians", verbose_name=_("children")
    )

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["last_name", "first_name", "patronymic", "id"]


class GuardianStudent(models.Model):
    """The verified link between a guardian and a child.

    ``consent_decision`` is the latest decision on processing consent for this pair. The consent records
    themselves (portal) are append-only; the consent service is the only writer of this field and keeps it in
    the same transaction, so that every access check reads one row instead of a history.
    """

    class Kind(models.TextChoices):
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        GUARDIAN = "guardian", _("guardian (опекун)")
        OTHER = "other", _("other legal representative")

    class ConsentDecision(models.TextChoices):
        NONE = "", _("no decision")
        GIVEN = "given", _("given")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="links", verbose_name=_("guardian"))
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="guardian_links", verbose_name=_("student")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MOTHER)
    is_legal_representative = models.BooleanField(_("legal representative"), default=True)
    basis_document = models.CharField(
        _("basis of authority"),
        max_length=255,
        blank=True,
        help_text=_("Birth certificate or guardianship order: number and date"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    consent_decision = models.CharField(
        _("processing consent"), max_length=16, choices=ConsentDecision.choices, default="", blank=True
    )

    class Meta:
        verbose_name = _("guardian–student link")
        verbose_name_plural = _("guardian–student links")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "student"], name="guardian_student_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None
