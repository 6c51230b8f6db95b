"""Idempotency-Key on every POST: a retry of a request that was already answered gets the same
answer and changes nothing; the same key with another request is a 422; the same key while the
first request still runs is a 409. Keys are the caller's own (per user) and kept
IDEMPOTENCY_KEY_HOURS.

The one window: a process that dies after its request's work committed and before the answer
was stored leaves the key running; after IDEMPOTENCY_STALE_SECONDS a retry runs again."""

from __future__ import annotations

import datetime
import hashlib
import json
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from hrsocsec.errors import DomainError

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_PATTERN = r"^[ -~]{1,255}$"  # printable ASCII


class KeyReused(DomainError):
    code, http_status = "idempotency_key_reused", 422


class KeyInProgress(DomainError):
    code, http_status = "idempotency_key_in_progress", 409


class Replay(APIException):
    """Not an error: carries the stored response out of the view's initial()."""

    def __init__(self, response: Response):
        super().__init__()
        self.response = response


def _clean_key(raw: str) -> str:
    if not re.fullmatch(KEY_PATTERN, raw):
        raise ValidationError(
            {HEADER: [_("Give 1 to 255 printable ASCII characters, e.g. a UUID.")]}
        )
    return raw


def _canonical(data):
    """The parsed body as stable text: uploads by the hash of their content."""
    if hasattr(data, "lists"):  # a form or multipart QueryDict
        data = {key: [_canonical(v) for v in values] for key, values in data.lists()}
    if hasattr(data, "chunks"):  # an uploaded file
        digest = hashlib.sha256()
        for chunk in data.chunks():
            digest.update(chunk)
        data.seek(0)
        return f"file:{digest.hexdigest()}"
    return data


def fingerprint(request) -> str:
    body = json.dumps(_canonical(request.data), sort_keys=True, cls=JSONEncoder, default=str)
    text = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(row) -> Response:
    response = Response(row.response or None, status=row.status_code)
    response[REPLAYED_HEADER] = "true"
    return response


def begin(request, replay_check=None):
    """The key's row, now running, for a first request; raises Replay for a repeat, once
    ``replay_check(row)`` has not refused it (the caller's rights now, not then)."""
    from hrsocsec.api.models import IdempotencyKey, kept_since

    key = _clean_key(request.headers[HEADER])
    digest = fingerprint(request)
    now = timezone.now()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(user=request.user, key=key, fingerprint=digest)
    except IntegrityError:
        pass
    with transaction.atomic():
        row = IdempotencyKey.objects.select_for_update().get(user=request.user, key=key)
        expired = row.created_at < kept_since(now)
        stale = not row.status_code and now - row.created_at > datetime.timedelta(
            seconds=settings.IDEMPOTENCY_STALE_SECONDS
        )
        if expired or stale:  # forgotten, or its request died: this one runs afresh
            row.fingerprint, row.status_code, row.response, row.created_at = digest, 0, {}, now
            row.save()
            return row
    if row.fingerprint != digest:
        raise KeyReused(_("This Idempotency-Key was used with a different request."))
    if not row.status_code:
        raise KeyInProgress(_("A request with this Idempotency-Key is still running."))
    if replay_check is not None:
        replay_check(row)
    raise Replay(_replay(row))


def finish(row, response) -> None:
    """Keep the answer (any but a server error, which a retry should run again)."""
    if response.status_code >= 500:
        row.delete()
        return
    data = getattr(response, "data", None)
    row.status_code = response.status_code
    row.response = json.loads(json.dumps(data, cls=JSONEncoder)) if data is not None else {}
    row.save(update_fields=["status_code", "response"])


class IdempotentMixin:
    """For viewsets: POSTs with the header are answered once.

    A replay is answered only while the caller may still reach what the first request acted
    on or made: its object is looked up again in the caller's scope (404 once a membership is
    revoked), then ``check_replay_rights(obj)`` runs (a view whose writes need a role checks it
    there), so a stored answer never outlives the rights that produced it."""

    _idempotency = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authenticated and permitted first
        if request.method == "POST" and HEADER in request.headers:
            self._idempotency = begin(request, replay_check=self._replay_check)

    def _replay_check(self, row) -> None:
        lookup = self.lookup_url_kwarg or self.lookup_field
        if lookup in self.kwargs:  # POST /things/{id}/action/
            obj = self.get_object()
        elif row.status_code < 300 and isinstance(row.response, dict) and "id" in row.response:
            obj = self.get_queryset().filter(pk=row.response["id"]).first()  # what it made
            if obj is None:
                raise NotFound()
        else:
            return  # a refusal, or an answer naming nothing: nothing it could reveal
        self.check_replay_rights(obj)

    def check_replay_rights(self, obj) -> None:
        """Views whose writes need a role refuse the replay here when the caller lost it."""

    def handle_exception(self, exc):
        if isinstance(exc, Replay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._idempotency is not None:
            row, self._idempotency = self._idempotency, None
            finish(row, response)
        return response
