"""Lessons, homework timing, substitutions, rescheduling, cancellation, control works (§5) and the timetable (§6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from journal import services
from journal.models import Assessment, CurriculumPlanItem, Holiday, Lesson, Staff, TimetableSlot
from tests import factories as f
from tests.journal.conftest import TODAY, JournalWorld, make_lesson


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are matched in English here (the msgids); the pages check the Russian."""
    with translation.override("en"):
        yield


def test_it_updates_topic_type_and_homework_on_time(world: JournalWorld) -> None:
    c = world.cast
    make_lesson(c.course, TODAY, world.bells[5])  # the class's last lesson today ends at 14:45
    lesson = services.lesson_update(
        user=c.teacher, lesson=world.lesson, topic="Дроби", lesson_type="Закрепление", homework="№ 12"
    )
    assert (lesson.topic, lesson.status, lesson.homework) == ("Дроби", "held", "№ 12")
    assert lesson.homework_posted_at is not None
    assert lesson.homework_late is False
    with pytest.raises(ValidationError) as error:
        services.lesson_update(user=c.teacher, lesson=world.lesson, lesson_type="Дискотека")
    assert "lesson_type" in error.value.message_dict


def test_it_flags_homework_posted_after_the_deadline(world: JournalWorld, frozen: Any) -> None:
    c = world.cast
    # The class's last lesson today ends at 10:45 (bell 2); the deadline is 11:45 Moscow time; now is 12:00.
    lesson = services.lesson_update(user=c.teacher, lesson=world.lesson, homework="§ 5")
    assert lesson.homework_late is True
    # A later lesson of the class today moves the deadline.
    make_lesson(c.course, TODAY, world.bells[5])
    lesson = services.lesson_update(user=c.teacher, lesson=world.lesson, homework="§ 5, № 3")
    assert lesson.homework_late is False
    # Homework posted in advance is never late.
    future = services.lesson_update(user=c.teacher, lesson=world.future_lesson, homework="§ 6")
    assert future.homework_late is False


def test_it_accepts_homework_files_within_the_limits(world: JournalWorld, settings: Any) -> None:
    c = world.cast
    settings.EDIARY_HOMEWORK_MAX_BYTES = 100
    ok = services.homework_file_add(
        user=c.teacher, lesson=world.lesson, upload=SimpleUploadedFile("task.pdf", b"%PDF-1.4", "application/pdf")
    )
    assert ok.size == 8
    with pytest.raises(ValidationError, match="too large"):
        services.homework_file_add(
            user=c.teacher, lesson=world.lesson, upload=SimpleUploadedFile("big.pdf", b"x" * 101)
        )
    with pytest.raises(ValidationError, match="type"):
        services.homework_file_add(user=c.teacher, lesson=world.lesson, upload=SimpleUploadedFile("virus.exe", b"MZ"))


def test_it_lets_an_administrator_substitute_reschedule_and_cancel(world: JournalWorld) -> None:
    c = world.cast
    substitute = Staff.objects.get(user=c.other_teacher)
    with pytest.raises(PermissionDenied):
        services.lesson_substitute(user=c.teacher, lesson=world.future_lesson, substitute=substitute, reason="x")
    with pytest.raises(ValidationError):
        services.lesson_substitute(user=c.admin, lesson=world.future_lesson, substitute=substitute, reason="")
    lesson = services.lesson_substitute(
        user=c.admin, lesson=world.future_lesson, substitute=substitute, reason="болезнь учителя"
    )
    assert lesson.substitute == substitute
    planned = (lesson.date, lesson.bell)
    moved = services.lesson_reschedule(
        user=c.admin, lesson=lesson, date=TODAY + dt.timedelta(days=8), bell=world.bells[5], reason="экскурсия"
    )
    assert moved.status == "rescheduled"
    assert (moved.planned_date, moved.planned_bell) == planned
    assert (moved.date, moved.bell) == (TODAY + dt.timedelta(days=8), world.bells[5])
    cancelled = services.lesson_cancel(user=c.admin, lesson=moved, reason="карантин")
    assert cancelled.status == "cancelled"


def test_it_lets_a_substitute_write_the_lesson(world: JournalWorld) -> None:
    from journal import access

    c = world.cast
    services.lesson_substitute(
        user=c.admin, lesson=world.lesson, substitute=Staff.objects.get(user=c.other_teacher), reason="курсы"
    )
    assert access.writable_lessons(user=c.other_teacher).filter(id=world.lesson.id).exists()


def test_it_never_cancels_a_lesson_with_marks(world: JournalWorld) -> None:
    c = world.cast
    services.mark_set(user=c.teacher, lesson=world.lesson, student=c.child, value="5")
    with pytest.raises(ValidationError):
        services.lesson_cancel(user=c.admin, lesson=world.lesson)


def _plan(world: JournalWorld, hours_per_week: int, hours_per_year: int) -> None:
    CurriculumPlanItem.objects.create(
        year=world.cast.course.year,
        grade=7,
        subject=world.cast.course.subject,
        hours_per_week=hours_per_week,
        hours_per_year=hours_per_year,
    )


