"""The follow-up work of a transition: tell the employer's HR contacts what moved, after the
commit, from a worker. Network I/O never runs inside a transaction."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from filings.models import FilingEvent, HRNotice

logger = logging.getLogger(__name__)
# Lines listed in one message; the rest are counted ("and 9,800 more").
NOTICE_MAX_LINES = 200


def _claim(key: str, employer_id: int) -> HRNotice | None:
    try:
        with transaction.atomic():
            return HRNotice.objects.create(key=key, employer_id=employer_id)
    except IntegrityError:
        return None  # claimed by an earlier run: sent, failed or being sent


def _subject(employer_name: str, count: int, to_state: str) -> str:
    # No header injection from a name: line breaks and control characters go.
    name = "".join(ch for ch in employer_name if ch.isprintable())[:80]
    return ngettext(
        "%(employer)s: %(n)s filing %(state)s",
        "%(employer)s: %(n)s filings %(state)s",
        count,
    ) % {"employer": name, "n": count, "state": _(to_state)}


def filing_events_notify(event_ids: list[int]) -> str:
    """Send one message for these events (one transition of one filing, or a batch's submit).
    Returns the notice's status, or "" when an earlier run already claimed it."""
    events = list(
        FilingEvent.objects.filter(id__in=event_ids)
        .select_related("filing__employer", "filing__employee", "actor")
        .order_by("id")
    )
    if not events:
        return ""
    employer = events[0].filing.employer
    notice = _claim(f"filing-events:{events[0].id}:{len(events)}", employer.id)
    if notice is None:
        return ""
    if not employer.hr_emails:
        status, error = HRNotice.Status.NOBODY, ""
    else:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _subject(employer.name, len(events), events[-1].to_state)
            body = render_to_string(
                "filings/mail/filings_moved.txt",
                {
                    "employer": employer,
                    "events": events[:NOTICE_MAX_LINES],
                    "more": max(0, len(events) - NOTICE_MAX_LINES),
                },
            )
        try:
            send_mail(subject, body, None, employer.hr_emails)
        except Exception as exc:  # any delivery failure is kept on the notice, for HR to see
            logger.warning("HR notice %s failed: %s", notice.key, type(exc).__name__)
            status, error = HRNotice.Status.FAILED, f"{type(exc).__name__}: {exc}"[:500]
        else:
            status, error = HRNotice.Status.SENT, ""
    HRNotice.objects.filter(id=notice.id).update(
        status=status, error=error, finished_at=timezone.now()
    )
    return status
