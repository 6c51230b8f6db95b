from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from hrsocsec.api.fields import BIGINT_MAX


def _whole_number(raw: str, cap: int) -> bool:
    return raw.isascii() and raw.isdigit() and 1 <= int(raw) <= cap


class PageSizeMixin:
    """A caller-chosen page size, refused (not silently clamped) outside 1 to the cap, and the
    schema saying so."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not _whole_number(raw, self.max_page_size):
            message = _("Must be a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            elif parameter["name"] == getattr(self, "page_query_param", None):
                parameter["schema"]["minimum"] = 1
        return parameters


class Pagination(PageSizeMixin, PageNumberPagination):
    """Page numbers, with the count."""

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, "1")
        if raw in self.last_page_strings:
            return raw
        if not _whole_number(raw, 10**9):
            raise ValidationError({"page": [_("Must be a whole number from 1.")]})
        return raw  # past the last page: a 404, as DRF answers


class IdCursorPagination(PageSizeMixin, CursorPagination):
    """For the lists that grow with the installation (employees, filings, batches, the ledger):
    newest first, followed by the ``next`` link; no total, whose count over a million rows
    would cost more than the page (bench.api)."""

    ordering = "-id"

    def decode_cursor(self, request):
        refused = ValidationError(
            {self.cursor_query_param: [_("Use the cursor of a next or previous link.")]}
        )
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise refused from None
        # The position is an id: a crafted one (p=x, p=1e999, p=%00) would reach the query.
        position = None if cursor is None else cursor.position
        if position is not None and not _whole_number(str(position), BIGINT_MAX):
            raise refused
        return cursor
