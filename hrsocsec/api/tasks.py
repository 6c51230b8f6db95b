import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(ignore_result=True)
def idempotency_keys_purge_task() -> int:
    """Expired keys go, with the responses kept for them; safe to run twice."""
    from hrsocsec.api.models import IdempotencyKey

    cutoff = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
