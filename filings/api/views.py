import django_filters
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from employees import access
from employees.api.filters import visible_employees, visible_employers
from employees.api.replay import RoleCheckedIdempotentMixin
from employees.models import Membership
from filings import services
from filings.api.serializers import (
    ConfirmSerializer,
    FilingDetailSerializer,
    FilingSerializer,
    NoteSerializer,
    RejectSerializer,
    SubmitSerializer,
    VoucherSerializer,
    VoucherUploadSerializer,
)
from filings.downloads import voucher_response
from filings.models import Filing, FilingEvent, Voucher
from hrsocsec.api.fields import ID_IN_PATH
from hrsocsec.api.filtering import refuse_unknown_parameters
from hrsocsec.api.pagination import IdCursorPagination


class FilingFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers)
    employee = django_filters.ModelChoiceFilter(queryset=visible_employees)
    state = django_filters.MultipleChoiceFilter(choices=Filing.State.choices)
    kind = django_filters.MultipleChoiceFilter(choices=Filing.Kind.choices)

    class Meta:
        model = Filing
        fields = ["employer", "employee", "state", "kind"]


class FileDownloadNegotiation(BaseContentNegotiation):
    """A download is the file whatever the client accepts (Accept: application/pdf would
    otherwise be a 406); an error is still the JSON error shape."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def with_details(filings):
    """A filing's events and vouchers in one query each, however many there are."""
    events = FilingEvent.objects.select_related("actor")
    vouchers = Voucher.objects.select_related("uploaded_by")
    return filings.prefetch_related(
        Prefetch("events", queryset=events), Prefetch("vouchers", queryset=vouchers)
    )


def filing_detail(filing_id: int, request) -> dict:
    """A filing as its detail endpoint shows it, read afresh after a write."""
    fresh = with_details(Filing.objects.annotate(batch_id=F("batch_row__batch_id")))
    return FilingDetailSerializer(fresh.get(id=filing_id), context={"request": request}).data


class FilingViewSet(
    RoleCheckedIdempotentMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Filings are created as drafts and then only move through their transitions."""

    pagination_class = IdCursorPagination

    filterset_class = FilingFilter
    lookup_value_regex = ID_IN_PATH

    def get_queryset(self):
        filings = Filing.objects.filter(employer__in=access.employers_for(self.request.user))
        filings = filings.annotate(batch_id=F("batch_row__batch_id"))  # one LEFT JOIN
        if self.action == "retrieve":
            filings = with_details(filings)
        return filings.order_by("-id")

    def get_serializer_class(self):
        return FilingDetailSerializer if self.action == "retrieve" else FilingSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.filing_create_draft(
            actor=self.request.user, employee=data.pop("employee"), **data
        )

    def _transition(self, request, service, body_serializer=NoteSerializer):
        filing = self.get_object()  # 404 for another employer's filing
        body = body_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        moved = service(actor=request.user, filing_id=filing.id, **body.validated_data)
        return Response(filing_detail(moved.id, request))

    @extend_schema(request=SubmitSerializer, responses=FilingDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, services.filing_submit, SubmitSerializer)

    @extend_schema(request=ConfirmSerializer, responses=FilingDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._transition(request, services.filing_confirm, ConfirmSerializer)

    @extend_schema(request=RejectSerializer, responses=FilingDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._transition(request, services.filing_reject, RejectSerializer)

    @extend_schema(request=NoteSerializer, responses=FilingDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._transition(request, services.filing_withdraw)

    @extend_schema(
        methods=["GET"],
        operation_id="filings_vouchers_list",
        responses=VoucherSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        operation_id="filings_vouchers_create",
        request={"multipart/form-data": VoucherUploadSerializer},
        responses={201: VoucherSerializer},
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser])
    def vouchers(self, request, pk=None):
        """GET: the filing's vouchers (viewers too). POST multipart ``kind`` and ``file``: attach
        one (clerks)."""
        filing = self.get_object()  # 404 for another employer's filing, before the body is read
        context = {"request": request}
        if request.method == "GET":
            refuse_unknown_parameters(request, set())
            vouchers = filing.vouchers.select_related("uploaded_by")
            return Response(VoucherSerializer(vouchers, many=True, context=context).data)
        # The role before the body: a viewer's upload is refused without reading it.
        access.require_role(request.user, filing.employer_id, Membership.Role.CLERK)
        body = VoucherUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        voucher = services.voucher_attach(
            actor=request.user,
            filing_id=filing.id,
            kind=body.validated_data["kind"],
            upload=body.validated_data["file"],
        )
        return Response(VoucherSerializer(voucher, context=context).data, status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="filings_voucher_download",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=rf"vouchers/(?P<voucher_id>{ID_IN_PATH})",
        content_negotiation_class=FileDownloadNegotiation,
    )
    def voucher_download(self, request, pk=None, voucher_id=None):
        filing = self.get_object()
        voucher = get_object_or_404(
            filing.vouchers.select_related("filing__employee"), id=voucher_id
        )
        # Receipts and certificates carry full ID numbers: clerks and managers only.
        access.require_role(request.user, filing.employer_id, Membership.Role.CLERK)
        return voucher_response(voucher, user=request.user)
