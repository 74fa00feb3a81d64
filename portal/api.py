"""API of issue 4 (a contract other software relies on): consents and the paper list."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from journal import access
from journal.models import Guardian, Student
from portal import selectors, services
from portal.access import paper_list_classes
from portal.models import Consent, ConsentKind


class ConsentInputSerializer(serializers.Serializer[Any]):
    guardian = serializers.IntegerField()
    student = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    decision = serializers.ChoiceField(choices=Consent.Decision.choices)
    form = serializers.ChoiceField(choices=Consent.Form.choices)
    document_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    document_date = serializers.DateField(required=False, allow_null=True, default=None)


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    text_version = serializers.IntegerField(source="text.version", allow_null=True, default=None)
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True, default=None)

    class Meta:
        model = Consent
        fields = [
            "id",
            "guardian",
            "student",
            "kind",
            "decision",
            "form",
            "signature",
            "document_number",
            "document_date",
            "text_version",
            "basis_of_authority",
            "code_sent_to",
            "code_sent_at",
            "code_confirmed_at",
            "recorded_by",
            "recorded_at",
            "ip_address",
        ]


class PaperRowSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField()
    guardian = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=[r.value for r in selectors.PaperReason])


def _office_or_403(request: Request) -> Any:
    user = access.signed_in(request.user)
    schools = access.office_schools(user=user)
    if not schools.exists():
        raise PermissionDenied(_("Only the school's administrators and staff manage consents."))
    return user, schools


def _int_param(value: object, field: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise ValidationError({field: [_("Enter a whole number.")]}) from None


class ConsentListView(APIView):
    """Consent records: the history of a guardian and/or a student (newest first), and recording a decision."""

    @extend_schema(
        parameters=[
            OpenApiParameter("guardian", OpenApiTypes.INT, description="guardian id"),
            OpenApiParameter("student", OpenApiTypes.INT, description="student id"),
        ],
        responses={200: ConsentSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        _user, schools = _office_or_403(request)
        guardian_id = request.query_params.get("guardian")
        student_id = request.query_params.get("student")
        if not guardian_id and not student_id:
            raise ValidationError({"guardian": [_("Give a guardian, a student or both.")]})
        school_ids = schools.values("id")
        history = selectors.consent_history().filter(school_id__in=school_ids)
        if guardian_id:
            guardian = access.get_or_404(
                Guardian.objects.filter(links__student__school_id__in=school_ids).distinct(),
                _int_param(guardian_id, "guardian"),
            )
            history = history.filter(guardian=guardian)
        if student_id:
            student = access.get_or_404(
                Student.objects.filter(school_id__in=school_ids), _int_param(student_id, "student")
            )
            history = history.filter(student=student)
        return Response(ConsentSerializer(history, many=True).data)

    @extend_schema(request=ConsentInputSerializer, responses={201: ConsentSerializer})
    def post(self, request: Request) -> Response:
        user, schools = _office_or_403(request)
        data = ConsentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        school_ids = schools.values("id")
        # Not visible = not found: a student or guardian of another school is 404, as in every other endpoint.
        student = access.get_or_404(Student.objects.filter(school_id__in=school_ids), values["student"])
        guardian = access.get_or_404(
            Guardian.objects.filter(links__student__school_id__in=school_ids).distinct(), values["guardian"]
        )
        consent = services.consent_record(
            recorded_by=user,
            guardian=guardian,
            student=student,
            kind=values["kind"],
            decision=values["decision"],
            form=values["form"],
            document_number=values["document_number"],
            document_date=values["document_date"],
            ip=request.META.get("REMOTE_ADDR"),
        )
        consent = selectors.consent_history().get(pk=consent.pk)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class PaperListView(APIView):
    """Who gets the weekly paper extract: the whole school, or one class (?school_class=id)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("week", OpenApiTypes.STR, required=True, description="ISO week, e.g. 2026-W49"),
            OpenApiParameter("school_class", OpenApiTypes.INT, description="class id; the whole school without it"),
        ],
        responses={200: PaperRowSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        user = access.signed_in(request.user)
        try:
            week = selectors.parse_iso_week(request.query_params.get("week", ""))
        except ValueError:
            raise ValidationError({"week": [_("Give the week as YYYY-Www, for example 2026-W49.")]}) from None
        allowed = paper_list_classes(user=user)
        class_id = request.query_params.get("school_class")
        if class_id:
            school_class = access.get_or_404(allowed, _int_param(class_id, "school_class"))
            classes = allowed.filter(pk=school_class.pk)
        else:
            office = access.office_schools(user=user)
            if office.exists():
                classes = allowed.filter(school_id__in=office.values("id"))
            elif allowed.exists():
                classes = allowed  # A homeroom teacher: their own class(es).
            else:
                raise PermissionDenied(_("The paper list is for the school office and homeroom teachers."))
        rows = selectors.paper_list(week=week, classes=classes)
        payload = [{"student": r.student.pk, "guardian": r.guardian.pk, "reason": r.reason.value} for r in rows]
        return Response(PaperRowSerializer(payload, many=True).data)
