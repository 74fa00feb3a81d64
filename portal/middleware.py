"""A guardian without a current consent for any child sees only the consent page (issue 4, self-service)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from portal.access import must_give_consent_first

# The consent page itself lives under /cabinet/consent/; everything else of the cabinet and the home need consent.
GUARDED_EXACT = ("/",)
GUARDED_PREFIXES = ("/cabinet/",)
OPEN_PREFIXES = ("/cabinet/consent/",)


class ConsentRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        guarded = path in GUARDED_EXACT or (path.startswith(GUARDED_PREFIXES) and not path.startswith(OPEN_PREFIXES))
        if guarded and must_give_consent_first(user=request.user):
            return redirect("portal:consent")
        return self.get_response(request)
