"""A new user's first minutes: every role signs in through the real form and lands on its own home."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import build_cast
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANDS_ON = {
    "admin": "Школа № 1",
    "teacher": "Мои курсы",
    "homeroom_teacher": "Мой класс",
    "guardian": "Мои дети",
    "student": "Иванов Пётр Ильич",
    "staff": "Администрирование",
}


def test_it_signs_each_role_in_to_its_russian_home(page: Any, live_server: Any) -> None:
    build_cast()
    for who, heading in LANDS_ON.items():
        sign_in(page, live_server.url, who, PASSWORD)
        assert page.locator("html").get_attribute("lang") == "ru"
        assert heading in page.inner_text("main") + page.inner_text("header")
        page.click("text=Выйти")
        page.wait_for_url("**/accounts/login/**")


def test_it_shows_a_clear_message_for_a_wrong_password(page: Any, live_server: Any) -> None:
    build_cast()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "teacher")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    assert "неверны" in page.inner_text("main").lower()


def test_it_fits_a_phone_screen(phone_page: Any, live_server: Any) -> None:
    build_cast()
    sign_in(phone_page, live_server.url, "guardian", PASSWORD)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert "Иванов Пётр Ильич" in phone_page.inner_text("main")
