from types import SimpleNamespace

import django_filters
import pytest

from employees.api.filters import EmployeeFilter
from employees.models import Employee
from hrsocsec.api.filtering import filters_nothing


def asked(**params):
    return SimpleNamespace(query_params=params)


class Ours(django_filters.CharFilter):
    def filter(self, qs, value):
        return qs.filter(name__startswith=value or "A")  # acts on an empty value too


class WithOurs(django_filters.FilterSet):
    name = Ours()

    class Meta:
        model = Employee
        fields = []


class Required(django_filters.FilterSet):
    name = django_filters.CharFilter(required=True)

    class Meta:
        model = Employee
        fields = []


class OwnQueryset(django_filters.FilterSet):
    name = django_filters.CharFilter()

    class Meta:
        model = Employee
        fields = []

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).exclude(name="")


def test_a_list_asked_for_with_none_of_its_filters_skips_django_filter():
    assert filters_nothing(EmployeeFilter, asked(page_size="100", cursor="x"))


def test_a_parameter_naming_a_filter_is_filtered():
    assert not filters_nothing(EmployeeFilter, asked(registration_state="registered"))


@pytest.mark.parametrize("filterset", [WithOurs, Required, OwnQueryset])
def test_a_set_that_could_act_without_parameters_is_given_the_full_run(filterset):
    assert not filters_nothing(filterset, asked(page_size="100"))


def test_no_filterset_is_no_skip():
    assert not filters_nothing(None, asked())
