from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from employees.models import Employee, Employer, Region
from law.money import Rounding

RATE = {"max_digits": 6, "decimal_places": 5}  # 0.16 = 16 %
YUAN = {"max_digits": 12, "decimal_places": 2}


class ContributionRule(models.Model):
    """A region's contribution rules for a period (they change every year, usually in July).
    Without an employer it is the installation's rule for the region, kept by the operator; an
    employer's own rule for its region, kept by its managers, comes first."""

    # Indexed by contribution_rule_lookup_idx (its first column), not by an index of its own.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
        db_index=False,
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer"),
    )
    valid_from = models.DateField(_("valid from (first month)"))
    valid_until = models.DateField(_("valid until (last month)"), null=True, blank=True)
    source = models.CharField(_("public notice it was taken from"), max_length=300)
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Shipped as an example: replace it.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("contribution rule")
        verbose_name_plural = _("contribution rules")
        db_table = "filings_contributionrule"  # the table it had in filings: no data moved
        ordering = ["region", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="contribution_rule_period_in_order",
            ),
        ]
        indexes = [
            # Serves finding the rule of a region (and employer) for a month.
            models.Index(
                fields=["region", "employer", "-valid_from"], name="contribution_rule_lookup_idx"
            ),
        ]

    def __str__(self):
        until = self.valid_until.strftime("%Y-%m") if self.valid_until else "…"
        return f"{self.region_id} {self.valid_from:%Y-%m}–{until}"


ROUNDING_CHOICES = [
    (Rounding.HALF_UP_FEN.value, _("half-up to the fen (0.01 yuan)")),
    (Rounding.HALF_UP_JIAO.value, _("half-up to the jiao (0.1 yuan)")),
    (Rounding.UP_JIAO.value, _("up to the jiao (0.1 yuan)")),
    (Rounding.HALF_UP_YUAN.value, _("half-up to the yuan")),
]


class ContributionLine(models.Model):
    class Line(models.TextChoices):
        PENSION = "pension", _("pension")
        MEDICAL = "medical", _("medical")
        UNEMPLOYMENT = "unemployment", _("unemployment")
        WORK_INJURY = "work_injury", _("work injury")
        MATERNITY = "maternity", _("maternity")
        HOUSING_FUND = "housing_fund", _("housing fund")

    # Indexed by contribution_line_once (its first column), not by an index of its own.
    rule = models.ForeignKey(
        ContributionRule,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("rule"),
        db_index=False,
    )
    line = models.CharField(_("insurance"), max_length=20, choices=Line.choices)
    employer_rate = models.DecimalField(_("employer rate"), **RATE)
    employee_rate = models.DecimalField(_("employee rate"), **RATE)
    employer_fixed = models.DecimalField(_("employer fixed amount"), default=0, **YUAN)
    employee_fixed = models.DecimalField(_("employee fixed amount"), default=0, **YUAN)
    base_floor = models.DecimalField(_("base floor"), **YUAN)
    base_ceiling = models.DecimalField(_("base ceiling"), **YUAN)
    rounding = models.CharField(
        _("rounding"),
        max_length=12,
        choices=ROUNDING_CHOICES,
        default=Rounding.HALF_UP_FEN.value,
        help_text=_("How the agency rounds this line's amounts, each share on its own."),
    )

    class Meta:
        verbose_name = _("insurance line")
        verbose_name_plural = _("insurance lines")
        db_table = "filings_contributionline"
        ordering = ["rule", "id"]
        constraints = [
            # Also serves a rule's lines.
            models.UniqueConstraint(fields=["rule", "line"], name="contribution_line_once"),
            models.CheckConstraint(
                condition=Q(
                    line__in=[
                        "pension",
                        "medical",
                        "unemployment",
                        "work_injury",
                        "maternity",
                        "housing_fund",
                    ]
                ),
                name="contribution_line_valid",
            ),
            models.CheckConstraint(
                condition=Q(employer_rate__gte=0, employer_rate__lt=1)
                & Q(employee_rate__gte=0, employee_rate__lt=1),
                name="contribution_line_rates_in_range",
            ),
            models.CheckConstraint(
                condition=Q(employer_fixed__gte=0, employee_fixed__gte=0),
                name="contribution_line_fixed_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(base_floor__gte=0, base_ceiling__gte=F("base_floor")),
                name="contribution_line_floor_below_ceiling",
            ),
            models.CheckConstraint(
                condition=Q(rounding__in=[r.value for r in Rounding]),
                name="contribution_line_rounding_valid",
            ),
        ]

    def __str__(self):
        return f"{self.rule}: {self.get_line_display()}"


class MonthlyStatement(models.Model):
    """What was due for one insured employee in one month, as computed then: the wage, base,
    rates and amounts are a snapshot, so a later rate change never rewrites history."""

    # Indexed by statement_one_per_employee_month (its first column), not by an index of its own.
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("employee"),
        db_index=False,
    )
    # Indexed by statement_employer_month_idx (its first column), not by an index of its own.
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("employer"),
        db_index=False,
    )
    month = models.DateField(_("month"))
    rule = models.ForeignKey(
        ContributionRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("rule")
    )
    wage = models.DecimalField(_("monthly wage"), **YUAN)
    # [{"line", "base", "employer_rate", "employee_rate", "employer_amount", ...}] as strings.
    lines = models.JSONField(verbose_name=_("lines"))
    employee_total = models.DecimalField(_("employee total"), **YUAN)
    employer_total = models.DecimalField(_("employer total"), **YUAN)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("monthly statement")
        verbose_name_plural = _("monthly statements")
        db_table = "filings_monthlystatement"
        ordering = ["-month", "employee"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "month"], name="statement_one_per_employee_month"
            ),
        ]
        indexes = [
            # Serves an employer's statements of a month.
            models.Index(fields=["employer", "month"], name="statement_employer_month_idx"),
        ]

    def __str__(self):
        return f"#{self.employee_id} {self.month:%Y-%m}"
