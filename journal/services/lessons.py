"""A lesson's content (topic, type, homework and its files), substitution, rescheduling, cancellation and the
control-work schedule with the warnings of DOMAIN.md §5."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from journal.models import (
    Assessment,
    Bell,
    CurriculumPlanItem,
    HomeworkFile,
    Lesson,
    Staff,
    TimetableSlot,
    User,
)
from journal.services.common import check_edit_window, is_admin, require_admin, school_of

# DOMAIN.md §5: per subject not more often than once in 2.5 weeks; at most 10 % of the annual hours.
ASSESSMENT_MIN_GAP = dt.timedelta(days=17.5)
ASSESSMENT_MAX_SHARE = Decimal("0.10")
HOMEWORK_GRACE = dt.timedelta(hours=1)


def homework_max_bytes() -> int:
    return int(settings.EDIARY_HOMEWORK_MAX_BYTES)


def homework_types() -> list[str]:
    return list(settings.EDIARY_HOMEWORK_TYPES)


def _class_day_lessons(lesson: Lesson) -> Q:
    return Q(course__school_class_id=lesson.course.school_class_id, date=lesson.date) & ~Q(
        status=Lesson.Status.CANCELLED
    )


def homework_deadline(lesson: Lesson) -> dt.datetime:
    """The lesson's day, one hour after the class's last lesson ends (DOMAIN.md §2), in the school's timezone."""
    school = school_of(lesson)
    last_end = Lesson.objects.filter(_class_day_lessons(lesson)).aggregate(end=Max("bell__ends"))["end"]
    if last_end is None and lesson.bell_id:
        last_end = Bell.objects.get(id=lesson.bell_id).ends
    end = dt.datetime.combine(lesson.date, last_end or dt.time(23, 0), tzinfo=ZoneInfo(school.timezone))
    return end + HOMEWORK_GRACE


@transaction.atomic
def lesson_update(
    *,
    user: User,
    lesson: Lesson,
    topic: str | None = None,
    lesson_type: str | None = None,
    homework: str | None = None,
) -> Lesson:
    """Topic, lesson type and homework; ``None`` leaves a field as it is. Homework gets its posting time."""
    school = school_of(lesson)
    if lesson.date < school_today(lesson) - dt.timedelta(days=school.edit_window_days):
        check_edit_window(user=user, lesson=lesson, field="topic")
    changed: list[str] = []
    if topic is not None and topic.strip() != lesson.topic:
        lesson.topic = topic.strip()
        changed.append("topic")
        if lesson.topic and lesson.status == Lesson.Status.PLANNED and lesson.date <= school_today(lesson):
            lesson.status = Lesson.Status.HELD
            changed.append("status")
    if lesson_type is not None and lesson_type != lesson.lesson_type:
        if lesson_type and lesson_type not in school.lesson_types:
            raise ValidationError({"lesson_type": _("Choose a lesson type of the school's list.")})
        lesson.lesson_type = lesson_type
        changed.append("lesson_type")
    if homework is not None and homework.strip() != lesson.homework:
        lesson.homework = homework.strip()
        now = timezone.now()
        lesson.homework_posted_at = now if lesson.homework else None
        lesson.homework_late = bool(lesson.homework) and now > homework_deadline(lesson)
        changed += ["homework", "homework_posted_at", "homework_late"]
    if changed:
        lesson.save(update_fields=changed)
    return lesson


def school_today(lesson: Lesson) -> dt.date:
    from journal.services.common import today_for

    return today_for(school_of(lesson))


