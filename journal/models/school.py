"""A school, its calendar (years, periods, holidays, bells) and its classes and groups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

GRADE_RANGE = Q(grade__gte=1) & Q(grade__lte=11)


def default_mark_scale() -> list[str]:
    return ["2", "3", "4", "5"]


def default_attendance_codes() -> list[str]:
    return ["н", "б", "уп", "оп"]


def default_mark_symbols() -> list[str]:
    return ["зач", "незач"]


def default_lesson_types() -> list[str]:
    return [
        "Комбинированный",
        "Изучение нового материала",
        "Закрепление",
        "Обобщение и систематизация",
        "Контроль знаний",
    ]


class School(models.Model):
    """One school; every school-owned row reaches it. Its settings are DOMAIN.md's per-school customs."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    timezone = models.CharField(_("timezone"), max_length=64, default="Europe/Moscow")
    mark_scale = models.JSONField(_("mark scale"), default=default_mark_scale)
    mark_symbols = models.JSONField(
        _("mark symbols"), default=default_mark_symbols, blank=True, help_text=_("Pass/fail marks, not averaged")
    )
    attendance_codes = models.JSONField(_("attendance codes"), default=default_attendance_codes)
    lesson_types = models.JSONField(_("lesson types"), default=default_lesson_types)
    threshold_5 = models.DecimalField(_("mean for 5"), max_digits=3, decimal_places=2, default=Decimal("4.60"))
    threshold_4 = models.DecimalField(_("mean for 4"), max_digits=3, decimal_places=2, default=Decimal("3.60"))
    threshold_3 = models.DecimalField(_("mean for 3"), max_digits=3, decimal_places=2, default=Decimal("2.60"))
    edit_window_days = models.PositiveSmallIntegerField(_("edit window, days"), default=7)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold_5__gt=F("threshold_4")) & Q(threshold_4__gt=F("threshold_3")),
                name="school_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class AcademicYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="years", verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=20, help_text=_("For example 2026/2027"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["school", "-starts"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="academic_year_unique_name"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="academic_year_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    def contains(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends


class Period(models.Model):
    """A quarter, trimester or half-year; which grades it applies to is data (grades 1–9 vs 10–11)."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("quarter")
        TRIMESTER = "trimester", _("trimester")
        HALF_YEAR = "half_year", _("half-year")

    year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="periods", verbose_name=_("academic year")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    grade_min = models.PositiveSmallIntegerField(_("from grade"), default=1)
    grade_max = models.PositiveSmallIntegerField(_("to grade"), default=11)

    class Meta:
        verbose_name = _("study period")
        verbose_name_plural = _("study periods")
        ordering = ["year", "grade_min", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "number", "grade_min"], name="period_unique_number"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="period_dates_ordered"),
            models.CheckConstraint(
                condition=Q(grade_min__gte=1) & Q(grade_max__lte=11) & Q(grade_min__lte=F("grade_max")),
                name="period_grades_in_range",
            ),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=4), name="period_number_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()} ({self.grade_min}–{self.grade_max})"

    @property
    def name(self) -> str:
        return f"{self.number} {self.get_kind_display()}"


class Holiday(models.Model):
    """School holidays; grade_min/grade_max narrow them (e.g. the extra grade-1 week in February)."""

    year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="holidays", verbose_name=_("academic year")
    )
    name = models.CharField(_("name"), max_length=100)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    grade_min = models.PositiveSmallIntegerField(_("from grade"), default=1)
    grade_max = models.PositiveSmallIntegerField(_("to grade"), default=11)

    class Meta:
        verbose_name = _("holidays")
        verbose_name_plural = _("holidays")
        ordering = ["year", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="holiday_dates_ordered"),
            models.CheckConstraint(
                condition=Q(grade_min__gte=1) & Q(grade_max__lte=11) & Q(grade_min__lte=F("grade_max")),
                name="holiday_grades_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts:%d.%m}–{self.ends:%d.%m})"


class Bell(models.Model):
    """A lesson slot with its times (звонки)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="bells", verbose_name=_("school"))
    number = models.PositiveSmallIntegerField(_("lesson number"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("bell")
        verbose_name_plural = _("bells")
        ordering = ["school", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="bell_unique_number"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="bell_times_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.starts:%H:%M}–{self.ends:%H:%M}"


class SchoolClass(models.Model):
    """A class such as 7А in one academic year."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes", verbose_name=_("school"))
    year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="classes", verbose_name=_("academic year")
    )
    grade = models.PositiveSmallIntegerField(_("grade"))
    letter = models.CharField(_("letter"), max_length=4)
    homeroom_teacher = models.ForeignKey(
        "journal.Staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="homeroom_classes",
        verbose_name=_("homeroom teacher"),
    )

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school", "year", "grade", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "grade", "letter"], name="class_unique_name"),
            models.CheckConstraint(condition=GRADE_RANGE, name="class_grade_in_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.grade}{self.letter}"


class StudyGroup(models.Model):
    """A subgroup of a class (English, computer science) or an individual study plan."""

    class Kind(models.TextChoices):
        SUBGROUP = "subgroup", _("subgroup")
        INDIVIDUAL = "individual", _("individual study plan")

    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="groups", verbose_name=_("class")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SUBGROUP)
    students = models.ManyToManyField(
        "journal.Student", related_name="study_groups", blank=True, verbose_name=_("students")
    )

    class Meta:
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        ordering = ["school_class", "name"]
        constraints = [models.UniqueConstraint(fields=["school_class", "name"], name="group_unique_name")]

    def __str__(self) -> str:
        return f"{self.school_class.name} {self.name}"
