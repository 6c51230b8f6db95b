from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """What every record of a change carries: who, when, which fields, why. Rows of its
    subclasses are only ever inserted; nothing updates or deletes them."""

    # Names of the fields changed; never their values (an ID number must not be copied around).
    changed_fields = models.JSONField(default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
