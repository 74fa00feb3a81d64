"""Portal test helpers: text messages kept in memory, codes read back from the outbox; and a week of the cast's
school life seen from the cabinet (lessons of every status, marks, files, final marks)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from journal.models import (
    Assessment,
    Attendance,
    Bell,
    FinalMark,
    Holiday,
    HomeworkFile,
    Lesson,
    Mark,
    MarkHistory,
    Period,
    Recommendation,
    StudyGroup,
    WorkType,
)
from portal import sms
from tests import factories as f
from tests.conftest import Cast


@pytest.fixture(autouse=True)
def _sms_in_memory(settings: Any) -> Any:
    settings.EDIARY_SMS_BACKEND = "locmem"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def last_code() -> str:
    """The six-digit code of the latest email or text message."""
    texts = [str(m.body) for m in mail.outbox] + [m.text for m in sms.outbox]
    assert texts, "no code was sent"
    found = re.search(r"\b(\d{6})\b", texts[-1])
    assert found, texts[-1]
    return found.group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


MONDAY = dt.date(2026, 11, 30)  # ISO week 2026-W49; «today» is its Thursday
NOW = dt.datetime(2026, 12, 3, 18, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Week:
    cast: Cast
    bells: list[Bell]
    answer: WorkType
    test: WorkType
    held: Lesson  # Monday: topic, homework with a file, a test 5 (weight 2)
    substituted: Lesson  # Tuesday: another teacher, an answer 3 changed from 2, attendance «б»
    cancelled: Lesson  # Wednesday
    moved: Lesson  # Thursday, planned for Wednesday
    control: Lesson  # Friday: a control work
    group_lesson: Lesson  # English, the child's subgroup
    other_group_lesson: Lesson  # English, the other subgroup: not the child's
    homework_file: HomeworkFile
    q1: Period


def lesson(course: Any, day: dt.date, bell: Bell, **extra: Any) -> Lesson:
    return Lesson.objects.create(course=course, date=day, bell=bell, planned_date=day, planned_bell=bell, **extra)


def build_week(cast: Cast) -> Week:
    school = cast.course.year.school
    year = cast.course.year
    bells = [
        f.BellFactory.create(school=school, number=n, starts=dt.time(8 + n, 0), ends=dt.time(8 + n, 45))
        for n in range(1, 7)
    ]
    answer = f.WorkTypeFactory.create(school=school, name="Ответ на уроке", weight=Decimal(1))
    test = f.WorkTypeFactory.create(school=school, name="Контрольная работа", weight=Decimal(2), is_default=False)
    teacher = cast.course.teachers.get()
    other_teacher = cast.other_course.teachers.get()
    day = [MONDAY + dt.timedelta(days=i) for i in range(5)]
    held = lesson(cast.course, day[0], bells[0], status="held", topic="Линейные уравнения", homework="№ 12, 14")
    held.homework_posted_at = timezone.now()
    held.save()
    upload = HomeworkFile(lesson=held, name="задание.pdf", size=9)
    upload.file.save("task.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    substituted = lesson(
        cast.course, day[1], bells[1], status="held", substitute=other_teacher, substitute_reason="болезнь"
    )
    cancelled = lesson(cast.course, day[2], bells[2], status="cancelled", change_reason="карантин")
    moved = Lesson.objects.create(
        course=cast.course, date=day[3], bell=bells[3], planned_date=day[2], planned_bell=bells[4], status="rescheduled"
    )
    control = lesson(cast.course, day[4], bells[1])
    Assessment.objects.create(lesson=control, kind="control", title="Контрольная работа № 2")
    Mark.objects.create(lesson=held, student=cast.child, value="5", work_type=test, weight=2, author=teacher.user)
    three = Mark.objects.create(
        lesson=substituted, student=cast.child, value="3", work_type=answer, weight=1, author=teacher.user, version=2
    )
    MarkHistory.objects.create(mark=three, by=teacher.user, action="create", old="", new="2")
    MarkHistory.objects.create(mark=three, by=teacher.user, action="change", old="2", new="3", reason="пересдача")
    Mark.objects.create(lesson=held, student=cast.unconsented_child, value="4", work_type=answer, weight=1)
    Attendance.objects.create(lesson=substituted, student=cast.child, code="б")
    english = f.SubjectFactory.create(school=school, name="Английский язык")
    mine = StudyGroup.objects.create(school_class=cast.school_class, name="1 группа")
    mine.students.add(cast.child)
    theirs = StudyGroup.objects.create(school_class=cast.school_class, name="2 группа")
    theirs.students.add(cast.unconsented_child)
    mine_course = f.CourseFactory.create(
        school_class=cast.school_class, subject=english, group=mine, teachers=[teacher]
    )
    theirs_course = f.CourseFactory.create(
        school_class=cast.school_class, subject=english, group=theirs, teachers=[other_teacher]
    )
    group_lesson = lesson(mine_course, day[0], bells[2], topic="Present Simple")
    other_group_lesson = lesson(theirs_course, day[0], bells[3], topic="Past Simple")
    # The other family's child has lessons and marks the same week: never in our child's cabinet.
    other = lesson(cast.other_course, day[0], bells[0], status="held")
    Mark.objects.create(lesson=other, student=cast.other_child, value="2", work_type=answer, weight=1)
    q1 = Period.objects.create(
        year=year,
        kind="quarter",
        number=1,
        starts=dt.date(2026, 9, 1),
        ends=dt.date(2026, 10, 24),
        grade_min=1,
        grade_max=9,
    )
    published = timezone.now() - dt.timedelta(days=30)
    FinalMark.objects.create(
        student=cast.child, course=cast.course, kind="period", period=q1, value="4", published_at=published
    )
    FinalMark.objects.create(
        student=cast.child,
        course=mine_course,
        kind="period",
        period=q1,
        value="н/а",
        deferred_until=dt.date(2026, 11, 20),
        deferral_reason="болезнь",
        published_at=published,
    )
    FinalMark.objects.create(student=cast.child, course=cast.course, kind="year", value="5")  # not published yet
    FinalMark.objects.create(
        student=cast.other_child, course=cast.other_course, kind="period", period=q1, value="2", published_at=published
    )
    Recommendation.objects.create(
        teacher=teacher,
        student=cast.child,
        subject=cast.course.subject,
        text="Повторить формулы сокращённого умножения",
    )
    Recommendation.objects.create(teacher=other_teacher, student=cast.other_child, text="Чужая рекомендация")
    Holiday.objects.create(year=year, name="Зимние каникулы", starts=dt.date(2026, 12, 31), ends=dt.date(2027, 1, 8))
    Holiday.objects.create(
        year=year,
        name="Каникулы первоклассников",
        starts=dt.date(2027, 2, 7),
        ends=dt.date(2027, 2, 15),
        grade_min=1,
        grade_max=1,
    )
    return Week(
        cast=cast,
        bells=bells,
        answer=answer,
        test=test,
        held=held,
        substituted=substituted,
        cancelled=cancelled,
        moved=moved,
        control=control,
        group_lesson=group_lesson,
        other_group_lesson=other_group_lesson,
        homework_file=upload,
        q1=q1,
    )


@pytest.fixture
def week(cast: Cast, frozen: Any) -> Week:
    return build_week(cast)
