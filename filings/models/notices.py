from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models import Employer


class HRNotice(models.Model):
    """One message to an employer's HR contacts about filings that moved. The key is claimed
    before sending, so a task run twice sends nothing twice; a failure is kept, not retried."""

    class Status(models.TextChoices):
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        NOBODY = "nobody", _("no HR contact to send to")

    key = models.CharField(max_length=100)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("HR notice")
        constraints = [
            models.UniqueConstraint(fields=["key"], name="hr_notice_key_unique"),
        ]

    def __str__(self):
        return f"{self.key} ({self.status})"
