"""/api/notifications/: the ledger, read-only, scoped to the caller's employers; HR sees what
was sent, what failed and why."""

import django_filters
from rest_framework import serializers, viewsets

from employees import access
from employees.api.filters import visible_employers
from filings.models import Notification
from hrsocsec.api.fields import ID_IN_PATH
from hrsocsec.api.pagination import IdCursorPagination


def mask_email(address: str) -> str:
    local, _at, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class NotificationSerializer(serializers.ModelSerializer):
    recipient = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "recipient",
            "subject_key",
            "period",
            "employer",
            "employee",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "sent_at",
        ]

    def get_recipient(self, row) -> str:
        return mask_email(row.recipient)  # an address is personal data too


class NotificationFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers)
    status = django_filters.MultipleChoiceFilter(choices=Notification.Status.choices)
    kind = django_filters.MultipleChoiceFilter(choices=Notification.Kind.choices)

    class Meta:
        model = Notification
        fields = ["employer", "status", "kind"]


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = IdCursorPagination
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    lookup_value_regex = ID_IN_PATH

    def get_queryset(self):
        employers = access.employers_for(self.request.user)
        return Notification.objects.filter(employer__in=employers).order_by("-id")
