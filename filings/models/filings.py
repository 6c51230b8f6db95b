from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from employees.models import Employee, Employer
from employees.models.events import AuditEvent
from employees.workflow import FilingKind
from filings.states import OPEN_STATES, FilingState


class Filing(models.Model):
    """One declaration to the agency for one employee: register, renew or dissolve."""

    Kind = FilingKind

    class Reason(models.TextChoices):
        """Why a contract ends (Labour Contract Law), for dissolve filings."""

        MUTUAL_AGREEMENT = "mutual_agreement", _("mutual agreement (art. 36)")
        EMPLOYEE_NOTICE = "employee_notice", _("employee's notice (art. 37)")
        EMPLOYER_FAULT = (
            "employer_fault",
            _("employee terminates for the employer's fault (art. 38)"),
        )
        DISMISSAL_FOR_CAUSE = "dismissal_for_cause", _("dismissal for cause (art. 39)")
        DISMISSAL_WITHOUT_FAULT = "dismissal_without_fault", _("dismissal without fault (art. 40)")
        ECONOMIC_LAYOFF = "economic_layoff", _("economic layoff (art. 41)")
        CONTRACT_EXPIRY = "contract_expiry", _("contract expiry (art. 44(1))")
        RETIREMENT = "retirement", _("retirement (art. 44(2))")
        DEATH = "death", _("death or declared missing (art. 44(3))")
        EMPLOYER_CLOSED = "employer_closed", _("employer bankrupt or closed (art. 44(4)(5))")
        OTHER = "other", _("other (explain)")

    State = FilingState

    # Indexed by filing_employer_state_idx (its first column), not by an index of its own.
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="filings",
        verbose_name=_("employer"),
        db_index=False,
    )
    # Indexed by filing_employee_idx (its first column), not by an index of its own.
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="filings",
        verbose_name=_("employee"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices, blank=True)
    reason_text = models.CharField(_("reason, in words"), max_length=500, blank=True)
    effective_date = models.DateField(_("effective date"))
    new_contract_end_date = models.DateField(_("new contract end date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=FilingState.choices, default=FilingState.DRAFT
    )
    agency_reference = models.CharField(_("agency reference"), max_length=100, blank=True)
    rejection_reason = models.CharField(
        _("agency's reason for rejecting"), max_length=500, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    # A dissolve's last month of contributions, fixed when it is filed: the month of separation,
    # or later when filed after that month's cut-off (law.payments.last_contribution_month).
    # While the dissolve is with the agency or confirmed, no month after it is owed.
    last_paid_month = models.DateField(_("last month paid"), null=True, blank=True)
    # Labour Contract Law art. 41: who acknowledged, at submitting, that this dissolve is part
    # of an economic layoff needing notice and a report (empty when none was reached).
    layoff_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("layoff acknowledged by"),
    )
    layoff_acknowledged_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("layoff acknowledged at")
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "kind"],
                condition=Q(state__in=OPEN_STATES),
                name="filing_one_open_per_employee_and_kind",
                violation_error_message=_("This employee already has an open filing of this kind."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["register", "renew", "dissolve"]), name="filing_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=FilingState.values), name="filing_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="dissolve") | ~Q(reason=""), name="filing_dissolve_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(reason_text=""),
                name="filing_other_reason_explained",
            ),
            models.CheckConstraint(
                condition=~Q(kind="renew") | Q(new_contract_end_date__isnull=False),
                name="filing_renew_has_new_end",
            ),
            models.CheckConstraint(
                condition=Q(last_paid_month__isnull=True)
                | Q(kind="dissolve", last_paid_month__day=1),
                name="filing_last_paid_month_is_a_dissolves_month",
            ),
        ]
        indexes = [
            # Serves the filing lists per employer and state, newest first.
            models.Index(fields=["employer", "state", "-id"], name="filing_employer_state_idx"),
            # Serves the daily reminder of filings long with the agency and still undecided.
            models.Index(
                fields=["submitted_at"],
                condition=Q(state="submitted"),
                name="filing_waiting_idx",
            ),
            # Serves an employee's filing history and the registration-state recomputation.
            models.Index(fields=["employee", "-id"], name="filing_employee_idx"),
        ]

    def __str__(self):
        return gettext("%(kind)s #%(id)s (%(state)s)") % {
            "kind": self.get_kind_display(),
            "id": self.id,
            "state": self.get_state_display(),
        }


class FilingEvent(AuditEvent):
    """Every transition of a filing: never updated, never deleted (SI Law art. 74)."""

    filing = models.ForeignKey(
        Filing, on_delete=models.PROTECT, related_name="events", verbose_name=_("filing")
    )
    # Choices for their labels only (the history shows words); TRANSITIONS decides the moves.
    from_state = models.CharField(
        max_length=10, blank=True, choices=FilingState.choices, verbose_name=_("from state")
    )
    to_state = models.CharField(
        max_length=10, choices=FilingState.choices, verbose_name=_("to state")
    )

    class Meta(AuditEvent.Meta):
        verbose_name = _("filing event")
        verbose_name_plural = _("filing events")
        pass

    def __str__(self):
        before = self.get_from_state_display() or "—"
        return f"#{self.filing_id} {before} → {self.get_to_state_display()}"