def test_it_schedules_a_control_work_without_warnings(world: JournalWorld) -> None:
    _plan(world, 3, 102)
    c = world.cast
    # Bell 2 of 3 today: neither first nor last.
    make_lesson(c.course, TODAY, world.bells[0])
    make_lesson(c.course, TODAY, world.bells[2])
    result = services.assessment_schedule(user=c.teacher, lesson=world.lesson, title="Контрольная № 2")
    assert result.saved
    assert result.warnings == []


def test_it_takes_the_classs_own_plan_line_over_its_grade_level(world: JournalWorld) -> None:
    """The grade level has 10 hours a year (one control work allowed), the class's own plan 102: no 10 % warning."""
    _plan(world, 3, 10)
    CurriculumPlanItem.objects.create(
        year=world.cast.course.year,
        grade=7,
        school_class=world.cast.school_class,
        subject=world.cast.course.subject,
        hours_per_week=3,
        hours_per_year=102,
    )
    c = world.cast
    Assessment.objects.create(lesson=make_lesson(c.course, TODAY - dt.timedelta(days=30), world.bells[1]), title="№ 1")
    with translation.override("en"):
        warnings = services.assessment_warnings(lesson=world.lesson)
    assert not any("10 %" in w for w in warnings)
    CurriculumPlanItem.objects.filter(school_class__isnull=False).delete()
    with translation.override("en"):
        assert any("10 %" in w for w in services.assessment_warnings(lesson=world.lesson))


def test_it_warns_on_every_rule_of_section_5_and_lets_only_an_administrator_override(world: JournalWorld) -> None:
    _plan(world, 3, 10)  # 10 % of 10 hours = 1 control work
    c = world.cast
    earlier = make_lesson(c.course, TODAY - dt.timedelta(days=10), world.bells[1])
    Assessment.objects.create(lesson=earlier, title="Контрольная № 1")
    # Another control work of the class today (another subject).
    Assessment.objects.create(
        lesson=make_lesson(c.course.__class__.objects.create(
            year=c.course.year, school_class=c.school_class, subject=f.SubjectFactory.create(
                school=c.child.school, name="Физика")
        ), TODAY, world.bells[0]),
        title="Физика",
    )  # fmt: skip
    result = services.assessment_schedule(user=c.teacher, lesson=world.lesson, title="Контрольная № 2")
    assert not result.saved
    text = " ".join(result.warnings)
    assert "one a day" in text
    assert "2.5 weeks" in text
    assert "10 %" in text
    assert "last lesson" in text  # bell 2 is the class's last lesson today
    assert not services.assessment_schedule(
        user=c.teacher, lesson=world.lesson, title="Контрольная № 2", override=True
    ).saved
    forced = services.assessment_schedule(user=c.admin, lesson=world.lesson, title="Контрольная № 2", override=True)
    assert forced.saved
    assert forced.assessment is not None
    assert forced.assessment.overridden_by == c.admin
    assert len(forced.assessment.warnings) == 4


def test_it_allows_the_first_lesson_when_the_subject_has_one_hour_a_week(world: JournalWorld) -> None:
    _plan(world, 1, 34)
    result = services.assessment_schedule(user=world.cast.teacher, lesson=world.lesson, title="Зачёт")
    assert result.saved


def _template(world: JournalWorld) -> None:
    c = world.cast
    for weekday in (1, 3):  # Monday and Wednesday, bell 1
        services.timetable_slot_add(
            user=c.admin, school_class=c.school_class, weekday=weekday, bell=world.bells[0], course=c.course, room="12"
        )


def test_it_generates_lessons_skipping_holidays_including_grade_specific_ones(world: JournalWorld) -> None:
    c = world.cast
    _template(world)
    year = c.course.year
    Holiday.objects.create(year=year, name="Каникулы", starts=dt.date(2026, 11, 9), ends=dt.date(2026, 11, 11))
    Holiday.objects.create(
        year=year, name="Только 1 класс", starts=dt.date(2026, 11, 16), ends=dt.date(2026, 11, 18), grade_max=1
    )
    Lesson.objects.all().delete()
    result = services.timetable_generate(user=c.admin, school_class=c.school_class)
    days = sorted(lesson.date for lesson in result.created)
    # Q2 is 05.11–30.12: Mondays and Wednesdays, without 9 and 11 November (holidays for every grade).
    assert dt.date(2026, 11, 9) not in days
    assert dt.date(2026, 11, 11) not in days
    assert dt.date(2026, 11, 16) in days  # the grade-1 holiday does not apply to 7А
    assert all(day.isoweekday() in (1, 3) for day in days)
    assert days[0] == dt.date(2026, 11, 16)  # 5 November is a Thursday; 9 and 11 November are holidays
    assert len(days) == 14
    assert all(lesson.room == "12" for lesson in result.created)
    # Generating again creates nothing new.
    assert services.timetable_generate(school_class=c.school_class).created == []


