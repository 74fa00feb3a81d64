"""Marks and attendance services: the scale, grade 1, enrollment, the edit window, conflicts and history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from journal import services
from journal.models import Attendance, AttendanceHistory, Mark, MarkHistory, Recommendation, Staff
from tests import factories as f
from tests.journal.conftest import TODAY, JournalWorld, make_lesson


def test_it_sets_a_mark_with_the_work_types_weight_and_history(world: JournalWorld) -> None:
    c = world.cast
    mark = services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="5", work_type=world.test)
    assert (mark.value, mark.weight, mark.version, mark.author) == ("5", 2, 1, c.teacher)
    default = services.mark_set(user=c.teacher, lesson=world.lesson, student=c.unconsented_child, value="4")
    assert default.work_type == world.answer
    [row] = MarkHistory.objects.filter(mark=mark)
    assert (row.action, row.old, row.new, row.by) == ("create", "", "5", c.teacher)


@pytest.mark.parametrize("value", ["6", "1", "", "five", "н"])
def test_it_refuses_values_outside_the_scale(world: JournalWorld, value: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.mark_set(user=world.cast.teacher, lesson=world.lesson, student=world.cast.child, value=value)
    assert "value" in error.value.message_dict
    assert not Mark.objects.exists()


def test_it_accepts_pass_fail_symbols_of_the_school(world: JournalWorld) -> None:
    mark = services.mark_set(user=world.cast.teacher, lesson=world.lesson, student=world.cast.child, value="зач")
    assert mark.value == "зач"


def test_it_gives_grade_one_no_marks_but_attendance(world: JournalWorld) -> None:
    c = world.cast
    c.school_class.grade = 1
    c.school_class.save()
    with pytest.raises(ValidationError, match="Grade 1"):
        services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="5")
    assert services.attendance_set(user=c.teacher, lesson=world.lesson, student=c.child, code="б") is not None


def test_it_marks_only_students_enrolled_on_the_lessons_date(world: JournalWorld) -> None:
    c = world.cast
    with pytest.raises(ValidationError) as error:
        services.mark_set(user=c.teacher, lesson=world.lesson, student=c.other_child, value="5")
    assert "student" in error.value.message_dict
    # A student who left the class before the lesson, and one who joined after it.
    left = f.StudentFactory.create(school=c.child.school)
    f.EnrollmentFactory.create(student=left, school_class=c.school_class, ends=TODAY - dt.timedelta(days=1))
    joined = f.StudentFactory.create(school=c.child.school)
    f.EnrollmentFactory.create(student=joined, school_class=c.school_class, starts=TODAY + dt.timedelta(days=1))
    for student in (left, joined):
        with pytest.raises(ValidationError):
            services.mark_set(user=c.teacher, lesson=world.lesson, student=student, value="5")


def test_it_marks_a_group_course_only_for_the_groups_students(world: JournalWorld) -> None:
    c = world.cast
    group = c.school_class.groups.create(name="1 группа")
    group.students.add(c.child)
    course = f.CourseFactory.create(
        school_class=c.school_class,
        group=group,
        subject=f.SubjectFactory.create(school=c.child.school, name="Информатика"),
        teachers=[Staff.objects.get(user=c.teacher)],
    )
    lesson = make_lesson(course, TODAY, world.bells[4])
    services.mark_set(user=c.teacher, lesson=lesson, student=c.child, value="4")
    with pytest.raises(ValidationError):
        services.mark_set(user=c.teacher, lesson=lesson, student=c.unconsented_child, value="4")


def test_it_keeps_the_edit_window_for_teachers_but_not_for_administrators(world: JournalWorld) -> None:
    c = world.cast
    with pytest.raises(ValidationError, match="older than 7 days"):
        services.mark_set(user=c.teacher, lesson=world.old_lesson, student=c.child, value="5")
    mark = services.mark_set(user=c.admin, lesson=world.old_lesson, student=c.child, value="5")
    with pytest.raises(ValidationError):
        services.mark_change(user=c.teacher, mark=mark, value="4", version=1)
    assert services.mark_change(user=c.admin, mark=mark, value="4", version=1, reason="ошибка").value == "4"
    # The window is a school setting.
    school = c.child.school
    school.edit_window_days = 30
    school.save()
    world.old_lesson.course.year.school.edit_window_days = 30
    services.mark_set(user=c.teacher, lesson=world.old_lesson, student=c.unconsented_child, value="3")


def test_it_refuses_marks_on_future_and_cancelled_lessons(world: JournalWorld) -> None:
    c = world.cast
    with pytest.raises(ValidationError):
        services.mark_set(user=c.teacher, lesson=world.future_lesson, student=c.child, value="5")
    world.lesson.status = "cancelled"
    world.lesson.save()
    with pytest.raises(ValidationError):
        services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="5")


def test_it_refuses_a_stale_version_and_keeps_the_current_value(world: JournalWorld) -> None:
    c = world.cast
    mark = services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="5")
    first = services.mark_change(user=c.teacher, mark=mark, value="4", version=1)
    assert first.version == 2
    with pytest.raises(services.Conflict) as conflict:
        services.mark_change(user=c.admin, mark=mark, value="3", version=1)
    assert conflict.value.current["value"] == "4"
    assert conflict.value.current["version"] == 2
    mark.refresh_from_db()
    assert (mark.value, mark.version) == ("4", 2)


def test_it_reports_a_conflict_when_the_cell_was_filled_meanwhile(world: JournalWorld) -> None:
    c = world.cast
    services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="5")
    with pytest.raises(services.Conflict) as conflict:
        services.mark_set(user=c.admin, lesson=world.lesson, student=c.child, value="3")
    assert conflict.value.current["value"] == "5"


def test_it_allows_two_marks_in_a_cell_only_in_russian_and_literature(world: JournalWorld) -> None:
    c = world.cast
    services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="5", work_type=world.answer)
    with pytest.raises(ValidationError, match="Russian"):
        services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="4", work_type=world.test)
    subject = c.course.subject
    subject.name = "Русский язык"
    subject.save()
    services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="4", work_type=world.test)
    assert Mark.objects.filter(lesson=world.lesson, student=c.child).count() == 2


def test_it_deletes_a_mark_but_keeps_it_in_the_history(world: JournalWorld) -> None:
    c = world.cast
    mark = services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="5")
    services.mark_delete(user=c.teacher, mark=mark, version=1, reason="не тот ученик")
    mark.refresh_from_db()
    assert mark.deleted_at is not None
    assert list(MarkHistory.objects.filter(mark=mark).values_list("action", "old", "new", "reason")) == [
        ("create", "", "5", ""),
        ("delete", "5", "", "не тот ученик"),
    ]
    # The cell is free again.
    services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="4")


def test_it_sets_changes_and_clears_attendance_with_history(world: JournalWorld) -> None:
    c = world.cast
    services.attendance_set(user=c.teacher, lesson=world.lesson, student=c.child, code="н")
    services.attendance_set(user=c.teacher, lesson=world.lesson, student=c.child, code="уп", reason="справка")
    services.attendance_set(user=c.teacher, lesson=world.lesson, student=c.child, code="уп")  # no change
    assert services.attendance_set(user=c.teacher, lesson=world.lesson, student=c.child, code=None) is None
    assert not Attendance.objects.exists()
    assert list(AttendanceHistory.objects.values_list("old", "new", "reason")) == [
        ("", "н", ""),
        ("н", "уп", "справка"),
        ("уп", "", ""),
    ]
    with pytest.raises(ValidationError) as error:
        services.attendance_set(user=c.teacher, lesson=world.lesson, student=c.child, code="x")
    assert "code" in error.value.message_dict


def test_it_writes_a_recommendation(world: JournalWorld) -> None:
    c = world.cast
    teacher = Staff.objects.get(user=c.teacher)
    rec = services.recommendation_create(
        teacher=teacher, student=c.child, subject=c.course.subject, text="Повторить дроби"
    )
    assert Recommendation.objects.get() == rec
    with pytest.raises(ValidationError):
        services.recommendation_create(teacher=teacher, student=c.child, text="  ")
    with pytest.raises(ValidationError):
        services.recommendation_create(teacher=teacher, student=c.outsider_student, text="Нет")
