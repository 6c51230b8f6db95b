"""The list filters: django-filter's, except that a parameter given empty is an error, not
ignored (``?hired_before=`` would otherwise quietly list everyone)."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


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
