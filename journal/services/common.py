"""What the journal services share: the conflict error, the school of a lesson, the edit window."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from journal import access, selectors
from journal.models import Lesson, School, Staff, User


class Conflict(Exception):  # noqa: N818 — the name the API and the issue use (HTTP 409 Conflict).
    """A write based on a stale version: nothing is saved; ``current`` is what the database holds now (API 409)."""

    def __init__(self, message: str, *, current: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.current = current or {}


def school_of(lesson: Lesson) -> School:
    return lesson.course.year.school


def is_admin(*, user: User, school: School) -> bool:
    return access.is_school_admin(user=user, school_id=school.id)


def require_admin(*, user: User, school: School) -> None:
    if not is_admin(user=user, school=school):
        raise PermissionDenied(_("Only an administrator of the school may do this."))


def staff_of(*, user: User, school: School) -> Staff | None:
    return Staff.objects.filter(user=user, school=school).first()


def today_for(school: School) -> dt.date:
    return selectors.today_in(school=school)


def check_edit_window(*, user: User, lesson: Lesson, field: str = "lesson") -> None:
    """Teachers change the last ``edit_window_days`` days only; older lessons need an administrator."""
    school = school_of(lesson)
    today = today_for(school)
    if lesson.date > today:
        raise ValidationError({field: _("The lesson has not taken place yet.")})
    if lesson.date < today - dt.timedelta(days=school.edit_window_days) and not is_admin(user=user, school=school):
        raise ValidationError(
            {
                field: _("The lesson is older than %(days)s days: only an administrator may change it now.")
                % {"days": school.edit_window_days}
            }
        )
