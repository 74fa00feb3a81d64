"""Journal pages (issue 3): course list, the grid, a lesson, the class timetable, the control-work calendar and
recommendations. Thin: parse → access layer → service → render. Anything not visible answers 404."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from journal import access, forms, grid, selectors, services
from journal.models import Assessment, HomeworkFile, Lesson, Staff, Subject, TimetableSlot
from journal.services.timetable import WEEKDAY_NAMES


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    user = access.signed_in(request.user)
    courses = (
        access.readable_courses(user=user)
        .select_related("subject", "school_class", "group")
        .order_by("school_class__grade", "school_class__letter", "subject__name", "group__name")
    )
    writable = set(access.writable_courses(user=user).values_list("id", flat=True))
    classes = access.readable_classes(user=user).order_by("grade", "letter")
    return render(
        request,
        "journal/course_list.html",
        {"courses": courses, "writable": writable, "classes": classes},
    )


@login_required
def course_grid(request: HttpRequest, course_id: int) -> HttpResponse:
    user = access.signed_in(request.user)
    course = access.get_or_404(
        access.readable_courses(user=user).select_related("school_class", "subject", "group", "year__school"),
        course_id,
    )
    data = grid.course_grid(course=course, period_id=request.GET.get("period"))
    can_write = access.writable_courses(user=user).filter(id=course.id).exists()
    for row in data.rows:
        row.cells_html = mark_safe(grid.row_cells_html(row, can_write=can_write))  # noqa: S308 — escaped inside.
    school = course.year.school
    return render(
        request,
        "journal/grid.html",
        {
            "grid": data,
            "course": course,
            "can_write": can_write,
            "scale": [*school.mark_scale, *school.mark_symbols],
            "codes": school.attendance_codes,
            # New marks take the chosen work type (and so its weight): a test counts twice in the mean.
            "work_types": sorted(data.work_types, key=lambda w: (not w.is_default, w.weight, w.name))
            if can_write and data.takes_marks
            else [],
        },
    )


def _lesson_queryset(qs: QuerySet[Lesson]) -> QuerySet[Lesson]:
    return qs.select_related(
        "course__school_class", "course__subject", "course__group", "course__year__school", "bell", "planned_bell",
        "substitute",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def lesson_detail(request: HttpRequest, lesson_id: int) -> HttpResponse:
    user = access.signed_in(request.user)
    lesson = access.get_or_404(_lesson_queryset(access.readable_lessons(user=user)), lesson_id)
    school = lesson.course.year.school
    can_write = access.writable_lessons(user=user).filter(id=lesson.id).exists()
    is_admin = access.is_school_admin(user=user, school_id=school.id)
    lesson_form = forms.LessonForm(
        initial={"topic": lesson.topic, "lesson_type": lesson.lesson_type, "homework": lesson.homework}, school=school
    )
    assessment = Assessment.objects.filter(lesson=lesson).first()
    assessment_form = forms.AssessmentForm(
        initial={"kind": assessment.kind, "title": assessment.title} if assessment else None
    )
    warnings: list[str] = []
    if request.method == "POST":
        if not can_write:
            raise Http404
        action = request.POST.get("action", "lesson")
        try:
            if action == "lesson":
                lesson_form = forms.LessonForm(request.POST, request.FILES, school=school)
                if lesson_form.is_valid():
                    data = lesson_form.cleaned_data
                    services.lesson_update(
                        user=user,
                        lesson=lesson,
                        topic=data["topic"],
                        lesson_type=data["lesson_type"],
                        homework=data["homework"],
                    )
                    if data.get("file"):
                        services.homework_file_add(user=user, lesson=lesson, upload=data["file"])
                    messages.success(request, _("The lesson is saved."))
                    return HttpResponseRedirect(request.path)
            elif action == "assessment":
                assessment_form = forms.AssessmentForm(request.POST)
                if assessment_form.is_valid():
                    data = assessment_form.cleaned_data
                    result = services.assessment_schedule(
                        user=user, lesson=lesson, kind=data["kind"], title=data["title"], override=data["override"]
                    )
                    warnings = result.warnings
                    if result.saved:
                        messages.success(request, _("The control work is scheduled."))
                        for warning in warnings:
                            messages.warning(request, warning)
                        return HttpResponseRedirect(request.path)
            elif action == "assessment_remove":
                services.assessment_remove(user=user, lesson=lesson)
                return HttpResponseRedirect(request.path)
            elif action in {"substitute", "reschedule", "cancel"}:
                if not is_admin:
                    raise Http404
                return _admin_action(request, user=user, lesson=lesson, action=action)
        except ValidationError as error:
            _errors(request, error)
    files = list(HomeworkFile.objects.filter(lesson=lesson))
    return render(
        request,
        "journal/lesson.html",
        {
            "lesson": lesson,
            "course": lesson.course,
            "can_write": can_write,
            "is_admin": is_admin,
            "lesson_form": lesson_form,
            "assessment": assessment,
            "assessment_form": assessment_form,
            "warnings": warnings,
            "files": files,
            "substitute_form": forms.SubstituteForm(
                initial={"substitute": lesson.substitute_id, "reason": lesson.substitute_reason}, school=school
            ),
            "reschedule_form": forms.RescheduleForm(
                initial={"date": lesson.date, "bell": lesson.bell_id}, school=school
            ),
            "cancel_form": forms.CancelForm(),
            "max_mb": services.lessons.homework_max_bytes() // (1024 * 1024),
            "file_types": ", ".join(services.lessons.homework_types()),
        },
    )


def _admin_action(request: HttpRequest, *, user: Any, lesson: Lesson, action: str) -> HttpResponse:
    school = lesson.course.year.school
    if action == "substitute":
        form: Any = forms.SubstituteForm(request.POST, school=school)
        if form.is_valid():
            services.lesson_substitute(
                user=user, lesson=lesson, substitute=form.cleaned_data["substitute"], reason=form.cleaned_data["reason"]
            )
    elif action == "reschedule":
        form = forms.RescheduleForm(request.POST, school=school)
        if form.is_valid():
            data = form.cleaned_data
            services.lesson_reschedule(
                user=user, lesson=lesson, date=data["date"], bell=data["bell"], reason=data["reason"]
            )
    else:
        form = forms.CancelForm(request.POST)
        if form.is_valid():
            services.lesson_cancel(user=user, lesson=lesson, reason=form.cleaned_data["reason"])
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("The lesson is saved."))
    return HttpResponseRedirect(request.path)


@login_required
def homework_file(request: HttpRequest, file_id: int) -> FileResponse:
    user = access.signed_in(request.user)
    item = access.get_or_404(
        HomeworkFile.objects.filter(lesson__in=access.readable_lessons(user=user).values("id")), file_id
    )
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
@require_http_methods(["GET", "POST"])
def class_timetable(request: HttpRequest, class_id: int) -> HttpResponse:
    """The class's weekly template; administrators edit it and generate the dated lessons."""
    user = access.signed_in(request.user)
    school_class = access.get_or_404(access.readable_classes(user=user).select_related("school", "year"), class_id)
    is_admin = access.is_school_admin(user=user, school_id=school_class.school_id)
    courses = school_class.courses.select_related("subject", "group", "school_class")
    form = forms.SlotForm(school=school_class.school, courses=courses)
    if request.method == "POST":
        if not is_admin:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "add":
                form = forms.SlotForm(request.POST, school=school_class.school, courses=courses)
                if form.is_valid():
                    _slot, warnings = services.timetable_slot_add(
                        user=user, school_class=school_class, **form.cleaned_data
                    )
                    for warning in warnings:
                        messages.warning(request, warning)
                    return HttpResponseRedirect(request.path)
            elif action == "remove":
                slot = access.get_or_404(
                    TimetableSlot.objects.filter(school_class=school_class), request.POST.get("slot")
                )
                services.timetable_slot_remove(user=user, slot=slot)
                return HttpResponseRedirect(request.path)
            elif action == "generate":
                result = services.timetable_generate(user=user, school_class=school_class)
                messages.success(
                    request,
                    _("Lessons created: %(created)s, removed: %(deleted)s, kept: %(kept)s.")
                    % {"created": len(result.created), "deleted": result.deleted, "kept": result.kept},
                )
                return HttpResponseRedirect(request.path)
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                _errors(request, error)
            else:
                raise Http404 from None
    slots = list(
        TimetableSlot.objects.filter(school_class=school_class).select_related(
            "bell", "course__subject", "course__group"
        )
    )
    bells = sorted({s.bell for s in slots}, key=lambda b: b.number)
    table: dict[tuple[int, int], list[TimetableSlot]] = defaultdict(list)
    for slot in slots:
        table[(slot.bell_id, slot.weekday)].append(slot)
    weekdays = sorted({s.weekday for s in slots} | {1, 2, 3, 4, 5})
    rows = [(bell, [table.get((bell.id, d), []) for d in weekdays]) for bell in bells]
    return render(
        request,
        "journal/timetable.html",
        {
            "school_class": school_class,
            "weekdays": [WEEKDAY_NAMES[d] for d in weekdays],
            "rows": rows,
            "warnings": services.daily_limit_warnings(school_class=school_class),
            "is_admin": is_admin,
            "form": form,
        },
    )


