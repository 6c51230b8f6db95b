"""The API of notifications, read-only and scoped to the caller's employers:
/api/notifications/, the ledger (what was sent, what failed and why), and
GET /api/deadlines/?within=7, what is due across the caller's employers, soonest first (overdue
included)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets

from employees import access
from employees.api.filters import visible_employers
from employees.models import Employee, deadline_warning_text
from hrsocsec.api.fields import BIGINT_MAX, ID_IN_PATH, BlankRefusedChoiceField
from hrsocsec.api.filtering import pagination_parameters, refuse_unknown_parameters
from hrsocsec.api.pagination import IdCursorPagination
from notifications import due
from notifications.models import Notification


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


KINDS = due.KINDS
MAX_WITHIN = 366


class DeadlineQuerySerializer(serializers.Serializer):
    within = serializers.IntegerField(
        min_value=0, max_value=MAX_WITHIN, default=7, help_text="Days ahead; overdue always."
    )
    employer = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    kind = serializers.MultipleChoiceField(choices=KINDS, required=False)
    ordering = BlankRefusedChoiceField(
        choices=["due_date", "-exposure"],
        default="due_date",
        help_text="due_date: soonest first; -exposure: what the overdue items expose the "
        "employer to, the most first (then the rest, soonest first).",
    )

    def validate_employer(self, value):
        if not access.employers_for(self.context["request"].user).filter(id=value).exists():
            raise serializers.ValidationError(_("No employer with id %s among yours.") % value)
        return value


class ExposureSerializer(serializers.Serializer):
    months = serializers.IntegerField()
    premiums = serializers.DecimalField(max_digits=14, decimal_places=2)
    surcharge = serializers.DecimalField(max_digits=14, decimal_places=2)
    fine_min = serializers.DecimalField(max_digits=14, decimal_places=2)
    fine_max = serializers.DecimalField(max_digits=14, decimal_places=2)
    personal_fine_min = serializers.DecimalField(max_digits=14, decimal_places=2)
    personal_fine_max = serializers.DecimalField(max_digits=14, decimal_places=2)


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS)
    employer = serializers.IntegerField(source="employer_id")
    employee = serializers.IntegerField(source="employee_id")
    employee_name = serializers.CharField()
    filing = serializers.IntegerField(source="filing_id", allow_null=True)
    due_date = serializers.DateField()
    days_left = serializers.IntegerField(help_text="Negative when overdue.")
    provisional = serializers.SerializerMethodField(
        help_text="True when the due date was counted without that year's holiday arrangement "
        "(the statutory holidays only): it may move when the notice is entered."
    )
    warning = serializers.SerializerMethodField(help_text="Why the due date is provisional.")
    exposure = serializers.SerializerMethodField(
        help_text="For an overdue registration or a late stop: the premiums owed (both shares, "
        "yuan), the SI Law art. 86 surcharge accrued to date (0.05 % a day after each month's "
        "end) and the art. 84 fines (1-3x the premiums; RMB 500-3,000 on the person "
        "responsible); null otherwise, or where a month has no contribution rule."
    )
    cost_if_missed = serializers.SerializerMethodField(
        help_text="For a stop: what missing the agency's next cut-off costs, one more month of "
        "both shares (yuan); null for other kinds, or where no contribution rule applies."
    )

    @extend_schema_field(ExposureSerializer(allow_null=True))
    def get_exposure(self, item) -> dict | None:
        found = self.context["exposures"].get(item.item)
        return None if found is None else ExposureSerializer(found).data

    def get_provisional(self, item) -> bool:
        return item.provisional_year is not None

    def get_warning(self, item) -> str:
        return deadline_warning_text(item.provisional_year)

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True))
    def get_cost_if_missed(self, item) -> str | None:
        cost = self.context["costs"].get(item.employee_id) if item.kind == "stop" else None
        return None if cost is None else f"{cost:.2f}"


def _at_stake(found) -> tuple:
    return (0, -found.at_most) if found is not None else (1, 0)


class DeadlineViewSet(viewsets.GenericViewSet):
    serializer_class = DeadlineSerializer
    filter_backends = []  # DeadlineQuerySerializer reads the query
    queryset = Employee.objects.none()  # a computed list; named for the schema only

    @extend_schema(parameters=[DeadlineQuerySerializer])
    def list(self, request):
        known = set(DeadlineQuerySerializer().fields) | pagination_parameters(self)
        refuse_unknown_parameters(request, known)
        query = DeadlineQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        params = query.validated_data
        employees, filings = due.scope(request.user, params.get("employer"))
        found = due.items_due(
            employees,
            filings,
            within=params["within"],
            today=timezone.localdate(),
            now=timezone.now(),
            kinds=[k for k in KINDS if k in (params.get("kind") or KINDS)],
        )
        today = timezone.localdate()
        # What a late filing costs works back to the wage: not for a viewer's employers.
        found_money = [i for i in found if access.may_see_wages(request.user, i.employer_id)]
        if params["ordering"] == "-exposure":  # every item's, to order them
            exposures = due.exposures(found_money, today)
            # The most at stake first; items without exposure after, as they were (soonest).
            found.sort(key=lambda item: _at_stake(exposures.get(item.item)))
        page = self.paginate_queryset(found)
        page_money = [i for i in page if access.may_see_wages(request.user, i.employer_id)]
        if params["ordering"] != "-exposure":
            exposures = due.exposures(page_money, today)  # the page's only
        costs = due.missed_cutoff_costs(page_money, today)  # the page's stops only
        context = {**self.get_serializer_context(), "costs": costs, "exposures": exposures}
        rows = self.get_serializer(page, many=True, context=context).data
        return self.get_paginated_response(rows)
