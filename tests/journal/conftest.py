"""Journal fixtures: the cast's courses with bells, work types and lessons around a fixed «today» (3 Dec 2026)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from journal.models import Bell, Lesson, WorkType
from tests import factories as f
from tests.conftest import Cast

TODAY = dt.date(2026, 12, 3)  # a Thursday in the second quarter
NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@dataclass
class JournalWorld:
    cast: Cast
    bells: list[Bell]
    answer: WorkType
    test: WorkType
    lesson: Lesson  # today, 2nd bell, of cast.course
    old_lesson: Lesson  # 20 days ago
    future_lesson: Lesson
    other_lesson: Lesson  # today, of cast.other_course


def make_lesson(course: Any, day: dt.date, bell: Bell, **extra: Any) -> Lesson:
    return Lesson.objects.create(course=course, date=day, bell=bell, planned_date=day, planned_bell=bell, **extra)


@pytest.fixture
def world(cast: Cast, frozen: Any) -> JournalWorld:
    school = cast.course.year.school
    bells = [
        f.BellFactory.create(school=school, number=n, starts=dt.time(8 + n, 0), ends=dt.time(8 + n, 45))
        for n in range(1, 8)
    ]
    answer = f.WorkTypeFactory.create(school=school, name="Ответ на уроке", weight=Decimal(1), is_default=True)
    test = f.WorkTypeFactory.create(school=school, name="Контрольная работа", weight=Decimal(2), is_default=False)
    return JournalWorld(
        cast=cast,
        bells=bells,
        answer=answer,
        test=test,
        lesson=make_lesson(cast.course, TODAY, bells[1]),
        old_lesson=make_lesson(cast.course, TODAY - dt.timedelta(days=20), bells[1]),
        future_lesson=make_lesson(cast.course, TODAY + dt.timedelta(days=7), bells[1]),
        other_lesson=make_lesson(cast.other_course, TODAY, bells[2]),
    )
