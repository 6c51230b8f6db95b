"""/api/contribution-rules/ (region rules per period, kept through ``rule_save``) and
/api/statements/ (what was due per employee and month, read-only)."""

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from contributions.models import ContributionLine, ContributionRule, MonthlyStatement
from contributions.services import rule_end, rule_save
from employees import access
from employees.api.filters import visible_employees, visible_employers
from employees.api.replay import RoleCheckedIdempotentMixin
from employees.api.serializers import (
    RegionCodeField,
    RolesKnownListSerializer,
    VisibleEmployerField,
)
from employees.models import Membership, Region
from hrsocsec.api.fields import ID_IN_PATH
from law.payments import month_of

ISO_DATE = ["%Y-%m-%d"]
LINE_FIELDS = [
    "line",
    "employer_rate",
    "employee_rate",
    "employer_fixed",
    "employee_fixed",
    "base_floor",
    "base_ceiling",
    "rounding",
]


def visible_rules(user):
    """The installation's rules, which every member reads, and the caller's employers' own."""
    return ContributionRule.objects.filter(
        Q(employer__isnull=True) | Q(employer__in=access.employers_for(user))
    )


def with_lines(rules):
    """With what the serializer shows (the region's code is read off the region)."""
    return rules.select_related("region").prefetch_related(
        Prefetch("lines", queryset=ContributionLine.objects.order_by("id"))
    )


def flat_errors(errors: dict) -> dict:
    """Nested line errors named as the service names them: ``lines[0].employer_rate``."""
    flat = {}
    for field, value in errors.items():
        if field != "lines" or not isinstance(value, dict | list):
            flat[field] = value
            continue
        # {index: errors} (DRF's dict format), [errors per line] (its list format), or
        # {"non_field_errors": [...]} about the list itself.
        for index, line_errors in value.items() if isinstance(value, dict) else enumerate(value):
            if index == "non_field_errors":
                flat["lines"] = line_errors
                continue
            if not isinstance(line_errors, dict):  # about the list itself, e.g. "not a list"
                more = line_errors if isinstance(line_errors, list) else [line_errors]
                flat.setdefault("lines", []).extend(more)
                continue
            for name, messages in (line_errors or {}).items():
                key = f"lines[{index}]" if name == "non_field_errors" else f"lines[{index}].{name}"
                flat[key] = messages
    return flat


class ContributionLineSerializer(serializers.ModelSerializer):
    # The model's max_digits and decimal_places: "abc" or 1e20 is a 400 on the line's field.
    class Meta:
        model = ContributionLine
        fields = LINE_FIELDS


class ContributionRuleSerializer(serializers.ModelSerializer):
    region = RegionCodeField()
    employer = VisibleEmployerField(allow_null=True, default=None)
    lines = ContributionLineSerializer(many=True, max_length=len(ContributionLine.Line))

    class Meta:
        model = ContributionRule
        fields = [
            "id",
            "region",
            "employer",
            "valid_from",
            "valid_until",
            "source",
            "is_sample",
            "lines",
            "created_at",
        ]
        read_only_fields = ["is_sample", "created_at"]


