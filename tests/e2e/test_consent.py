"""A guardian without consent: only the consent page, a code by email, then the child's diary opens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from tests.conftest import build_cast
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_guardian_consent_with_a_code_and_then_see_the_child(page: Any, live_server: Any) -> None:
    cast = build_cast()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "guardian_no_consent")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cabinet/consent/")
    assert "Согласие на обработку персональных данных" in page.inner_text("main")
    # Without ticking «I agree» nothing is sent and the page says why.
    page.click("text=Прислать код")
    assert len(mail.outbox) == 0
    page.check("input[name=agree]")
    page.click("text=Прислать код")
    page.wait_for_selector("input[name=code]")
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None
    page.fill("input[name=code]", code.group(1))
    page.click("text=Подтвердить согласие")
    page.wait_for_url(f"{live_server.url}/")
    page.click(f"text={cast.unconsented_child.full_name}")
    assert cast.unconsented_child.full_name in page.inner_text(".cabinet-head")
    assert "Дневник" in page.inner_text(".tabs")


def test_it_keeps_the_consent_page_to_itself_until_consent(page: Any, live_server: Any) -> None:
    build_cast()
    sign_in_url = f"{live_server.url}/cabinet/consent/"
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "guardian_no_consent")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(sign_in_url)
    for path in ("/", "/cabinet/", "/cabinet/contacts/"):
        page.goto(f"{live_server.url}{path}")
        assert page.url == sign_in_url


def test_it_still_signs_in_a_consented_guardian_directly(page: Any, live_server: Any) -> None:
    build_cast()
    sign_in(page, live_server.url, "guardian", PASSWORD)
    assert "Мои дети" in page.inner_text("main")
