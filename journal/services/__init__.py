"""Writes of the journal (issue 3): keyword-only, typed functions; every rule of DOMAIN.md §2, §5, §6 lives here.

Split into modules: ``marks`` (marks, attendance, recommendations), ``lessons`` (topic, homework, substitution,
rescheduling, cancellation, assessments) and ``timetable`` (the weekly template, generation, daily limits).
"""

from journal.services.common import Conflict
from journal.services.lessons import (
    ScheduleResult,
    assessment_remove,
    assessment_schedule,
    assessment_warnings,
    homework_deadline,
    homework_file_add,
    lesson_cancel,
    lesson_reschedule,
    lesson_substitute,
    lesson_update,
)
from journal.services.marks import (
    attendance_set,
    enrolled_on,
    mark_change,
    mark_delete,
    mark_set,
    recommendation_create,
)
from journal.services.timetable import (
    GenerateResult,
    daily_limit_warnings,
    day_limit_warnings,
    timetable_generate,
    timetable_slot_add,
    timetable_slot_remove,
)

__all__ = [
    "Conflict",
    "GenerateResult",
    "ScheduleResult",
    "assessment_remove",
    "assessment_schedule",
    "assessment_warnings",
    "attendance_set",
    "daily_limit_warnings",
    "day_limit_warnings",
    "enrolled_on",
    "homework_deadline",
    "homework_file_add",
    "lesson_cancel",
    "lesson_reschedule",
    "lesson_substitute",
    "lesson_update",
    "mark_change",
    "mark_delete",
    "mark_set",
    "recommendation_create",
    "timetable_generate",
    "timetable_slot_add",
    "timetable_slot_remove",
]
