"""The weekly timetable template, its generation into dated lessons, and the daily lesson limits (DOMAIN.md §6)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from journal.models import (
    Assessment,
    Attendance,
    Bell,
    Course,
    Holiday,
    HomeworkFile,
    Lesson,
    Mark,
    Period,
    SchoolClass,
    TimetableSlot,
    User,
)
from journal.services.common import require_admin

WEEKDAY_NAMES = {1: "Пн", 2: "Вт", 3: "Ср", 4: "Чт", 5: "Пт", 6: "Сб"}


def daily_limit(grade: int) -> tuple[int, int]:
    """(lessons a day, lessons allowed on one day of the week) by the sanitary rules of DOMAIN.md §6."""
    if grade == 1:
        return 4, 5
    if grade <= 4:
        return 5, 6
    if grade <= 6:
        return 6, 6
    return 7, 7


def _limit_warnings(grade: int, counts: dict[str, int]) -> list[str]:
    base, once = daily_limit(grade)
    warnings = [
        _("%(day)s: %(count)s lessons, more than the limit of %(limit)s for grade %(grade)s.")
        % {"day": day, "count": count, "limit": once, "grade": grade}
        for day, count in counts.items()
        if count > once
    ]
    long_days = [day for day, count in counts.items() if base < count <= once]
    if len(long_days) > 1:
        warnings.append(
            _("%(days)s: only one day a week may have %(once)s lessons in grade %(grade)s (otherwise %(base)s).")
            % {"days": ", ".join(long_days), "once": once, "grade": grade, "base": base}
        )
    return warnings


def daily_limit_warnings(*, school_class: SchoolClass) -> list[str]:
    """Warnings for the class's weekly template; lessons of two groups at the same bell count once."""
    rows = set(TimetableSlot.objects.filter(school_class=school_class).values_list("weekday", "bell_id"))
    counts = Counter(weekday for weekday, _bell in rows)
    return _limit_warnings(school_class.grade, {WEEKDAY_NAMES[d]: counts[d] for d in sorted(counts)})


def day_limit_warnings(*, school_class: SchoolClass, day: dt.date) -> list[str]:
    """Warnings for one dated day of the class (after substitutions and rescheduling)."""
    bells = set(
        Lesson.objects.filter(course__school_class=school_class, date=day)
        .exclude(status=Lesson.Status.CANCELLED)
        .values_list("bell_id", flat=True)
    )
    _base, once = daily_limit(school_class.grade)
    if len(bells) > once:
        return _limit_warnings(school_class.grade, {day.strftime("%d.%m.%Y"): len(bells)})
    return []


@transaction.atomic
def timetable_slot_add(
    *, user: User, school_class: SchoolClass, weekday: int, bell: Bell, course: Course, room: str = ""
) -> tuple[TimetableSlot, list[str]]:
    require_admin(user=user, school=school_class.school)
    if course.school_class_id != school_class.id:
        raise ValidationError({"course": _("The course belongs to another class.")})
    if bell.school_id != school_class.school_id:
        raise ValidationError({"bell": _("Choose a bell of this school.")})
    if not 1 <= weekday <= 6:
        raise ValidationError({"weekday": _("Choose a weekday from Monday to Saturday.")})
    if TimetableSlot.objects.filter(course=course, weekday=weekday, bell=bell).exists():
        raise ValidationError({"bell": _("This course is already at this bell on that day.")})
    busy = TimetableSlot.objects.filter(school_class=school_class, weekday=weekday, bell=bell)
    # Only group courses (subgroups taught at once) may share a bell.
    if busy.filter(Q(course__group__isnull=True)).exists() or (busy.exists() and course.group_id is None):
        raise ValidationError({"bell": _("The class already has a lesson at this bell.")})
    slot = TimetableSlot.objects.create(
        school_class=school_class, weekday=weekday, bell=bell, course=course, room=room.strip()
    )
    return slot, [*teacher_clash_warnings(slot=slot), *daily_limit_warnings(school_class=school_class)]


def teacher_clash_warnings(*, slot: TimetableSlot) -> list[str]:
    """A warning when a teacher of the course already teaches another class at this bell (a merged lesson may be
    intended, so the administrator decides)."""
    clashes = (
        TimetableSlot.objects.filter(
            weekday=slot.weekday, bell=slot.bell, course__teachers__in=slot.course.teachers.all()
        )
        .exclude(pk=slot.pk)
        .exclude(school_class=slot.school_class)
        .select_related("school_class")
        .distinct()
    )
    return [
        _("A teacher of this course already has a lesson in %(class)s at this bell on that day.")
        % {"class": clash.school_class.name}
        for clash in clashes
    ]


