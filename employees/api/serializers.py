import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from employees import access
from employees.models import Employee, Employer, Membership, Region
from employees.services.employees import UPDATABLE
from hrsocsec.api.fields import IdField, LocalDateTimeField


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent", "cutoff_day"]


class RegionCodeField(serializers.SlugRelatedField):
    """A region by its 6-digit code, checked for shape before any query."""

    default_error_messages = {
        "does_not_exist": _("No region with code {value}."),
        "invalid": _("Give the region's 6-digit administrative division code, e.g. 310000."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Region.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"[0-9]{6}", data):
            self.fail("invalid")
        return super().to_internal_value(data)


class EmployerSerializer(serializers.ModelSerializer):
    region = RegionCodeField()
    hr_emails = serializers.ListField(child=serializers.CharField(max_length=254), max_length=50)
    role = serializers.SerializerMethodField()

    class Meta:
        model = Employer
        fields = ["id", "name", "credit_code", "si_account_number", "region", "hr_emails", "role"]
        # The service checks these and says which part is wrong; the model field validators
        # would only say "too long".
        extra_kwargs = {"credit_code": {"validators": [], "max_length": 64}}

    def get_role(self, employer) -> str | None:
        """The caller's role here, from the caller's memberships prefetched by the view."""
        user = self.context["request"].user
        roles = [m.role for m in employer.memberships.all() if m.user_id == user.id]
        if roles:
            return roles[0]
        return Membership.Role.MANAGER if user.is_superuser else None


class VisibleEmployerField(IdField):
    """An employer id from the body, resolved among the caller's employers only: another
    tenant's id is "does not exist", exactly as a missing one."""

    default_error_messages = {
        "does_not_exist": _("No employer with id {pk_value}."),
        "incorrect_type": _("Give the employer's id as a whole number."),
    }

    def get_queryset(self):
        return access.employers_for(self.context["request"].user)


class ClerkEmployerField(VisibleEmployerField):
    """An employer id from the body, resolved among those the caller may write for only."""

    default_error_messages = {
        "does_not_exist": _("No employer with id {pk_value} that you may add employees to."),
        "incorrect_type": _("Give the employer's id as a whole number."),
    }

    def get_queryset(self):
        user = self.context["request"].user
        return access.employers_for(user, at_least=Membership.Role.CLERK)


class EmployeeSerializer(serializers.ModelSerializer):
    """The employee as every list and detail shows it: the ID number masked."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: LocalDateTimeField,
    }

    employer = ClerkEmployerField()
    id_number = serializers.CharField(write_only=True, max_length=64)
    id_number_masked = serializers.CharField(read_only=True)
    deadline_warning = serializers.CharField(read_only=True)

    class Meta:
        model = Employee
        # No birth date here: it is characters 7-14 of the ID number, exactly what the mask hides.
        read_only_fields = [
            "sex",
            "registration_state",
            "registration_deadline",
            "transfer_done_on",
            "created_at",
            "updated_at",
        ]
        fields = [
            "id",
            "employer",
            *UPDATABLE,
            "id_number_masked",
            *read_only_fields,
            "deadline_warning",
        ]
        # The service checks the one-open-employment rule and names the clashing employee;
        # DRF's generated validator would only say "must make a unique set".
        validators = []
        extra_kwargs = {
            "name": {"max_length": 100},
            "monthly_wage": {"min_value": 0, "coerce_to_string": True},
        }


class EmployeeUpdateSerializer(EmployeeSerializer):
    employer = serializers.PrimaryKeyRelatedField(read_only=True)


class EmployeeDetailSerializer(EmployeeUpdateSerializer):
    """One employee opened by a clerk or manager of its employer: the full ID number too."""

    id_number = serializers.CharField(max_length=64)
    birth_date = serializers.DateField(read_only=True)

    class Meta(EmployeeUpdateSerializer.Meta):
        fields = [*EmployeeUpdateSerializer.Meta.fields, "birth_date"]
