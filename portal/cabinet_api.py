"""The cabinet's API for families' apps and the diary service (R11): the same selectors as the pages.

Every endpoint opens the student through ``portal.cabinet.open_student``: a stranger's child is 404, the user's
own child without consent is 403 with an explanation.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from journal import access
from journal.selectors import today_in
from portal import diary
from portal.cabinet import open_student


class StudentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    class_name = serializers.CharField()


class MarkSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    value = serializers.CharField()
    work_type = serializers.CharField()
    weight = serializers.FloatField()
    comment = serializers.CharField()


class FileSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, entry: diary.FileEntry) -> str:
        return f"/cabinet/{self.context['student_id']}/files/{entry.id}/"


class HomeworkSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    files = FileSerializer(many=True)
    posted_at = serializers.DateTimeField(allow_null=True)


class AssessmentBriefSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    title = serializers.CharField()


class LessonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    slot = serializers.IntegerField(allow_null=True)
    starts = serializers.TimeField(allow_null=True, format="%H:%M")
    ends = serializers.TimeField(allow_null=True, format="%H:%M")
    subject = serializers.CharField()
    teacher = serializers.CharField()
    substitute = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["planned", "held", "cancelled", "rescheduled"])
    planned_date = serializers.DateField(allow_null=True)
    topic = serializers.CharField()
    homework = HomeworkSerializer(allow_null=True)
    marks = MarkSerializer(many=True)
    attendance = serializers.CharField(allow_null=True)
    assessment = serializers.SerializerMethodField()

    def get_assessment(self, entry: diary.LessonEntry) -> dict[str, str] | None:
        return {"kind": entry.assessment[0], "title": entry.assessment[1]} if entry.assessment else None


class DaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    holiday = serializers.CharField(allow_null=True)
    lessons = LessonSerializer(many=True)


class DiarySerializer(serializers.Serializer[Any]):
    student = StudentSerializer()
    week = serializers.CharField()
    days = DaySerializer(many=True)


class PeriodSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts = serializers.DateField()
    ends = serializers.DateField()


class DatedMarkSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    value = serializers.CharField()
    work_type = serializers.CharField()
    weight = serializers.FloatField()


class ForecastSerializer(serializers.Serializer[Any]):
    mark = serializers.IntegerField()
    explanation = serializers.CharField()
    confidence = serializers.CharField()
    to_next = serializers.FloatField(allow_null=True)
    margin = serializers.FloatField(allow_null=True)
    top_marks_for_next = serializers.IntegerField(allow_null=True)
    low_mark_drops_to = serializers.IntegerField(allow_null=True)


class SubjectMarksSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField()
    course = serializers.IntegerField(source="course_id")
    marks = DatedMarkSerializer(many=True)
    average = serializers.FloatField(allow_null=True)
    forecast = ForecastSerializer(allow_null=True)


class MarksSerializer(serializers.Serializer[Any]):
    period = PeriodSerializer()
    subjects = SubjectMarksSerializer(many=True)


class FinalMarkSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField(source="course.subject.name")
    kind = serializers.CharField()
    period = serializers.SerializerMethodField()
    value = serializers.CharField()
    deferred_until = serializers.DateField(allow_null=True)
    reason = serializers.CharField(source="deferral_reason")
    published_at = serializers.DateTimeField()

    def get_period(self, mark: Any) -> dict[str, Any] | None:
        return PeriodSerializer(mark.period).data if mark.period else None


class AssessmentSerializer(serializers.Serializer[Any]):
    date = serializers.DateField(source="lesson.date")
    slot = serializers.IntegerField(source="lesson.bell.number", allow_null=True, default=None)
    subject = serializers.CharField(source="lesson.course.subject.name")
    kind = serializers.CharField()
    title = serializers.CharField()


class TeacherSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField()
    group = serializers.CharField()
    teachers = serializers.ListField(child=serializers.CharField())
    homeroom = serializers.BooleanField()


class HolidaySerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    starts = serializers.DateField()
    ends = serializers.DateField()


class RecommendationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    teacher = serializers.CharField(source="teacher.full_name")
    subject = serializers.CharField(source="subject.name", allow_null=True, default=None)
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


def student_payload(card: diary.StudentCard) -> dict[str, Any]:
    return {"id": card.id, "full_name": card.full_name, "class_name": card.class_name}


class CabinetView(APIView):
    """Opens the student of the URL for the requesting user (403 without consent, 404 for strangers)."""

    def card(self, request: Request, student_id: int) -> diary.StudentCard:
        card, _cards = open_student(user=access.signed_in(request.user), student_id=student_id)
        return card


WEEK = OpenApiParameter("week", OpenApiTypes.STR, description="ISO week such as 2026-W49; the current week if empty")
PERIOD = OpenApiParameter("period", OpenApiTypes.STR, description="a period id or «current» (the default)")


class DiaryView(CabinetView):
    @extend_schema(parameters=[WEEK], responses=DiarySerializer)
    def get(self, request: Request, student_id: int) -> Response:
        card = self.card(request, student_id)
        try:
            monday = diary.parse_week(request.query_params.get("week"), today=today_in(school=card.school))
        except diary.BadWeekError:
            raise serializers.ValidationError(
                {"week": [_("The week must look like 2026-W49 (year, W and the week number).")]}
            ) from None
        week = diary.week_diary(card=card, monday=monday)
        payload = {"student": student_payload(card), "week": week.week, "days": week.days}
        return Response(DiarySerializer(payload, context={"student_id": card.id}).data)


def period_of(card: diary.StudentCard, wanted: str | None) -> Any:
    period = diary.pick_period(diary.periods_for(card=card), wanted=wanted, today=today_in(school=card.school))
    if period is None:
        raise Http404
    return period


class MarksView(CabinetView):
    @extend_schema(parameters=[PERIOD], responses=MarksSerializer)
    def get(self, request: Request, student_id: int) -> Response:
        card = self.card(request, student_id)
        period = period_of(card, request.query_params.get("period"))
        payload = {"period": period, "subjects": diary.marks_by_subject(card=card, period=period)}
        return Response(MarksSerializer(payload).data)


class FinalMarksView(CabinetView):
    @extend_schema(responses=FinalMarkSerializer(many=True))
    def get(self, request: Request, student_id: int) -> Response:
        card = self.card(request, student_id)
        return Response(FinalMarkSerializer(diary.final_marks(card=card), many=True).data)


class AssessmentsView(CabinetView):
    @extend_schema(parameters=[PERIOD], responses=AssessmentSerializer(many=True))
    def get(self, request: Request, student_id: int) -> Response:
        card = self.card(request, student_id)
        period = period_of(card, request.query_params.get("period"))
        return Response(AssessmentSerializer(diary.assessments(card=card, period=period), many=True).data)


class TeachersView(CabinetView):
    @extend_schema(responses=TeacherSerializer(many=True))
    def get(self, request: Request, student_id: int) -> Response:
        return Response(TeacherSerializer(diary.teachers(card=self.card(request, student_id)), many=True).data)


class HolidaysView(CabinetView):
    @extend_schema(responses=HolidaySerializer(many=True))
    def get(self, request: Request, student_id: int) -> Response:
        return Response(HolidaySerializer(diary.holidays_of_year(card=self.card(request, student_id)), many=True).data)


class RecommendationsView(CabinetView):
    @extend_schema(responses=RecommendationSerializer(many=True))
    def get(self, request: Request, student_id: int) -> Response:
        items = diary.recommendations(card=self.card(request, student_id))
        return Response(RecommendationSerializer(items, many=True).data)
