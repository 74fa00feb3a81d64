"""Access helpers of the portal, on top of journal.access (DESIGN.md §5)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from journal import access
from journal.access import AnyUser
from journal.models import Guardian, SchoolClass, Student, User


def consent_missing_message() -> str:
    return _(
        "Consent to the processing of personal data is missing for this child, so electronic access is closed. "
        "Give consent in the cabinet at /cabinet/consent/ (confirmed with a code) or sign the paper form at the "
        "school office."
    )


def guardian_of(*, user: AnyUser) -> Guardian | None:
    """The user's guardian profile when it is linked to at least one child by a verified link."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return Guardian.objects.filter(user=user, links__verified_at__isnull=False).distinct().first()


def paper_list_classes(*, user: AnyUser) -> QuerySet[SchoolClass]:
    """Classes whose paper list the user may read: their school's as administrator or staff, their own homeroom."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return SchoolClass.objects.none()
    return SchoolClass.objects.filter(
        Q(school_id__in=access.office_schools(user=user).values("id")) | Q(homeroom_teacher__user=user)
    )


def must_give_consent_first(*, user: AnyUser) -> bool:
    """A guardian (and nothing else) whose verified children all lack a current consent: they see only the
    consent page. With consent for some children they get in, for those children."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    linked = access.linked_students(user=user)
    if not linked.exists():
        return False
    if access.family_students(user=user).filter(id__in=linked.values("id")).exists():
        return False
    # A teacher or a student who is also an unconsented parent still uses the rest of the site.
    return not (user.staff_profiles.exists() or Student.objects.filter(user=user).exists())
