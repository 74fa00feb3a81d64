"""Reads of the journal (issue 3): the grid of a course for a period and the lessons of a course, each in a fixed
number of queries whatever the number of students and lessons (pinned in tests)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from journal import selectors
from journal.grading import weighted_mean
from journal.models import Attendance, Course, Enrollment, Lesson, Mark, Period, Student, WorkType


class Roll:
    """Who is on a course's roll on which day: the class's enrollments, narrowed to the group for group courses."""

    def __init__(self, *, course: Course, starts: dt.date, ends: dt.date) -> None:
        enrollments = (
            Enrollment.objects.filter(school_class_id=course.school_class_id, starts__lte=ends)
            .filter(Q(ends__isnull=True) | Q(ends__gte=starts))
            .select_related("student")
        )
        if course.group_id is not None:
            enrollments = enrollments.filter(student__study_groups=course.group_id)
        self.spans: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        students: dict[int, Student] = {}
        for enrollment in enrollments:
            self.spans[enrollment.student_id].append((enrollment.starts, enrollment.ends))
            students[enrollment.student_id] = enrollment.student
        self.students = sorted(students.values(), key=lambda s: (s.last_name, s.first_name, s.patronymic, s.id))

    def on(self, student_id: int, day: dt.date) -> bool:
        return any(a <= day and (b is None or day <= b) for a, b in self.spans.get(student_id, []))

    def ids_on(self, day: dt.date) -> list[int]:
        return [s.id for s in self.students if self.on(s.id, day)]


@dataclass
class Cell:
    lesson: Lesson
    enrolled: bool
    marks: list[Mark] = field(default_factory=list)
    attendance: str = ""

    @property
    def text(self) -> str:
        return "/".join(m.value for m in self.marks) or self.attendance


@dataclass
class Row:
    student: Student
    cells: list[Cell]
    mean: Decimal | None


@dataclass
class Grid:
    course: Course
    period: Period | None
    periods: list[Period]
    lessons: list[Lesson]
    rows: list[Row]
    work_types: list[WorkType]
    takes_marks: bool
    today: dt.date


def course_periods(*, course: Course) -> list[Period]:
    grade = course.school_class.grade
    return list(
        Period.objects.filter(year_id=course.year_id, grade_min__lte=grade, grade_max__gte=grade).order_by("starts")
    )


def course_grid(*, course: Course, period_id: int | str | None = None) -> Grid:
    """Students × lessons of the period (the current one by default) with marks, attendance and the weighted mean.

    ``course`` comes with ``school_class``, ``subject``, ``group`` and ``year__school`` selected. Seven queries.
    """
    school = course.year.school
    today = selectors.today_in(school=school)
    periods = course_periods(course=course)
    period = next((p for p in periods if str(p.id) == str(period_id)), None) if period_id else None
    if period is None and periods:
        period = next((p for p in periods if p.starts <= today <= p.ends), None) or min(
            periods, key=lambda p: min(abs((p.starts - today).days), abs((p.ends - today).days))
        )
    starts, ends = (period.starts, period.ends) if period else (course.year.starts, course.year.ends)
    lessons = list(
        Lesson.objects.filter(course=course, date__gte=starts, date__lte=ends)
        .select_related("bell", "assessment", "substitute")
        .order_by("date", "bell__number", "id")
    )
    roll = Roll(course=course, starts=starts, ends=ends)
    marks: dict[tuple[int, int], list[Mark]] = defaultdict(list)
    for mark in Mark.objects.filter(lesson__in=[lesson.id for lesson in lessons], deleted_at__isnull=True).order_by(
        "id"
    ):
        marks[(mark.student_id, mark.lesson_id)].append(mark)
    codes = {
        (a.student_id, a.lesson_id): a.code
        for a in Attendance.objects.filter(lesson__in=[lesson.id for lesson in lessons]).only(
            "student_id", "lesson_id", "code"
        )
    }
    rows = []
    for student in roll.students:
        cells = [
            Cell(
                lesson=lesson,
                enrolled=roll.on(student.id, lesson.date),
                marks=marks.get((student.id, lesson.id), []),
                attendance=codes.get((student.id, lesson.id), ""),
            )
            for lesson in lessons
        ]
        mean = weighted_mean((m.value, m.weight) for cell in cells for m in cell.marks)
        rows.append(Row(student=student, cells=cells, mean=mean))
    return Grid(
        course=course,
        period=period,
        periods=periods,
        lessons=lessons,
        rows=rows,
        work_types=list(WorkType.objects.filter(school=school)),
        takes_marks=course.school_class.grade > 1,
        today=today,
    )


def lesson_payload(lesson: Lesson, *, teacher_id: int | None, students: list[int] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": lesson.id,
        "date": lesson.date.isoformat(),
        "slot": lesson.bell.number if lesson.bell else None,
        "status": lesson.status,
        "topic": lesson.topic,
        "lesson_type": lesson.lesson_type,
        "homework": lesson.homework,
        "homework_posted_at": lesson.homework_posted_at.isoformat() if lesson.homework_posted_at else None,
        "homework_late": lesson.homework_late,
        "planned_date": lesson.planned_date.isoformat() if lesson.planned_date else None,
        "planned_slot": lesson.planned_bell.number if lesson.planned_bell else None,
        "teacher": teacher_id,
        "substitute": lesson.substitute_id,
        "substitute_reason": lesson.substitute_reason,
    }
    if students is not None:
        data["students"] = students
    return data


def course_lessons(*, course: Course, starts: dt.date, ends: dt.date) -> list[dict[str, Any]]:
    """The course's lessons between two dates, each with the ids of the students on the roll that day. Four queries."""
    teacher = course.teachers.order_by("id").values_list("id", flat=True).first()
    lessons = list(
        Lesson.objects.filter(course=course, date__gte=starts, date__lte=ends)
        .select_related("bell", "planned_bell")
        .order_by("date", "bell__number", "id")
    )
    roll = Roll(course=course, starts=starts, ends=ends)
    return [lesson_payload(lesson, teacher_id=teacher, students=roll.ids_on(lesson.date)) for lesson in lessons]


def course_students(*, course: Course, day: dt.date) -> list[dict[str, Any]]:
    roll = Roll(course=course, starts=day, ends=day)
    return [{"id": s.id, "full_name": s.full_name} for s in roll.students]
