"""The timetable and what happens in a lesson: the weekly template, dated lessons, homework files, assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimetableSlot(models.Model):
    """One line of a class's weekly template: on this weekday at this bell, this course in this room."""

    school_class = models.ForeignKey(
        "journal.SchoolClass", on_delete=models.CASCADE, related_name="timetable_slots", verbose_name=_("class")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), help_text=_("1 = Monday … 6 = Saturday"))
    bell = models.ForeignKey("journal.Bell", on_delete=models.PROTECT, related_name="+", verbose_name=_("bell"))
    course = models.ForeignKey(
        "journal.Course", on_delete=models.CASCADE, related_name="timetable_slots", verbose_name=_("course")
    )
    room = models.CharField(_("room"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("timetable slot")
        verbose_name_plural = _("timetable")
        ordering = ["school_class", "weekday", "bell__number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "weekday", "bell"], name="timetable_slot_unique"),
            models.CheckConstraint(condition=Q(weekday__gte=1) & Q(weekday__lte=6), name="timetable_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.school_class_id}: {self.weekday} / {self.bell_id}"


class Lesson(models.Model):
    """A dated lesson of a course. ``planned_date``/``planned_bell`` keep where the timetable put it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")
        RESCHEDULED = "rescheduled", _("rescheduled")

    course = models.ForeignKey(
        "journal.Course", on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    date = models.DateField(_("date"))
    bell = models.ForeignKey(
        "journal.Bell", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bell")
    )
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    planned_bell = models.ForeignKey(
        "journal.Bell",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned bell"),
    )
    room = models.CharField(_("room"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    substitute = models.ForeignKey(
        "journal.Staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substituted_lessons",
        verbose_name=_("substitute teacher"),
    )
    substitute_reason = models.CharField(_("substitution reason"), max_length=255, blank=True)
    change_reason = models.CharField(_("reason for the change"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    lesson_type = models.CharField(_("lesson type"), max_length=100, blank=True)
    homework = models.TextField(_("homework"), blank=True)
    homework_posted_at = models.DateTimeField(_("homework posted at"), null=True, blank=True)
    homework_late = models.BooleanField(_("homework posted late"), default=False)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["date", "bell__number", "id"]
        indexes = [
            models.Index(fields=["course", "date"], name="lesson_course_date"),
            models.Index(fields=["date"], name="lesson_date"),
        ]
        constraints = [
            # A timetable line makes at most one lesson a day; regeneration relies on it.
            models.UniqueConstraint(
                fields=["course", "planned_date", "planned_bell"],
                condition=Q(planned_date__isnull=False),
                name="lesson_unique_planned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.date}"

    @property
    def is_rescheduled(self) -> bool:
        return self.status == self.Status.RESCHEDULED


def homework_upload_to(instance: HomeworkFile, filename: str) -> str:
    return f"homework/{instance.lesson_id}/{filename}"


class HomeworkFile(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="files", verbose_name=_("lesson"))
    file = models.FileField(_("file"), upload_to=homework_upload_to, max_length=255)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("homework file")
        verbose_name_plural = _("homework files")
        ordering = ["lesson", "id"]

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """A control work (оценочная процедура) on a lesson; DOMAIN.md §5 rules warn, an administrator may override."""

    class Kind(models.TextChoices):
        CONTROL = "control", _("control work")
        TEST = "test", _("test (проверочная)")
        DICTATION = "dictation", _("dictation")
        ESSAY = "essay", _("essay")
        OTHER = "other", _("other assessment")

    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="assessment", verbose_name=_("lesson"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CONTROL)
    title = models.CharField(_("title"), max_length=255)
    warnings = models.JSONField(_("warnings when scheduled"), default=list, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("warnings overridden by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["lesson__date"]

    def __str__(self) -> str:
        return self.title
