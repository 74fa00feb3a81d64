"""The portal's part of the demo: consent texts, consent records (most given, a few refused, one withdrawn, some
without a decision), confirmed contacts, delivery preferences, and the manifest roles ``guardian_no_consent`` and
``guardian_paper``. Registered in journal.demo's extension lists; everything is bulk-inserted."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable

from django.utils import timezone

from journal import access
from journal.demo import DEMO_EXTENSIONS, MANIFEST_EXTENSIONS, DemoResult, DemoSchool, ManifestAccount
from journal.models import Guardian, GuardianStudent
from portal import services
from portal.models import (
    Consent,
    ConsentKind,
    ConsentText,
    Contact,
    ContactHistory,
    DeliveryPreference,
    PersonalDataEvent,
)

PROCESSING_TEXT = """Я, законный представитель обучающегося, в соответствии со статьёй 9 Федерального закона
от 27.07.2006 № 152-ФЗ «О персональных данных» даю согласие {school} (адрес: {address}) на обработку
персональных данных обучающегося и моих персональных данных в целях ведения электронного журнала и дневника
и информирования меня об успеваемости, посещаемости и домашних заданиях.

Перечень данных: фамилия, имя, отчество, дата рождения, пол, класс, оценки, посещаемость, домашние задания,
замечания учителей; мои фамилия, имя, отчество, адрес электронной почты и телефон.

Действия: сбор, запись, систематизация, хранение, уточнение, использование, передача мне, блокирование,
удаление, уничтожение, с использованием средств автоматизации и без них.

