"""One error shape for the whole API: {"code", "message", "fields"}.

``fields`` maps a field name (or ``non_field_errors``) to messages; it is empty when the error
is not about the input.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hrsocsec.errors import DomainError


def _as_fields(detail) -> dict:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    return {"non_field_errors": _flatten(detail)}


def _flatten(value) -> list:
    if isinstance(value, dict):
        return [value]  # nested serializer errors stay structured
    if isinstance(value, list):
        return [item if isinstance(item, dict | list) else str(item) for item in value]
    return [str(value)]


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, DomainError):
        body = {"code": exc.code, "message": str(exc), "fields": exc.fields}
        return Response(body, status=exc.http_status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": _("The request has invalid fields."),
            "fields": _as_fields(exc.detail),
        }
    else:
        detail = getattr(exc, "detail", "")
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"code": code, "message": str(detail), "fields": {}}
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        response.data["code"] = "throttled"
    return response


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)


def bad_request(request, exception=None):
    """What Django refuses before any view (too many fields, a malformed Host): under /api/ the
    error shape, elsewhere Django's page."""
    if request.path.startswith("/api/"):
        if isinstance(exception, RequestDataTooBig):
            message = _("The request body is too large.")
            return _api_error("too_large", message, 413)
        return _api_error("bad_request", _("The request is malformed or has too many fields."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_error("permission_denied", _("You may not do this."), 403)
    return defaults.permission_denied(request, exception)


def not_found(request, exception=None):
    """A URL no route matches: under /api/ the error shape, elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return _api_error("not_found", _("Not found."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """An unexpected failure: under /api/ the error shape (no details), elsewhere Django's."""
    if request.path.startswith("/api/"):
        return _api_error("server_error", _("Something went wrong on our side."), 500)
    return defaults.server_error(request)
