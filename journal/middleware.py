"""Requires TOTP for administrators when EDIARY_MFA_REQUIRED_FOR_ADMINS is on."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Pages an administrator without MFA may still open: MFA setup itself, sign-out, the language switch, static.
ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


class RequireAdminMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.EDIARY_MFA_REQUIRED_FOR_ADMINS and self._must_set_up_mfa(request):
            messages.warning(request, _("Administrators must turn on two-factor authentication first."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_set_up_mfa(request: HttpRequest) -> bool:
        if request.path.startswith(ALLOWED_PREFIXES) or request.path.startswith("/api/"):
            return False
        user = request.user
        if not user.is_authenticated:
            return False
        from allauth.mfa.models import Authenticator

        from journal.models import Staff

        is_admin = user.is_superuser or Staff.objects.filter(user=user, is_admin=True).exists()
        return is_admin and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
