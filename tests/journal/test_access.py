"""The access layer as a matrix over the whole cast: who reads and writes which students, courses and classes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from journal import access
from journal.access import Role
from tests.conftest import CAST_NAMES, Cast

pytestmark = pytest.mark.django_db


def names(cast: Cast, objects: list[object]) -> set[str]:
    """Name the cast's objects so the matrix reads as words, not ids."""
    labels = {
        cast.child.pk: "child",
        cast.other_child.pk: "other_child",
        cast.unconsented_child.pk: "unconsented_child",
        cast.outsider_student.pk: "outsider_student",
    }
    return {labels.get(o.pk, f"?{o.pk}") for o in objects}  # type: ignore[attr-defined]


STUDENTS = {
    "teacher": {"child", "unconsented_child"},
    "other_teacher": {"other_child"},
    "homeroom_teacher": {"child", "unconsented_child"},
    "admin": {"child", "other_child", "unconsented_child"},
    "staff": {"child", "other_child", "unconsented_child"},
    "guardian": {"child"},
    "other_guardian": {"other_child"},
    "guardian_no_consent": set(),
    "student": {"child"},
    "outsider": {"outsider_student"},
}

READ_COURSES = {
    "teacher": {"course"},
    "other_teacher": {"other_course"},
    "homeroom_teacher": {"course"},
    "admin": {"course", "other_course"},
    "staff": set(),
    "guardian": set(),
    "other_guardian": set(),
    "guardian_no_consent": set(),
    "student": set(),
    "outsider": {"outsider_course"},
}

WRITE_COURSES = {**READ_COURSES, "homeroom_teacher": set()}

CLASSES = {
    "teacher": {"7А"},
    "other_teacher": {"8Б"},
    "homeroom_teacher": {"7А"},
    "admin": {"7А", "8Б"},
    "staff": {"7А", "8Б"},
    "guardian": set(),
    "other_guardian": set(),
    "guardian_no_consent": set(),
    "student": set(),
    "outsider": {"7А (other school)"},
}

ROLES = {
    "teacher": [Role.TEACHER],
    "other_teacher": [Role.TEACHER],
    "homeroom_teacher": [Role.TEACHER, Role.HOMEROOM_TEACHER],
    "admin": [Role.ADMIN],
    "staff": [Role.STAFF],
    "guardian": [Role.GUARDIAN],
    "other_guardian": [Role.GUARDIAN],
    "guardian_no_consent": [Role.GUARDIAN],
    "student": [Role.STUDENT],
    "outsider": [Role.ADMIN, Role.TEACHER],
}


def course_names(cast: Cast, courses: list[object]) -> set[str]:
    labels = {
        cast.course.pk: "course",
        cast.other_course.pk: "other_course",
        cast.outsider_course.pk: "outsider_course",
    }
    return {labels[c.pk] for c in courses}  # type: ignore[attr-defined]


def class_names(cast: Cast, classes: list[object]) -> set[str]:
    return {
        c.name + (" (other school)" if c.school_id != cast.school_class.school_id else "")  # type: ignore[attr-defined]
        for c in classes
    }


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_answers_readable_students(cast: Cast, who: str) -> None:
    assert names(cast, list(access.readable_students(user=cast.users()[who]))) == STUDENTS[who]


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_answers_readable_and_writable_courses(cast: Cast, who: str) -> None:
    user = cast.users()[who]
    assert course_names(cast, list(access.readable_courses(user=user))) == READ_COURSES[who]
    assert course_names(cast, list(access.writable_courses(user=user))) == WRITE_COURSES[who]


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_answers_readable_classes(cast: Cast, who: str) -> None:
    assert class_names(cast, list(access.readable_classes(user=cast.users()[who]))) == CLASSES[who]


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_names_roles(cast: Cast, who: str) -> None:
    assert access.roles_of(user=cast.users()[who]) == ROLES[who]


def test_it_gives_nothing_to_anonymous_or_inactive_users(cast: Cast) -> None:
    cast.admin.is_active = False
    cast.admin.save()
    for user in (AnonymousUser(), cast.admin):
        assert not access.readable_students(user=user).exists()
        assert not access.readable_courses(user=user).exists()
        assert access.roles_of(user=user) == []


def test_it_tells_a_missing_consent_apart_from_a_stranger(cast: Cast) -> None:
    user = cast.guardian_no_consent
    assert access.needs_consent(user=user, student_id=cast.unconsented_child.pk)
    assert not access.needs_consent(user=user, student_id=cast.other_child.pk)
    assert not access.needs_consent(user=cast.guardian, student_id=cast.child.pk)


def test_it_hides_an_unverified_link(cast: Cast) -> None:
    link = cast.child.guardian_links.get()
    link.verified_at = None
    link.save()
    assert not access.family_students(user=cast.guardian).exists()
    assert not access.linked_students(user=cast.guardian).exists()


@pytest.mark.parametrize("decision", ["refused", "withdrawn", ""])
def test_it_closes_a_guardian_without_current_consent(cast: Cast, decision: str) -> None:
    cast.child.guardian_links.update(consent_decision=decision)
    assert not access.readable_students(user=cast.guardian).exists()
    assert access.needs_consent(user=cast.guardian, student_id=cast.child.pk)


def test_it_answers_404_outside_the_queryset(cast: Cast) -> None:
    students = access.readable_students(user=cast.guardian)
    assert access.get_or_404(students, cast.child.pk) == cast.child
    for pk in (cast.other_child.pk, cast.outsider_student.pk, 10**9, "not-a-number"):
        with pytest.raises(Http404):
            access.get_or_404(students, pk)


def test_it_reads_access_in_a_fixed_number_of_queries(cast: Cast, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        list(access.readable_students(user=cast.admin))
    with django_assert_num_queries(1):  # type: ignore[operator]
        list(access.readable_courses(user=cast.teacher))