Согласие действует до окончания обучения или до его отзыва. Отозвать согласие можно в любой момент
письменным заявлением в школу или в личном кабинете; данные, обрабатываемые только на основании согласия,
уничтожаются в течение 30 дней после отзыва."""

PUBLICATION_TEXT = """Я даю согласие {school} на публикацию на официальном сайте школы фамилии, имени
и фотографий обучающегося в связи с его участием в олимпиадах, конкурсах и мероприятиях школы (ст. 10.1
Федерального закона № 152-ФЗ). Согласие может быть отозвано в любой момент."""


def paragraphs(text: str) -> str:
    """The texts above are wrapped for the source; a consent text keeps only its paragraph breaks."""
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n"))


REFUSED_SHARE = 0.05
NO_DECISION_SHARE = 0.06
PHONE_SHARE = 0.3
PAPER_SHARE = 0.04
DAILY_SHARE = 0.1


def key_guardian_ids(demo: DemoSchool) -> set[int]:
    """The guardians journal.demo.key_accounts puts in the manifest as «guardian»: they must keep their consent."""
    children = Counter(link.guardian_id for link in demo.links)
    with_account = [g for g in demo.guardians if g.user_id]
    families = sorted(with_account, key=lambda g: (-children.get(g.id, 0), g.id))
    picked = families[:1] + [g for g in families if children.get(g.id) == 1][:2]
    return {g.id for g in picked}


def seed_consents(demo: DemoSchool, progress: Callable[[str], None]) -> None:
    rng = random.Random(f"portal:{demo.prefix}:{len(demo.students)}")  # noqa: S311 — reproducible demo data.
    school = demo.school
    consented_on = min(demo.year.starts + dt.timedelta(days=3), demo.today)
    when = timezone.make_aware(dt.datetime.combine(consented_on, dt.time(11)))
    withdrawn_at = timezone.make_aware(dt.datetime.combine(demo.today - dt.timedelta(days=10), dt.time(18)))
    withdrawn_at = max(withdrawn_at, when + dt.timedelta(hours=1))
    ConsentText.objects.bulk_create(
        [
            ConsentText(
                school=school,
                kind=ConsentKind.PROCESSING,
                version=1,
                is_current=True,
                text=paragraphs(PROCESSING_TEXT.format(school=school.name, address=school.address)),
            ),
            ConsentText(
                school=school,
                kind=ConsentKind.PUBLICATION,
                version=1,
                is_current=True,
                text=paragraphs(PUBLICATION_TEXT.format(school=school.name)),
            ),
        ]
    )
    recorder = demo.secretaries[0].user
    keep = key_guardian_ids(demo)
    links_of: dict[int, list[GuardianStudent]] = {}
    for link in demo.links:
        links_of.setdefault(link.guardian_id, []).append(link)
    decision_of: dict[int, str] = {}
    withdrawing: int | None = None
    for guardian in demo.guardians:
        roll = rng.random()
        if guardian.id in keep or roll >= REFUSED_SHARE + NO_DECISION_SHARE:
            decision_of[guardian.id] = Consent.Decision.GIVEN
            if withdrawing is None and not demo.prefix and guardian.user_id and guardian.id not in keep:
                withdrawing = guardian.id
        elif roll < REFUSED_SHARE:
            decision_of[guardian.id] = Consent.Decision.REFUSED
        else:
            decision_of[guardian.id] = ""
    number = 0
    decisions: list[services.BulkDecision] = []
    for guardian in demo.guardians:
        decision = decision_of[guardian.id]
        if not decision:
            continue
        for link in links_of.get(guardian.id, []):
            number += 1
            decisions.append(
                services.BulkDecision(
                    link=link, decision=decision, document_number=f"ПД-{number:05d}", document_date=consented_on
                )
            )
    services.consent_record_bulk(recorded_by=recorder, school=school, decisions=decisions, now=when)
    if withdrawing is not None:
        services.consent_record_bulk(
            recorded_by=recorder,
            school=school,
            decisions=[
                services.BulkDecision(
                    link=link,
                    decision=Consent.Decision.WITHDRAWN,
                    document_number=f"ОТЗ-{link.pk}",
                    document_date=withdrawn_at.date(),
                )
                for link in links_of[withdrawing]
            ],
            now=withdrawn_at,
        )
    # Contacts and preferences exist only for guardians who gave consent (the withdrawn one keeps them 30 days).
    with_data = [g for g in demo.guardians if decision_of[g.id] == Consent.Decision.GIVEN]
    contacts: list[Contact] = []
    preferences: list[DeliveryPreference] = []
    for guardian in with_data:
        if guardian.user is not None:
            contacts.append(
                Contact(
                    guardian=guardian,
                    kind=Contact.Kind.EMAIL,
                    value=guardian.user.email,
                    basis=Contact.Basis.SELF_ENTERED,
                    confirmed_at=when,
                )
            )
        if rng.random() < PHONE_SHARE:
            contacts.append(
                Contact(
                    guardian=guardian,
                    kind=Contact.Kind.PHONE,
                    value=f"+79{rng.randrange(10**8, 10**9):09d}",
                    basis=Contact.Basis.PAPER_APPLICATION,
                    document_number=f"З-{guardian.id}",
                    document_date=consented_on,
                    confirmed_at=when,
                )
            )
        roll = rng.random()
        if guardian.id not in keep and roll < PAPER_SHARE:
            preferences.append(DeliveryPreference(guardian=guardian, paper_weekly=True))
        elif roll < PAPER_SHARE + DAILY_SHARE:
            preferences.append(DeliveryPreference(guardian=guardian, email_digest=DeliveryPreference.Digest.DAILY))
    contacts = Contact.objects.bulk_create(contacts, batch_size=1000)
    DeliveryPreference.objects.bulk_create(preferences, batch_size=1000)
    ContactHistory.objects.bulk_create(
        (
            ContactHistory(
                guardian_id=c.guardian_id,
                contact_id_ref=c.pk,
                action=ContactHistory.Action.ADDED,
                kind=c.kind,
                new_value=c.value,
                basis=c.basis,
                document_number=c.document_number,
                document_date=c.document_date,
                by=recorder,
                at=when,
            )
            for c in contacts
        ),
        batch_size=1000,
    )
    PersonalDataEvent.objects.bulk_create(
        (
            PersonalDataEvent(
                school=school,
                kind=PersonalDataEvent.Kind.CONTACT_ADDED,
                guardian_id=c.guardian_id,
                actor=recorder,
                at=when,
                details=c.kind,
            )
            for c in contacts
        ),
        batch_size=1000,
    )
    counts = Counter(decision_of.values())
    progress(
        f"{school.short_name}: consents given {counts[Consent.Decision.GIVEN]}, refused "
        f"{counts[Consent.Decision.REFUSED]}, no decision {counts['']}, withdrawn {1 if withdrawing else 0}; "
        f"{len(contacts)} contacts, {sum(p.paper_weekly for p in preferences)} prefer paper"
    )


def manifest_roles(result: DemoResult) -> None:
    """``guardian_no_consent`` (no decision for any child) and ``guardian_paper`` (refused: paper only)."""
    main = result.schools[0]
    guardians = Guardian.objects.filter(user__isnull=False, links__student__school=main.school).select_related("user")
    wanted = [("guardian_no_consent", ""), ("guardian_paper", GuardianStudent.ConsentDecision.REFUSED)]
    for role, decision in wanted:
        guardian = (
            guardians.filter(links__consent_decision=decision)
            .exclude(links__consent_decision__in=[d for d in GuardianStudent.ConsentDecision.values if d != decision])
            .order_by("id")
            .first()
        )
        if guardian is None or guardian.user is None:
            continue
        user = guardian.user
        result.accounts.append(
            ManifestAccount(
                username=user.username,
                email=user.email,
                role=role,
                school=main.school.name,
                profile_id=guardian.id,
                students=sorted(access.readable_students(user=user).values_list("id", flat=True)),
                extra={
                    "linked_students": sorted(access.linked_students(user=user).values_list("id", flat=True)),
                    "paper_reason": "no_consent" if not decision else str(decision),
                },
            )
        )


DEMO_EXTENSIONS.append(seed_consents)
MANIFEST_EXTENSIONS.append(manifest_roles)


# The cabinet's demo (period marks of finished periods, recommendations) reads the journal's marks: it runs after it.
from portal.demo_cabinet import seed_cabinet  # noqa: E402

if seed_cabinet not in DEMO_EXTENSIONS:
    DEMO_EXTENSIONS.append(seed_cabinet)
