import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def kept_since(now: datetime.datetime) -> datetime.datetime:
    """Keys created before this are forgotten: purged, and a request reusing one runs afresh."""
    return now - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


class IdempotencyKey(models.Model):
    """A POST made with an Idempotency-Key header: while it runs (status 0), and then the
    response it gave, replayed to a retry with the same key and the same request."""

    # Indexed by idempotency_key_once (its first column), not by an index of its own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
        db_index=False,
    )
    key = models.CharField(max_length=255, verbose_name=_("key"))
    # sha256 of the method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64, verbose_name=_("fingerprint"))
    status_code = models.PositiveSmallIntegerField(default=0, verbose_name=_("status code"))
    response = models.JSONField(default=dict, blank=True, verbose_name=_("response"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once"),
        ]
        indexes = [
            # Serves the daily purge of keys past IDEMPOTENCY_KEY_HOURS.
            models.Index(fields=["created_at"], name="idempotency_key_created_idx"),
        ]

    def __str__(self):
        return f"{self.key} ({self.status_code or 'running'})"