def test_it_regenerates_without_losing_or_moving_filled_lessons(world: JournalWorld) -> None:
    c = world.cast
    _template(world)
    Lesson.objects.all().delete()
    lessons = services.timetable_generate(school_class=c.school_class).created
    with_topic, with_homework, with_mark, with_absence, empty = lessons[:5]
    Lesson.objects.filter(id=with_topic.id).update(topic="Тема")
    Lesson.objects.filter(id=with_homework.id).update(homework="§ 1")
    with_mark.date = with_absence.date = TODAY
    from journal.models import Attendance, Mark

    Mark.objects.create(lesson=with_mark, student=c.child, value="5")
    Attendance.objects.create(lesson=with_absence, student=c.child, code="н")
    # The template changes: Monday moves to Tuesday.
    TimetableSlot.objects.filter(weekday=1).update(weekday=2)
    result = services.timetable_generate(user=c.admin, school_class=c.school_class)
    kept = set(Lesson.objects.values_list("id", flat=True))
    assert {with_topic.id, with_homework.id, with_mark.id, with_absence.id} <= kept
    for lesson in (with_topic, with_homework, with_mark, with_absence):
        fresh = Lesson.objects.get(id=lesson.id)
        assert (fresh.date, fresh.bell_id) == (lesson.planned_date, lesson.planned_bell_id)
    if empty.date.isoweekday() == 1:
        assert empty.id not in kept
    assert result.created
    assert all(lesson.date.isoweekday() in (2, 3) for lesson in result.created)
    with pytest.raises(PermissionDenied):
        services.timetable_generate(user=c.teacher, school_class=c.school_class)


def test_it_warns_when_a_day_exceeds_the_daily_limit(world: JournalWorld) -> None:
    c = world.cast
    subjects = [f.SubjectFactory.create(school=c.child.school, name=f"Предмет {n}") for n in range(8)]
    courses = [
        f.CourseFactory.create(school_class=c.school_class, subject=subject, teachers=[]) for subject in subjects
    ]
    warnings: list[str] = []
    for n, course in enumerate(courses[:7]):
        _slot, warnings = services.timetable_slot_add(
            user=c.admin, school_class=c.school_class, weekday=2, bell=world.bells[n], course=course
        )
    assert warnings == []  # 7 lessons are the limit in grade 7
    bell8 = f.BellFactory.create(school=c.child.school, number=8)
    _slot, warnings = services.timetable_slot_add(
        user=c.admin, school_class=c.school_class, weekday=2, bell=bell8, course=courses[7]
    )
    assert any("more than the limit of 7" in w for w in warnings)
    # Grades 2–4: five a day, six once a week.
    c.school_class.grade = 3
    c.school_class.save()
    TimetableSlot.objects.filter(bell__number__gte=7).delete()
    for n, course in enumerate(courses[:6]):
        services.timetable_slot_add(
            user=c.admin, school_class=c.school_class, weekday=4, bell=world.bells[n], course=course
        )
    warnings = services.daily_limit_warnings(school_class=c.school_class)
    assert any("only one day a week" in w for w in warnings)
    assert services.day_limit_warnings(school_class=c.school_class, day=TODAY) == []


def test_it_refuses_two_whole_class_lessons_at_one_bell(world: JournalWorld) -> None:
    c = world.cast
    _template(world)
    other = f.CourseFactory.create(
        school_class=c.school_class, subject=f.SubjectFactory.create(school=c.child.school, name="Химия")
    )
    with pytest.raises(ValidationError):
        services.timetable_slot_add(
            user=c.admin, school_class=c.school_class, weekday=1, bell=world.bells[0], course=other
        )
    with pytest.raises(ValidationError):
        services.timetable_slot_add(
            user=c.admin, school_class=c.school_class, weekday=1, bell=world.bells[1], course=c.other_course
        )


def test_it_warns_when_a_teacher_would_be_in_two_classes_at_once(world: JournalWorld) -> None:
    c = world.cast
    teacher = c.course.teachers.get()
    algebra_8b = f.CourseFactory.create(
        school_class=c.other_class, subject=f.SubjectFactory.create(school=c.child.school, name="Алгебра"),
        teachers=[teacher],
    )  # fmt: skip
    with translation.override("en"):
        _slot, warnings = services.timetable_slot_add(
            user=c.admin, school_class=c.school_class, weekday=3, bell=world.bells[0], course=c.course
        )
        assert not any("already has a lesson" in w for w in warnings)
        _slot, warnings = services.timetable_slot_add(
            user=c.admin, school_class=c.other_class, weekday=3, bell=world.bells[0], course=algebra_8b
        )
        assert any("already has a lesson in 7А" in w for w in warnings)
        # Another bell: no clash.
        _slot, warnings = services.timetable_slot_add(
            user=c.admin, school_class=c.other_class, weekday=3, bell=world.bells[1], course=algebra_8b
        )
        assert not any("already has a lesson" in w for w in warnings)
