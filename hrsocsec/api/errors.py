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
from django.views.decorators.csrf import csrf_exempt
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
        return Response(_error(exc.code, str(exc), exc.fields), status=exc.http_status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _error(
            "invalid", _("The request has invalid fields."), _as_fields(exc.detail)
        )
    else:
        detail = getattr(exc, "detail", "")
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = _error(code, str(detail))
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        response.data["code"] = "throttled"
    return response


def _error(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def api_error_response(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse(_error(code, message), status=status)


def _api_first(api_answer, django_view):
    """A URL-conf handler: under /api/ the error shape, elsewhere Django's own page."""

    def handler(request, exception=None):
        if request.path.startswith("/api/"):
            return api_answer(exception)
        if django_view is defaults.server_error:
            return django_view(request)  # the one handler that takes no exception
        return django_view(request, exception)

    return handler


def _bad_request(exception):
    # What Django refuses before any view: a body over the cap, too many fields, a bad Host.
    if isinstance(exception, RequestDataTooBig):
        return api_error_response("too_large", _("The request body is too large."), 413)
    return api_error_response(
        "bad_request", _("The request is malformed or has too many fields."), 400
    )


bad_request = _api_first(_bad_request, defaults.bad_request)
permission_denied = _api_first(
    lambda _exc: api_error_response("permission_denied", _("You may not do this."), 403),
    defaults.permission_denied,
)


def _not_found(_exception=None):
    return api_error_response("not_found", _("Not found."), 404)


not_found = _api_first(_not_found, defaults.page_not_found)
server_error = _api_first(  # no details
    lambda _exc: api_error_response("server_error", _("Something went wrong on our side."), 500),
    defaults.server_error,
)


@csrf_exempt  # any method: nothing here acts, and a CSRF refusal would be an HTML 403
def api_not_found(request, *args, **kwargs):
    """The last /api/ route: an unknown URL gets the error shape, whatever DEBUG says."""
    return _not_found()
