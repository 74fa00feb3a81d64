"""What a family sees about one student: the one set of selectors behind the cabinet, its API, the weekly digest
and the paper extract (R4, R6). Each function runs a fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Concat

from journal import access
from journal.forecast import Forecast, Thresholds, forecast
from journal.grading import mean_of, numeric_marks
from journal.models import (
    Assessment,
    Attendance,
    Course,
    Enrollment,
    FinalMark,
    Holiday,
    HomeworkFile,
    Lesson,
    Mark,
    MarkHistory,
    Period,
    Recommendation,
    School,
    Staff,
    StudyGroup,
    User,
)
from journal.selectors import today_in

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


class BadWeekError(ValueError):
    """A week that is not an ISO week such as 2026-W49."""


def parse_week(text: str | None, *, today: dt.date) -> dt.date:
    """The Monday of an ISO week «2026-W49»; the current week when empty."""
    if not text:
        return today - dt.timedelta(days=today.weekday())
    match = WEEK_PATTERN.match(text)
    if not match:
        raise BadWeekError(text)
    try:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise BadWeekError(text) from None


def week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


# -- the students a family member may open ----------------------------------------------------------------------


@dataclass(frozen=True)
class StudentCard:
    id: int
    full_name: str
    class_name: str
    grade: int | None
    school: School

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(five=self.school.threshold_5, four=self.school.threshold_4, three=self.school.threshold_3)


def family_cards(*, user: User, day: dt.date | None = None) -> list[StudentCard]:
    """The students the user sees as family (their children with consent, or themself), with today's class.

    One query: it is also the access check of every cabinet page, so pages need no second look-up.
    """
    day = day or today_in()
    current = (
        Enrollment.objects.filter(student=OuterRef("pk"), starts__lte=day)
        .filter(Q(ends__isnull=True) | Q(ends__gte=day))
        .order_by("-starts")
    )
    rows = (
        access.family_students(user=user)
        .select_related("school")
        .annotate(
            class_name=Subquery(
                current.annotate(
                    name=Concat(
                        Cast("school_class__grade", CharField()), F("school_class__letter"), output_field=CharField()
                    )
                ).values("name")[:1]
            ),
            grade=Subquery(current.values("school_class__grade")[:1]),
        )
        .order_by("last_name", "first_name", "id")
    )
    return [
        StudentCard(id=s.id, full_name=s.full_name, class_name=s.class_name or "", grade=s.grade, school=s.school)
        for s in rows
    ]


# -- lessons of one student -------------------------------------------------------------------------------------


def _group_ids(student_id: int) -> QuerySet[StudyGroup, Any]:
    return StudyGroup.objects.filter(students__id=student_id).values("id")


def student_lessons(*, student_id: int) -> QuerySet[Lesson]:
    """Lessons the student attends: of their class on that date, of whole-class courses or of their group."""
    enrolled = Enrollment.objects.filter(
        student_id=student_id,
        school_class_id=OuterRef("course__school_class_id"),
        starts__lte=OuterRef("date"),
    ).filter(Q(ends__isnull=True) | Q(ends__gte=OuterRef("date")))
    return Lesson.objects.filter(Exists(enrolled)).filter(
        Q(course__group__isnull=True) | Q(course__group_id__in=_group_ids(student_id))
    )


def student_courses(*, student_id: int, day: dt.date) -> QuerySet[Course]:
    """The courses a student takes on a day: of their class, whole-class or of their groups."""
    classes = (
        Enrollment.objects.filter(student_id=student_id, starts__lte=day)
        .filter(Q(ends__isnull=True) | Q(ends__gte=day))
        .values("school_class_id")
    )
    return Course.objects.filter(school_class_id__in=classes).filter(
        Q(group__isnull=True) | Q(group_id__in=_group_ids(student_id))
    )


def _teacher_names(course: str = "course_id") -> dict[str, Subquery]:
    """The course's first teacher's name parts as annotations, so a list of lessons or courses needs no extra query.

    ``course`` names the course id in the outer query: ``course_id`` for lessons, ``pk`` for courses.
    """
    first = Staff.objects.filter(courses=OuterRef(course)).order_by("last_name", "id")
    return {
        "teacher_last": Subquery(first.values("last_name")[:1]),
        "teacher_first": Subquery(first.values("first_name")[:1]),
        "teacher_patronymic": Subquery(first.values("patronymic")[:1]),
    }


def short_name(last: str | None, first: str | None, patronymic: str | None) -> str:
    if not last:
        return ""
    initials = " ".join(f"{part[0]}." for part in (first, patronymic) if part)
    return f"{last} {initials}".strip()


# -- the week diary ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkEntry:
    id: int
    value: str
    work_type: str
    weight: Decimal
    comment: str


@dataclass(frozen=True)
class FileEntry:
    id: int
    name: str
    size: int


@dataclass(frozen=True)
class HomeworkEntry:
    text: str
    files: list[FileEntry]
    posted_at: dt.datetime | None
    late: bool


@dataclass(frozen=True)
class LessonEntry:
    id: int
    slot: int | None
    starts: dt.time | None
    ends: dt.time | None
    subject: str
    course_id: int
    teacher: str
    substitute: str | None
    status: str
    planned_date: dt.date | None
    topic: str
    homework: HomeworkEntry | None
    marks: list[MarkEntry]
    attendance: str | None
    assessment: tuple[str, str] | None  # (kind, title)

    @property
    def is_changed(self) -> bool:
        return self.substitute is not None or self.status in {"cancelled", "rescheduled"}


@dataclass(frozen=True)
class DayEntry:
    date: dt.date
    holiday: str | None
    lessons: list[LessonEntry]


@dataclass(frozen=True)
class WeekDiary:
    student: StudentCard
    monday: dt.date
    days: list[DayEntry]

    @property
    def week(self) -> str:
        return week_label(self.monday)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def previous_week(self) -> str:
        return week_label(self.monday - dt.timedelta(days=7))

    @property
    def next_week(self) -> str:
        return week_label(self.monday + dt.timedelta(days=7))


def holidays_between(*, card: StudentCard, first: dt.date, last: dt.date) -> list[Holiday]:
    grade = card.grade or 1
    return list(
        Holiday.objects.filter(
            year__school=card.school, starts__lte=last, ends__gte=first, grade_min__lte=grade, grade_max__gte=grade
        ).order_by("starts")
    )


def week_diary(*, card: StudentCard, monday: dt.date) -> WeekDiary:
    """Days → lessons with everything R4 lists, for one ISO week (5 queries)."""
    sunday = monday + dt.timedelta(days=6)
    lessons = list(
        student_lessons(student_id=card.id)
        .filter(date__range=(monday, sunday))
        .select_related("course__subject", "bell", "substitute", "assessment")
        .prefetch_related(Prefetch("files", queryset=HomeworkFile.objects.order_by("id")))
        .annotate(**_teacher_names())
        .order_by("date", F("bell__number").asc(nulls_last=True), "id")
    )
    ids = [lesson.id for lesson in lessons]
    marks: dict[int, list[MarkEntry]] = {}
    for mark in (
        Mark.objects.filter(student_id=card.id, lesson_id__in=ids, deleted_at__isnull=True)
        .select_related("work_type")
        .order_by("id")
    ):
        marks.setdefault(mark.lesson_id, []).append(
            MarkEntry(
                id=mark.id,
                value=mark.value,
                work_type=mark.work_type.name if mark.work_type else "",
                weight=mark.weight,
                comment=mark.comment,
            )
        )
    attendance = dict(Attendance.objects.filter(student_id=card.id, lesson_id__in=ids).values_list("lesson_id", "code"))
    holidays = holidays_between(card=card, first=monday, last=sunday)
    by_day: dict[dt.date, list[LessonEntry]] = {}
    for lesson in lessons:
        by_day.setdefault(lesson.date, []).append(_lesson_entry(lesson, marks, attendance))
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        holiday = next((h.name for h in holidays if h.starts <= day <= h.ends), None)
        if offset >= 5 and not by_day.get(day):
            continue  # a five-day week shows Saturday and Sunday only when something happens on them
        days.append(DayEntry(date=day, holiday=holiday, lessons=by_day.get(day, [])))
    return WeekDiary(student=card, monday=monday, days=days)


def _lesson_entry(lesson: Lesson, marks: dict[int, list[MarkEntry]], attendance: dict[int, str]) -> LessonEntry:
    files = [FileEntry(id=f.id, name=f.name, size=f.size) for f in lesson.files.all()]
    homework = (
        HomeworkEntry(text=lesson.homework, files=files, posted_at=lesson.homework_posted_at, late=lesson.homework_late)
        if lesson.homework or files
        else None
    )
    assessment: Assessment | None = getattr(lesson, "assessment", None)
    return LessonEntry(
        id=lesson.id,
        slot=lesson.bell.number if lesson.bell else None,
        starts=lesson.bell.starts if lesson.bell else None,
        ends=lesson.bell.ends if lesson.bell else None,
        subject=lesson.course.subject.name,
        course_id=lesson.course_id,
        teacher=short_name(lesson.teacher_last, lesson.teacher_first, lesson.teacher_patronymic),  # type: ignore[attr-defined]
        substitute=lesson.substitute.short_name if lesson.substitute else None,
        status=lesson.status,
        planned_date=lesson.planned_date if lesson.planned_date and lesson.planned_date != lesson.date else None,
        topic=lesson.topic,
        homework=homework,
        marks=marks.get(lesson.id, []),
        attendance=attendance.get(lesson.id),
        assessment=(assessment.kind, assessment.title) if assessment else None,
    )


# -- periods, marks by subject and the forecast ---------------------------------------------------------------------


def _this_year_for_grade(card: StudentCard) -> dict[str, object]:
    """Rows of the school's current academic year that apply to the student's grade (periods, holidays)."""
    today = today_in(school=card.school)
    grade = card.grade or 1
    return {
        "year__school": card.school,
        "year__starts__lte": today,
        "year__ends__gte": today,
        "grade_min__lte": grade,
        "grade_max__gte": grade,
    }


def periods_for(*, card: StudentCard) -> list[Period]:
    """The periods of the student's grade in the school's current academic year."""
    return list(Period.objects.filter(**_this_year_for_grade(card)).order_by("starts"))


def pick_period(periods: list[Period], *, wanted: str | None, today: dt.date) -> Period | None:
    """The period asked for by id, or «current»: the one containing today, else the last one started."""
    if wanted and wanted != "current":
        return next((p for p in periods if str(p.id) == wanted), None)
    started = [p for p in periods if p.starts <= today]
    return next((p for p in periods if p.starts <= today <= p.ends), started[-1] if started else None) or (
        periods[0] if periods else None
    )


@dataclass(frozen=True)
class DatedMark:
    id: int
    date: dt.date
    value: str
    work_type: str
    weight: Decimal
    comment: str
    changes: list[MarkHistory] = field(default_factory=list)


@dataclass(frozen=True)
class SubjectMarks:
    subject: str
    course_id: int
    teacher: str
    marks: list[DatedMark]
    average: Decimal | None
    forecast: Forecast | None


def marks_by_subject(*, card: StudentCard, period: Period) -> list[SubjectMarks]:
    """Every subject of the period with its marks, weighted mean and forecast (3 queries)."""
    courses = list(
        student_courses(student_id=card.id, day=min(period.ends, today_in(school=card.school)))
        .select_related("subject")
        .annotate(**_teacher_names("pk"))
        .order_by("subject__name", "id")
    )
    marks = list(
        Mark.objects.filter(
            student_id=card.id, deleted_at__isnull=True, lesson__date__range=(period.starts, period.ends)
        )
        .select_related("work_type", "lesson")
        .prefetch_related(Prefetch("history", queryset=MarkHistory.objects.select_related("by").order_by("at", "id")))
        .order_by("lesson__date", "id")
    )
    by_course: dict[int, list[Mark]] = {}
    for mark in marks:
        by_course.setdefault(mark.lesson.course_id, []).append(mark)
    known = {c.id for c in courses}
    # A course left mid-period still shows the marks it gave.
    extra_ids = [course_id for course_id in by_course if course_id not in known]
    if extra_ids:
        courses += list(
            Course.objects.filter(id__in=extra_ids).select_related("subject").annotate(**_teacher_names("pk"))
        )
    result = []
    for course in courses:
        own = by_course.get(course.id, [])
        numeric = numeric_marks((m.value, m.weight) for m in own)
        result.append(
            SubjectMarks(
                subject=course.subject.name,
                course_id=course.id,
                teacher=short_name(course.teacher_last, course.teacher_first, course.teacher_patronymic),  # type: ignore[attr-defined]
                marks=[
                    DatedMark(
                        id=m.id,
                        date=m.lesson.date,
                        value=m.value,
                        work_type=m.work_type.name if m.work_type else "",
                        weight=m.weight,
                        comment=m.comment,
                        changes=[h for h in m.history.all() if h.action == "change"],
                    )
                    for m in own
                ],
                average=mean_of(numeric),
                forecast=forecast(numeric, thresholds=card.thresholds),
            )
        )
    return result


# -- final marks, control works, teachers, holidays, recommendations ------------------------------------------------


def final_marks(*, card: StudentCard) -> list[FinalMark]:
    """Published final marks (R9), deferrals included, in the order of the certificate."""
    return list(
        FinalMark.objects.filter(student_id=card.id, published_at__isnull=False)
        .select_related("course__subject", "period")
        .order_by("course__subject__name", "kind", "period__starts")
    )


def assessments(*, card: StudentCard, period: Period) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            lesson__in=student_lessons(student_id=card.id).filter(date__range=(period.starts, period.ends))
        )
        .select_related("lesson__course__subject", "lesson__bell")
        .order_by("lesson__date", "lesson__bell__number")
    )


@dataclass(frozen=True)
class TeacherEntry:
    subject: str
    group: str
    teachers: list[str]
    homeroom: bool = False


def teachers(*, card: StudentCard) -> list[TeacherEntry]:
    """The teachers of the student's class, subgroups and individual plan, and the homeroom teacher (2 queries)."""
    today = today_in(school=card.school)
    courses = list(
        student_courses(student_id=card.id, day=today)
        .select_related("subject", "group", "school_class__homeroom_teacher")
        .prefetch_related(Prefetch("teachers", queryset=Staff.objects.order_by("last_name", "id")))
        .order_by("subject__name", "id")
    )
    rows = []
    homeroom = next((c.school_class.homeroom_teacher for c in courses if c.school_class.homeroom_teacher), None)
    if homeroom:
        rows.append(TeacherEntry(subject="", group="", teachers=[homeroom.full_name], homeroom=True))
    rows += [
        TeacherEntry(
            subject=c.subject.name,
            group=c.group.name if c.group else "",
            teachers=[t.full_name for t in c.teachers.all()],
        )
        for c in courses
    ]
    return rows


def holidays_of_year(*, card: StudentCard) -> list[Holiday]:
    return list(Holiday.objects.filter(**_this_year_for_grade(card)).order_by("starts"))


def recommendations(*, card: StudentCard) -> list[Recommendation]:
    return list(
        Recommendation.objects.filter(student_id=card.id).select_related("teacher", "subject").order_by("-created_at")
    )


def homework_file(*, card: StudentCard, file_id: int) -> HomeworkFile | None:
    """A homework file of one of the student's lessons, or None (the caller answers 404)."""
    return HomeworkFile.objects.filter(id=file_id, lesson__in=student_lessons(student_id=card.id)).first()
