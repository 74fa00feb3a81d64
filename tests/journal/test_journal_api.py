"""The journal API of issue 3 §7: every endpoint, its status codes and shapes, and pinned query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from journal import services
from journal.models import Lesson, Mark
from tests import factories as f
from tests.journal.conftest import TODAY, JournalWorld, make_lesson

MARK_KEYS = {"id", "lesson", "student", "value", "work_type", "weight", "comment", "version"}
LESSON_KEYS = {"id", "date", "slot", "status", "topic", "lesson_type", "homework", "teacher", "substitute"}


def test_it_lists_the_courses_the_user_may_see(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    body = client_for("teacher").get("/api/v1/courses/").json()
    assert [row["id"] for row in body] == [c.course.id]
    assert body[0]["can_write"] is True
    homeroom = client_for("homeroom_teacher").get("/api/v1/courses/").json()
    assert [(row["id"], row["can_write"]) for row in homeroom] == [(c.course.id, False)]
    assert {row["id"] for row in client_for("admin").get("/api/v1/courses/").json()} == {c.course.id, c.other_course.id}
    assert client_for("guardian").get("/api/v1/courses/").json() == []


def test_it_lists_a_courses_lessons_with_their_students(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    response = client_for("teacher").get(f"/api/v1/courses/{c.course.id}/lessons/?from=2026-11-01&to=2026-12-03")
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body] == [world.old_lesson.id, world.lesson.id]
    assert set(body[0]) >= LESSON_KEYS
    assert body[1]["slot"] == 2
    assert sorted(body[1]["students"]) == sorted([c.child.id, c.unconsented_child.id])
    assert client_for("teacher").get(f"/api/v1/courses/{c.course.id}/lessons/?from=bad").status_code == 400
    students = client_for("teacher").get(f"/api/v1/courses/{c.course.id}/students/").json()
    assert {s["id"] for s in students} == {c.child.id, c.unconsented_child.id}


def test_it_creates_changes_deletes_and_shows_the_history_of_a_mark(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    client = client_for("teacher")
    response = client.post(
        "/api/v1/marks/",
        {"lesson": world.lesson.id, "student": c.child.id, "value": "5", "work_type": world.test.id, "comment": ""},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == MARK_KEYS
    assert (body["value"], body["weight"], body["version"], body["work_type"]) == ("5", "2.0", 1, world.test.id)
    url = f"/api/v1/marks/{body['id']}/"
    changed = client.patch(url, {"value": "4", "version": 1}, content_type="application/json")
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    stale = client.patch(url, {"value": "3", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["value"] == "4"
    assert client.delete(url).status_code == 204
    assert Mark.objects.get(id=body["id"]).deleted_at is not None
    history = client.get(f"{url}history/").json()
    assert [(row["old"], row["new"]) for row in history] == [("", "5"), ("5", "4"), ("4", "")]
    assert set(history[0]) >= {"at", "by", "old", "new", "reason"}
    assert history[0]["by"] == "teacher"
    # The deleted mark can no longer be changed.
    assert client.patch(url, {"value": "3", "version": 3}, content_type="application/json").status_code == 404


def test_it_refuses_bad_marks_with_clear_messages(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    client = client_for("teacher")

    def post(**data: Any) -> Any:
        payload = {"lesson": world.lesson.id, "student": c.child.id, "value": "5", **data}
        return client.post("/api/v1/marks/", payload, content_type="application/json")

    outside = post(value="7")
    assert outside.status_code == 400
    assert list(outside.json()) == ["value"]
    assert isinstance(outside.json()["value"], list)
    not_enrolled_student = f.StudentFactory.create(school=c.child.school)
    f.EnrollmentFactory.create(
        student=not_enrolled_student, school_class=c.school_class, starts=TODAY + dt.timedelta(1)
    )
    not_enrolled = post(student=not_enrolled_student.id)
    assert not_enrolled.status_code == 400
    assert "student" in not_enrolled.json()
    assert post(student=c.other_child.id).status_code == 404  # a student of another class
    assert post(student=c.outsider_student.id).status_code == 404
    assert post(lesson=world.other_lesson.id).status_code == 404
    assert post(work_type=999999).status_code == 400
    assert post(lesson="x").status_code == 400
    assert post().status_code == 201
    assert post().status_code == 409  # the same cell and work type


def test_it_sets_and_clears_attendance(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    client = client_for("teacher")
    url = f"/api/v1/lessons/{world.lesson.id}/attendance/"
    response = client.put(url, {"student": c.child.id, "code": "н"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"lesson": world.lesson.id, "student": c.child.id, "code": "н"}
    cleared = client.put(url, {"student": c.child.id, "code": None}, content_type="application/json")
    assert cleared.json()["code"] is None
    assert client.put(url, {"student": c.child.id, "code": "zz"}, content_type="application/json").status_code == 400


def test_it_updates_a_lesson(world: JournalWorld, client_for: Any) -> None:
    client = client_for("teacher")
    response = client.patch(
        f"/api/v1/lessons/{world.future_lesson.id}/",
        {"topic": "Уравнения", "lesson_type": "Изучение нового материала", "homework": "§ 7"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= LESSON_KEYS
    assert (body["topic"], body["homework"], body["homework_late"]) == ("Уравнения", "§ 7", False)
    bad = client.patch(f"/api/v1/lessons/{world.lesson.id}/", {"lesson_type": "?"}, content_type="application/json")
    assert bad.status_code == 400
    assert "lesson_type" in bad.json()


def test_it_documents_the_journal_api_in_the_schema(client_for: Any, cast: Any) -> None:
    schema = client_for("teacher").get("/api/schema/").content.decode()
    for path in ("/api/v1/marks/{mark_id}/history/", "/api/v1/lessons/{lesson_id}/attendance/", "/api/v1/courses/"):
        assert path in schema


def _grow(world: JournalWorld, students: int, lessons: int) -> None:
    """Add students to the class and lessons with marks and attendance to the course."""
    c = world.cast
    school = c.child.school
    kids = [f.StudentFactory.create(school=school) for _ in range(students)]
    for kid in kids:
        f.EnrollmentFactory.create(student=kid, school_class=c.school_class)
    start = dt.date(2026, 11, 9)
    for n in range(lessons):
        lesson = make_lesson(c.course, start + dt.timedelta(days=n), world.bells[n % 7])
        for kid in kids[:3]:
            Mark.objects.create(lesson=lesson, student=kid, value="4", work_type=world.answer)
        services.attendance_set(
            user=c.admin, lesson=lesson, student=c.child, code="н"
        ) if lesson.date <= TODAY else None


@pytest.mark.parametrize(("students", "lessons"), [(2, 3), (12, 15)])
def test_it_keeps_the_lessons_api_query_count_fixed(
    world: JournalWorld, client_for: Any, django_assert_num_queries: Any, students: int, lessons: int
) -> None:
    _grow(world, students, lessons)
    client = client_for("teacher")
    url = f"/api/v1/courses/{world.cast.course.id}/lessons/?from=2026-11-01&to=2026-12-30"
    # session, user, the course through the access layer, the first teacher, the lessons, the roll.
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    assert Lesson.objects.filter(course=world.cast.course).count() == lessons + 3
