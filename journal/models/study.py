"""What is taught: subjects, the curriculum plan, courses (journal pages), enrollments and work types."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from journal.models.school import GRADE_RANGE


class Subject(models.Model):
    school = models.ForeignKey(
        "journal.School", on_delete=models.CASCADE, related_name="subjects", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["school", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="subject_unique_name")]

    def __str__(self) -> str:
        return self.name


class CurriculumPlanItem(models.Model):
    """Hours of a subject for a grade level (or for one class when it differs) in one year."""

    year = models.ForeignKey(
        "journal.AcademicYear",
        on_delete=models.CASCADE,
        related_name="plan_items",
        verbose_name=_("academic year"),
    )
    grade = models.PositiveSmallIntegerField(_("grade"))
    school_class = models.ForeignKey(
        "journal.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("class"),
        help_text=_("Only when this class differs from its grade level"),
    )
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+", verbose_name=_("subject"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    hours_per_year = models.PositiveSmallIntegerField(_("hours per year"))

    class Meta:
        verbose_name = _("curriculum plan item")
        verbose_name_plural = _("curriculum plan")
        ordering = ["year", "grade", "subject__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "grade", "subject"],
                condition=Q(school_class__isnull=True),
                name="plan_unique_grade_subject",
            ),
            models.UniqueConstraint(
                fields=["year", "school_class", "subject"],
                condition=Q(school_class__isnull=False),
                name="plan_unique_class_subject",
            ),
            models.CheckConstraint(condition=GRADE_RANGE, name="plan_grade_in_range"),
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="plan_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.grade}: {self.subject} — {self.hours_per_week}"


class Course(models.Model):
    """One journal page: a subject taught to a class (or one of its groups) by its teachers in one year."""

    year = models.ForeignKey(
        "journal.AcademicYear",
        on_delete=models.CASCADE,
        related_name="courses",
        verbose_name=_("academic year"),
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="courses", verbose_name=_("subject"))
    school_class = models.ForeignKey(
        "journal.SchoolClass", on_delete=models.CASCADE, related_name="courses", verbose_name=_("class")
    )
    group = models.ForeignKey(
        "journal.StudyGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("group"),
    )
    teachers = models.ManyToManyField("journal.Staff", related_name="courses", blank=True, verbose_name=_("teachers"))

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["school_class__grade", "school_class__letter", "subject__name", "group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "subject"],
                condition=Q(group__isnull=True),
                name="course_unique_class",
            ),
            models.UniqueConstraint(
                fields=["school_class", "subject", "group"],
                condition=Q(group__isnull=False),
                name="course_unique_group",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        suffix = f" ({self.group.name})" if self.group_id and self.group else ""
        return f"{self.subject.name}, {self.school_class.name}{suffix}"


class Enrollment(models.Model):
    """A student in a class from one date to another: students move between classes and schools."""

    student = models.ForeignKey(
        "journal.Student", on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("student")
    )
    school_class = models.ForeignKey(
        "journal.SchoolClass", on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("class")
    )
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["student", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gte=F("starts")), name="enrollment_dates_ordered"
            ),
            models.UniqueConstraint(fields=["student", "school_class", "starts"], name="enrollment_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.school_class}"


class WorkType(models.Model):
    """A kind of work a mark is given for, with its weight in the weighted mean."""

    school = models.ForeignKey(
        "journal.School", on_delete=models.CASCADE, related_name="work_types", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(_("weight"), max_digits=3, decimal_places=1, default=1)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("work type")
        verbose_name_plural = _("work types")
        ordering = ["school", "weight", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="work_type_unique_name"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="work_type_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (×{self.weight})"
