"""A teacher keeps the journal with the keyboard: marks and an absence save at once and survive a reload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from journal import selectors
from journal.models import Attendance, Lesson, Mark, Period, WorkType
from tests import factories as f
from tests.conftest import build_cast
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _journal_today() -> tuple[Any, list[Lesson]]:
    cast = build_cast()
    school = cast.course.year.school
    today = selectors.today_in(school=school)
    if not Period.objects.filter(year=cast.course.year, starts__lte=today, ends__gte=today).exists():
        Period.objects.create(
            year=cast.course.year,
            kind=Period.Kind.TRIMESTER,
            number=1,
            starts=today - dt.timedelta(days=10),
            ends=today + dt.timedelta(days=10),
            grade_min=7,
            grade_max=7,
        )
    f.WorkTypeFactory.create(school=school, name="Ответ на уроке", weight=Decimal(1), is_default=True)
    bells = [f.BellFactory.create(school=school, number=n) for n in (1, 2)]
    lessons = [
        Lesson.objects.create(course=cast.course, date=today, bell=bell, planned_date=today, planned_bell=bell)
        for bell in bells
    ]
    return cast, lessons


def test_it_keeps_marks_and_absences_typed_with_the_keyboard(page: Any, live_server: Any) -> None:
    cast, lessons = _journal_today()
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.click("text=Алгебра, 7А")
    page.wait_for_selector("#journal-grid")
    first = page.locator(f"tr[data-student='{cast.child.id}'] input[data-lesson='{lessons[0].id}']")
    first.click()
    page.keyboard.type("5")
    page.keyboard.press("Enter")  # saves and moves down to the next student
    page.keyboard.type("н")
    page.keyboard.press("Enter")
    second = page.locator(f"tr[data-student='{cast.child.id}'] input[data-lesson='{lessons[1].id}']")
    second.click()
    page.keyboard.type("4")
    page.keyboard.press("Tab")  # saves on leaving the cell
    page.wait_for_function("document.querySelectorAll('input.cell.saved').length === 3")
    assert "Сохранено" in page.inner_text("#journal-status")
    assert page.inner_text(f"tr[data-student='{cast.child.id}'] td.mean") == "4,50"

    page.reload()
    page.wait_for_selector("#journal-grid")
    assert first.input_value() == "5"
    assert second.input_value() == "4"
    absent = page.locator(f"tr[data-student='{cast.unconsented_child.id}'] td").nth(0)
    assert absent.get_attribute("data-att") == "н"
    assert page.inner_text(f"tr[data-student='{cast.child.id}'] td.mean") == "4,50"
    assert sorted(Mark.objects.values_list("value", flat=True)) == ["4", "5"]
    assert Attendance.objects.get().code == "н"

    # A value outside the scale is refused in place; nothing is saved.
    second.click()
    page.keyboard.type("9")
    page.keyboard.press("Enter")
    page.wait_for_selector("input.cell.failed")
    assert Mark.objects.count() == 2


def test_it_fits_the_grid_on_a_phone(phone_page: Any, live_server: Any) -> None:
    cast, _lessons = _journal_today()
    sign_in(phone_page, live_server.url, "teacher", PASSWORD)
    phone_page.goto(f"{live_server.url}/journal/course/{cast.course.id}/")
    phone_page.wait_for_selector("#journal-grid")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360


def test_it_gives_new_marks_the_chosen_work_type(page: Any, live_server: Any) -> None:
    cast, lessons = _journal_today()
    school = cast.course.year.school
    test = WorkType.objects.create(school=school, name="Контрольная работа", weight=Decimal(2))
    sign_in(page, live_server.url, "teacher", PASSWORD)
    page.click("text=Алгебра, 7А")
    page.wait_for_selector("#journal-grid")
    page.select_option("#work-type", str(test.id))
    page.locator(f"tr[data-student='{cast.child.id}'] input[data-lesson='{lessons[0].id}']").click()
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    page.wait_for_selector("input.cell.saved")
    mark = Mark.objects.get()
    assert (mark.value, mark.work_type, mark.weight) == ("3", test, Decimal(2))
