"""Access to the cabinet: the one way pages and the API open a student for a family member."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied

from journal import access
from journal.models import User
from portal.diary import StudentCard, family_cards

CONSENT_MISSING = _(
    "There is no consent to personal-data processing for this child, so the school cannot show the data "
    "electronically. Give consent on the consent page of the cabinet (/cabinet/consent/) or at the school office; "
    "until then the school hands you a printed extract every week."
)


class ConsentRequired(PermissionDenied):
    """The user's own child, but without a current consent: 403 with an explanation, never the data."""

    default_detail = CONSENT_MISSING
    default_code = "consent_required"


def open_student(*, user: User, student_id: object) -> tuple[StudentCard, list[StudentCard]]:
    """The requested student and all the user's students (for the switcher); 403 or 404 as DESIGN.md §5 says."""
    cards = family_cards(user=user)
    card = next((c for c in cards if str(c.id) == str(student_id)), None)
    if card is not None:
        return card, cards
    if str(student_id).isdigit() and access.needs_consent(user=user, student_id=int(str(student_id))):
        raise ConsentRequired
    raise Http404
