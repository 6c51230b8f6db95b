import datetime

from django.conf import settings
from django.db import models


def kept_since(now: datetime.datetime) -> datetime.datetime:
    """Keys created before this are forgotten: purged, and a request reusing one runs afresh."""
    return now - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


class IdempotencyKey(models.Model):
    """A POST made with an Idempotency-Key header: while it runs (status 0), and then the
    response it gave, replayed to a retry with the same key and the same request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # sha256 of the method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once"),
        ]
        indexes = [
            # Serves the daily purge of keys past IDEMPOTENCY_KEY_HOURS.
            models.Index(fields=["created_at"], name="idempotency_key_created_idx"),
        ]

    def __str__(self):
        return f"{self.key} ({self.status_code or 'running'})"
