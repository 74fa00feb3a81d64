"""The journal API (issue 3 §7). Thin views: parse → access layer → service → respond. The shapes are a contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from journal import access, grid, selectors, services
from journal.models import Course, Lesson, Mark, MarkHistory, User, WorkType
from journal.services.marks import mark_payload

# -- serializers (input validation and the documented shapes) -------------------------------------------------


class CourseOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    subject = serializers.CharField()
    school_class = serializers.CharField()
    group = serializers.CharField(allow_null=True)
    teachers = serializers.ListField(child=serializers.IntegerField())
    can_write = serializers.BooleanField()


class LessonOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    date = serializers.DateField()
    slot = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    topic = serializers.CharField()
    lesson_type = serializers.CharField()
    homework = serializers.CharField()
    homework_posted_at = serializers.DateTimeField(allow_null=True)
    homework_late = serializers.BooleanField()
    planned_date = serializers.DateField(allow_null=True)
    planned_slot = serializers.IntegerField(allow_null=True)
    teacher = serializers.IntegerField(allow_null=True)
    substitute = serializers.IntegerField(allow_null=True)
    substitute_reason = serializers.CharField()
    students = serializers.ListField(child=serializers.IntegerField(), required=False)


class StudentOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class MarkIn(serializers.Serializer[Any]):
    lesson = serializers.IntegerField()
    student = serializers.IntegerField()
    value = serializers.CharField(max_length=8, trim_whitespace=True)
    work_type = serializers.IntegerField(required=False, allow_null=True)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MarkPatchIn(serializers.Serializer[Any]):
    value = serializers.CharField(max_length=8)
    version = serializers.IntegerField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True)


class MarkOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    lesson = serializers.IntegerField()
    student = serializers.IntegerField()
    value = serializers.CharField()
    work_type = serializers.IntegerField(allow_null=True)
    weight = serializers.DecimalField(max_digits=3, decimal_places=1)
    comment = serializers.CharField()
    version = serializers.IntegerField()


class HistoryOut(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    by = serializers.CharField()
    action = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()
    reason = serializers.CharField()


class AttendanceIn(serializers.Serializer[Any]):
    student = serializers.IntegerField()
    code = serializers.CharField(max_length=8, allow_null=True, allow_blank=True)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class LessonPatchIn(serializers.Serializer[Any]):
    topic = serializers.CharField(max_length=500, required=False, allow_blank=True)
    lesson_type = serializers.CharField(max_length=100, required=False, allow_blank=True)
    homework = serializers.CharField(required=False, allow_blank=True)


CONFLICT = inline_serializer("Conflict", {"detail": serializers.CharField(), "current": MarkOut()})


def _mark_out(mark: Mark) -> dict[str, Any]:
    data = mark_payload(mark)
    data.pop("deleted")
    return data


def _parse(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    form = serializer_class(data=data)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


def _writable_lessons(user: User) -> QuerySet[Lesson]:
    return access.writable_lessons(user=user).select_related(
        "course__year__school", "course__school_class", "course__subject", "course__group", "bell", "planned_bell"
    )


def _date(request: Request, name: str, default: dt.date) -> dt.date:
    raw = request.query_params.get(name)
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("Use the format YYYY-MM-DD.")]}) from None


# -- views ------------------------------------------------------------------------------------------------------


class CourseListView(APIView):
    """The courses the user may see."""

    @extend_schema(responses=CourseOut(many=True))
    def get(self, request: Request) -> Response:
        user = access.signed_in(request.user)
        writable = set(access.writable_courses(user=user).values_list("id", flat=True))
        courses = (
            access.readable_courses(user=user)
            .select_related("subject", "school_class", "group")
            .prefetch_related("teachers")
            .order_by("school_class__grade", "school_class__letter", "subject__name", "group__name", "id")
        )
        return Response(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "subject": c.subject.name,
                    "school_class": c.school_class.name,
                    "group": c.group.name if c.group else None,
                    "teachers": [t.id for t in c.teachers.all()],
                    "can_write": c.id in writable,
                }
                for c in courses
            ]
        )


def _course(request: Request, course_id: int) -> Course:
    user = access.signed_in(request.user)
    return access.get_or_404(
        access.readable_courses(user=user).select_related("school_class", "group", "subject", "year__school"),
        course_id,
    )


class CourseLessonsView(APIView):
    """The course's lessons between two dates, each with the ids of the students on its roll that day."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="first day (default: start of the year)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="last day (default: end of the year)"),
        ],
        responses=LessonOut(many=True),
    )
    def get(self, request: Request, course_id: int) -> Response:
        course = _course(request, course_id)
        starts = _date(request, "from", course.year.starts)
        ends = _date(request, "to", course.year.ends)
        return Response(grid.course_lessons(course=course, starts=starts, ends=ends))


class CourseStudentsView(APIView):
    """The students on the course's roll on a day (default today)."""

    @extend_schema(parameters=[OpenApiParameter("on", OpenApiTypes.DATE)], responses=StudentOut(many=True))
    def get(self, request: Request, course_id: int) -> Response:
        course = _course(request, course_id)
        day = _date(request, "on", selectors.today_in(school=course.year.school))
        return Response(grid.course_students(course=course, day=day))


