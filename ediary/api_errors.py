"""JSON error bodies for the API: 400 with field messages, 404 for anything not visible, 409 for stale writes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from journal.services.common import Conflict


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Conflict):
        # A stale write (optimistic locking): nothing saved; the client gets what the database holds now.
        return Response({"detail": exc.message, "current": exc.current}, status=409)
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; the API shows it as DRF does its own.
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