@login_required
def control_works(request: HttpRequest, class_id: int) -> HttpResponse:
    """The class's control works of a period, by date (DOMAIN.md §5: published for families)."""
    user = access.signed_in(request.user)
    school_class = access.get_or_404(access.readable_classes(user=user).select_related("school", "year"), class_id)
    day = selectors.today_in(school=school_class.school)
    periods = list(
        school_class.year.periods.filter(grade_min__lte=school_class.grade, grade_max__gte=school_class.grade)
    )
    period = next((p for p in periods if str(p.id) == request.GET.get("period")), None) or next(
        (p for p in periods if p.starts <= day <= p.ends), periods[0] if periods else None
    )
    assessments = Assessment.objects.filter(lesson__course__school_class=school_class).select_related(
        "lesson__course__subject", "lesson__bell", "lesson__course__group"
    )
    if period is not None:
        assessments = assessments.filter(lesson__date__gte=period.starts, lesson__date__lte=period.ends)
    weeks: dict[Any, list[Assessment]] = defaultdict(list)
    for item in assessments.order_by("lesson__date", "lesson__bell__number"):
        monday = item.lesson.date.toordinal() - item.lesson.date.weekday()
        weeks[monday].append(item)
    return render(
        request,
        "journal/control_works.html",
        {
            "school_class": school_class,
            "periods": periods,
            "period": period,
            "weeks": [(items[0].lesson.date, items) for _monday, items in sorted(weeks.items())],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendations(request: HttpRequest) -> HttpResponse:
    user = access.signed_in(request.user)
    staff = Staff.objects.filter(user=user, is_teacher=True).select_related("school").first()
    if staff is None:
        raise Http404
    students = access.readable_students(user=user).filter(school=staff.school).order_by("last_name", "first_name")
    subjects = Subject.objects.filter(school=staff.school)
    form = forms.RecommendationForm(
        request.POST or None, students=students, subjects=subjects, initial={"student": request.GET.get("student")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_create(teacher=staff, **form.cleaned_data)
            messages.success(request, _("The recommendation is saved."))
            return HttpResponseRedirect(reverse("journal:recommendations"))
        except ValidationError as error:
            _errors(request, error)
    written = staff.recommendations.select_related("student", "subject")[:50]
    return render(request, "journal/recommendations.html", {"form": form, "written": written})