class MarkCreateView(APIView):
    """Put a mark in a cell: 201; outside the scale 400 {"value"}; a foreign lesson or student 404."""

    @extend_schema(request=MarkIn, responses={201: MarkOut, 400: OpenApiTypes.OBJECT, 409: CONFLICT})
    def post(self, request: Request) -> Response:
        user = access.signed_in(request.user)
        data = _parse(MarkIn, request.data)
        lesson = access.get_or_404(_writable_lessons(user), data["lesson"])
        student = access.get_or_404(access.readable_students(user=user), data["student"])
        work_type = None
        if data.get("work_type") is not None:
            work_type = WorkType.objects.filter(id=data["work_type"], school=lesson.course.year.school).first()
            if work_type is None:
                raise ValidationError({"work_type": [_("Unknown work type.")]})
        mark = services.mark_set(
            user=user, lesson=lesson, student=student, value=data["value"], work_type=work_type, comment=data["comment"]
        )
        return Response(_mark_out(mark), status=status.HTTP_201_CREATED)


def _writable_mark(user: User, mark_id: int) -> Mark:
    return access.get_or_404(
        Mark.objects.filter(lesson__in=access.writable_lessons(user=user).values("id"), deleted_at__isnull=True),
        mark_id,
    )


class MarkDetailView(APIView):
    """Change a mark with the version it was read at (stale → 409), or delete it (kept in the history)."""

    @extend_schema(request=MarkPatchIn, responses={200: MarkOut, 409: CONFLICT})
    def patch(self, request: Request, mark_id: int) -> Response:
        user = access.signed_in(request.user)
        mark = _writable_mark(user, mark_id)
        data = _parse(MarkPatchIn, request.data)
        mark = services.mark_change(
            user=user,
            mark=mark,
            value=data["value"],
            version=data["version"],
            reason=data["reason"],
            comment=data.get("comment"),
        )
        return Response(_mark_out(mark))

    @extend_schema(
        parameters=[OpenApiParameter("version", OpenApiTypes.INT, description="refuse (409) if the mark changed")],
        responses={204: None, 409: CONFLICT},
    )
    def delete(self, request: Request, mark_id: int) -> Response:
        user = access.signed_in(request.user)
        mark = _writable_mark(user, mark_id)
        raw = request.query_params.get("version") or (
            request.data.get("version") if isinstance(request.data, dict) else None
        )
        try:
            version = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            raise ValidationError({"version": [_("A whole number is required.")]}) from None
        services.mark_delete(user=user, mark=mark, version=version, reason=request.query_params.get("reason", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MarkHistoryView(APIView):
    """Every change of a mark: who, when, old value, new value, why."""

    @extend_schema(responses=HistoryOut(many=True))
    def get(self, request: Request, mark_id: int) -> Response:
        user = access.signed_in(request.user)
        mark = access.get_or_404(
            Mark.objects.filter(lesson__in=access.readable_lessons(user=user).values("id")), mark_id
        )
        rows = MarkHistory.objects.filter(mark=mark).select_related("by").order_by("at", "id")
        return Response(
            [
                {
                    "at": row.at.isoformat(),
                    "by": row.by.get_username() if row.by else "",
                    "action": row.action,
                    "old": row.old,
                    "new": row.new,
                    "reason": row.reason,
                }
                for row in rows
            ]
        )


class LessonAttendanceView(APIView):
    """Set a student's attendance code on a lesson; null clears it."""

    @extend_schema(
        request=AttendanceIn,
        responses=inline_serializer(
            "AttendanceOut",
            {
                "lesson": serializers.IntegerField(),
                "student": serializers.IntegerField(),
                "code": serializers.CharField(allow_null=True),
            },
        ),
    )
    def put(self, request: Request, lesson_id: int) -> Response:
        user = access.signed_in(request.user)
        lesson = access.get_or_404(_writable_lessons(user), lesson_id)
        data = _parse(AttendanceIn, request.data)
        student = access.get_or_404(access.readable_students(user=user), data["student"])
        row = services.attendance_set(
            user=user, lesson=lesson, student=student, code=data["code"], reason=data["reason"]
        )
        return Response({"lesson": lesson.id, "student": student.id, "code": row.code if row else None})


class LessonDetailView(APIView):
    """Topic, lesson type and homework of a lesson."""

    @extend_schema(request=LessonPatchIn, responses=LessonOut)
    def patch(self, request: Request, lesson_id: int) -> Response:
        user = access.signed_in(request.user)
        lesson = access.get_or_404(_writable_lessons(user), lesson_id)
        data = _parse(LessonPatchIn, request.data)
        lesson = services.lesson_update(
            user=user,
            lesson=lesson,
            topic=data.get("topic"),
            lesson_type=data.get("lesson_type"),
            homework=data.get("homework"),
        )
        teacher = lesson.course.teachers.order_by("id").values_list("id", flat=True).first()
        return Response(grid.lesson_payload(lesson, teacher_id=teacher))
