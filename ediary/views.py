"""Project-wide pages: the role home and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from journal import access, selectors
from journal.access import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home; a person with several roles sees each section."""
    user = access.signed_in(request.user)
    roles = access.roles_of(user=user)
    context: dict[str, object] = {"roles": [str(role) for role in roles]}
    if Role.ADMIN in roles:
        context["overviews"] = [selectors.school_overview(school=school) for school in access.admin_schools(user=user)]
    if Role.STAFF in roles or Role.ADMIN in roles:
        context["office"] = True
    if Role.TEACHER in roles:
        context["courses"] = selectors.courses_for_teacher(user=user)
    if Role.HOMEROOM_TEACHER in roles:
        context["homeroom_classes"] = selectors.homeroom_classes(user=user)
    if Role.GUARDIAN in roles:
        context["children"] = selectors.children_of(user=user)
    if Role.STUDENT in roles:
        context["student"] = getattr(user, "student_profile", None)
    return render(request, "home.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
