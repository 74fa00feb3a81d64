"""The fixed cast of users (DESIGN.md §8) and service detection shared by the whole suite."""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from journal.models import Course, SchoolClass, Staff, Student, User
from portal import services as consent_services
from tests import factories as f

REQUIRE_SERVICES = os.environ.get("EDIARY_REQUIRE_SERVICES") == "1"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-benchmarks", action="store_true", help="run tests/benchmarks (make bench)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Benchmarks print figures and take time; they run only through `make bench`, never as timed assertions.
    if config.getoption("--run-benchmarks"):
        return
    skip = pytest.mark.skip(reason="benchmark: run with `make bench`")
    for item in items:
        if "benchmarks" in item.path.parts:
            item.add_marker(skip)


def need_service(available: bool, reason: str) -> None:
    """Skip when a service is missing; in CI (EDIARY_REQUIRE_SERVICES=1) a missing service is a failure."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (EDIARY_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SECURE_SSL_REDIRECT = False
    # Rate-limit counters (sign-in, tokens) live in the cache: each test starts with none.
    cache.clear()


@dataclass
class Cast:
    """One school with two classes and everybody DESIGN.md §8 names, plus a user of another school."""

    teacher: User
    other_teacher: User
    homeroom_teacher: User
    admin: User
    staff: User
    guardian: User
    other_guardian: User
    guardian_no_consent: User
    student: User
    outsider: User
    # Objects the cast works with.
    school_class: SchoolClass
    other_class: SchoolClass
    course: Course
    other_course: Course
    child: Student
    other_child: Student
    unconsented_child: Student
    outsider_student: Student
    outsider_course: Course

    def users(self) -> dict[str, User]:
        return {name: getattr(self, name) for name in CAST_NAMES}


CAST_NAMES = [
    "teacher",
    "other_teacher",
    "homeroom_teacher",
    "admin",
    "staff",
    "guardian",
    "other_guardian",
    "guardian_no_consent",
    "student",
    "outsider",
]


def build_cast() -> Cast:
    school = f.SchoolFactory.create(name="Школа № 1")
    year = f.AcademicYearFactory.create(school=school)
    f.PeriodFactory.create(year=year)

    def staff(username: str, **roles: bool) -> Staff:
        return f.StaffFactory.create(
            user=f.UserFactory.create(
                username=username, is_staff=roles.get("is_admin", False) or roles.get("is_secretary", False)
            ),
            school=school,
            **{"is_teacher": False, **roles},
        )

    teacher = staff("teacher", is_teacher=True)
    other_teacher = staff("other_teacher", is_teacher=True)
    homeroom = staff("homeroom_teacher", is_teacher=True)
    admin = staff("admin", is_admin=True)
    secretary = staff("staff", is_secretary=True)

    school_class = f.SchoolClassFactory.create(year=year, grade=7, letter="А", homeroom_teacher=homeroom)
    other_class = f.SchoolClassFactory.create(year=year, grade=8, letter="Б")
    course = f.CourseFactory.create(
        school_class=school_class, subject=f.SubjectFactory.create(school=school, name="Алгебра"), teachers=[teacher]
    )
    other_course = f.CourseFactory.create(
        school_class=other_class,
        subject=f.SubjectFactory.create(school=school, name="Физика"),
        teachers=[other_teacher],
    )

    student_user = f.UserFactory.create(username="student")
    child = f.StudentFactory.create(school=school, user=student_user, last_name="Иванов", first_name="Пётр")
    other_child = f.StudentFactory.create(school=school, last_name="Сидорова", first_name="Анна")
    unconsented_child = f.StudentFactory.create(school=school, last_name="Кузнецов", first_name="Олег")
    f.EnrollmentFactory.create(student=child, school_class=school_class)
    f.EnrollmentFactory.create(student=unconsented_child, school_class=school_class)
    f.EnrollmentFactory.create(student=other_child, school_class=other_class)

    guardian_user = f.UserFactory.create(username="guardian")
    guardian = f.GuardianFactory.create(user=guardian_user)
    f.GuardianStudentFactory.create(guardian=guardian, student=child, consent_decision="")
    other_guardian_user = f.UserFactory.create(username="other_guardian")
    other_guardian = f.GuardianFactory.create(user=other_guardian_user, last_name="Сидоров")
    f.GuardianStudentFactory.create(guardian=other_guardian, student=other_child, consent_decision="")
    # The cast's consents are real records, made by the consent service (the only writer of consent_decision).
    consent_services.consent_text_publish(school=school, kind="processing", text="Согласие на обработку данных.")
    for family, kid in ((guardian, child), (other_guardian, other_child)):
        consent_services.consent_record(
            recorded_by=secretary.user,
            guardian=family,
            student=kid,
            kind="processing",
            decision="given",
            form="paper",
            document_number=f"С-{kid.pk}",
            document_date=dt.date(2026, 9, 1),
        )
    no_consent_user = f.UserFactory.create(username="guardian_no_consent")
    no_consent = f.GuardianFactory.create(user=no_consent_user, last_name="Кузнецова")
    f.GuardianStudentFactory.create(guardian=no_consent, student=unconsented_child, consent_decision="")

    other_school = f.SchoolFactory.create(name="Школа № 2")
    other_year = f.AcademicYearFactory.create(school=other_school)
    outsider = f.StaffFactory.create(
        user=f.UserFactory.create(username="outsider", is_staff=True),
        school=other_school,
        is_admin=True,
        is_teacher=True,
    )
    outsider_class = f.SchoolClassFactory.create(year=other_year, grade=7, letter="А")
    outsider_course = f.CourseFactory.create(
        school_class=outsider_class,
        subject=f.SubjectFactory.create(school=other_school, name="Алгебра"),
        teachers=[outsider],
    )
    outsider_student = f.StudentFactory.create(school=other_school, last_name="Чужой")
    f.EnrollmentFactory.create(student=outsider_student, school_class=outsider_class)

    return Cast(
        teacher=teacher.user,
        other_teacher=other_teacher.user,
        homeroom_teacher=homeroom.user,
        admin=admin.user,
        staff=secretary.user,
        guardian=guardian.user,
        other_guardian=other_guardian.user,
        guardian_no_consent=no_consent_user,
        student=student_user,
        outsider=outsider.user,
        school_class=school_class,
        other_class=other_class,
        course=course,
        other_course=other_course,
        child=child,
        other_child=other_child,
        unconsented_child=unconsented_child,
        outsider_student=outsider_student,
        outsider_course=outsider_course,
    )


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def client_for(cast: Cast) -> Any:
    """client_for("teacher") → a Client signed in as that member of the cast."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(cast, name))
        return client

    return make
