"""Reads of the portal: who may get what electronically, and the paper list that follows from it.

``delivery_plan`` is the one place that decides the channels of a guardian for a child; ``paper_list`` is the one
selector for the weekly paper list (printouts and reports use it). Both use ``paper_reason``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from journal.models import Enrollment, Guardian, GuardianStudent, SchoolClass, Student
from portal.models import Consent, Contact, DeliveryPreference


class PaperReason(StrEnum):
    NO_CONSENT = "no_consent"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    PREFERS_PAPER = "prefers_paper"


_BY_DECISION = {
    GuardianStudent.ConsentDecision.NONE: PaperReason.NO_CONSENT,
    GuardianStudent.ConsentDecision.REFUSED: PaperReason.REFUSED,
    GuardianStudent.ConsentDecision.WITHDRAWN: PaperReason.WITHDRAWN,
}


def paper_reason(*, consent_decision: str, prefers_paper: bool) -> PaperReason | None:
    """Why a guardian gets paper for a child, or None: without consent only paper; with it, paper on request."""
    if consent_decision != GuardianStudent.ConsentDecision.GIVEN:
        return _BY_DECISION.get(GuardianStudent.ConsentDecision(consent_decision), PaperReason.NO_CONSENT)
    return PaperReason.PREFERS_PAPER if prefers_paper else None


@dataclass(frozen=True)
class Delivery:
    """What one guardian gets about one child: the cabinet, email digests (to confirmed addresses only), paper."""

    guardian_id: int
    student_id: int
    cabinet: bool
    emails: tuple[str, ...]
    email_digest: str
    paper: bool
    paper_reason: PaperReason | None


def delivery_plan(*, links: QuerySet[GuardianStudent]) -> list[Delivery]:
    """Channels for every (verified) link in the queryset, in two queries whatever its size."""
    rows = list(
        links.filter(verified_at__isnull=False)
        .select_related("guardian__user", "guardian__delivery_preference")
        .order_by("id")
    )
    guardian_ids = {row.guardian_id for row in rows}
    emails: dict[int, list[str]] = {}
    for guardian_id, value in (
        Contact.objects.filter(guardian_id__in=guardian_ids, kind=Contact.Kind.EMAIL, confirmed_at__isnull=False)
        .order_by("confirmed_at", "id")
        .values_list("guardian_id", "value")
    ):
        emails.setdefault(guardian_id, []).append(value)
    plan = []
    for link in rows:
        preference = getattr(link.guardian, "delivery_preference", None) or DeliveryPreference()
        reason = paper_reason(consent_decision=link.consent_decision, prefers_paper=preference.paper_weekly)
        consented = link.consent_decision == GuardianStudent.ConsentDecision.GIVEN
        user = link.guardian.user
        digest_on = consented and preference.email_digest != DeliveryPreference.Digest.OFF
        plan.append(
            Delivery(
                guardian_id=link.guardian_id,
                student_id=link.student_id,
                cabinet=consented and preference.cabinet and user is not None and user.is_active,
                emails=tuple(emails.get(link.guardian_id, [])) if digest_on else (),
                email_digest=preference.email_digest if digest_on else DeliveryPreference.Digest.OFF,
                paper=reason is not None,
                paper_reason=reason,
            )
        )
    return plan


def delivery_for(*, guardian: Guardian, student: Student) -> Delivery | None:
    """Channels of one guardian for one child; None when they are not linked by a verified link."""
    plan = delivery_plan(links=GuardianStudent.objects.filter(guardian=guardian, student=student))
    return plan[0] if plan else None


def week_bounds(week: dt.date) -> tuple[dt.date, dt.date]:
    monday = week - dt.timedelta(days=week.weekday())
    return monday, monday + dt.timedelta(days=6)


def parse_iso_week(value: str) -> dt.date:
    """'2026-W49' → the Monday of that ISO week; ValueError on anything else."""
    value = value.strip()
    if len(value) != 8 or value[4:6] != "-W" or not (value[:4].isdigit() and value[6:].isdigit()):
        raise ValueError(value)
    return dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)


@dataclass(frozen=True)
class PaperRow:
    student: Student
    guardian: Guardian
    reason: PaperReason


def paper_list(*, week: dt.date, classes: QuerySet[SchoolClass]) -> list[PaperRow]:
    """Who gets paper in the week: every verified guardian of a student enrolled in one of the classes during the
    week, whose consent is missing, refused or withdrawn, or who asked for paper. One query."""
    monday, sunday = week_bounds(week)
    enrolled = Enrollment.objects.filter(school_class__in=classes, starts__lte=sunday).filter(
        Q(ends__isnull=True) | Q(ends__gte=monday)
    )
    links = (
        GuardianStudent.objects.filter(student_id__in=enrolled.values("student_id"), verified_at__isnull=False)
        .annotate(
            prefers_paper=Exists(
                DeliveryPreference.objects.filter(guardian_id=OuterRef("guardian_id"), paper_weekly=True)
            )
        )
        .filter(~Q(consent_decision=GuardianStudent.ConsentDecision.GIVEN) | Q(prefers_paper=True))
        .select_related("student", "guardian")
        .order_by("student__last_name", "student__first_name", "student_id", "guardian__last_name", "guardian_id")
    )
    rows = []
    for link in links:
        reason = paper_reason(consent_decision=link.consent_decision, prefers_paper=link.prefers_paper)
        if reason is not None:
            rows.append(PaperRow(student=link.student, guardian=link.guardian, reason=reason))
    return rows


def consent_history(*, guardian_id: int | None = None, student_id: int | None = None) -> QuerySet[Consent]:
    """Consent records newest first, with everything a list shows (one query)."""
    consents = Consent.objects.all()
    if guardian_id is not None:
        consents = consents.filter(guardian_id=guardian_id)
    if student_id is not None:
        consents = consents.filter(student_id=student_id)
    return consents.select_related("guardian", "student", "text", "recorded_by").order_by("-recorded_at", "-id")
