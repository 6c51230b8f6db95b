from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from employees import access
from filings.models import Filing, FilingEvent, Voucher
from hrsocsec.api.fields import IdField


class EmployeeScopedField(IdField):
    """An employee id from the body, among the caller's employers' employees only."""

    default_error_messages = {
        "does_not_exist": _("No employee with id {pk_value}."),
        "incorrect_type": _("Give the employee's id as a whole number."),
    }

    def get_queryset(self):
        return access.employees_for(self.context["request"].user)


class FilingEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", default=None, read_only=True)

    class Meta:
        model = FilingEvent
        fields = ["at", "from_state", "to_state", "actor", "note"]


class VoucherSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.get_username", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Voucher
        fields = [
            "id",
            "kind",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download",
        ]
        read_only_fields = fields

    def to_representation(self, voucher):
        data = super().to_representation(voucher)
        user = self.context["request"].user
        if not access.may_see_full_id_number(user, voucher.filing.employer_id):
            for field in Voucher.FINGERPRINT:
                data.pop(field)
        return data

    def get_download(self, voucher) -> str:
        return reverse(
            "filing-voucher-download",
            kwargs={"pk": voucher.filing_id, "voucher_id": voucher.id},
            request=self.context.get("request"),
        )


class VoucherUploadSerializer(serializers.Serializer):
    """The form's shape only; the service checks the file's content and size."""

    kind = serializers.ChoiceField(choices=Voucher.Kind.choices)
    # Empty files pass here so that the service's own message explains the refusal.
    file = serializers.FileField(allow_empty_file=True, use_url=False)


class FilingSerializer(serializers.ModelSerializer):
    employee = EmployeeScopedField()
    # The batch the filing was made in, if any (annotated by the view: no query per row).
    batch = serializers.IntegerField(source="batch_id", read_only=True, default=None)

    class Meta:
        model = Filing
        fields = [
            "id",
            "employer",
            "employee",
            "kind",
            "reason",
            "reason_text",
            "effective_date",
            "new_contract_end_date",
            "state",
            "agency_reference",
            "rejection_reason",
            "submitted_at",
            "last_paid_month",
            "decided_at",
            "created_at",
            "batch",
            "layoff_acknowledged_by",
            "layoff_acknowledged_at",
        ]
        read_only_fields = [
            "layoff_acknowledged_by",
            "layoff_acknowledged_at",
            "employer",
            "state",
            "agency_reference",
            "rejection_reason",
            "submitted_at",
            "last_paid_month",
            "decided_at",
            "created_at",
        ]
        # The service checks the one-open-filing rule and names the open filing.
        validators = []
        extra_kwargs = {"effective_date": {"required": False}}


class FilingDetailSerializer(FilingSerializer):
    events = FilingEventSerializer(many=True, read_only=True)
    vouchers = VoucherSerializer(many=True, read_only=True)

    class Meta(FilingSerializer.Meta):
        fields = [*FilingSerializer.Meta.fields, "events", "vouchers"]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class SubmitSerializer(NoteSerializer):
    # Labour Contract Law art. 41: required when the dissolve makes an economic layoff reach it.
    acknowledge_layoff = serializers.BooleanField(required=False, default=False)


class ConfirmSerializer(NoteSerializer):
    agency_reference = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )


class RejectSerializer(NoteSerializer):
    reason = serializers.CharField(max_length=500)
