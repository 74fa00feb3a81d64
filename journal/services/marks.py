"""Marks and attendance (DOMAIN.md §2): the scale, grade 1, enrollment, the edit window, versions and history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from journal.models import (
    Attendance,
    AttendanceHistory,
    Course,
    Enrollment,
    Lesson,
    Mark,
    MarkHistory,
    Recommendation,
    Staff,
    Student,
    Subject,
    User,
    WorkType,
)
from journal.services.common import Conflict, check_edit_window, school_of

# Two marks in one cell («5/4») are the custom of Russian language and literature only (DOMAIN.md §2).
TWO_MARK_SUBJECT_PREFIXES = ("русский", "литератур")
MAX_MARKS_PER_CELL = 2


def enrolled_on(*, course: Course, student: Student, day: dt.date) -> bool:
    """The student is in the course's class (and in its group, for a group course) on that day."""
    in_class = (
        Enrollment.objects.filter(student=student, school_class_id=course.school_class_id, starts__lte=day)
        .filter(Q(ends__isnull=True) | Q(ends__gte=day))
        .exists()
    )
    if not in_class:
        return False
    return course.group_id is None or course.group.students.filter(id=student.id).exists()  # type: ignore[union-attr]


def mark_payload(mark: Mark) -> dict[str, Any]:
    return {
        "id": mark.id,
        "lesson": mark.lesson_id,
        "student": mark.student_id,
        "value": mark.value,
        "work_type": mark.work_type_id,
        "weight": str(mark.weight),
        "comment": mark.comment,
        "version": mark.version,
        "deleted": mark.deleted_at is not None,
    }


def _check_value(*, lesson: Lesson, value: str) -> str:
    school = school_of(lesson)
    value = value.strip()
    if lesson.course.school_class.grade == 1:
        raise ValidationError({"value": _("Grade 1 gets no marks: only attendance, topics and homework.")})
    allowed = [str(v) for v in [*school.mark_scale, *school.mark_symbols]]
    if value not in allowed:
        raise ValidationError(
            {
                "value": _("«%(value)s» is not a mark of this school: use %(allowed)s.")
                % {
                    "value": value,
                    "allowed": ", ".join(allowed),
                }
            }
        )
    return value


def _check_lesson_open(lesson: Lesson) -> None:
    if lesson.status == Lesson.Status.CANCELLED:
        raise ValidationError({"lesson": _("The lesson is cancelled.")})


def _check_student(*, lesson: Lesson, student: Student) -> None:
    if not enrolled_on(course=lesson.course, student=student, day=lesson.date):
        raise ValidationError({"student": _("The student is not enrolled in this course on the lesson's date.")})


def _work_type(*, lesson: Lesson, work_type: WorkType | None) -> WorkType | None:
    school = school_of(lesson)
    if work_type is not None:
        if work_type.school_id != school.id:
            raise ValidationError({"work_type": _("Unknown work type.")})
        return work_type
    return WorkType.objects.filter(school=school).order_by("-is_default", "weight", "id").first()


@transaction.atomic
def mark_set(
    *,
    user: User,
    lesson: Lesson,
    student: Student,
    value: str,
    work_type: WorkType | None = None,
    comment: str = "",
) -> Mark:
    """A new mark in a cell. A live mark of the same work type already there is a conflict (someone was faster)."""
    value = _check_value(lesson=lesson, value=value)
    _check_lesson_open(lesson)
    _check_student(lesson=lesson, student=student)
    check_edit_window(user=user, lesson=lesson)
    kind = _work_type(lesson=lesson, work_type=work_type)
    live = list(Mark.objects.select_for_update().filter(lesson=lesson, student=student, deleted_at__isnull=True))
    same = [m for m in live if m.work_type_id == (kind.id if kind else None)]
    if same:
        raise Conflict(
            _("This cell already has a mark: it was changed by someone else."), current=mark_payload(same[0])
        )
    if live:
        subject = lesson.course.subject.name.lower()
        if not subject.startswith(TWO_MARK_SUBJECT_PREFIXES):
            raise ValidationError({"value": _("Two marks in one cell are allowed only in Russian and literature.")})
        if len(live) >= MAX_MARKS_PER_CELL:
            raise ValidationError({"value": _("A cell holds at most two marks.")})
    try:
        with transaction.atomic():
            mark = Mark.objects.create(
                lesson=lesson,
                student=student,
                value=value,
                work_type=kind,
                weight=kind.weight if kind else 1,
                comment=comment,
                author=user,
            )
    except IntegrityError:
        current = Mark.objects.filter(lesson=lesson, student=student, deleted_at__isnull=True).first()
        raise Conflict(
            _("This cell already has a mark: it was changed by someone else."),
            current=mark_payload(current) if current else None,
        ) from None
    MarkHistory.objects.create(mark=mark, by=user, action=MarkHistory.Action.CREATE, old="", new=value)
    return mark