def timetable_slot_remove(*, user: User, slot: TimetableSlot) -> None:
    require_admin(user=user, school=slot.school_class.school)
    slot.delete()


@dataclass
class GenerateResult:
    created: list[Lesson] = field(default_factory=list)
    deleted: int = 0
    kept: int = 0


def study_days(*, school_class: SchoolClass, starts: dt.date, ends: dt.date) -> list[dt.date]:
    """The class's study days: inside one of its grade's periods and outside its holidays (grade-specific too)."""
    grade = school_class.grade
    periods = list(
        Period.objects.filter(year_id=school_class.year_id, grade_min__lte=grade, grade_max__gte=grade).values_list(
            "starts", "ends"
        )
    )
    holidays = list(
        Holiday.objects.filter(year_id=school_class.year_id, grade_min__lte=grade, grade_max__gte=grade).values_list(
            "starts", "ends"
        )
    )
    days: list[dt.date] = []
    day = starts
    while day <= ends:
        if any(a <= day <= b for a, b in periods) and not any(a <= day <= b for a, b in holidays):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@transaction.atomic
def timetable_generate(
    *,
    school_class: SchoolClass,
    user: User | None = None,
    starts: dt.date | None = None,
    ends: dt.date | None = None,
) -> GenerateResult:
    """Dated lessons from the weekly template, skipping holidays. Regenerating keeps every lesson that has a
    topic, homework, marks, attendance, an assessment or a changed status; only empty planned lessons that the
    template no longer has are removed, and none is moved."""
    if user is not None:
        require_admin(user=user, school=school_class.school)
    year = school_class.year
    starts = max(starts or year.starts, year.starts)
    ends = min(ends or year.ends, year.ends)
    slots = list(TimetableSlot.objects.filter(school_class=school_class))
    by_weekday: dict[int, list[TimetableSlot]] = {}
    for slot in slots:
        by_weekday.setdefault(slot.weekday, []).append(slot)
    wanted: dict[tuple[int, dt.date, int], TimetableSlot] = {}
    for day in study_days(school_class=school_class, starts=starts, ends=ends):
        for slot in by_weekday.get(day.isoweekday(), []):
            wanted[(slot.course_id, day, slot.bell_id)] = slot
    existing = Lesson.objects.filter(
        course__school_class=school_class, planned_date__gte=starts, planned_date__lte=ends
    ).values_list("id", "course_id", "planned_date", "planned_bell_id", "status", "topic", "homework")
    have: set[tuple[int, dt.date | None, int | None]] = set()
    maybe_drop: list[int] = []
    for lesson_id, course_id, planned_date, planned_bell_id, status, topic, homework in existing:
        key = (course_id, planned_date, planned_bell_id)
        have.add(key)
        if key not in wanted and status == Lesson.Status.PLANNED and not topic and not homework:
            maybe_drop.append(lesson_id)
    result = GenerateResult()
    if maybe_drop:
        filled = (
            set(Mark.objects.filter(lesson_id__in=maybe_drop).values_list("lesson_id", flat=True))
            | set(Attendance.objects.filter(lesson_id__in=maybe_drop).values_list("lesson_id", flat=True))
            | set(Assessment.objects.filter(lesson_id__in=maybe_drop).values_list("lesson_id", flat=True))
            | set(HomeworkFile.objects.filter(lesson_id__in=maybe_drop).values_list("lesson_id", flat=True))
        )
        drop = [i for i in maybe_drop if i not in filled]
        result.deleted, _details = Lesson.objects.filter(id__in=drop).delete()
        result.deleted = len(drop)
    result.kept = len(have) - result.deleted
    result.created = Lesson.objects.bulk_create(
        Lesson(
            course_id=course_id,
            date=day,
            bell_id=bell_id,
            planned_date=day,
            planned_bell_id=bell_id,
            room=slot.room,
        )
        for (course_id, day, bell_id), slot in sorted(wanted.items(), key=lambda item: (item[0][1], item[0][2]))
        if (course_id, day, bell_id) not in have
    )
    return result
