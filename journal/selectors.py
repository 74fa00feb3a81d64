"""Reads for the journal app: plain querysets and small data objects for pages and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from journal import access
from journal.models import (
    AcademicYear,
    Course,
    Enrollment,
    Guardian,
    Period,
    School,
    SchoolClass,
    Staff,
    Student,
    User,
)


def today_in(*, school: School | None = None) -> dt.date:
    """Today in the school's own timezone (a school in Vladivostok starts its day 7 hours before Moscow)."""
    if school is None:
        return timezone.localdate()
    from zoneinfo import ZoneInfo

    return timezone.now().astimezone(ZoneInfo(school.timezone)).date()


def year_on(*, school: School, day: dt.date) -> AcademicYear | None:
    """The academic year that contains the day, or the nearest one before it (the summer between years)."""
    year = AcademicYear.objects.filter(school=school, starts__lte=day).order_by("-starts").first()
    return year or AcademicYear.objects.filter(school=school).order_by("starts").first()


def period_on(*, school_class: SchoolClass, day: dt.date) -> Period | None:
    return (
        Period.objects.filter(
            year_id=school_class.year_id,
            grade_min__lte=school_class.grade,
            grade_max__gte=school_class.grade,
            starts__lte=day,
        )
        .order_by("-starts")
        .first()
    )


def courses_for_teacher(*, user: User) -> QuerySet[Course]:
    return (
        Course.objects.filter(teachers__user=user, teachers__is_teacher=True)
        .select_related("subject", "school_class", "group", "year")
        .order_by("school_class__grade", "school_class__letter", "subject__name", "group__name")
        .distinct()
    )


def homeroom_classes(*, user: User) -> QuerySet[SchoolClass]:
    return (
        SchoolClass.objects.filter(homeroom_teacher__user=user)
        .select_related("year")
        .annotate(student_count=Count("enrollments", filter=Q(enrollments__ends__isnull=True)))
        .order_by("-year__starts", "grade", "letter")
    )


def class_name_on(*, student_ids: list[int], day: dt.date) -> dict[int, str]:
    """Each student's class name on the day (one query for any number of students)."""
    enrollments = (
        Enrollment.objects.filter(student_id__in=student_ids, starts__lte=day)
        .filter(Q(ends__isnull=True) | Q(ends__gte=day))
        .select_related("school_class")
        .order_by("starts")
    )
    return {e.student_id: e.school_class.name for e in enrollments}


@dataclass(frozen=True)
class ChildCard:
    student: Student
    class_name: str
    has_access: bool


def children_of(*, user: User) -> list[ChildCard]:
    """A guardian's verified children, each with whether electronic access is open (consent given)."""
    linked = list(access.linked_students(user=user).order_by("last_name", "first_name"))
    open_ids = set(access.family_students(user=user).values_list("id", flat=True))
    names = class_name_on(student_ids=[s.id for s in linked], day=today_in())
    return [ChildCard(student=s, class_name=names.get(s.id, ""), has_access=s.id in open_ids) for s in linked]


@dataclass(frozen=True)
class SchoolOverview:
    school: School
    year: AcademicYear | None
    students: int
    classes: int
    teachers: int
    guardians: int
    guardians_with_consent: int
    periods: list[Period]


def school_overview(*, school: School) -> SchoolOverview:
    day = today_in(school=school)
    year = year_on(school=school, day=day)
    students = Student.objects.filter(
        Q(enrollments__ends__isnull=True) | Q(enrollments__ends__gte=day),
        enrollments__school_class__year=year,
    ).distinct()
    guardians = Guardian.objects.filter(links__student__in=students).distinct()
    return SchoolOverview(
        school=school,
        year=year,
        students=students.count(),
        classes=SchoolClass.objects.filter(year=year).count(),
        teachers=Staff.objects.filter(school=school, is_teacher=True).count(),
        guardians=guardians.count(),
        guardians_with_consent=guardians.filter(links__consent_decision="given").distinct().count(),
        periods=list(Period.objects.filter(year=year).order_by("grade_min", "starts")) if year else [],
    )
