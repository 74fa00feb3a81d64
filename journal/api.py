"""API base: token sign-in and «who am I»."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from journal import access, selectors


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class ObtainTokenView(APIView):
    """Exchange a username (or email) and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
    )
    def post(self, request: Request) -> Response:
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        username = form.validated_data["username"]
        password = form.validated_data["password"]
        # allauth's backend accepts an email as well as a username.
        user = authenticate(request._request, username=username, password=password) or authenticate(
            request._request, email=username, password=password
        )
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("Wrong username or password.")]}, status=status.HTTP_400_BAD_REQUEST
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeStudentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    class_name = serializers.CharField()


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    students = MeStudentSerializer(many=True)


def full_name_of(user: Any) -> str:
    for profile in (
        user.staff_profiles.first(),
        getattr(user, "guardian_profile", None),
        getattr(user, "student_profile", None),
    ):
        if profile is not None:
            return str(profile.full_name)
    return str(user.get_full_name() or user.username)


class MeView(APIView):
    """The signed-in user: roles and the students they may see as a guardian or as a student."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = access.signed_in(request.user)
        students = list(access.family_students(user=user).order_by("last_name", "first_name", "id"))
        class_names = selectors.class_name_on(student_ids=[s.id for s in students], day=selectors.today_in())
        payload = {
            "username": user.get_username(),
            "full_name": full_name_of(user),
            "roles": [str(role) for role in access.roles_of(user=user)],
            "students": [
                {"id": s.id, "full_name": s.full_name, "class_name": class_names.get(s.id, "")} for s in students
            ],
        }
        return Response(MeSerializer(payload).data)
