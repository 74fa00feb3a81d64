from journal.models.final_marks import FinalMark, FinalMarkHistory
from journal.models.lessons import Assessment, HomeworkFile, Lesson, TimetableSlot
from journal.models.marks import Attendance, AttendanceHistory, Mark, MarkHistory, Recommendation
from journal.models.people import Guardian, GuardianStudent, Staff, Student, User
from journal.models.school import (
    AcademicYear,
    Bell,
    Holiday,
    Period,
    School,
    SchoolClass,
    StudyGroup,
)
from journal.models.study import Course, CurriculumPlanItem, Enrollment, Subject, WorkType

__all__ = [
    "AcademicYear",
    "Assessment",
    "Attendance",
    "AttendanceHistory",
    "Bell",
    "Course",
    "CurriculumPlanItem",
    "Enrollment",
    "FinalMark",
    "FinalMarkHistory",
    "Guardian",
    "GuardianStudent",
    "Holiday",
    "HomeworkFile",
    "Lesson",
    "Mark",
    "MarkHistory",
    "Period",
    "Recommendation",
    "School",
    "SchoolClass",
    "Staff",
    "Student",
    "StudyGroup",
    "Subject",
    "TimetableSlot",
    "User",
    "WorkType",
]
