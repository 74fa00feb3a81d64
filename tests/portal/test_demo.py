"""The portal's demo data: consents through the service, refusals, a withdrawal, no decision, contacts, paper."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from journal import access
from journal.demo import seed_demo
from journal.models import GuardianStudent, User
from portal.models import Consent, ConsentText, Contact, DeliveryPreference

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 3)


def test_it_seeds_consents_and_the_new_manifest_roles() -> None:
    result = seed_demo(students=120, seed=1, today=TODAY)
    links = GuardianStudent.objects.all()
    given = links.filter(consent_decision="given").count()
    assert given > 0.8 * links.count()
    assert links.filter(consent_decision="refused").exists()
    assert links.filter(consent_decision="").exists()
    assert links.filter(consent_decision="withdrawn").exists()
    # The cache agrees with the latest record of every pair.
    for link in links.filter(consent_decision__in=["given", "refused", "withdrawn"])[:50]:
        latest = Consent.objects.filter(guardian=link.guardian, student=link.student).order_by("-recorded_at", "-id")
        assert latest[0].decision == link.consent_decision
    assert ConsentText.objects.filter(is_current=True).count() == 4  # two kinds × two schools
    assert Contact.objects.filter(confirmed_at__isnull=True).count() == 0
    assert DeliveryPreference.objects.filter(paper_weekly=True).exists()
    by_role: dict[str, list[dict[str, object]]] = {}
    for account in result.manifest()["accounts"]:
        by_role.setdefault(account["role"], []).append(account)
    for account in by_role["guardian"]:
        assert account["students"], account  # the main guardian accounts can see their children
    for role in ("guardian_no_consent", "guardian_paper"):
        (account,) = by_role[role]
        assert account["students"] == []
        assert account["linked_students"]
        user = User.objects.get(username=account["username"])
        assert sorted(access.linked_students(user=user).values_list("id", flat=True)) == account["linked_students"]
        client = Client()
        client.force_login(user)
        assert client.get("/")["Location"] == "/cabinet/consent/"
