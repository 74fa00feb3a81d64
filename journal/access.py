"""The one access layer: which schools, classes, courses and students a user may read or write.

Every page, API view, task and printout asks here (DESIGN.md §5). Anything a user may not see is answered as if it
did not exist (404), so strangers learn nothing. The rules:

- administrators read and write everything of their own school; secretaries read the people of their school;
- a teacher reads the classes they teach or lead (homeroom) and their students, writes only their own courses;
- a student reads only themself;
- a guardian reads a child only through a verified link with a current consent to processing.

All answers are querysets built from subqueries, so callers can filter, count and paginate them without loading ids.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from typing_extensions import TypeIs

from journal.models import Course, Enrollment, GuardianStudent, Lesson, SchoolClass, Staff, Student, User
from journal.models.school import School


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    TEACHER = "teacher"
    HOMEROOM_TEACHER = "homeroom_teacher"
    GUARDIAN = "guardian"
    STUDENT = "student"


AnyUser = User | AnonymousUser | AbstractBaseUser


def _is_active(user: AnyUser) -> TypeIs[User]:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def signed_in(user: AnyUser) -> User:
    """Narrow ``request.user`` behind login_required (or DRF's IsAuthenticated) to our User model."""
    if not _is_active(user):
        raise PermissionDenied
    return user


def roles_of(*, user: AnyUser) -> list[Role]:
    """The user's roles, in a fixed order; a person may hold several (a teacher who is also a parent)."""
    if not _is_active(user):
        return []
    roles: list[Role] = []
    staff = list(Staff.objects.filter(user=user).values_list("is_admin", "is_secretary", "is_teacher"))
    if any(row[0] for row in staff):
        roles.append(Role.ADMIN)
    if any(row[1] for row in staff):
        roles.append(Role.STAFF)
    if any(row[2] for row in staff):
        roles.append(Role.TEACHER)
    if staff and SchoolClass.objects.filter(homeroom_teacher__user=user).exists():
        roles.append(Role.HOMEROOM_TEACHER)
    if GuardianStudent.objects.filter(guardian__user=user).exists():
        roles.append(Role.GUARDIAN)
    if Student.objects.filter(user=user).exists():
        roles.append(Role.STUDENT)
    return roles


def admin_schools(*, user: AnyUser) -> QuerySet[School]:
    """Schools the user administers."""
    if not _is_active(user):
        return School.objects.none()
    return School.objects.filter(id__in=Staff.objects.filter(user=user, is_admin=True).values("school_id"))


def office_schools(*, user: AnyUser) -> QuerySet[School]:
    """Schools whose people the user manages: administrators and secretaries."""
    if not _is_active(user):
        return School.objects.none()
    return School.objects.filter(
        id__in=Staff.objects.filter(Q(is_admin=True) | Q(is_secretary=True), user=user).values("school_id")
    )


def _taught_class_ids(user: User) -> QuerySet[Course, Any]:
    return Course.objects.filter(teachers__user=user, teachers__is_teacher=True).values("school_class_id")


def readable_classes(*, user: AnyUser) -> QuerySet[SchoolClass]:
    if not _is_active(user):
        return SchoolClass.objects.none()
    return SchoolClass.objects.filter(
        Q(school_id__in=office_schools(user=user).values("id"))
        | Q(homeroom_teacher__user=user)
        | Q(id__in=_taught_class_ids(user))
    )


def readable_courses(*, user: AnyUser) -> QuerySet[Course]:
    """Courses whose journal the user may open: their own, their homeroom class's, or their school's as admin."""
    if not _is_active(user):
        return Course.objects.none()
    return Course.objects.filter(
        Q(year__school_id__in=admin_schools(user=user).values("id"))
        | Q(id__in=Course.objects.filter(teachers__user=user, teachers__is_teacher=True).values("id"))
        | Q(school_class__homeroom_teacher__user=user)
    )


def writable_courses(*, user: AnyUser) -> QuerySet[Course]:
    """Courses the user may write to: their own as a teacher, or any of their school's as administrator."""
    if not _is_active(user):
        return Course.objects.none()
    return Course.objects.filter(
        Q(year__school_id__in=admin_schools(user=user).values("id"))
        | Q(id__in=Course.objects.filter(teachers__user=user, teachers__is_teacher=True).values("id"))
    )


def _consented_links(user: User) -> QuerySet[GuardianStudent]:
    return GuardianStudent.objects.filter(
        guardian__user=user,
        verified_at__isnull=False,
        consent_decision=GuardianStudent.ConsentDecision.GIVEN,
    )


def family_students(*, user: AnyUser) -> QuerySet[Student]:
    """The students a user sees as family: themself, and their children with a verified link and consent."""
    if not _is_active(user):
        return Student.objects.none()
    return Student.objects.filter(Q(user=user) | Q(id__in=_consented_links(user).values("student_id")))


def linked_students(*, user: AnyUser) -> QuerySet[Student]:
    """A guardian's verified children whether or not consent is current (for the consent page and the 403)."""
    if not _is_active(user):
        return Student.objects.none()
    return Student.objects.filter(
        id__in=GuardianStudent.objects.filter(guardian__user=user, verified_at__isnull=False).values("student_id")
    )


def readable_students(*, user: AnyUser) -> QuerySet[Student]:
    """Every student the user may read: as family, as a teacher of their class, or as school office."""
    if not _is_active(user):
        return Student.objects.none()
    teacher_classes = SchoolClass.objects.filter(Q(homeroom_teacher__user=user) | Q(id__in=_taught_class_ids(user)))
    return Student.objects.filter(
        Q(school_id__in=office_schools(user=user).values("id"))
        | Q(id__in=Enrollment.objects.filter(school_class__in=teacher_classes).values("student_id"))
        | Q(user=user)
        | Q(id__in=_consented_links(user).values("student_id"))
    )


def needs_consent(*, user: AnyUser, student_id: int) -> bool:
    """True when the user is this child's verified guardian but has no current consent (403, not 404)."""
    return (
        linked_students(user=user).filter(id=student_id).exists()
        and not family_students(user=user).filter(id=student_id).exists()
    )


ModelT = TypeVar("ModelT", bound=Model)


def get_or_404(queryset: QuerySet[ModelT], pk: object) -> ModelT:
    """Fetch one object from an access queryset; anything outside it is simply «not found»."""
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


# -- the journal (issue 3): lessons and marks follow their course; a substitute writes the lessons they give ----


def readable_lessons(*, user: AnyUser) -> QuerySet[Lesson]:
    """Lessons whose journal the user may read: of readable courses, and lessons they substitute."""
    if not _is_active(user):
        return Lesson.objects.none()
    return Lesson.objects.filter(Q(course_id__in=readable_courses(user=user).values("id")) | Q(substitute__user=user))


def writable_lessons(*, user: AnyUser) -> QuerySet[Lesson]:
    """Lessons the user may write marks, attendance and topics to."""
    if not _is_active(user):
        return Lesson.objects.none()
    return Lesson.objects.filter(
        Q(course_id__in=writable_courses(user=user).values("id"))
        | Q(substitute__user=user, substitute__is_teacher=True)
    )


def is_school_admin(*, user: AnyUser, school_id: int) -> bool:
    return admin_schools(user=user).filter(id=school_id).exists()
