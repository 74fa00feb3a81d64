"""Demo data the cabinet shows beyond the journal: published period marks of finished periods and recommendations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from journal.demo import DemoSchool
from journal.forecast import Thresholds
from journal.grading import mean_of, numeric_value
from journal.models import FinalMark, Mark, Period, Recommendation

RECOMMENDATIONS = [
    "Повторить правила правописания приставок, выполнить упражнения из рабочей тетради.",
    "Обратить внимание на оформление решений задач: записывать краткое условие и ответ.",
    "Рекомендую дополнительно прочитать параграф и ответить на вопросы в конце.",
    "Хорошая работа на уроке! Стоит подготовить доклад к следующей теме.",
    "Нужно пересдать самостоятельную работу: консультация во вторник после 6 урока.",
]


def seed_cabinet(demo: DemoSchool, progress: Callable[[str], None]) -> None:
    """Period marks for every period already over (computed from the journal, published the next day)."""
    school, rng = demo.school, demo.rng
    thresholds = Thresholds(five=school.threshold_5, four=school.threshold_4, three=school.threshold_3)
    finished = list(Period.objects.filter(year=demo.year, ends__lt=demo.today))
    rows: list[FinalMark] = []
    for period in finished:
        marks: dict[tuple[int, int], list[tuple[Decimal, Decimal]]] = {}
        for student_id, course_id, value, weight in Mark.objects.filter(
            lesson__course__year=demo.year,
            lesson__date__range=(period.starts, period.ends),
            deleted_at__isnull=True,
            lesson__course__school_class__grade__gte=period.grade_min,
            lesson__course__school_class__grade__lte=period.grade_max,
        ).values_list("student_id", "lesson__course_id", "value", "weight"):
            number = numeric_value(value)
            if number is not None:
                marks.setdefault((student_id, course_id), []).append((Decimal(number), weight))
        published = timezone.make_aware(dt.datetime.combine(period.ends + dt.timedelta(days=1), dt.time(18)))
        for (student_id, course_id), pairs in sorted(marks.items()):
            mean = mean_of(pairs)
            if mean is None:
                continue
            suggested = str(thresholds.mark_for(mean))
            deferred = len(pairs) < 3 and rng.random() < 0.3
            rows.append(
                FinalMark(
                    student_id=student_id,
                    course_id=course_id,
                    kind=FinalMark.Kind.PERIOD,
                    period=period,
                    value="н/а" if deferred else suggested,
                    suggested_value=suggested,
                    deferred_until=period.ends + dt.timedelta(days=28) if deferred else None,
                    deferral_reason="болезнь (справка)" if deferred else "",
                    published_at=published,
                )
            )
    FinalMark.objects.bulk_create(rows, batch_size=2000)
    teachers = {t.id: t for t in demo.teachers}
    recommendations = []
    for course in rng.sample(demo.courses, k=min(len(demo.courses), max(4, len(demo.courses) // 10))):
        teacher_ids = [t.id for t in course.teachers.all()]
        students = [s for s in demo.students if demo.enrollment_of[s.id].id == course.school_class_id]
        if not teacher_ids or not students:
            continue
        for student in rng.sample(students, k=min(3, len(students))):
            recommendations.append(
                Recommendation(
                    teacher=teachers[teacher_ids[0]],
                    student=student,
                    subject=course.subject,
                    text=rng.choice(RECOMMENDATIONS),
                )
            )
    Recommendation.objects.bulk_create(recommendations)
    progress(f"{school.short_name}: {len(rows)} period marks, {len(recommendations)} recommendations")
