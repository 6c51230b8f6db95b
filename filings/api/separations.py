"""The end of an employment, on the employees' path (filings builds on employees, so the
employee views know nothing of filings):

- POST /api/employees/{id}/separate/: the separation date and the dissolve's draft, in one call;
- POST /api/employees/{id}/transfer-done/: Labour Contract Law art. 50 met, with a note;
- GET /api/employees/{id}/termination-certificate/?language=zh-hans|en: the certificate as a
  PDF; POST the same path issues it: stored as a voucher of the dissolve, which meets art. 50's
  certificate part."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from employees import access
from employees.api.replay import RoleCheckedIdempotentMixin
from employees.models import IdNumberRead, Membership
from employees.services import employee_transfer_done, id_number_reads_record
from filings import services
from filings.api.serializers import FilingDetailSerializer, VoucherSerializer
from filings.api.views import filing_detail
from filings.certificates import LANGUAGES, certificate_pdf
from filings.models import Filing
from hrsocsec.api.fields import ID_IN_PATH, BlankRefusedChoiceField

Via = IdNumberRead.Via


class SeparateSerializer(serializers.Serializer):
    separation_date = serializers.DateField()
    reason = serializers.ChoiceField(choices=Filing.Reason.choices)
    reason_text = serializers.CharField(
        max_length=500, required=False, default="", allow_blank=True
    )


class SeparationViewSet(RoleCheckedIdempotentMixin, viewsets.GenericViewSet):
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


class TransferDoneSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, help_text="What was done, and where to.")
    done_on = serializers.DateField(required=False, help_text="Default: today.")


class CertificateQuerySerializer(serializers.Serializer):
    language = BlankRefusedChoiceField(choices=LANGUAGES, default="zh-hans")


class EndOfEmploymentViewSet(RoleCheckedIdempotentMixin, viewsets.GenericViewSet):
    """Art. 50's duty and its certificate."""

    lookup_value_regex = ID_IN_PATH
    serializer_class = TransferDoneSerializer

    def get_queryset(self):
        return access.employees_for(self.request.user)

    @extend_schema(request=TransferDoneSerializer, responses={200: None})
    @action(detail=True, methods=["post"], url_path="transfer-done")
    def transfer_done(self, request, pk=None):
        """The certificate issued and the file and social insurance transferred (art. 50)."""
        employee = self.get_object()
        body = TransferDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        employee = employee_transfer_done(
            actor=request.user,
            employee_id=employee.id,
            note=body.validated_data["note"],
            on=body.validated_data.get("done_on"),
        )
        return Response({"transfer_done_on": employee.transfer_done_on})

    def _certificate(self, request, data) -> tuple:
        employee = self.get_object()  # 404 outside the caller's employers
        # It carries the full ID number: those who may see it only (PIPL art. 28).
        access.require_role(request.user, employee.employer_id, Membership.Role.CLERK)
        query = CertificateQuerySerializer(data=data)
        query.is_valid(raise_exception=True)
        return employee, query.validated_data["language"]

    @extend_schema(
        parameters=[CertificateQuerySerializer],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get", "post"], url_path="termination-certificate")
    def termination_certificate(self, request, pk=None):
        """GET: the termination certificate as a PDF. POST: issue it, stored as a voucher of
        the employee's dissolve (art. 50's certificate, which marks the duty met)."""
        if request.method == "GET":
            employee, language = self._certificate(request, request.query_params)
            response = HttpResponse(
                certificate_pdf(employee, language), content_type="application/pdf"
            )
            name = f"termination-certificate-{employee.id}-{language}.pdf"
            id_number_reads_record(user=request.user, via=Via.CERTIFICATE, employees=[employee])
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        employee, language = self._certificate(request, request.data)
        voucher = services.certificate_issue(
            actor=request.user, employee=employee, language=language
        )
        data = VoucherSerializer(voucher, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)
