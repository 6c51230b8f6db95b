"""The list filters: django-filter's, except that a parameter given empty is an error, not
ignored (``?hired_before=`` would otherwise quietly list everyone), and so is a parameter the
list does not know (``?id_number=...`` would otherwise be ignored, and kept in access logs).
A list asked for with none of its filters is not run through django-filter at all when that
could change nothing (filters_nothing)."""

from django.utils.translation import gettext as _
from django_filters import FilterSet
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
            if filters_nothing(filterset_class, request):
                return queryset
        return super().filter_queryset(request, queryset, view)


def filters_nothing(filterset_class, request) -> bool:
    """No parameter names a filter, and the set cannot act on its own: then django-filter
    would build and validate an empty form, about 1 ms of a list's 10 (bench.api), and hand
    the queryset back unchanged, since each of its own filters returns the queryset as it is
    for an empty value. A filter of ours, a required one, or a set with its own qs or
    filter_queryset is given the full run."""
    if filterset_class is None or set(request.query_params) & set(filterset_class.base_filters):
        return False
    own = (
        filterset_class.filter_queryset is FilterSet.filter_queryset
        and filterset_class.qs is FilterSet.qs
    )
    return own and all(
        type(f).filter.__module__.startswith("django_filters.") and not f.extra.get("required")
        for f in filterset_class.base_filters.values()
    )
