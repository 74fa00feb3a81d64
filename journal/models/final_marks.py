"""Period, year, exam and final marks (DOMAIN.md §3), with the deferral «н/а» and publication (R8, R9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FinalMark(models.Model):
    """A final mark of a student in a course. Families see it once ``published_at`` is set (R9: within 24 h)."""

    class Kind(models.TextChoices):
        PERIOD = "period", _("period mark")
        YEAR = "year", _("year mark")
        EXAM = "exam", _("exam mark")
        FINAL = "final", _("final mark")

    student = models.ForeignKey(
        "journal.Student", on_delete=models.CASCADE, related_name="final_marks", verbose_name=_("student")
    )
    course = models.ForeignKey(
        "journal.Course", on_delete=models.CASCADE, related_name="final_marks", verbose_name=_("course")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    period = models.ForeignKey(
        "journal.Period", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("period")
    )
    value = models.CharField(_("value"), max_length=8, help_text=_("5, 4, 3, 2, зач, незач, осв or н/а"))
    suggested_value = models.CharField(_("suggested value"), max_length=8, blank=True)
    override_reason = models.CharField(_("reason for overriding the suggestion"), max_length=500, blank=True)
    deferred_until = models.DateField(_("deferred until"), null=True, blank=True)
    deferral_reason = models.CharField(_("reason for the deferral"), max_length=500, blank=True)
    basis = models.CharField(
        _("order or protocol"), max_length=255, blank=True, help_text=_("For a mark set after a deferral")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("final mark")
        verbose_name_plural = _("final marks")
        ordering = ["student", "course", "kind", "period__starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "course", "period"],
                condition=Q(kind="period"),
                name="final_mark_unique_period",
            ),
            models.UniqueConstraint(
                fields=["student", "course", "kind"],
                condition=~Q(kind="period"),
                name="final_mark_unique_kind",
            ),
            models.CheckConstraint(
                condition=(Q(kind="period") & Q(period__isnull=False)) | (~Q(kind="period") & Q(period__isnull=True)),
                name="final_mark_period_only_for_period_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.value

    @property
    def is_deferred(self) -> bool:
        return self.value == "н/а" and self.deferred_until is not None


class FinalMarkHistory(models.Model):
    final_mark = models.ForeignKey(
        FinalMark, on_delete=models.CASCADE, related_name="history", verbose_name=_("final mark")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    old = models.CharField(_("old value"), max_length=8, blank=True)
    new = models.CharField(_("new value"), max_length=8, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("final mark change")
        verbose_name_plural = _("final mark changes")
        ordering = ["final_mark", "at", "id"]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"
