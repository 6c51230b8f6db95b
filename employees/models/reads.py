from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.models.employees import Employee
from employees.models.employers import Employer


class IdNumberRead(models.Model):
    """One full resident ID number shown to someone (PIPL art. 28: sensitive personal
    information), or one find-box lookup that found nobody. Only ever inserted: no update or
    delete reaches a row (refused here, and by a trigger on PostgreSQL). The number itself is
    never kept here."""

    class Via(models.TextChoices):
        API = "api", _("API employee detail")
        ADMIN = "admin", _("admin employee page")
        FIND = "find", _("find by exact ID number")
        EXPORT = "export", _("batch export")
        CERTIFICATE = "certificate", _("termination certificate")
        VOUCHER = "voucher", _("voucher download")

    at = models.DateTimeField(_("at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    via = models.CharField(_("through"), max_length=12, choices=Via.choices)
    # Both empty for a find-box miss: nobody's number was shown, but the lookup is recorded.
    # Indexed by idread_employer_idx (its first column), not by an index of its own.
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer"),
        db_index=False,
    )
    # Indexed by idread_employee_idx (its first column), not by an index of its own.
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("ID number access record")
        verbose_name_plural = _("ID number access log")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(via__in=["api", "admin", "find", "export", "certificate", "voucher"]),
                name="idread_via_valid",
            ),
            # A read names both its employee and that employee's employer; a miss neither, and
            # only the find box has misses.
            models.CheckConstraint(
                condition=Q(employee__isnull=False, employer__isnull=False)
                | Q(employee__isnull=True, employer__isnull=True, via="find"),
                name="idread_employee_with_employer",
            ),
        ]
        indexes = [
            # Serves the managers' log (/api/access-log/, the admin): one employer's, newest first.
            models.Index(fields=["employer", "-id"], name="idread_employer_idx"),
            # Serves the log of one employee (?employee=).
            models.Index(fields=["employee", "-id"], name="idread_employee_idx"),
            # Serves the find box's rate limit: one user's misses in the last minutes.
            models.Index(
                fields=["user", "at"], condition=Q(employee__isnull=True), name="idread_misses_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_via_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("An ID number access record is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("An ID number access record is never deleted.")

    @property
    def found(self) -> bool:
        return self.employee_id is not None
