"""factory_boy factories for the domain; the cast of users is assembled in conftest.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from journal.models import (
    AcademicYear,
    Bell,
    Course,
    Enrollment,
    Guardian,
    GuardianStudent,
    Period,
    School,
    SchoolClass,
    Staff,
    Student,
    Subject,
    User,
    WorkType,
)

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password(PASSWORD)


class SchoolFactory(factory.django.DjangoModelFactory[School]):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Школа № {n + 1}")


class AcademicYearFactory(factory.django.DjangoModelFactory[AcademicYear]):
    class Meta:
        model = AcademicYear

    school = factory.SubFactory(SchoolFactory)
    name = "2026/2027"
    starts = dt.date(2026, 9, 1)
    ends = dt.date(2027, 8, 31)


class PeriodFactory(factory.django.DjangoModelFactory[Period]):
    class Meta:
        model = Period

    year = factory.SubFactory(AcademicYearFactory)
    kind = Period.Kind.QUARTER
    number = 2
    starts = dt.date(2026, 11, 5)
    ends = dt.date(2026, 12, 30)
    grade_min = 1
    grade_max = 9


class StaffFactory(factory.django.DjangoModelFactory[Staff]):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    last_name = "Петрова"
    first_name = "Анна"
    patronymic = "Сергеевна"
    is_teacher = True


class SchoolClassFactory(factory.django.DjangoModelFactory[SchoolClass]):
    class Meta:
        model = SchoolClass

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.LazyAttribute(lambda c: c.year.school)
    grade = 7
    letter = factory.Sequence(lambda n: "АБВГДЕЖИКЛМН"[n % 12])


class SubjectFactory(factory.django.DjangoModelFactory[Subject]):
    class Meta:
        model = Subject
        django_get_or_create = ("school", "name")

    school = factory.SubFactory(SchoolFactory)
    name = "Алгебра"


class CourseFactory(factory.django.DjangoModelFactory[Course]):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    school_class = factory.SubFactory(SchoolClassFactory)
    year = factory.LazyAttribute(lambda c: c.school_class.year)
    subject = factory.LazyAttribute(lambda c: SubjectFactory(school=c.school_class.school))

    @factory.post_generation
    def teachers(self, create: bool, extracted: list[Staff] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.teachers.set(extracted)


class StudentFactory(factory.django.DjangoModelFactory[Student]):
    class Meta:
        model = Student

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Пётр"
    patronymic = "Ильич"
    birth_date = dt.date(2013, 5, 1)


class EnrollmentFactory(factory.django.DjangoModelFactory[Enrollment]):
    class Meta:
        model = Enrollment

    student = factory.SubFactory(StudentFactory)
    school_class = factory.SubFactory(SchoolClassFactory)
    starts = dt.date(2026, 9, 1)


class GuardianFactory(factory.django.DjangoModelFactory[Guardian]):
    class Meta:
        model = Guardian

    user = factory.SubFactory(UserFactory)
    last_name = "Иванова"
    first_name = "Мария"
    patronymic = "Петровна"


class GuardianStudentFactory(factory.django.DjangoModelFactory[GuardianStudent]):
    class Meta:
        model = GuardianStudent

    guardian = factory.SubFactory(GuardianFactory)
    student = factory.SubFactory(StudentFactory)
    verified_at = factory.LazyFunction(timezone.now)
    consent_decision = GuardianStudent.ConsentDecision.GIVEN


class WorkTypeFactory(factory.django.DjangoModelFactory[WorkType]):
    class Meta:
        model = WorkType
        django_get_or_create = ("school", "name")

    school = factory.SubFactory(SchoolFactory)
    name = "Ответ на уроке"
    weight = 1
    is_default = True


class BellFactory(factory.django.DjangoModelFactory[Bell]):
    class Meta:
        model = Bell

    school = factory.SubFactory(SchoolFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts = dt.time(8, 30)
    ends = dt.time(9, 15)