def _locked(mark: Mark, version: int | None) -> Mark:
    fresh = Mark.objects.select_for_update().select_related("lesson__course__year__school").get(id=mark.id)
    if fresh.deleted_at is not None:
        raise Conflict(_("The mark was deleted by someone else."), current=mark_payload(fresh))
    if version is not None and fresh.version != version:
        raise Conflict(
            _("The mark was changed by someone else: the cell now shows the current value."),
            current=mark_payload(fresh),
        )
    return fresh


@transaction.atomic
def mark_change(
    *,
    user: User,
    mark: Mark,
    value: str,
    version: int,
    reason: str = "",
    comment: str | None = None,
) -> Mark:
    """Change a mark if nobody changed it since ``version`` was read; otherwise Conflict, nothing saved."""
    fresh = _locked(mark, version)
    value = _check_value(lesson=fresh.lesson, value=value)
    check_edit_window(user=user, lesson=fresh.lesson)
    old = fresh.value
    fresh.value = value
    if comment is not None:
        fresh.comment = comment
    fresh.version += 1
    fresh.save(update_fields=["value", "comment", "version", "updated_at"])
    MarkHistory.objects.create(mark=fresh, by=user, action=MarkHistory.Action.CHANGE, old=old, new=value, reason=reason)
    return fresh


@transaction.atomic
def mark_delete(*, user: User, mark: Mark, version: int | None = None, reason: str = "") -> Mark:
    """Delete a mark: the row stays (``deleted_at``), and the deletion is in its history."""
    fresh = _locked(mark, version)
    check_edit_window(user=user, lesson=fresh.lesson)
    fresh.deleted_at = timezone.now()
    fresh.version += 1
    fresh.save(update_fields=["deleted_at", "version", "updated_at"])
    MarkHistory.objects.create(
        mark=fresh, by=user, action=MarkHistory.Action.DELETE, old=fresh.value, new="", reason=reason
    )
    return fresh


@transaction.atomic
def attendance_set(
    *, user: User, lesson: Lesson, student: Student, code: str | None, reason: str = ""
) -> Attendance | None:
    """Set or clear (``code=None``) a student's attendance mark; every change goes to the history."""
    school = school_of(lesson)
    code = (code or "").strip() or None
    if code is not None and code not in school.attendance_codes:
        raise ValidationError(
            {"code": _("Unknown attendance code: use %(codes)s.") % {"codes": ", ".join(school.attendance_codes)}}
        )
    _check_lesson_open(lesson)
    _check_student(lesson=lesson, student=student)
    check_edit_window(user=user, lesson=lesson, field="code")
    current = Attendance.objects.select_for_update().filter(lesson=lesson, student=student).first()
    old = current.code if current else ""
    if (code or "") == old:
        return current
    if code is None:
        assert current is not None  # noqa: S101 — old != "" means a row exists.
        current.delete()
        result = None
    elif current is None:
        result = Attendance.objects.create(lesson=lesson, student=student, code=code, author=user)
    else:
        current.code = code
        current.author = user
        current.save(update_fields=["code", "author", "updated_at"])
        result = current
    AttendanceHistory.objects.create(lesson=lesson, student=student, by=user, old=old, new=code or "", reason=reason)
    return result


def recommendation_create(
    *, teacher: Staff, student: Student, text: str, subject: Subject | None = None
) -> Recommendation:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the recommendation.")})
    if student.school_id != teacher.school_id or (subject is not None and subject.school_id != teacher.school_id):
        raise ValidationError({"student": _("The student is not of your school.")})
    return Recommendation.objects.create(teacher=teacher, student=student, subject=subject, text=text)