class MonthFilter(django_filters.DateFilter):
    """Any day names its month: rules and statements are kept by month (its first day)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, input_formats=ISO_DATE, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, month_of(value) if value else value)


class ContributionRuleFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all())
    # ?employer=null: the installation's rules.
    employer = django_filters.ModelChoiceFilter(
        queryset=visible_employers, null_label=_("installation-wide")
    )
    month = MonthFilter(method="valid_in", label=_("valid in month"))

    class Meta:
        model = ContributionRule
        fields = ["region", "employer"]

    def valid_in(self, rules, name, month):
        rules = rules.filter(valid_from__lte=month)
        return rules.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=month))


class EndSerializer(serializers.Serializer):
    valid_until = serializers.DateField()


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "employer",
                {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["null"]}]},
                description="An employer of yours, or null for the installation-wide rules.",
            )
        ]
    )
)
class ContributionRuleViewSet(
    RoleCheckedIdempotentMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Every member reads the rules that apply to them; ``rule_save`` decides who keeps which
    (the operator the installation's, managers their employer's) and refuses overlaps."""

    serializer_class = ContributionRuleSerializer
    filterset_class = ContributionRuleFilter
    replay_role = Membership.Role.MANAGER  # its writes are a manager's
    lookup_value_regex = ID_IN_PATH
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # nothing deleted

    def get_queryset(self):
        rules = with_lines(visible_rules(self.request.user))
        return rules.order_by("region_id", "-valid_from", "id")

    def _body(self, *args, **kwargs) -> dict:
        body = self.get_serializer(*args, **kwargs)
        if not body.is_valid():
            raise ValidationError(flat_errors(body.errors))
        return dict(body.validated_data)

    def _saved(self, rule: ContributionRule, status: int = 200) -> Response:
        fresh = with_lines(ContributionRule.objects).get(id=rule.id)
        return Response(self.get_serializer(fresh).data, status=status)

    def create(self, request, *args, **kwargs):
        data = self._body(data=request.data)
        employer = data.pop("employer")
        rule = rule_save(
            actor=request.user,
            region_code=data.pop("region").code,
            employer_id=employer.id if employer else None,
            **data,
        )
        return self._saved(rule, status=201)

    def update(self, request, *args, partial=False, **kwargs):
        rule = self.get_object()  # 404 for another employer's rule
        data = self._body(rule, data=request.data, partial=partial)
        moved = {}
        for field, now in (("region", rule.region_id), ("employer", rule.employer_id)):
            if field in data and getattr(data.pop(field), "pk", None) != now:
                moved[field] = [_("A rule keeps its region and employer: add a new rule instead.")]
        if moved:
            raise ValidationError(moved)
        if "lines" not in data:
            data["lines"] = [
                {f: getattr(line, f) for f in LINE_FIELDS} for line in rule.lines.all()
            ]
        saved = rule_save(
            actor=request.user,
            region_code=rule.region_id,
            employer_id=rule.employer_id,
            valid_from=data.get("valid_from", rule.valid_from),
            valid_until=data.get("valid_until", rule.valid_until),
            source=data.get("source", rule.source),
            lines=data["lines"],
            rule_id=rule.id,
        )
        return self._saved(saved)

    @extend_schema(request=EndSerializer, responses=ContributionRuleSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """``{"valid_until": "2026-06-01"}``: the last month of the rule's period."""
        rule = self.get_object()
        body = EndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ended = rule_end(
            actor=request.user, rule_id=rule.id, last_month=body.validated_data["valid_until"]
        )
        return self._saved(ended)


# A statement's figures a viewer does not see: each works back to the wage (amount / rate).
TOTALS = ("employee_total", "employer_total")
LINE_MONEY = ("base", "employer_amount", "employee_amount")


def without_money(lines: list[dict]) -> list[dict]:
    return [{key: value for key, value in line.items() if key not in LINE_MONEY} for line in lines]


class StatementSerializer(serializers.ModelSerializer):
    """No wage in lists: it is personal data, shown in the detail to clerks and managers; a
    viewer sees no base, amount or total either (any of them gives the wage back)."""

    employee_name = serializers.CharField(source="employee.name", read_only=True)

    class Meta:
        model = MonthlyStatement
        list_serializer_class = RolesKnownListSerializer
        fields = [
            "id",
            "employee",
            "employee_name",
            "employer",
            "month",
            "lines",
            "employee_total",
            "employer_total",
            "rule",
            "created_at",
        ]

    def to_representation(self, statement):
        data = super().to_representation(statement)
        if not access.may_see_wages(self.context["request"].user, statement.employer_id):
            for key in TOTALS:
                data.pop(key)
            data["lines"] = without_money(data["lines"])
        return data


class StatementDetailSerializer(StatementSerializer):
    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "wage"]


class StatementFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers)
    employee = django_filters.ModelChoiceFilter(queryset=visible_employees)
    month = MonthFilter(field_name="month")
    month_after = MonthFilter(field_name="month", lookup_expr="gte")
    month_before = MonthFilter(field_name="month", lookup_expr="lte")

    class Meta:
        model = MonthlyStatement
        fields = ["employer", "employee"]


class MonthlyStatementViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = StatementFilter
    lookup_value_regex = ID_IN_PATH

    def get_queryset(self):
        statements = MonthlyStatement.objects.filter(
            employer__in=access.employers_for(self.request.user)
        )
        return statements.select_related("employee").order_by("-month", "employee_id", "id")

    def get_serializer_class(self):
        return StatementSerializer  # the detail decides per statement, in retrieve

    def retrieve(self, request, *args, **kwargs):
        statement = self.get_object()
        personal = access.may_see_full_id_number(request.user, statement.employer_id)
        serializer = StatementDetailSerializer if personal else StatementSerializer
        return Response(serializer(statement, context=self.get_serializer_context()).data)
