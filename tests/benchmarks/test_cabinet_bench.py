"""Cabinet timings for a student with a full year of data, at the typical and the large school size."""

from __future__ import annotations

import datetime as dt
import statistics
import time

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from rest_framework.test import APIClient

from journal.demo import academic_year_start, seed_demo
from journal.models import Mark, Student
from tests.benchmarks.conftest import SIZES, report

pytestmark = pytest.mark.django_db(transaction=True)
ENDPOINTS = ["diary/", "marks/?period=current", "final-marks/", "teachers/"]


def median_ms(client: APIClient, url: str, runs: int = 15) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
    return statistics.median(timings)


def test_cabinet_speed() -> None:
    results: dict[str, float] = {}
    for name, students in SIZES.items():
        call_command("flush", interactive=False, verbosity=0)
        # The journal filled to the end of the school year: a student with a full year of marks.
        today = timezone.localdate()
        start = academic_year_start(today)
        seed_demo(students=students, seed=1, today=dt.date(start + 1, 5, 26))
        busiest = (
            Student.objects.filter(user__isnull=False)
            .annotate(marks_count=Count("marks"))
            .order_by("-marks_count", "id")
            .first()
        )
        assert busiest is not None
        client = APIClient()
        client.force_authenticate(busiest.user)
        marks = Mark.objects.filter(student=busiest).count()
        for endpoint in ENDPOINTS:
            url = f"/api/v1/students/{busiest.id}/{endpoint}"
            results[f"{name} ({students} students, {marks} marks): {endpoint}"] = median_ms(client, url)
    report("cabinet API, median of 15", results)
