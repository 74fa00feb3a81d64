"""Marks, attendance and recommendations, each change kept in a history table."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Mark(models.Model):
    """One mark. Two marks in one cell (Russian, literature: «5/4») are two rows with different work types.

    A deleted mark stays as a row with ``deleted_at`` set, so the history never points at nothing.
    """

    lesson = models.ForeignKey(
        "journal.Lesson", on_delete=models.CASCADE, related_name="marks", verbose_name=_("lesson")
    )
    student = models.ForeignKey(
        "journal.Student", on_delete=models.CASCADE, related_name="marks", verbose_name=_("student")
    )
    value = models.CharField(_("value"), max_length=8)
    work_type = models.ForeignKey(
        "journal.WorkType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work type"),
    )
    weight = models.DecimalField(_("weight"), max_digits=3, decimal_places=1, default=Decimal("1"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        ordering = ["lesson", "student", "id"]
        indexes = [models.Index(fields=["student", "lesson"], name="mark_student_lesson")]
        constraints = [
            # One live mark per cell and work type; a second mark in the cell needs another work type.
            models.UniqueConstraint(
                fields=["lesson", "student", "work_type"],
                condition=Q(deleted_at__isnull=True) & Q(work_type__isnull=False),
                name="mark_unique_cell_work_type",
            ),
            models.UniqueConstraint(
                fields=["lesson", "student"],
                condition=Q(deleted_at__isnull=True) & Q(work_type__isnull=True),
                name="mark_unique_cell_untyped",
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="mark_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.value


class MarkHistory(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        DELETE = "delete", _("deleted")

    mark = models.ForeignKey(Mark, on_delete=models.CASCADE, related_name="history", verbose_name=_("mark"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    old = models.CharField(_("old value"), max_length=8, blank=True)
    new = models.CharField(_("new value"), max_length=8, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("mark change")
        verbose_name_plural = _("mark history")
        ordering = ["mark", "at", "id"]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class Attendance(models.Model):
    lesson = models.ForeignKey(
        "journal.Lesson", on_delete=models.CASCADE, related_name="attendance", verbose_name=_("lesson")
    )
    student = models.ForeignKey(
        "journal.Student", on_delete=models.CASCADE, related_name="attendance", verbose_name=_("student")
    )
    code = models.CharField(_("code"), max_length=8)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["lesson", "student"], name="attendance_unique_cell")]

    def __str__(self) -> str:
        return self.code


class AttendanceHistory(models.Model):
    """Changes of attendance; rows outlive the attendance mark they describe (clearing deletes it)."""

    lesson = models.ForeignKey("journal.Lesson", on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson"))
    student = models.ForeignKey(
        "journal.Student", on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    old = models.CharField(_("old value"), max_length=8, blank=True)
    new = models.CharField(_("new value"), max_length=8, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance history")
        ordering = ["lesson", "student", "at", "id"]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class Recommendation(models.Model):
    teacher = models.ForeignKey(
        "journal.Staff", on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("teacher")
    )
    student = models.ForeignKey(
        "journal.Student", on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("student")
    )
    subject = models.ForeignKey(
        "journal.Subject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:50]
