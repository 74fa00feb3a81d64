"""The access matrix of the journal over the whole cast: who may read and write each endpoint (and page)."""

from __future__ import annotations

from typing import Any

import pytest

from journal import services
from tests.conftest import CAST_NAMES
from tests.journal.conftest import JournalWorld

WRITERS = {"teacher", "admin"}
READERS = {"teacher", "admin", "homeroom_teacher"}


def _calls(world: JournalWorld) -> dict[str, tuple[str, str, dict[str, Any]]]:
    c = world.cast
    mark = services.mark_set(user=c.teacher, lesson=world.lesson, student=c.unconsented_child, value="4")
    return {
        "create mark": (
            "post",
            "/api/v1/marks/",
            {"lesson": world.lesson.id, "student": c.child.id, "value": "5"},
        ),
        "change mark": ("patch", f"/api/v1/marks/{mark.id}/", {"value": "3", "version": 1}),
        "attendance": ("put", f"/api/v1/lessons/{world.lesson.id}/attendance/", {"student": c.child.id, "code": "н"}),
        "lesson": ("patch", f"/api/v1/lessons/{world.lesson.id}/", {"topic": "Тема"}),
        "delete mark": ("delete", f"/api/v1/marks/{mark.id}/", {}),
    }


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_lets_only_the_courses_teacher_and_the_administrator_write(
    world: JournalWorld, client_for: Any, who: str
) -> None:
    client = client_for(who)
    for name, (method, url, data) in _calls(world).items():
        response = getattr(client, method)(url, data, content_type="application/json")
        expected = {"post": 201, "delete": 204}.get(method, 200) if who in WRITERS else 404
        assert response.status_code == expected, (who, name, response.content)


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_lets_only_the_courses_readers_read(world: JournalWorld, client_for: Any, who: str) -> None:
    c = world.cast
    mark = services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="4")
    client = client_for(who)
    for url in (
        f"/api/v1/courses/{c.course.id}/lessons/",
        f"/api/v1/courses/{c.course.id}/students/",
        f"/api/v1/marks/{mark.id}/history/",
        f"/journal/course/{c.course.id}/",
        f"/journal/lesson/{world.lesson.id}/",
    ):
        response = client.get(url)
        assert response.status_code == (200 if who in READERS else 404), (who, url)


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_answers_404_for_the_other_class_to_its_non_teachers(world: JournalWorld, client_for: Any, who: str) -> None:
    c = world.cast
    client = client_for(who)
    response = client.put(
        f"/api/v1/lessons/{world.other_lesson.id}/attendance/",
        {"student": c.other_child.id, "code": "б"},
        content_type="application/json",
    )
    assert response.status_code == (200 if who in {"other_teacher", "admin"} else 404), who


def test_it_asks_anonymous_users_to_sign_in(world: JournalWorld, client: Any) -> None:
    assert client.get("/api/v1/courses/").status_code in (401, 403)
    assert client.get(f"/journal/course/{world.cast.course.id}/").status_code == 302