def homework_file_add(*, user: User, lesson: Lesson, upload: UploadedFile[Any]) -> HomeworkFile:
    name = PurePath(upload.name or "file").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in homework_types():
        raise ValidationError({"file": _("Files of this type are not accepted: use %(types)s.") % {
            "types": ", ".join(homework_types())
        }})  # fmt: skip
    size = upload.size or 0
    if size > homework_max_bytes():
        raise ValidationError(
            {"file": _("The file is too large: at most %(mb)s MB.") % {"mb": homework_max_bytes() // (1024 * 1024)}}
        )
    return HomeworkFile.objects.create(lesson=lesson, file=upload, name=name, size=size, uploaded_by=user)


@transaction.atomic
def lesson_substitute(*, user: User, lesson: Lesson, substitute: Staff | None, reason: str = "") -> Lesson:
    """Another teacher gives the lesson (``None`` removes the substitution); visible to families."""
    school = school_of(lesson)
    require_admin(user=user, school=school)
    if substitute is not None:
        if substitute.school_id != school.id or not substitute.is_teacher:
            raise ValidationError({"substitute": _("Choose a teacher of this school.")})
        if not reason.strip():
            raise ValidationError({"substitute_reason": _("Give the reason for the substitution.")})
    lesson.substitute = substitute
    lesson.substitute_reason = reason.strip() if substitute else ""
    lesson.save(update_fields=["substitute", "substitute_reason"])
    return lesson


@transaction.atomic
def lesson_reschedule(*, user: User, lesson: Lesson, date: dt.date, bell: Bell | None, reason: str = "") -> Lesson:
    """Move a lesson; its planned date and bell stay as the timetable put them."""
    school = school_of(lesson)
    require_admin(user=user, school=school)
    if bell is not None and bell.school_id != school.id:
        raise ValidationError({"bell": _("Choose a bell of this school.")})
    year = lesson.course.year
    if not year.starts <= date <= year.ends:
        raise ValidationError({"date": _("The date is outside the academic year.")})
    if lesson.planned_date is None:
        lesson.planned_date, lesson.planned_bell = lesson.date, lesson.bell
    lesson.date, lesson.bell = date, bell
    back_home = lesson.date == lesson.planned_date and lesson.bell_id == lesson.planned_bell_id
    lesson.status = Lesson.Status.PLANNED if back_home else Lesson.Status.RESCHEDULED
    lesson.change_reason = reason.strip()
    lesson.save(update_fields=["planned_date", "planned_bell", "date", "bell", "status", "change_reason"])
    return lesson


@transaction.atomic
def lesson_cancel(*, user: User, lesson: Lesson, reason: str = "") -> Lesson:
    """Cancel a lesson; a lesson that already has marks or attendance cannot be cancelled (nothing is lost)."""
    school = school_of(lesson)
    require_admin(user=user, school=school)
    if lesson.marks.filter(deleted_at__isnull=True).exists() or lesson.attendance.exists():
        raise ValidationError({"status": _("The lesson has marks or attendance: it cannot be cancelled.")})
    lesson.status = Lesson.Status.CANCELLED
    lesson.change_reason = reason.strip()
    lesson.save(update_fields=["status", "change_reason"])
    return lesson


def _plan_item(lesson: Lesson) -> CurriculumPlanItem | None:
    """The curriculum plan line of the lesson's course: the class's own line wins over its grade level's."""
    course = lesson.course
    return (
        CurriculumPlanItem.objects.filter(year_id=course.year_id, subject_id=course.subject_id)
        .filter(
            Q(school_class_id=course.school_class_id) | Q(school_class__isnull=True, grade=course.school_class.grade)
        )
        # NULLs sort first on SQLite and last on PostgreSQL: say which comes first.
        .order_by(F("school_class_id").asc(nulls_last=True))
        .first()
    )


def _weekly_hours(lesson: Lesson) -> Decimal:
    plan = _plan_item(lesson)
    if plan is not None:
        return plan.hours_per_week
    return Decimal(TimetableSlot.objects.filter(course=lesson.course).count())


def _annual_hours(lesson: Lesson) -> int | None:
    plan = _plan_item(lesson)
    return plan.hours_per_year if plan else None


def assessment_warnings(*, lesson: Lesson) -> list[str]:
    """DOMAIN.md §5, checked for a control work on this lesson (its own existing assessment aside)."""
    warnings: list[str] = []
    course = lesson.course
    others = Assessment.objects.exclude(lesson=lesson).exclude(lesson__status=Lesson.Status.CANCELLED)
    if others.filter(lesson__course__school_class_id=course.school_class_id, lesson__date=lesson.date).exists():
        warnings.append(_("The class already has a control work on this day (at most one a day)."))
    near = others.filter(
        lesson__course__school_class_id=course.school_class_id,
        lesson__course__subject_id=course.subject_id,
        lesson__date__gt=lesson.date - ASSESSMENT_MIN_GAP,
        lesson__date__lt=lesson.date + ASSESSMENT_MIN_GAP,
    )
    if near.exists():
        warnings.append(_("This subject already has a control work less than 2.5 weeks away."))
    annual = _annual_hours(lesson)
    if annual:
        count = others.filter(lesson__course=course).count() + 1
        if count > ASSESSMENT_MAX_SHARE * annual:
            warnings.append(
                _("Control works would take %(count)s of %(hours)s annual hours: more than 10 %%.")
                % {"count": count, "hours": annual}
            )
    if lesson.bell_id is not None and _weekly_hours(lesson) > 1:
        numbers = list(
            Lesson.objects.filter(_class_day_lessons(lesson), bell__isnull=False).values_list("bell__number", flat=True)
        )
        own = Bell.objects.get(id=lesson.bell_id).number
        if numbers and own in (min(numbers), max(numbers)):
            warnings.append(_("A control work should not be on the first or the last lesson of the day."))
    return warnings


@dataclass
class ScheduleResult:
    assessment: Assessment | None
    warnings: list[str] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return self.assessment is not None


@transaction.atomic
def assessment_schedule(
    *,
    user: User,
    lesson: Lesson,
    kind: str = Assessment.Kind.CONTROL,
    title: str,
    override: bool = False,
) -> ScheduleResult:
    """Mark a lesson as a control work. With warnings it is saved only when an administrator overrides them."""
    if not title.strip():
        raise ValidationError({"title": _("Give the control work a title.")})
    if kind not in Assessment.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of control work.")})
    if lesson.status == Lesson.Status.CANCELLED:
        raise ValidationError({"lesson": _("The lesson is cancelled.")})
    warnings = assessment_warnings(lesson=lesson)
    admin = is_admin(user=user, school=school_of(lesson))
    if warnings and not (override and admin):
        return ScheduleResult(assessment=None, warnings=warnings)
    assessment, _created = Assessment.objects.update_or_create(
        lesson=lesson,
        defaults={
            "kind": kind,
            "title": title.strip(),
            "warnings": warnings,
            "overridden_by": user if warnings else None,
        },
    )
    return ScheduleResult(assessment=assessment, warnings=warnings)


def assessment_remove(*, user: User, lesson: Lesson) -> None:
    Assessment.objects.filter(lesson=lesson).delete()
