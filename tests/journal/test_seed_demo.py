"""The demo school: realistic sizes, reproducible, and a manifest that agrees with the access layer."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from journal import access
from journal.demo import seed_demo
from journal.models import (
    Course,
    CurriculumPlanItem,
    GuardianStudent,
    Holiday,
    Period,
    School,
    SchoolClass,
    Staff,
    Student,
    StudyGroup,
    User,
)

# Flushing (as seed_demo --flush does) needs real transactions on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2026, 12, 3)


def snapshot() -> list[tuple[str, ...]]:
    return sorted(
        (s.full_name, str(s.birth_date), s.enrollments.get().school_class.name) for s in Student.objects.all()
    )


def test_it_builds_a_school_of_the_typical_size() -> None:
    seed_demo(students=350, seed=1, today=TODAY)
    main = School.objects.get(short_name="СОШ № 1")
    assert Student.objects.filter(school=main).count() == 350
    classes = SchoolClass.objects.filter(school=main)
    assert classes.count() == 14
    assert {c.grade for c in classes} == set(range(1, 12))
    teachers = Staff.objects.filter(school=main, is_teacher=True).count()
    assert 25 <= teachers <= 40
    # Quarters for grades 1–9, half-years for 10–11; the grade-1 extra holidays.
    periods = Period.objects.filter(year__school=main)
    assert periods.filter(kind="quarter", grade_max=9).count() == 4
    assert periods.filter(kind="half_year", grade_min=10).count() == 2
    assert Holiday.objects.filter(year__school=main, grade_min=1, grade_max=1).exists()
    assert (
        CurriculumPlanItem.objects.get(year__school=main, grade=1, subject__name="Русский язык").hours_per_year == 165
    )
    # English and computer science in two subgroups from grade 5.
    assert StudyGroup.objects.filter(school_class__school=main, school_class__grade=7).count() == 2
    assert Course.objects.filter(school_class__school=main, group__isnull=False).exists()
    # Every class has a homeroom teacher; every student at least one verified guardian.
    assert not classes.filter(homeroom_teacher__isnull=True).exists()
    assert not Student.objects.filter(school=main, guardian_links__isnull=True).exists()
    # Some siblings share a guardian.
    shared = list(GuardianStudent.objects.values_list("guardian_id", flat=True))
    assert len(shared) > len(set(shared))
    # A second, small school.
    assert School.objects.count() == 2


def test_it_gives_the_same_data_for_the_same_seed() -> None:
    seed_demo(students=60, seed=7, today=TODAY)
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    seed_demo(students=60, seed=7, today=TODAY)
    assert snapshot() == first
    call_command("flush", interactive=False, verbosity=0)
    seed_demo(students=60, seed=8, today=TODAY)
    assert snapshot() != first


def test_it_writes_a_manifest_that_the_access_layer_agrees_with(tmp_path: Path) -> None:
    manifest_path = tmp_path / "demo.json"
    call_command("seed_demo", "--students", "40", "--manifest", str(manifest_path), verbosity=0)
    manifest = json.loads(manifest_path.read_text())
    roles = {a["role"] for a in manifest["accounts"]}
    assert {"admin", "staff", "teacher", "homeroom_teacher", "guardian", "student"} <= roles
    second = School.objects.get(short_name="ООШ № 2")
    assert any(a["role"] == "admin" and a["school"] == second.name for a in manifest["accounts"])
    for account in manifest["accounts"]:
        user = User.objects.get(username=account["username"])
        assert user.check_password(manifest["password"])
        assert account["students"] == sorted(access.readable_students(user=user).values_list("id", flat=True))
        if account["role"] in {"teacher", "homeroom_teacher"}:
            assert account["courses"]
            assert Staff.objects.get(id=account["profile_id"]).user == user
        if account["role"] == "guardian":
            assert account["students"]
        if account["role"] == "student":
            assert account["students"] == [account["profile_id"]]


def test_it_lets_every_demo_account_sign_in(tmp_path: Path) -> None:
    result = seed_demo(students=40, seed=1, today=TODAY)
    for account in result.accounts:
        client = Client()
        response = client.post("/accounts/login/", {"login": account.username, "password": result.password})
        assert response.status_code == 302, account.username
        # A guardian without any consent (guardian_no_consent, guardian_paper) lands on the consent page.
        assert client.get("/", follow=True).status_code == 200


def test_it_refuses_to_seed_over_existing_data_without_flush() -> None:
    seed_demo(students=20, seed=1, today=TODAY)
    with pytest.raises(CommandError, match="--flush"):
        call_command("seed_demo", "--students", "20", verbosity=0)
    call_command("seed_demo", "--students", "20", "--if-empty", verbosity=0)
    assert School.objects.count() == 2
    call_command("seed_demo", "--students", "30", "--flush", verbosity=0)
    assert Student.objects.filter(school__short_name="СОШ № 1").count() == 30


def test_it_fills_the_journal_up_to_today() -> None:
    from journal.models import Assessment, Attendance, Lesson, Mark, MarkHistory, Recommendation, TimetableSlot
    from journal.services import daily_limit_warnings

    seed_demo(students=60, seed=1, today=TODAY)
    main = School.objects.get(short_name="СОШ № 1")
    lessons = Lesson.objects.filter(course__year__school=main)
    assert not lessons.filter(date__gt=TODAY).exclude(topic="").exists()
    held = lessons.filter(date__lte=TODAY)
    assert held.exists()
    assert not held.filter(topic="").exclude(status="cancelled").exists()
    assert held.exclude(homework="").count() == held.count()
    assert held.filter(substitute__isnull=False).exists()
    assert lessons.filter(status="rescheduled").exclude(planned_bell=None).exists()
    assert lessons.filter(status="cancelled").exists()
    assert Assessment.objects.filter(lesson__course__year__school=main).exists()
    marks = Mark.objects.filter(lesson__course__year__school=main)
    assert marks.exists()
    assert not marks.filter(lesson__date__gt=TODAY).exists()
    assert not marks.filter(lesson__course__school_class__grade=1).exists()
    assert set(marks.values_list("value", flat=True)) <= {"2", "3", "4", "5"}
    assert MarkHistory.objects.filter(mark__in=marks).count() == marks.count()
    assert Attendance.objects.filter(lesson__course__year__school=main).exists()
    assert Recommendation.objects.exists()
    # Every class's weekly template keeps the daily limits; no holiday has lessons.
    for school_class in SchoolClass.objects.filter(school=main):
        assert TimetableSlot.objects.filter(school_class=school_class).exists()
        assert daily_limit_warnings(school_class=school_class) == []
    for holiday in Holiday.objects.filter(year__school=main, grade_min=1, grade_max=11):
        assert not lessons.filter(date__gte=holiday.starts, date__lte=holiday.ends).exists()


def test_it_fills_the_same_journal_for_the_same_seed() -> None:
    from journal.models import Mark

    def marks() -> list[tuple[str, ...]]:
        return sorted(
            (m.student.full_name, m.lesson.date.isoformat(), m.lesson.course.subject.name, m.value)
            for m in Mark.objects.select_related("student", "lesson__course__subject")
        )

    seed_demo(students=40, seed=3, today=TODAY)
    first = marks()
    call_command("flush", interactive=False, verbosity=0)
    seed_demo(students=40, seed=3, today=TODAY)
    assert marks() == first


def test_it_reminds_the_sign_ins_when_the_demo_is_already_there(tmp_path: Path) -> None:
    manifest = tmp_path / "demo.json"
    call_command("seed_demo", "--students", "20", "--manifest", str(manifest), verbosity=0, stdout=StringIO())
    again = StringIO()
    call_command("seed_demo", "--if-empty", "--manifest", str(manifest), stdout=again)
    assert "nothing seeded" in again.getvalue()
    assert "director" in again.getvalue()
    assert "demo-ediary-2026" in again.getvalue()
