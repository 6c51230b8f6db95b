"""The list filters: django-filter's, except that a parameter given empty is an error, not
ignored (``?hired_before=`` would otherwise quietly list everyone), and so is a parameter the
list does not know (``?id_number=...`` would otherwise be ignored, and kept in access logs)."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

FORMAT_PARAMETER = "format"  # DRF's renderer choice (the browsable API under DEBUG)


def pagination_parameters(view) -> set[str]:
    paginator = getattr(view, "paginator", None)
    names = ("cursor_query_param", "page_query_param", "page_size_query_param")
    return {getattr(paginator, name) for name in names if getattr(paginator, name, None)}


def refuse_unknown_parameters(request, known: set[str]) -> None:
    unknown = sorted(set(request.query_params) - known - {FORMAT_PARAMETER})
    if unknown:
        message = _("Not a parameter of this list; see the API documentation for those it takes.")
        raise ValidationError({name: [message] for name in unknown})


class FilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        names = set(filterset_class.base_filters) if filterset_class else set()
        empty = {
            name: [_("Give a value or leave the parameter out.")]
            for name, values in request.query_params.lists()
            if name in names and any(value == "" for value in values)
        }
        if empty:
            raise ValidationError(empty)
        return kwargs

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) == "list":
            filterset_class = self.get_filterset_class(view, queryset)
            names = set(filterset_class.base_filters) if filterset_class else set()
            refuse_unknown_parameters(request, names | pagination_parameters(view))
        return super().filter_queryset(request, queryset, view)
