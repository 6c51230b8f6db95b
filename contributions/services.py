"""Writes for contributions: region rules (kept by the operator, or by an employer's managers
for that employer) and the monthly statements computed from them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contributions import selectors, statements
from contributions.models import ContributionLine, ContributionRule, MonthlyStatement
from employees import access
from employees.models import Employee, Employer, Membership, Region
from hrsocsec.errors import NotFound, RoleRefused
from law.money import Rounding, month_contributions
from law.payments import month_of

LINE_FIELDS = ("employer_rate", "employee_rate", "employer_fixed", "employee_fixed")
# A rule's months are a base year or two ahead at the most; further is a typing error (9999-12).
RULE_YEARS_AHEAD = 2
BOUNDS = ("base_floor", "base_ceiling")


def _require_keeper(actor, employer_id: int | None) -> None:
    if employer_id is None:
        if not (actor.is_authenticated and actor.is_superuser):
            raise RoleRefused(
                _("Installation-wide rules are kept by the operator; add your employer's own.")
            )
    else:
        access.require_role(actor, employer_id, Membership.Role.MANAGER)


def _decimal(value, field: str, errors: dict, index: int) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.setdefault(f"lines[{index}].{field}", []).append(_("Enter a number."))
        return None
    if not number.is_finite() or number < 0:
        errors.setdefault(f"lines[{index}].{field}", []).append(_("Enter a number of 0 or more."))
        return None
    return number


def clean_lines(lines: Sequence[dict]) -> list[ContributionLine]:
    """Every line checked, each error named by its place: ``lines[2].employee_rate``."""
    if not lines:
        raise ValidationError({"lines": [_("Give at least one insurance line.")]})
    errors: dict[str, list[str]] = {}
    cleaned, seen = [], set()
    for index, raw in enumerate(lines):
        kind = raw.get("line")
        if kind not in ContributionLine.Line.values:
            errors[f"lines[{index}].line"] = [
                _("Choose one of: %(lines)s.") % {"lines": ", ".join(ContributionLine.Line.values)}
            ]
            continue
        if kind in seen:
            errors[f"lines[{index}].line"] = [_("%(line)s is given twice.") % {"line": kind}]
        seen.add(kind)
        values = {}
        for field in (*LINE_FIELDS, *BOUNDS):
            default = 0 if field.endswith("_fixed") else None
            value = raw.get(field, default)
            if value is None:
                errors[f"lines[{index}].{field}"] = [_("This field is required.")]
                continue
            values[field] = _decimal(value, field, errors, index)
        for rate in ("employer_rate", "employee_rate"):
            if values.get(rate) is not None and values[rate] >= 1:
                errors[f"lines[{index}].{rate}"] = [
                    _("A rate is a fraction below 1: 0.16 for 16 percent.")
                ]
        rounding = raw.get("rounding") or Rounding.HALF_UP_FEN.value
        if rounding not in Rounding._value2member_map_:
            errors[f"lines[{index}].rounding"] = [
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(r.value for r in Rounding)}
            ]
        values["rounding"] = rounding
        floor, ceiling = values.get("base_floor"), values.get("base_ceiling")
        if floor is not None and ceiling is not None and ceiling < floor:
            errors[f"lines[{index}].base_ceiling"] = [_("The ceiling is below the floor.")]
        cleaned.append(ContributionLine(line=kind, **values))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _refuse_overlap(rule: ContributionRule) -> None:
    overlapping = (
        ContributionRule.objects.filter(region_id=rule.region_id, employer_id=rule.employer_id)
        .exclude(id=rule.id)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=rule.valid_from))
    )
    if rule.valid_until is not None:
        overlapping = overlapping.filter(valid_from__lte=rule.valid_until)
    other = overlapping.order_by("valid_from").first()
    if other:
        raise ValidationError(
            {"valid_from": [_("This period overlaps the rule of %(other)s.") % {"other": other}]}
        )


def rule_save(
    *,
    actor,
    region_code: str,
    valid_from: datetime.date,
    lines: Sequence[dict],
    source: str,
    employer_id: int | None = None,
    valid_until: datetime.date | None = None,
    rule_id: int | None = None,
) -> ContributionRule:
    """Add a rule, or replace one no statement has used yet (statements keep their snapshot,
    but the rule they name stays as it was: end it and add the next period instead)."""
    _require_keeper(actor, employer_id)
    rule = ContributionRule(
        region_id=region_code,
        employer_id=employer_id,
        valid_from=month_of(valid_from),
        valid_until=month_of(valid_until) if valid_until else None,
        source=(source or "").strip(),
        created_by=actor,
    )
    errors = {}
    if not rule.source:
        errors["source"] = [_("Name the public notice the figures come from.")]
    if rule.valid_until and rule.valid_until < rule.valid_from:
        errors["valid_until"] = [_("The last month is before the first.")]
    latest = month_of(timezone.localdate()).replace(
        year=timezone.localdate().year + RULE_YEARS_AHEAD
    )
    for field in ("valid_from", "valid_until"):
        month = getattr(rule, field)
        if month and month > latest and field not in errors:
            errors[field] = [
                _("This month is more than %(years)d years ahead (after %(latest)s); check it.")
                % {"years": RULE_YEARS_AHEAD, "latest": latest.strftime("%Y-%m")}
            ]
    if errors:
        raise ValidationError(errors)
    cleaned = clean_lines(lines)
    with transaction.atomic():
        # One rule change per region at a time, so two overlapping periods cannot both pass.
        Region.objects.select_for_update().filter(code=region_code).values_list("code").first()
        if not Region.objects.filter(code=region_code).exists():
            raise ValidationError({"region": [_("No region with code %s.") % region_code]})
        if rule_id is not None:
            old = (
                ContributionRule.objects.select_for_update()
                .filter(id=rule_id, employer_id=employer_id, region_id=region_code)
                .first()
            )
            if old is None:
                raise NotFound()
            if MonthlyStatement.objects.filter(rule=old).exists():
                raise ValidationError(
                    {"lines": [_("Statements were computed with this rule: end it instead.")]}
                )
            rule.id, rule.created_at = old.id, old.created_at
        _refuse_overlap(rule)
        rule.save()
        ContributionLine.objects.filter(rule=rule).delete()  # an unused rule's own lines
        for line in cleaned:
            line.rule = rule
        ContributionLine.objects.bulk_create(cleaned)
    return rule


def rule_end(*, actor, rule_id: int, last_month: datetime.date) -> ContributionRule:
    """End a rule's period (when the next year's notice is out), also one statements used:
    only months no statement of it falls in can be given up."""
    last_month = month_of(last_month)
    with transaction.atomic():
        rule = ContributionRule.objects.select_for_update().filter(id=rule_id).first()
        if rule is None:
            raise NotFound()
        _require_keeper(actor, rule.employer_id)
        if last_month < rule.valid_from:
            raise ValidationError({"valid_until": [_("The last month is before the first.")]})
        used = (
            MonthlyStatement.objects.filter(rule=rule, month__gt=last_month)
            .order_by("-month")
            .values_list("month", flat=True)
            .first()
        )
        if used:
            raise ValidationError(
                {
                    "valid_until": [
                        _("Statements of %(month)s use this rule: end it after that month.")
                        % {"month": used.strftime("%Y-%m")}
                    ]
                }
            )
        rule.valid_until = last_month
        rule.save(update_fields=["valid_until"])
    return rule


def statements_compute(month: datetime.date, employee_ids: Sequence[int]) -> dict[str, int]:
    """The month's statement for each of these employees insured in it that has none yet:
    the wage, bases, rates and amounts as they are now. Safe to run twice. On PostgreSQL one
    INSERT ... SELECT computes them (contributions.statements); elsewhere law.money does."""
    month = month_of(month)
    if connection.vendor == "postgresql":
        return _statements_in_sql(month, employee_ids)
    insured = selectors.insured_in(month, Employee.objects.filter(id__in=employee_ids))
    done = set(
        MonthlyStatement.objects.filter(month=month, employee_id__in=employee_ids).values_list(
            "employee_id", flat=True
        )
    )
    rules, made, no_rule = {}, [], 0
    for row in insured:
        employee = row.employee
        if employee.id in done:
            continue
        if employee.employer_id not in rules:
            rules[employee.employer_id] = selectors.rule_for(employee.employer, month)
        rule = rules[employee.employer_id]
        if rule is None:
            no_rule += 1
            continue
        amounts = month_contributions(employee.monthly_wage, selectors.line_rules(rule))
        made.append(
            MonthlyStatement(
                employee=employee,
                employer_id=employee.employer_id,
                month=month,
                rule=rule,
                wage=employee.monthly_wage,
                lines=[
                    {key: str(value) for key, value in vars(line).items()} for line in amounts.lines
                ],
                employee_total=amounts.employee_total,
                employer_total=amounts.employer_total,
            )
        )
    # A concurrent run may have made some meanwhile: the unique constraint keeps one each.
    MonthlyStatement.objects.bulk_create(made, ignore_conflicts=True)
    return {"insured": len(insured), "computed": len(made), "no_rule": no_rule}


def _statements_in_sql(month: datetime.date, employee_ids: Sequence[int]) -> dict[str, int]:
    stated = MonthlyStatement.objects.filter(month=month, employee=OuterRef("pk"))
    insured = list(
        selectors.candidates(month, Employee.objects.filter(id__in=employee_ids))
        .annotate(stated=Exists(stated))
        .values_list("id", "employer_id", "stated")
    )
    todo = [(employee_id, employer_id) for employee_id, employer_id, done in insured if not done]
    employers = Employer.objects.select_related("region").filter(id__in={e for _, e in todo})
    found = selectors.rules_for({employer: {month} for employer in employers})
    rules = {employer_id: rule.id for (employer_id, _month), rule in found.items()}
    with_rule = [employee_id for employee_id, employer_id in todo if employer_id in rules]
    computed = statements.statements_insert(month, Employee.objects.filter(id__in=with_rule), rules)
    return {"insured": len(insured), "computed": computed, "no_rule": len(todo) - len(with_rule)}
