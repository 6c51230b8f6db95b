from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employees.models import Employee, Employer
from filings.models.filings import Filing


class Batch(models.Model):
    """One action over many employees (seed 000: tick the people, pick the reason and the date,
    save). Each employee gets a filing of their own, so one bad row does not sink the rest."""

    # Indexed by batch_employer_idx (its first column), not by an index of its own.
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("employer"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Filing.Kind.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=Filing.Reason.choices, blank=True)
    reason_text = models.CharField(_("reason, in words"), max_length=500, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    new_contract_end_date = models.DateField(_("new contract end date"), null=True, blank=True)
    # The clerk's words for the whole batch, kept on each filing's first event.
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Labour Contract Law art. 41: the economic-layoff headcount in the 30 days around the date,
    # this batch included, when it reached the threshold; the batch is then only submitted once
    # someone acknowledged the notice and report the article requires.
    layoff_headcount = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("layoff headcount")
    )
    layoff_workforce = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("workforce")
    )
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-id"]
        verbose_name_plural = _("batches")
        constraints = [
            models.CheckConstraint(
                condition=Q(layoff_acknowledged_at__isnull=True)
                | Q(layoff_headcount__isnull=False),
                name="batch_layoff_ack_needs_warning",
            ),
        ]
        indexes = [
            # Serves the batch list per employer, newest first.
            models.Index(fields=["employer", "-id"], name="batch_employer_idx"),
        ]

    def __str__(self):
        return f"#{self.id} {self.get_kind_display()}"

    @property
    def layoff_warning(self) -> bool:
        return self.layoff_headcount is not None


class BatchRow(models.Model):
    """One employee of a batch: the filing made for them, or why none was."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("filing created")
        REFUSED = "refused", _("refused")

    # Indexed by batch_row_one_per_employee (its first column), not by an index of its own.
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        related_name="rows",
        verbose_name=_("batch"),
        db_index=False,
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("employee")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    filing = models.OneToOneField(
        Filing,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="batch_row",
        verbose_name=_("filing"),
    )
    # Why the row was refused, per field, in the words the clerk saw: {"employee": ["..."]}.
    errors = models.JSONField(default=dict, blank=True, verbose_name=_("errors"))

    class Meta:
        verbose_name = _("batch row")
        verbose_name_plural = _("batch rows")
        ordering = ["batch", "id"]
        constraints = [
            # Also serves the rows of a batch.
            models.UniqueConstraint(
                fields=["batch", "employee"], name="batch_row_one_per_employee"
            ),
            models.CheckConstraint(
                condition=(Q(outcome="created") & Q(filing__isnull=False))
                | (Q(outcome="refused") & Q(filing__isnull=True)),
                name="batch_row_filing_iff_created",
            ),
        ]

    def __str__(self):
        return f"#{self.batch_id} · #{self.employee_id}: {self.get_outcome_display()}"
