from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """What every record of a change carries: who, when, which fields, why. Rows of its
    subclasses are only ever inserted; nothing updates or deletes them."""

    # Names of the fields changed; never their values (an ID number must not be copied around).
    changed_fields = models.JSONField(default=list, blank=True, verbose_name=_("changed fields"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.CharField(max_length=500, blank=True, verbose_name=_("note"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        abstract = True
        ordering = ["at", "id"]
