import re

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from employees import access
from employees.models import Employee, Employer, Membership, Region
from employees.services.employees import UPDATABLE
from hrsocsec.api.fields import IdField, LocalDateTimeField
from hrsocsec.api.rows import kept_row_writer


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
    first_manager = serializers.CharField(
        max_length=150,
        write_only=True,
        required=False,
        help_text="Operators only: the user who becomes the employer's first manager (by "
        "default the creator).",
    )
    hr_emails = serializers.ListField(child=serializers.CharField(max_length=254), max_length=50)
    role = serializers.SerializerMethodField()

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "credit_code",
            "si_account_number",
            "region",
            "hr_emails",
            "role",
            "first_manager",
        ]
        # The service checks these and says which part is wrong; the model field validators
        # would only say "too long".
        extra_kwargs = {"credit_code": {"validators": [], "max_length": 64}}

    def validate_first_manager(self, username):
        if self.instance is not None:
            raise serializers.ValidationError(
                _("Set when the employer is created; later, add managers as members.")
            )
        # For anyone but the operator every name is unknown: nobody learns which users exist.
        users = get_user_model().objects.filter(is_active=True)
        if not self.context["request"].user.is_superuser:
            users = users.none()
        found = users.filter(username=username).first()
        if found is None:
            raise serializers.ValidationError(
                _("No user with this username that you may name as first manager.")
            )
        return found

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


class RolesKnownListSerializer(serializers.ListSerializer):
    """A page of rows of several employers: the caller's roles there (what each row may show)
    fetched in one query before the rows are written."""

    def to_representation(self, data):
        return super().to_representation(self.rows_with_roles_known(data))

    def rows_with_roles_known(self, data) -> list:
        rows = list(data.all() if isinstance(data, models.Manager) else data)
        access.known_roles(self.context["request"].user, {row.employer_id for row in rows})
        return rows


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
        list_serializer_class = RolesKnownListSerializer
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

    def to_representation(self, employee):
        data = super().to_representation(employee)
        for name in hidden_from(self.context["request"].user, employee.employer_id):
            data.pop(name, None)
        return data


def hidden_from(user, employer_id: int) -> tuple[str, ...]:
    """What an employee of this employer's shows the user not: a viewer sees no wage (nor the
    ID number, which every list and detail here masks)."""
    return () if access.may_see_wages(user, employer_id) else ("monthly_wage",)


class EmployeeRowsSerializer(RolesKnownListSerializer):
    """The employee list's page: each row the dict EmployeeSerializer writes, written by
    hrsocsec.api.rows (a tenth of the time), less what hidden_from() hides."""

    def to_representation(self, data):
        rows = self.rows_with_roles_known(data)
        user = self.context["request"].user
        employer_ids = {row.employer_id for row in rows}
        hidden = {employer_id: hidden_from(user, employer_id) for employer_id in employer_ids}
        write = kept_row_writer(self.child)  # EmployeeSerializer's fields are the same for all
        return [write(row, hidden[row.employer_id]) for row in rows]


class EmployeeListSerializer(EmployeeSerializer):
    """The list action's: the same rows, written by EmployeeRowsSerializer."""

    class Meta(EmployeeSerializer.Meta):
        list_serializer_class = EmployeeRowsSerializer


class EmployeeUpdateSerializer(EmployeeSerializer):
    employer = serializers.PrimaryKeyRelatedField(read_only=True)


class EmployeeDetailSerializer(EmployeeUpdateSerializer):
    """One employee opened by a clerk or manager of its employer: the full ID number too."""

    id_number = serializers.CharField(max_length=64)
    birth_date = serializers.DateField(read_only=True)

    class Meta(EmployeeUpdateSerializer.Meta):
        fields = [*EmployeeUpdateSerializer.Meta.fields, "birth_date"]
