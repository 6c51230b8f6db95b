"""GET /api/deadlines/?within=7: what needs action across the caller's employers, soonest
first (overdue included)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets

from employees import access
from employees.models import Employee
from filings import selectors
from hrsocsec.api.fields import BIGINT_MAX

KINDS = selectors.DEADLINE_KINDS
MAX_WITHIN = 366


class DeadlineQuerySerializer(serializers.Serializer):
    within = serializers.IntegerField(
        min_value=0, max_value=MAX_WITHIN, default=7, help_text="Days ahead; overdue always."
    )
    employer = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    kind = serializers.MultipleChoiceField(choices=KINDS, required=False)

    def validate_employer(self, value):
        if not access.employers_for(self.context["request"].user).filter(id=value).exists():
            raise serializers.ValidationError(_("No employer with id %s among yours.") % value)
        return value


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS)
    employer = serializers.IntegerField(source="employer_id")
    employee = serializers.IntegerField(source="employee_id")
    employee_name = serializers.CharField()
    filing = serializers.IntegerField(source="filing_id", allow_null=True)
    due_date = serializers.DateField()
    days_left = serializers.IntegerField(help_text="Negative when overdue.")


class DeadlineViewSet(viewsets.GenericViewSet):
    serializer_class = DeadlineSerializer
    filter_backends = []  # DeadlineQuerySerializer reads the query
    queryset = Employee.objects.none()  # a computed list; named for the schema only

    @extend_schema(parameters=[DeadlineQuerySerializer])
    def list(self, request):
        query = DeadlineQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        params = query.validated_data
        found = selectors.deadlines(
            request.user,
            within=params["within"],
            today=timezone.localdate(),
            now=timezone.now(),
            employer_id=params.get("employer"),
            kinds=[k for k in KINDS if k in (params.get("kind") or KINDS)],
        )
        page = self.paginate_queryset(found)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
