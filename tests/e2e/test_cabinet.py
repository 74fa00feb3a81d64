"""A guardian's evening: sign in, switch child, see the mark a teacher has just entered, open a homework file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from journal import services
from journal.models import Enrollment, GuardianStudent, HomeworkFile, Lesson, WorkType
from tests import factories as f
from tests.conftest import build_cast
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_a_guardian_both_children_and_a_fresh_mark(page: Any, live_server: Any) -> None:
    cast = build_cast()
    school = cast.course.year.school
    today = timezone.localdate()
    # A second child of the same guardian, in another class.
    sister = f.StudentFactory.create(school=school, last_name="Иванова", first_name="Ольга")
    Enrollment.objects.create(student=sister, school_class=cast.other_class, starts=today - dt.timedelta(days=30))
    GuardianStudent.objects.create(
        guardian=cast.guardian.guardian_profile, student=sister, verified_at=timezone.now(), consent_decision="given"
    )
    Enrollment.objects.filter(student=cast.child).update(starts=today - dt.timedelta(days=30))
    bell = f.BellFactory.create(school=school, number=1)
    WorkType.objects.create(school=school, name="Ответ на уроке", weight=Decimal(1), is_default=True)
    lesson = Lesson.objects.create(course=cast.course, date=today, bell=bell, topic="Дроби", homework="№ 5")
    upload = HomeworkFile(lesson=lesson, name="задание.txt", size=6)
    upload.file.save("task.txt", ContentFile(b"task 5"), save=True)

    sign_in(page, live_server.url, "guardian", PASSWORD)
    page.click("text=Иванова Ольга")
    assert "8Б" in page.inner_text(".cabinet-head")
    page.click(".child-switcher >> text=Иванов Пётр")
    assert "Дроби" in page.inner_text("main")
    assert page.locator(".lesson .mark-value").count() == 0

    # The teacher saves a mark; the family sees it on the next page load (R1).
    services.mark_set(user=cast.teacher, lesson=lesson, student=cast.child, value="5")
    page.reload()
    assert page.inner_text(".lesson .mark-value") == "5"

    page.click("text=задание.txt")
    page.wait_for_load_state()
    assert "task 5" in page.content()
