"""The demo school's journal (issue 3): a weekly timetable per class within the daily limits, lessons for the year,
and up to the demo's «today» topics, homework, marks, absences, control works, a few substitutions, reschedules and
cancellations. Everything goes through bulk_create from the demo's own random generator, so it is reproducible.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Model

from journal.demo import CURRICULUM, DemoSchool
from journal.models import (
    Assessment,
    Attendance,
    Course,
    Lesson,
    Mark,
    MarkHistory,
    Recommendation,
    StudyGroup,
    TimetableSlot,
)
from journal.services.timetable import daily_limit, study_days

TOPIC_WORDS = ["Введение", "Повторение", "Практикум", "Решение задач", "Обобщение", "Самостоятельная работа",
               "Новая тема", "Закрепление", "Разбор ошибок", "Проект"]  # fmt: skip
HOMEWORK = ["§ {n}, вопросы 1–3", "№ {n}, {m}", "Упр. {n}", "Прочитать с. {n}–{m}", "Выучить правило, упр. {n}"]
ABSENCE_CODES = ["н", "б", "б", "уп", "оп"]
RECOMMENDATIONS = [
    "Стоит повторить материал последних тем и чаще отвечать на уроках.",
    "Хорошая работа в четверти: рекомендую задания повышенной сложности.",
    "Нужно вовремя сдавать домашние задания.",
]
MARK_SHARE = 0.16  # share of the students on the roll who get a mark at an ordinary lesson
ABSENCE_SHARE = 0.04
ASSESSMENT_EVERY = 11  # lessons of a course between control works (≈ 10 % of the hours and ≥ 2.5 weeks apart)


def _week_template(demo: DemoSchool) -> list[TimetableSlot]:
    """Spread each class's weekly hours over five days; the two subgroups of a subject share one bell."""
    rng = demo.rng
    by_class: dict[int, dict[int, list[Course]]] = defaultdict(lambda: defaultdict(list))
    for course in demo.courses:
        by_class[course.school_class_id][course.subject_id].append(course)
    hours_by_name = {name: hours for name, _, hours in CURRICULUM}
    bells = sorted(demo.bells, key=lambda b: b.number)
    slots: list[TimetableSlot] = []
    for index, school_class in enumerate(demo.classes):
        units: list[list[Course]] = []
        subjects = by_class[school_class.id]
        for courses in sorted(subjects.values(), key=lambda cs: (-hours_by_name[cs[0].subject.name][0], cs[0].id)):
            hours = int(hours_by_name[courses[0].subject.name][school_class.grade - 1])
            units += [courses] * hours
        units.sort(key=lambda cs: -hours_by_name[cs[0].subject.name][school_class.grade - 1])
        days: list[list[list[Course]]] = [[] for _ in range(5)]
        for n, unit in enumerate(units):
            days[n % 5].append(unit)
        base, _once = daily_limit(school_class.grade)
        for weekday, day_units in enumerate(days, start=1):
            rng.shuffle(day_units)
            for position, unit in enumerate(day_units[: len(bells)]):
                for course in unit:
                    slots.append(
                        TimetableSlot(
                            school_class=school_class,
                            weekday=weekday,
                            bell=bells[position],
                            course=course,
                            room=str(101 + index),
                        )
                    )
        assert max(len(d) for d in days) <= max(base, daily_limit(school_class.grade)[1])  # noqa: S101
    return TimetableSlot.objects.bulk_create(slots)


@dataclass(slots=True)
class DemoLesson:
    course_id: int
    date: dt.date
    bell_id: int
    number: int
    room: str
    status: str = Lesson.Status.PLANNED
    substitute_id: int | None = None
    substitute_reason: str = ""
    change_reason: str = ""
    topic: str = ""
    lesson_type: str = ""
    homework: str = ""
    posted_at: dt.datetime | None = None
    late: bool = False
    is_test: bool = False
    id: int = 0


