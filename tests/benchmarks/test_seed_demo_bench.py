"""How long the demo school takes to build at the typical and the large size (target: 2,500 students < 60 s)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from journal.demo import seed_demo
from journal.models import Student
from tests.benchmarks.conftest import SIZES, report, timed

pytestmark = pytest.mark.django_db(transaction=True)


def test_seed_demo_speed() -> None:
    results: dict[str, float] = {}
    for name, students in SIZES.items():
        call_command("flush", interactive=False, verbosity=0)
        with timed(f"seed_demo --students {students} ({name})", results):
            seed_demo(students=students, seed=1)
        assert Student.objects.filter(school__short_name="СОШ № 1").count() == students
    report("seed_demo", results, unit=lambda s: f"{s:.2f} s")
