from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from employees import access
from filings.models import Filing, FilingEvent


class EmployeeScopedField(serializers.PrimaryKeyRelatedField):
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


class FilingSerializer(serializers.ModelSerializer):
    employee = EmployeeScopedField()

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
            "decided_at",
            "created_at",
        ]
        read_only_fields = [
            "employer",
            "state",
            "agency_reference",
            "rejection_reason",
            "submitted_at",
            "decided_at",
            "created_at",
        ]
        # The service checks the one-open-filing rule and names the open filing.
        validators = []
        extra_kwargs = {"effective_date": {"required": False}}


class FilingDetailSerializer(FilingSerializer):
    events = FilingEventSerializer(many=True, read_only=True)

    class Meta(FilingSerializer.Meta):
        fields = [*FilingSerializer.Meta.fields, "events"]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class ConfirmSerializer(NoteSerializer):
    agency_reference = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )


class RejectSerializer(NoteSerializer):
    reason = serializers.CharField(max_length=500)
