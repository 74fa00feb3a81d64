"""What the cabinet shows (R4, R6, R9) in pages and the API, and how many queries it takes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from journal import services
from journal.models import Lesson, Mark
from tests.portal.conftest import MONDAY, Week

pytestmark = pytest.mark.django_db


def api(week: Week, who: str = "guardian") -> APIClient:
    client = APIClient()
    client.force_authenticate(week.cast.users()[who])
    return client


def test_it_answers_the_diary_in_the_contract_shape(week: Week) -> None:
    body = api(week).get(f"/api/v1/students/{week.cast.child.pk}/diary/?week=2026-W49").json()
    assert body["student"] == {"id": week.cast.child.pk, "full_name": "Иванов Пётр Ильич", "class_name": "7А"}
    assert body["week"] == "2026-W49"
    assert [d["date"] for d in body["days"]] == [str(MONDAY + dt.timedelta(days=i)) for i in range(5)]
    monday = body["days"][0]
    assert monday["holiday"] is None
    first = monday["lessons"][0]
    assert set(first) == {
        "id",
        "slot",
        "starts",
        "ends",
        "subject",
        "teacher",
        "substitute",
        "status",
        "planned_date",
        "topic",
        "homework",
        "marks",
        "attendance",
        "assessment",
    }
    assert (first["slot"], first["starts"], first["ends"]) == (1, "09:00", "09:45")
    assert (first["subject"], first["teacher"], first["status"]) == ("Алгебра", "Петрова А. С.", "held")
    assert first["topic"] == "Линейные уравнения"
    assert first["homework"]["text"] == "№ 12, 14"
    assert first["homework"]["files"][0]["name"] == "задание.pdf"
    assert first["homework"]["posted_at"]
    assert first["marks"] == [
        {"id": first["marks"][0]["id"], "value": "5", "work_type": "Контрольная работа", "weight": 2.0, "comment": ""}
    ]
    assert first["attendance"] is None
    assert first["assessment"] is None


def test_it_shows_substitutions_cancellations_moves_and_control_works(week: Week) -> None:
    days = api(week).get(f"/api/v1/students/{week.cast.child.pk}/diary/?week=2026-W49").json()["days"]
    tuesday, wednesday, thursday, friday = (d["lessons"] for d in days[1:5])
    assert tuesday[0]["substitute"] == "Петрова А. С."
    assert tuesday[0]["attendance"] == "б"
    assert tuesday[0]["marks"][0]["value"] == "3"
    assert wednesday[0]["status"] == "cancelled"
    assert (thursday[0]["status"], thursday[0]["planned_date"]) == ("rescheduled", "2026-12-02")
    assert friday[0]["assessment"] == {"kind": "control", "title": "Контрольная работа № 2"}


def test_it_shows_only_the_childs_subgroup(week: Week) -> None:
    monday = api(week).get(f"/api/v1/students/{week.cast.child.pk}/diary/?week=2026-W49").json()["days"][0]
    topics = [entry["topic"] for entry in monday["lessons"]]
    assert "Present Simple" in topics
    assert "Past Simple" not in topics


def test_it_marks_holidays_and_defaults_to_the_current_week(week: Week) -> None:
    body = api(week).get(f"/api/v1/students/{week.cast.child.pk}/diary/").json()
    assert body["week"] == "2026-W49"
    new_year = api(week).get(f"/api/v1/students/{week.cast.child.pk}/diary/?week=2027-W01").json()
    assert {d["holiday"] for d in new_year["days"]} == {"Зимние каникулы"}


@pytest.mark.parametrize("bad", ["2026-49", "2026-W54", "W49", "2026-W4", "abc"])
def test_it_refuses_a_malformed_week(week: Week, bad: str, client_for: Any) -> None:
    response = api(week).get(f"/api/v1/students/{week.cast.child.pk}/diary/?week={bad}")
    assert response.status_code == 400
    assert response.json()["week"]
    assert client_for("guardian").get(f"/cabinet/{week.cast.child.pk}/?week={bad}").status_code == 400


def test_it_gives_marks_with_the_weighted_average_and_forecast(week: Week) -> None:
    body = api(week).get(f"/api/v1/students/{week.cast.child.pk}/marks/?period=current").json()
    assert body["period"]["name"] == "2 четверть"
    algebra = next(s for s in body["subjects"] if s["subject"] == "Алгебра")
    # A test 5 (weight 2) and an answer 3 (weight 1): (10 + 3) / 3 = 4.33 → 4; one more 5 gives 18/4 = 4.50 (still 4),
    # two more give 23/5 = 4.60 → 5; a 2 now gives 15/4 = 3.75 (still 4).
    assert algebra["average"] == 4.33
    assert algebra["marks"] == [
        {"date": "2026-11-30", "value": "5", "work_type": "Контрольная работа", "weight": 2.0},
        {"date": "2026-12-01", "value": "3", "work_type": "Ответ на уроке", "weight": 1.0},
    ]
    forecast = algebra["forecast"]
    assert (forecast["mark"], forecast["top_marks_for_next"], forecast["low_mark_drops_to"]) == (4, 2, None)
    assert "4,33" in forecast["explanation"]
    english = next(s for s in body["subjects"] if s["subject"] == "Английский язык")
    assert (english["average"], english["forecast"]) == (None, None)


def test_it_gives_marks_of_an_earlier_period_and_404_for_a_strange_one(week: Week) -> None:
    client = api(week)
    body = client.get(f"/api/v1/students/{week.cast.child.pk}/marks/?period={week.q1.pk}").json()
    assert body["period"]["id"] == week.q1.pk
    assert all(s["marks"] == [] for s in body["subjects"])
    assert client.get(f"/api/v1/students/{week.cast.child.pk}/marks/?period=999999").status_code == 404


def test_it_publishes_final_marks_with_deferrals(week: Week) -> None:
    body = api(week).get(f"/api/v1/students/{week.cast.child.pk}/final-marks/").json()
    assert [(m["subject"], m["kind"], m["value"]) for m in body] == [
        ("Алгебра", "period", "4"),
        ("Английский язык", "period", "н/а"),
    ]  # the unpublished year mark is not shown
    deferred = body[1]
    assert (deferred["deferred_until"], deferred["reason"]) == ("2026-11-20", "болезнь")
    assert deferred["period"]["name"] == "1 четверть"
    assert deferred["published_at"]


def test_it_lists_control_works_teachers_holidays_and_recommendations(week: Week) -> None:
    client, child = api(week), week.cast.child.pk
    works = client.get(f"/api/v1/students/{child}/assessments/").json()
    assert works == [
        {"date": "2026-12-04", "slot": 2, "subject": "Алгебра", "kind": "control", "title": "Контрольная работа № 2"}
    ]
    teachers = client.get(f"/api/v1/students/{child}/teachers/").json()
    assert teachers[0] == {"subject": "", "group": "", "teachers": ["Петрова Анна Сергеевна"], "homeroom": True}
    assert {(t["subject"], t["group"]) for t in teachers[1:]} == {("Алгебра", ""), ("Английский язык", "1 группа")}
    holidays = client.get(f"/api/v1/students/{child}/holidays/").json()
    assert [h["name"] for h in holidays] == ["Зимние каникулы"]  # grade 7: no grade-1 holidays
    recommendations = client.get(f"/api/v1/students/{child}/recommendations/").json()
    assert [r["text"] for r in recommendations] == ["Повторить формулы сокращённого умножения"]
    assert recommendations[0]["subject"] == "Алгебра"


def test_it_shows_what_a_teacher_just_saved(week: Week) -> None:
    """R1: no batch delay — the next request sees the new mark."""
    client = api(week)
    services.mark_set(user=week.cast.teacher, lesson=week.moved, student=week.cast.child, value="4")
    thursday = client.get(f"/api/v1/students/{week.cast.child.pk}/diary/?week=2026-W49").json()["days"][3]
    assert [m["value"] for m in thursday["lessons"][0]["marks"]] == ["4"]


def test_it_renders_the_pages_in_russian(week: Week, client_for: Any) -> None:
    client, child = client_for("guardian"), week.cast.child.pk
    diary = client.get(f"/cabinet/{child}/?week=2026-W49").content.decode()
    for text in (
        "Линейные уравнения",
        "Замена: Петрова А. С.",
        "Отменён",
        "Перенесён с 2 декабря",
        "Контрольная работа № 2",
        "задание.pdf",
        "Present Simple",
    ):
        assert text in diary, text
    assert "Past Simple" not in diary
    marks = client.get(f"/cabinet/{child}/marks/").content.decode()
    assert "4,33" in marks
    assert "<svg" in marks
    assert "изменена с 2 на 3" in marks
    finals = client.get(f"/cabinet/{child}/final-marks/").content.decode()
    assert "Отложена до 20 ноября 2026" in finals


def add_bulk(week: Week, lessons: int) -> None:
    """More lessons and marks in the same week and period: the query counts must not move."""
    for n in range(lessons):
        extra = Lesson.objects.create(
            course=week.cast.course,
            date=MONDAY + dt.timedelta(days=n % 5),
            bell=week.bells[4 + n % 2],
            topic=f"Тема {n}",
            homework="упр.",
        )
        Mark.objects.create(lesson=extra, student=week.cast.child, value="4", work_type=week.answer, weight=Decimal(1))


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


PINNED = {
    # One for the user and the student together (the access check), then the data itself.
    "diary/?week=2026-W49": 6,
    "marks/": 5,
    "final-marks/": 2,
    "assessments/": 3,
    "teachers/": 3,
    "holidays/": 2,
    "recommendations/": 2,
}


@pytest.mark.parametrize(("endpoint", "queries"), PINNED.items())
def test_it_pins_the_query_count_of_each_endpoint(week: Week, endpoint: str, queries: int) -> None:
    client = APIClient()
    client.force_authenticate(week.cast.guardian)
    url = f"/api/v1/students/{week.cast.child.pk}/{endpoint}"
    assert count_queries(client, url) == queries
    add_bulk(week, 10)
    assert count_queries(client, url) == queries
    assert queries <= 10


@pytest.mark.parametrize(
    "page", ["?week=2026-W49", "marks/", "final-marks/", "assessments/", "teachers/", "holidays/", "recommendations/"]
)
def test_it_keeps_every_page_within_ten_queries(week: Week, client_for: Any, page: str) -> None:
    client = client_for("guardian")
    url = f"/cabinet/{week.cast.child.pk}/{page}"
    before = count_queries(client, url)
    add_bulk(week, 10)
    assert count_queries(client, url) == before <= 10


def test_it_counts_no_lessons_of_a_week_before_enrollment(week: Week) -> None:
    # The child joined 7А on 1 September: a lesson in August is not theirs.
    Lesson.objects.create(course=week.cast.course, date=dt.date(2026, 8, 31), bell=week.bells[0])
    body = api(week).get(f"/api/v1/students/{week.cast.child.pk}/diary/?week=2026-W36").json()
    assert body["days"][0]["lessons"] == []
