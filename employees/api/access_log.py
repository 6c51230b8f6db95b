"""/api/access-log/: who was shown which employee's full ID number, when, and through which
view; the employer's managers only (the operator sees every record, find-box misses too).
Read-only, and never the number itself."""

import django_filters
from rest_framework import mixins, serializers, viewsets

from employees import access
from employees.api.filters import visible_employees
from employees.models import Employer, IdNumberRead, Membership
from hrsocsec.api.fields import ID_IN_PATH, LocalDateTimeField
from hrsocsec.api.pagination import IdCursorPagination


def managed_employers(request):
    if request is None:
        return Employer.objects.none()
    return access.employers_for(request.user, at_least=Membership.Role.MANAGER)


class IdNumberReadSerializer(serializers.ModelSerializer):
    at = LocalDateTimeField(read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = IdNumberRead
        fields = ["id", "at", "user", "username", "via", "employer", "employee"]


class IdNumberReadFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=managed_employers)
    employee = django_filters.ModelChoiceFilter(queryset=visible_employees)
    via = django_filters.MultipleChoiceFilter(choices=IdNumberRead.Via.choices)
    at_after = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    at_before = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = IdNumberRead
        fields = ["employer", "employee", "via"]


class AccessLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = IdNumberReadSerializer
    filterset_class = IdNumberReadFilter
    pagination_class = IdCursorPagination
    lookup_value_regex = ID_IN_PATH
    queryset = IdNumberRead.objects.none()  # for the schema; requests use get_queryset()

    def get_queryset(self):
        user = self.request.user
        reads = IdNumberRead.objects.select_related("user").order_by("-id")
        if user.is_superuser:
            return reads
        return reads.filter(employer__in=managed_employers(self.request))
