"""The personal cabinet for guardians and students (R1, R4, R6): thin views over portal.diary."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from journal import access
from journal.grading import numeric_value
from journal.models import Period
from journal.selectors import today_in
from portal import diary
from portal.cabinet import ConsentRequired, open_student
from portal.charts import trend_svg

View = Callable[..., HttpResponseBase]


def cabinet_page(view: View) -> View:
    """Signed in, and the student opened through the access layer: 404 for strangers, 403 page without consent."""

    @login_required
    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, student_id: int, **kwargs: Any) -> HttpResponseBase:
        user = access.signed_in(request.user)
        try:
            card, cards = open_student(user=user, student_id=student_id)
        except ConsentRequired as refusal:
            return render(request, "portal/cabinet/consent_needed.html", {"message": refusal.detail}, status=403)
        return view(request, card=card, cards=cards, **kwargs)

    return wrapper


def context(card: diary.StudentCard, cards: list[diary.StudentCard], section: str, **extra: Any) -> dict[str, Any]:
    return {"card": card, "cards": cards, "section": section, "section_url": f"cabinet:{section}", **extra}


def chosen_period(request: HttpRequest, card: diary.StudentCard) -> tuple[list[Period], Period | None]:
    """The periods of the student's year and the one asked for (?period=id), else the current one; 404 if unknown."""
    periods = diary.periods_for(card=card)
    period = diary.pick_period(periods, wanted=request.GET.get("period"), today=today_in(school=card.school))
    if request.GET.get("period") and period is None:
        raise Http404
    return periods, period


@login_required
def cabinet_home(request: HttpRequest) -> HttpResponse:
    user = access.signed_in(request.user)
    cards = diary.family_cards(user=user)
    if cards:
        return redirect("cabinet:diary", student_id=cards[0].id)
    if access.linked_students(user=user).exists():
        return render(request, "portal/cabinet/consent_needed.html", {"message": ConsentRequired().detail}, status=403)
    raise Http404


@cabinet_page
def diary_page(request: HttpRequest, *, card: diary.StudentCard, cards: list[diary.StudentCard]) -> HttpResponse:
    today = today_in(school=card.school)
    try:
        monday = diary.parse_week(request.GET.get("week"), today=today)
    except diary.BadWeekError:
        return render(request, "portal/cabinet/bad_week.html", context(card, cards, "diary"), status=400)
    week = diary.week_diary(card=card, monday=monday)
    return render(request, "portal/cabinet/diary.html", context(card, cards, "diary", diary=week, today=today))


@cabinet_page
def marks_page(request: HttpRequest, *, card: diary.StudentCard, cards: list[diary.StudentCard]) -> HttpResponse:
    periods, period = chosen_period(request, card)
    subjects = diary.marks_by_subject(card=card, period=period) if period else []
    charts = {
        s.course_id: trend_svg(
            [(m.date, n, m.weight) for m in s.marks if (n := numeric_value(m.value)) is not None],
            starts=period.starts,
            ends=period.ends,
            title=s.subject,
        )
        for s in subjects
        if period and any(numeric_value(m.value) is not None for m in s.marks)
    }
    return render(
        request,
        "portal/cabinet/marks.html",
        context(card, cards, "marks", periods=periods, period=period, subjects=subjects, charts=charts),
    )


@cabinet_page
def final_marks_page(request: HttpRequest, *, card: diary.StudentCard, cards: list[diary.StudentCard]) -> HttpResponse:
    return render(
        request,
        "portal/cabinet/final_marks.html",
        context(card, cards, "final_marks", marks=diary.final_marks(card=card)),
    )


@cabinet_page
def assessments_page(request: HttpRequest, *, card: diary.StudentCard, cards: list[diary.StudentCard]) -> HttpResponse:
    periods, period = chosen_period(request, card)
    items = diary.assessments(card=card, period=period) if period else []
    return render(
        request,
        "portal/cabinet/assessments.html",
        context(card, cards, "assessments", periods=periods, period=period, items=items),
    )


@cabinet_page
def teachers_page(request: HttpRequest, *, card: diary.StudentCard, cards: list[diary.StudentCard]) -> HttpResponse:
    return render(
        request, "portal/cabinet/teachers.html", context(card, cards, "teachers", rows=diary.teachers(card=card))
    )


@cabinet_page
def holidays_page(request: HttpRequest, *, card: diary.StudentCard, cards: list[diary.StudentCard]) -> HttpResponse:
    return render(
        request,
        "portal/cabinet/holidays.html",
        context(card, cards, "holidays", holidays=diary.holidays_of_year(card=card)),
    )


@cabinet_page
def recommendations_page(
    request: HttpRequest, *, card: diary.StudentCard, cards: list[diary.StudentCard]
) -> HttpResponse:
    return render(
        request,
        "portal/cabinet/recommendations.html",
        context(card, cards, "recommendations", items=diary.recommendations(card=card)),
    )


@cabinet_page
def homework_file(
    request: HttpRequest, *, card: diary.StudentCard, cards: list[diary.StudentCard], file_id: int
) -> HttpResponseBase:
    """Homework files are served only through this check, never as public media."""
    found = diary.homework_file(card=card, file_id=file_id)
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=False, filename=found.name)
