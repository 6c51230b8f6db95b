from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination


def _page_size(request, param: str, default: int, cap: int) -> int:
    raw = request.query_params.get(param)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= cap:
        raise ValidationError(
            {param: [_("Must be a whole number from 1 to %(max)d.") % {"max": cap}]}
        )
    return int(raw)


def _bounded(parameters: list[dict], size_param: str, cap: int) -> list[dict]:
    for parameter in parameters:
        if parameter["name"] == size_param:
            parameter["schema"].update(minimum=1, maximum=cap)
    return parameters


class Pagination(PageNumberPagination):
    """Page numbers with a caller-chosen size, refused (not silently clamped) above the cap."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, "1")
        if raw in self.last_page_strings:
            return raw
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 10**9:
            raise ValidationError({"page": [_("Must be a whole number from 1.")]})
        return raw  # past the last page: a 404, as DRF answers

    def get_page_size(self, request):
        return _page_size(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return _bounded(parameters, self.page_size_query_param, self.max_page_size)


class IdCursorPagination(CursorPagination):
    """For the lists that grow with the installation (employees, filings, batches, the ledger):
    newest first, followed by the ``next`` link; no total, whose count over a million rows
    would cost more than the page (bench.api)."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        return _page_size(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {self.cursor_query_param: [_("Use the cursor of a next or previous link.")]}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        return _bounded(parameters, self.page_size_query_param, self.max_page_size)
