from celery import shared_task
from django.utils import timezone


@shared_task(ignore_result=True)
def idempotency_keys_purge_task() -> int:
    """Expired keys go, with the responses kept for them; safe to run twice."""
    from hrsocsec.api.models import IdempotencyKey, kept_since

    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=kept_since(timezone.now())).delete()
    return deleted
