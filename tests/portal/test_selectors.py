"""Who may get what electronically (delivery_plan) and the paper list that follows from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from journal.models import Enrollment, Guardian, GuardianStudent, SchoolClass
from portal import selectors, services
from portal.selectors import PaperReason
from tests import factories as f
from tests.conftest import Cast

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 30)


def rows(cast: Cast, *, week: dt.date = MONDAY, classes: object = None) -> set[tuple[int, int, str]]:
    queryset = classes if classes is not None else SchoolClass.objects.filter(school=cast.child.school)
    return {
        (r.student.pk, r.guardian.pk, r.reason.value)
        for r in selectors.paper_list(week=week, classes=queryset)  # type: ignore[arg-type]
    }


def guardian(user: Any) -> Guardian:
    return Guardian.objects.get(user=user)


def test_it_lists_guardians_without_consent(cast: Cast) -> None:
    assert rows(cast) == {(cast.unconsented_child.pk, guardian(cast.guardian_no_consent).pk, "no_consent")}


@pytest.mark.parametrize("decision", ["refused", "withdrawn"])
def test_it_lists_refusals_and_withdrawals(cast: Cast, decision: str) -> None:
    services.consent_record(
        recorded_by=cast.staff,
        guardian=guardian(cast.guardian),
        student=cast.child,
        kind="processing",
        decision=decision,
        form="paper",
        document_number="1",
        document_date=dt.date(2026, 11, 1),
    )
    assert (cast.child.pk, guardian(cast.guardian).pk, decision) in rows(cast)


def test_it_lists_a_consenting_guardian_who_prefers_paper(cast: Cast) -> None:
    services.delivery_preference_set(
        by=cast.other_guardian,
        guardian=guardian(cast.other_guardian),
        cabinet=True,
        email_digest="off",
        paper_weekly=True,
    )
    assert (cast.other_child.pk, guardian(cast.other_guardian).pk, "prefers_paper") in rows(cast)
    # A class list holds only that class's students.
    only_7a = rows(cast, classes=SchoolClass.objects.filter(pk=cast.school_class.pk))
    assert {student for student, _, _ in only_7a} == {cast.unconsented_child.pk}


def test_it_follows_enrollment_dates_and_verification(cast: Cast) -> None:
    Enrollment.objects.filter(student=cast.unconsented_child).update(ends=MONDAY - dt.timedelta(days=1))
    assert rows(cast) == set()
    Enrollment.objects.filter(student=cast.unconsented_child).update(ends=MONDAY, starts=dt.date(2026, 9, 1))
    assert len(rows(cast)) == 1  # left on Monday of the week: still this week's list
    newcomer = f.StudentFactory.create(school=cast.child.school)
    f.EnrollmentFactory.create(student=newcomer, school_class=cast.school_class, starts=MONDAY + dt.timedelta(days=7))
    f.GuardianStudentFactory.create(student=newcomer, guardian=f.GuardianFactory.create(user=None), consent_decision="")
    assert newcomer.pk not in {s for s, _, _ in rows(cast)}
    assert newcomer.pk in {s for s, _, _ in rows(cast, week=MONDAY + dt.timedelta(days=9))}
    GuardianStudent.objects.filter(student=cast.unconsented_child).update(verified_at=None)
    assert cast.unconsented_child.pk not in {s for s, _, _ in rows(cast)}


def test_it_parses_iso_weeks() -> None:
    assert selectors.parse_iso_week("2026-W49") == MONDAY
    for bad in ("2026-W54", "2026W49", "", "2026-W4a"):
        with pytest.raises(ValueError):  # noqa: PT011 — any ValueError is a malformed week
            selectors.parse_iso_week(bad)


def test_it_decides_channels_in_one_place(cast: Cast) -> None:
    mine = guardian(cast.guardian)
    plan = selectors.delivery_for(guardian=mine, student=cast.child)
    assert plan is not None
    assert plan.cabinet
    assert plan.emails == ()  # no confirmed email contact yet
    assert not plan.paper
    contact = services.contact_add(
        by=cast.guardian, guardian=mine, kind="email", value="m@ex.test", basis="self_entered"
    )
    plan = selectors.delivery_for(guardian=mine, student=cast.child)
    assert plan is not None
    assert plan.emails == ()  # unconfirmed contacts are never used
    services.contact_code_send(user=cast.guardian, contact=contact)
    from tests.portal.conftest import last_code

    services.contact_confirm(user=cast.guardian, contact=contact, code=last_code())
    plan = selectors.delivery_for(guardian=mine, student=cast.child)
    assert plan is not None
    assert plan.emails == ("m@ex.test",)
    assert plan.email_digest == "weekly"
    services.consent_withdraw(recorded_by=cast.guardian, guardian=mine, student=cast.child, self_service=True)
    plan = selectors.delivery_for(guardian=mine, student=cast.child)
    assert plan is not None
    assert not plan.cabinet
    assert plan.emails == ()
    assert plan.paper
    assert plan.paper_reason is PaperReason.WITHDRAWN
    assert selectors.delivery_for(guardian=mine, student=cast.other_child) is None


def test_it_gives_no_cabinet_without_an_account(cast: Cast) -> None:
    no_account = f.GuardianFactory.create(user=None)
    link = f.GuardianStudentFactory.create(guardian=no_account, student=cast.child, consent_decision="")
    services.consent_record(
        recorded_by=cast.staff,
        guardian=no_account,
        student=cast.child,
        kind="processing",
        decision="given",
        form="paper",
        document_number="2",
        document_date=dt.date(2026, 11, 1),
    )
    plan = selectors.delivery_plan(links=GuardianStudent.objects.filter(pk=link.pk))
    assert len(plan) == 1
    assert not plan[0].cabinet
