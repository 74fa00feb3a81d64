"""Access to the cabinet: the one way pages and the API open a student for a family member."""

from __future__ import annotations

from django.http import Http404
from rest_framework.exceptions import PermissionDenied

from journal import access
from journal.models import User
from portal.access import consent_missing_message
from portal.diary import StudentCard, family_cards


class ConsentRequired(PermissionDenied):
    """The user's own child, but without a current consent: 403 with an explanation, never the data."""

    default_code = "consent_required"

    def __init__(self) -> None:
        super().__init__(detail=consent_missing_message(), code=self.default_code)


def open_student(*, user: User, student_id: object) -> tuple[StudentCard, list[StudentCard]]:
    """The requested student and all the user's students (for the switcher); 403 or 404 as DESIGN.md §5 says."""
    cards = family_cards(user=user)
    card = next((c for c in cards if str(c.id) == str(student_id)), None)
    if card is not None:
        return card, cards
    if str(student_id).isdigit() and access.needs_consent(user=user, student_id=int(str(student_id))):
        raise ConsentRequired
    raise Http404
