"""How fast the journal answers at the typical and the large school: the grid page and saving a mark (figures only)."""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from journal import grid, selectors
from journal.demo import seed_demo
from journal.models import Course, Lesson, Mark, Staff
from tests.benchmarks.conftest import SIZES, report

pytestmark = pytest.mark.django_db(transaction=True)
REPEAT = 5


def _median(action: Callable[[], object], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_journal_speed() -> None:
    results: dict[str, float] = {}
    for name, students in SIZES.items():
        call_command("flush", interactive=False, verbosity=0)
        seed_demo(students=students, seed=1)
        # The biggest whole-class course of the main school.
        course = (
            Course.objects.filter(year__school__short_name="СОШ № 1", group__isnull=True, school_class__grade__gt=1)
            .annotate(n=Count("lessons"))
            .select_related("school_class", "year__school", "subject", "group")
            .order_by("-n", "id")
            .first()
        )
        assert course is not None
        teacher = Staff.objects.filter(courses=course).select_related("user").first()
        assert teacher is not None
        page_client = Client()
        page_client.force_login(teacher.user)
        url = f"/journal/course/{course.id}/"
        assert page_client.get(url).status_code == 200
        data = grid.course_grid(course=course)
        label = f"{len(data.rows)}×{len(data.lessons)}"
        results[f"journal page {label} ({name}, {students})"] = _median(functools.partial(page_client.get, url))
        # Saving marks: through the API, as the school's administrator (no edit window), into empty cells.
        admin = Staff.objects.filter(school=course.year.school, is_admin=True).select_related("user").first()
        assert admin is not None
        api = Client()
        api.force_login(admin.user)
        today = selectors.today_in(school=course.year.school)
        lesson = (
            Lesson.objects.filter(course=course, date__lte=today).exclude(status="cancelled").order_by("-date").first()
        )
        assert lesson is not None
        taken = set(Mark.objects.filter(lesson=lesson, deleted_at__isnull=True).values_list("student_id", flat=True))
        free = [s for s in grid.Roll(course=course, starts=lesson.date, ends=lesson.date).ids_on(lesson.date)
                if s not in taken]  # fmt: skip
        times = []
        for student_id in free[:REPEAT]:
            started = time.perf_counter()
            response = api.post(
                "/api/v1/marks/",
                {"lesson": lesson.id, "student": student_id, "value": "4"},
                content_type="application/json",
            )
            times.append(time.perf_counter() - started)
            assert response.status_code == 201, response.content
        results[f"mark save, POST /api/v1/marks/ ({name})"] = statistics.median(times)
        mark_id = response.json()["id"]
        version = response.json()["version"]
        started = time.perf_counter()
        changed = api.patch(
            f"/api/v1/marks/{mark_id}/", {"value": "5", "version": version}, content_type="application/json"
        )
        results[f"mark change, PATCH /api/v1/marks/ ({name})"] = time.perf_counter() - started
        assert changed.status_code == 200
    report("journal", results)
