"""Journal pages: the grid (pinned queries at two sizes), lesson form, timetable, control works, recommendations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from journal import services
from journal.models import Assessment, Lesson, Recommendation, Staff, TimetableSlot
from tests import factories as f
from tests.conftest import CAST_NAMES
from tests.journal.conftest import TODAY, JournalWorld, make_lesson


def test_it_links_the_teachers_courses_from_home(world: JournalWorld, client_for: Any) -> None:
    page = client_for("teacher").get("/").content.decode()
    assert f'href="/journal/course/{world.cast.course.id}/"' in page
    journal = client_for("teacher").get("/journal/").content.decode()
    assert "Алгебра, 7А" in journal


def test_it_shows_the_grid_with_marks_attendance_and_the_weighted_mean(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    earlier = make_lesson(c.course, TODAY - dt.timedelta(days=1), world.bells[0])
    services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="5", work_type=world.test)
    services.mark_set(user=c.teacher, lesson=earlier, student=c.child, value="3", work_type=world.answer)
    services.attendance_set(user=c.teacher, lesson=world.lesson, student=c.unconsented_child, code="н")
    page = client_for("teacher").get(f"/journal/course/{c.course.id}/").content.decode()
    assert "4,33" in page  # Russian decimal comma
    assert 'data-att="н"' in page
    assert 'value="5"' in page
    assert "js/journal.js" in page
    # The period switcher: the first quarter exists only in the cast's second-quarter world when added.
    assert 'name="period"' in page


def test_it_shows_grade_one_without_marks(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    c.school_class.grade = 1
    c.school_class.save()
    page = client_for("teacher").get(f"/journal/course/{c.course.id}/").content.decode()
    assert 'data-takes-marks="0"' in page


def test_it_shows_the_grid_read_only_to_the_homeroom_teacher(world: JournalWorld, client_for: Any) -> None:
    page = client_for("homeroom_teacher").get(f"/journal/course/{world.cast.course.id}/").content.decode()
    assert 'data-can-write="0"' in page
    assert "readonly" in page


def _grow(world: JournalWorld, students: int, lessons: int) -> None:
    c = world.cast
    kids = [f.StudentFactory.create(school=c.child.school) for _ in range(students)]
    for kid in kids:
        f.EnrollmentFactory.create(student=kid, school_class=c.school_class)
    for n in range(lessons):
        lesson = make_lesson(c.course, dt.date(2026, 11, 9) + dt.timedelta(days=n), world.bells[n % 7])
        Assessment.objects.create(lesson=lesson, title="К") if n % 5 == 0 else None
        for kid in kids[::2]:
            services.mark_set(user=c.admin, lesson=lesson, student=kid, value="4")
        services.attendance_set(user=c.admin, lesson=lesson, student=c.child, code="б")


@pytest.mark.parametrize(("students", "lessons"), [(3, 4), (20, 18)])
def test_it_keeps_the_grid_query_count_fixed(
    world: JournalWorld, client_for: Any, django_assert_num_queries: Any, students: int, lessons: int
) -> None:
    _grow(world, students, lessons)
    client = client_for("teacher")
    url = f"/journal/course/{world.cast.course.id}/"
    # session, user, course, periods, lessons, roll, marks, attendance, work types, can-write.
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="cell"') >= (students + 2) * lessons


def test_it_saves_a_lesson_with_homework_and_a_file(world: JournalWorld, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("teacher")
    url = f"/journal/lesson/{world.future_lesson.id}/"
    response = client.post(
        url,
        {
            "action": "lesson",
            "topic": "Квадратные уравнения",
            "lesson_type": "Закрепление",
            "homework": "№ 101",
            "file": SimpleUploadedFile("task.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get(id=world.future_lesson.id)
    assert (lesson.topic, lesson.homework) == ("Квадратные уравнения", "№ 101")
    page = client.get(url).content.decode()
    assert "task.pdf" in page
    file_id = lesson.files.get().id
    assert client.get(f"/journal/file/{file_id}/").status_code == 200
    assert client_for("other_teacher").get(f"/journal/file/{file_id}/").status_code == 404
    # A bad file is refused with a message and nothing else is lost.
    response = client.post(url, {"action": "lesson", "topic": "Т", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 200
    assert "x.exe" not in client.get(url).content.decode()


def test_it_schedules_a_control_work_and_shows_warnings(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    other = make_lesson(c.course, TODAY - dt.timedelta(days=2), world.bells[3])
    Assessment.objects.create(lesson=other, title="Первая")
    url = f"/journal/lesson/{world.lesson.id}/"
    page = client_for("teacher").post(url, {"action": "assessment", "kind": "control", "title": "Вторая"})
    assert page.status_code == 200
    assert "2,5" in page.content.decode() or "2.5" in page.content.decode()
    assert not Assessment.objects.filter(lesson=world.lesson).exists()
    forced = client_for("admin").post(
        url, {"action": "assessment", "kind": "control", "title": "Вторая", "override": "on"}
    )
    assert forced.status_code == 302
    assert Assessment.objects.get(lesson=world.lesson).overridden_by == c.admin
    calendar = client_for("guardian").get(f"/journal/class/{c.school_class.id}/control-works/")
    assert calendar.status_code == 404
    calendar = client_for("homeroom_teacher").get(f"/journal/class/{c.school_class.id}/control-works/")
    assert "Вторая" in calendar.content.decode()


def test_it_lets_only_an_administrator_substitute_reschedule_and_cancel(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    url = f"/journal/lesson/{world.future_lesson.id}/"
    substitute = Staff.objects.get(user=c.other_teacher)
    data = {"action": "substitute", "substitute": substitute.id, "reason": "болезнь"}
    assert client_for("teacher").post(url, data).status_code == 404
    assert client_for("admin").post(url, data).status_code == 302
    new_day = (TODAY + dt.timedelta(days=9)).isoformat()
    assert (
        client_for("admin").post(url, {"action": "reschedule", "date": new_day, "bell": world.bells[4].id}).status_code
        == 302
    )
    assert client_for("admin").post(url, {"action": "cancel", "reason": "карантин"}).status_code == 302
    lesson = Lesson.objects.get(id=world.future_lesson.id)
    assert (lesson.substitute, lesson.status, lesson.date.isoformat()) == (substitute, "cancelled", new_day)


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_opens_the_timetable_editor_only_to_administrators(world: JournalWorld, client_for: Any, who: str) -> None:
    c = world.cast
    url = f"/journal/class/{c.school_class.id}/timetable/"
    data = {"action": "add", "weekday": 1, "bell": world.bells[0].id, "course": c.course.id, "room": "5"}
    response = client_for(who).post(url, data)
    assert response.status_code == (302 if who == "admin" else 404), who
    readers = {"admin", "staff", "teacher", "homeroom_teacher"}  # readable_classes: the office reads the timetable
    assert client_for(who).get(url).status_code == (200 if who in readers else 404), who


def test_it_edits_the_template_and_generates_lessons(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    client = client_for("admin")
    url = f"/journal/class/{c.school_class.id}/timetable/"
    client.post(url, {"action": "add", "weekday": 5, "bell": world.bells[0].id, "course": c.course.id, "room": "5"})
    assert TimetableSlot.objects.count() == 1
    before = Lesson.objects.count()
    client.post(url, {"action": "generate"})
    assert Lesson.objects.count() > before
    page = client.get(url).content.decode()
    assert "Алгебра" in page
    client.post(url, {"action": "remove", "slot": TimetableSlot.objects.get().id})
    assert not TimetableSlot.objects.exists()


@pytest.mark.parametrize("who", CAST_NAMES)
def test_it_lets_teachers_write_recommendations_to_their_students_only(
    world: JournalWorld, client_for: Any, who: str
) -> None:
    c = world.cast
    response = client_for(who).post("/journal/recommendations/", {"student": c.child.id, "text": "Больше читать"})
    teachers_of_child = {"teacher", "homeroom_teacher"}
    if who in teachers_of_child:
        assert response.status_code == 302, who
        assert Recommendation.objects.filter(student=c.child).count() == 1
    elif who in {"other_teacher", "outsider"}:
        assert response.status_code == 200  # the form refuses a student they may not see
        assert not Recommendation.objects.exists()
    else:
        assert response.status_code == 404, who


def test_it_generates_lessons_from_the_django_admin(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    slot = TimetableSlot.objects.create(school_class=c.school_class, weekday=2, bell=world.bells[0], course=c.course)
    client = client_for("admin")
    assert client.get("/admin/journal/timetableslot/").status_code == 200
    before = Lesson.objects.count()
    response = client.post(
        "/admin/journal/timetableslot/", {"action": "generate_lessons", "_selected_action": [slot.id]}
    )
    assert response.status_code == 302
    assert Lesson.objects.count() > before
    assert client_for("outsider").get(f"/admin/journal/timetableslot/{slot.id}/change/").status_code in (302, 404)


def test_it_escapes_names_and_values_in_the_grid(world: JournalWorld, client_for: Any) -> None:
    c = world.cast
    c.child.last_name = '<script>alert("x")</script>'
    c.child.save()
    page = client_for("teacher").get(f"/journal/course/{c.course.id}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
