"""POST /api/employees/{id}/separate/: an employee leaves, in one call (the separation date and
the dissolve's draft). Served here, on the employees' path: filings builds on employees, so the
employee views know nothing of filings."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from employees import access
from filings import services
from filings.api.serializers import FilingDetailSerializer
from filings.api.views import filing_detail
from filings.models import Filing
from hrsocsec.api.fields import ID_IN_PATH
from hrsocsec.api.idempotency import IdempotentMixin


class SeparateSerializer(serializers.Serializer):
    separation_date = serializers.DateField()
    reason = serializers.ChoiceField(choices=Filing.Reason.choices)
    reason_text = serializers.CharField(
        max_length=500, required=False, default="", allow_blank=True
    )


class SeparationViewSet(IdempotentMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_IN_PATH
    serializer_class = SeparateSerializer

    def get_queryset(self):
        return access.employees_for(self.request.user)

    @extend_schema(request=SeparateSerializer, responses={201: FilingDetailSerializer})
    @action(detail=True, methods=["post"])
    def separate(self, request, pk=None):
        """The separation date and the dissolve's draft, in one call (submit it next)."""
        employee = self.get_object()  # 404 outside the caller's employers
        body = SeparateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        filing = services.employee_separate(
            actor=request.user, employee=employee, **body.validated_data
        )
        return Response(filing_detail(filing.id, request), status=status.HTTP_201_CREATED)