def _insert(model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain INSERTs with executemany: ten times faster than bulk_create for the journal's hundred thousand rows."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 — names come from the models, values are bound.
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one go: several times faster than even executemany on PostgreSQL.
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


class _Adapt:
    """Database-ready dates, datetimes and decimals, cached (there are few distinct values)."""

    def __init__(self) -> None:
        self.cache: dict[Any, Any] = {}

    def date(self, value: dt.date | None) -> Any:
        if value not in self.cache:
            self.cache[value] = connection.ops.adapt_datefield_value(value)
        return self.cache[value]

    def moment(self, value: dt.datetime | None) -> Any:
        if value not in self.cache:
            self.cache[value] = connection.ops.adapt_datetimefield_value(value)
        return self.cache[value]

    def decimal(self, value: Decimal) -> Any:
        key = ("d", value)
        if key not in self.cache:
            self.cache[key] = connection.ops.adapt_decimalfield_value(value, 3, 1)
        return self.cache[key]


def seed_journal(demo: DemoSchool, progress: Callable[[str], None]) -> None:
    rng, today, school = demo.rng, demo.today, demo.school
    slots = _week_template(demo)
    tz = ZoneInfo(school.timezone)
    by_class: dict[int, list[TimetableSlot]] = defaultdict(list)
    for slot in slots:
        by_class[slot.school_class_id].append(slot)
    teachers: dict[int, int] = {}
    through = Course.teachers.through.objects.filter(course__year=demo.year).order_by("id")
    for course_id, staff_id in through.values_list("course_id", "staff_id"):
        teachers.setdefault(course_id, staff_id)
    staff_user = {t.id: t.user_id for t in demo.teachers}
    lesson_types = list(school.lesson_types)
    lessons: list[DemoLesson] = []
    course_count: dict[int, int] = defaultdict(int)
    assessed_days: set[tuple[int, dt.date]] = set()
    titles: dict[int, str] = {}
    for school_class in demo.classes:
        weekly: dict[int, list[TimetableSlot]] = defaultdict(list)
        for slot in by_class[school_class.id]:
            weekly[slot.weekday].append(slot)
        last_bells = {d: max(s.bell.number for s in day_slots) for d, day_slots in weekly.items()}
        for day in study_days(school_class=school_class, starts=demo.year.starts, ends=demo.year.ends):
            for slot in sorted(weekly.get(day.isoweekday(), []), key=lambda s: s.bell.number):
                n = course_count[slot.course_id] = course_count[slot.course_id] + 1
                lesson = DemoLesson(course_id=slot.course_id, date=day, bell_id=slot.bell_id, number=n, room=slot.room)
                if day <= today:
                    lesson.status = Lesson.Status.HELD
                    lesson.topic = f"{rng.choice(TOPIC_WORDS)}: тема {n}"
                    lesson.lesson_type = rng.choice(lesson_types) if lesson_types else ""
                    lesson.homework = rng.choice(HOMEWORK).format(n=n, m=n + rng.randrange(1, 6))
                    lesson.late = rng.random() < 0.05
                    lesson.posted_at = dt.datetime.combine(
                        day, dt.time(19, 30) if lesson.late else dt.time(14, 0), tzinfo=tz
                    )
                if (
                    school_class.grade > 1
                    and n % ASSESSMENT_EVERY == ASSESSMENT_EVERY // 2
                    and (school_class.id, day) not in assessed_days
                    and 1 < slot.bell.number < last_bells[day.isoweekday()]
                ):
                    assessed_days.add((school_class.id, day))
                    lesson.is_test = True
                lessons.append(lesson)
    # A few substitutions (past), reschedules and cancellations (coming days).
    past = [lesson for lesson in lessons if lesson.date <= today]
    future = [lesson for lesson in lessons if today < lesson.date <= today + dt.timedelta(days=21)]
    for lesson in rng.sample(past, k=min(6, len(past))):
        lesson.substitute_id = rng.choice(demo.teachers).id
        lesson.substitute_reason = rng.choice(["Болезнь учителя", "Курсы повышения квалификации", "Командировка"])
    movable = [lesson for lesson in future if not lesson.is_test]
    picks = rng.sample(movable, k=min(6, len(movable)))
    last_bell = max(demo.bells, key=lambda b: b.number)
    moved: dict[int, int] = {}
    for lesson in picks[:3]:
        moved[id(lesson)] = last_bell.id
        lesson.status = Lesson.Status.RESCHEDULED
        lesson.change_reason = "Перенос по просьбе учителя"
    for lesson in picks[3:]:
        lesson.status = Lesson.Status.CANCELLED
        lesson.change_reason = "Карантин"
    adapt = _Adapt()
    _insert(
        Lesson,
        ["course_id", "date", "bell_id", "planned_date", "planned_bell_id", "room", "status", "substitute_id",
         "substitute_reason", "change_reason", "topic", "lesson_type", "homework", "homework_posted_at",
         "homework_late"],
        [
            (x.course_id, adapt.date(x.date), moved.get(id(x), x.bell_id), adapt.date(x.date), x.bell_id, x.room,
             x.status, x.substitute_id, x.substitute_reason, x.change_reason, x.topic, x.lesson_type, x.homework,
             adapt.moment(x.posted_at), x.late)
            for x in lessons
        ],
    )  # fmt: skip
    ids = {
        (course_id, planned_date, planned_bell_id): lesson_id
        for lesson_id, course_id, planned_date, planned_bell_id in Lesson.objects.filter(
            course__year=demo.year
        ).values_list("id", "course_id", "planned_date", "planned_bell_id")
    }
    for lesson in lessons:
        lesson.id = ids[(lesson.course_id, lesson.date, lesson.bell_id)]
        if lesson.is_test:
            titles[lesson.id] = f"Контрольная работа № {lesson.number // ASSESSMENT_EVERY + 1}"
    Assessment.objects.bulk_create(
        Assessment(lesson_id=lesson_id, kind=Assessment.Kind.CONTROL, title=title)
        for lesson_id, title in titles.items()
    )
    progress(f"{school.short_name}: {len(slots)} timetable lines, {len(lessons)} lessons, {len(titles)} control works")
    _marks(demo, past, teachers, staff_user, adapt, tz)


def _marks(
    demo: DemoSchool,
    past: list[DemoLesson],
    teachers: dict[int, int],
    staff_user: dict[int, int],
    adapt: _Adapt,
    tz: ZoneInfo,
) -> None:
    rng, school = demo.rng, demo.school
    class_of = {c.id: c for c in demo.classes}
    course_by_id = {c.id: c for c in demo.courses}
    roll: dict[int, list[int]] = defaultdict(list)
    for student in demo.students:
        roll[demo.enrollment_of[student.id].id].append(student.id)
    groups: dict[int, list[int]] = defaultdict(list)
    for group_id, student_id in (
        StudyGroup.students.through.objects.filter(studygroup__school_class__school=school)
        .order_by("studygroup_id", "student_id")
        .values_list("studygroup_id", "student_id")
    ):
        groups[group_id].append(student_id)
    ability = {s.id: min(4.9, max(2.6, rng.gauss(3.9, 0.55))) for s in demo.students}
    kinds = sorted(demo.work_types, key=lambda w: w.weight)
    answer, homework, independent, control = kinds[0], kinds[1], kinds[2], kinds[-1]
    everyday = [answer] * 6 + [homework] * 3 + [independent]
    marks: list[tuple[Any, ...]] = []
    absences: list[tuple[Any, ...]] = []
    random, gauss, choice = rng.random, rng.gauss, rng.choice
    for lesson in past:
        course = course_by_id[lesson.course_id]
        students = groups[course.group_id] if course.group_id else roll[course.school_class_id]
        author = staff_user.get(lesson.substitute_id or teachers.get(course.id, 0))
        takes_marks = class_of[course.school_class_id].grade > 1
        at = adapt.moment(dt.datetime.combine(lesson.date, dt.time(15, 0), tzinfo=tz))
        for student_id in students:
            if random() < ABSENCE_SHARE:
                absences.append((lesson.id, student_id, choice(ABSENCE_CODES), author, at))
                continue
            if not takes_marks or not (lesson.is_test or random() < MARK_SHARE):
                continue
            kind = control if lesson.is_test else choice(everyday)
            value = min(5, max(2, round(gauss(ability[student_id], 0.75))))
            marks.append(
                (lesson.id, student_id, str(value), kind.id, adapt.decimal(kind.weight), "", author, 1, at, at, None)
            )
    _insert(
        Mark,
        ["lesson_id", "student_id", "value", "work_type_id", "weight", "comment", "author_id", "version",
         "created_at", "updated_at", "deleted_at"],
        marks,
    )  # fmt: skip
    _insert(Attendance, ["lesson_id", "student_id", "code", "author_id", "updated_at"], absences)
    # Each seeded mark has its «created» history row, as if it was entered through the journal.
    quote = connection.ops.quote_name
    history, mark, lesson_t, course_t = (
        quote(MarkHistory._meta.db_table),
        quote(Mark._meta.db_table),
        quote(Lesson._meta.db_table),
        quote(Course._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history} (mark_id, at, by_id, action, old, new, reason) "  # noqa: S608 — table names only.
            f"SELECT m.id, m.created_at, m.author_id, 'create', '', m.value, '' FROM {mark} m "
            f"JOIN {lesson_t} l ON l.id = m.lesson_id JOIN {course_t} c ON c.id = l.course_id WHERE c.year_id = %s",
            [demo.year.id],
        )
    teachers_by_class: dict[int, int] = {}
    for course in demo.courses:
        teachers_by_class.setdefault(course.school_class_id, teachers.get(course.id, 0))
    Recommendation.objects.bulk_create(
        Recommendation(
            teacher_id=teachers_by_class[demo.enrollment_of[student.id].id],
            student=student,
            subject_id=demo.courses[0].subject_id,
            text=rng.choice(RECOMMENDATIONS),
        )
        for student in rng.sample(demo.students, k=min(10, len(demo.students)))
        if teachers_by_class.get(demo.enrollment_of[student.id].id)
    )
