"""/api/batches/: one kind, reason and date over many employees; per-row outcomes; export."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from employees import access
from employees.api.filters import visible_employers
from employees.api.replay import RoleCheckedIdempotentMixin
from employees.api.serializers import VisibleEmployerField
from employees.models import Membership
from filings import selectors, services
from filings.downloads import batch_export_response
from filings.models import Batch, BatchRow, Filing
from filings.services.batches import BATCH_MAX_EMPLOYEES
from hrsocsec.api.fields import BIGINT_MAX, ID_IN_PATH
from hrsocsec.api.filtering import pagination_parameters, refuse_unknown_parameters
from hrsocsec.api.pagination import IdCursorPagination
from hrsocsec.api.throttling import ThrottledActionsMixin
from law import layoffs


class BatchCreateSerializer(serializers.ModelSerializer):
    employer = VisibleEmployerField()
    employee_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=BIGINT_MAX),
        max_length=BATCH_MAX_EMPLOYEES,
        error_messages={
            "max_length": _("A batch takes at most {max_length} employees."),
            "not_a_list": _("Give the employees' ids as a list of whole numbers."),
        },
    )

    class Meta:
        model = Batch
        fields = [
            "employer",
            "employee_ids",
            "kind",
            "reason",
            "reason_text",
            "effective_date",
            "new_contract_end_date",
            "note",
        ]


class BatchRowSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    id_number = serializers.CharField(source="employee.id_number_masked", read_only=True)
    filing_state = serializers.CharField(source="filing.state", default=None, read_only=True)

    class Meta:
        model = BatchRow
        fields = [
            "employee",
            "employee_name",
            "id_number",
            "outcome",
            "errors",
            "filing",
            "filing_state",
        ]


class BatchSerializer(serializers.ModelSerializer):
    layoff = serializers.SerializerMethodField()

    class Meta:
        model = Batch
        fields = [
            "id",
            "employer",
            "kind",
            "reason",
            "reason_text",
            "effective_date",
            "new_contract_end_date",
            "note",
            "created_by",
            "created_at",
            "submitted_at",
            "layoff",
        ]

    def get_layoff(self, batch) -> dict | None:
        """Labour Contract Law art. 41, when the batch reached it."""
        if not batch.layoff_warning:
            return None
        return {
            "headcount": batch.layoff_headcount,
            "workforce": batch.layoff_workforce,
            "warning": layoffs.warning_text(batch.layoff_headcount, batch.layoff_workforce),
            "acknowledged_by": batch.layoff_acknowledged_by_id,
            "acknowledged_at": batch.layoff_acknowledged_at,
        }


# A batch may hold 10,000 employees: its detail carries the first rows, the rest are paged at
# /api/batches/{id}/rows/.
ROWS_IN_DETAIL = 100


def batch_rows(batch_id: int):
    return BatchRow.objects.filter(batch_id=batch_id).select_related("employee", "filing")


class BatchDetailSerializer(BatchSerializer):
    counts = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField(
        help_text=f"The first {ROWS_IN_DETAIL} rows, in order; all of them at rows_url."
    )
    rows_url = serializers.SerializerMethodField(
        help_text="Every row, paged (cursor), filterable by outcome."
    )

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "counts", "rows", "rows_url"]

    def get_counts(self, batch) -> dict:
        return selectors.batch_counts(batch.id)

    @extend_schema_field(BatchRowSerializer(many=True))
    def get_rows(self, batch) -> list:
        first = batch_rows(batch.id).order_by("id")[:ROWS_IN_DETAIL]
        return BatchRowSerializer(first, many=True, context=self.context).data

    def get_rows_url(self, batch) -> str:
        return reverse("batch-rows", args=[batch.id])


class BatchSubmitSerializer(serializers.Serializer):
    acknowledge_layoff = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class BatchSubmitResultSerializer(serializers.Serializer):
    submitted = serializers.IntegerField(help_text="Filings submitted by this call.")
    refused = serializers.DictField(
        child=serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        help_text="Per employee id, the rows left as drafts and why, per field.",
    )
    batch = BatchDetailSerializer()


class RowCursorPagination(IdCursorPagination):
    ordering = "id"  # as the batch was made


class BatchRowFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=BatchRow.Outcome.choices)

    class Meta:
        model = BatchRow
        fields = ["outcome"]


class BatchFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers)
    kind = django_filters.MultipleChoiceFilter(choices=Filing.Kind.choices)

    class Meta:
        model = Batch
        fields = ["employer", "kind"]


class BatchViewSet(
    ThrottledActionsMixin,
    RoleCheckedIdempotentMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    pagination_class = IdCursorPagination
    filterset_class = BatchFilter
    # Per user: exports carry full ID numbers; a batch is many filings at once.
    throttled_actions = {"export": "exports", "create": "batches"}
    lookup_value_regex = ID_IN_PATH

    def get_queryset(self):
        batches = Batch.objects.filter(employer__in=access.employers_for(self.request.user))
        return batches.order_by("-id")

    def get_serializer_class(self):
        if self.action == "create":
            return BatchCreateSerializer
        return BatchDetailSerializer if self.action == "retrieve" else BatchSerializer

    def create(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        batch = services.batch_create(
            actor=request.user, employer_id=data.pop("employer").id, **data
        )
        return Response(self._detail(batch.id), status=201)

    def _detail(self, batch_id: int) -> dict:
        batch = Batch.objects.get(id=batch_id)
        return BatchDetailSerializer(batch, context=self.get_serializer_context()).data

    @extend_schema(
        parameters=[
            OpenApiParameter("outcome", enum=BatchRow.Outcome.values, required=False),
        ],
        responses=BatchRowSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=RowCursorPagination)
    def rows(self, request, pk=None):
        """Every row of the batch, in order, paged: who got a filing and who was refused."""
        batch = self.get_object()  # 404 for another employer's batch
        refuse_unknown_parameters(request, {"outcome"} | pagination_parameters(self))
        rows = BatchRowFilter(request.query_params, queryset=batch_rows(batch.id).order_by("id"))
        if not rows.is_valid():
            raise ValidationError(rows.errors)
        page = self.paginate_queryset(rows.qs)
        return self.get_paginated_response(BatchRowSerializer(page, many=True).data)

    @extend_schema(request=BatchSubmitSerializer, responses=BatchSubmitResultSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        batch = self.get_object()  # 404 for another employer's batch
        body = BatchSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.batch_submit(actor=request.user, batch_id=batch.id, **body.validated_data)
        return Response(
            {
                "submitted": result.submitted,
                "refused": {str(k): v for k, v in result.refused.items()},
                "batch": self._detail(batch.id),
            }
        )

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
        }
    )
    @action(detail=True, methods=["get"], url_path="export/(?P<fmt>csv|xlsx)")
    def export(self, request, pk=None, fmt="csv"):
        """The layout a clerk re-keys into the agency's website: full ID numbers, so clerks
        and managers only."""
        batch = self.get_object()
        access.require_role(request.user, batch.employer_id, Membership.Role.CLERK)
        return batch_export_response(batch, fmt, user=request.user)
