from journal.models.final_marks import FinalMark, FinalMarkHistory
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
    "Bell",
    "Course",
    "CurriculumPlanItem",
    "Enrollment",
    "FinalMark",
    "FinalMarkHistory",
    "Guardian",
    "GuardianStudent",
    "Holiday",
    "Period",
    "School",
    "SchoolClass",
    "Staff",
    "Student",
    "StudyGroup",
    "Subject",
    "User",
    "WorkType",
]
