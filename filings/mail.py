"""The messages of the ledger, rendered when sent, in the recipient's language, as text and
HTML from templates. Subjects carry no line breaks, whatever the names in them."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filings import reminders
from filings.models import ContributionLine, Filing, MonthlyStatement, Notification
from filings.payments import last_contribution_month

Kind = Notification.Kind
LINE_NAMES = dict(ContributionLine.Line.choices)


KIND_LABELS = {
    "registration": gettext_lazy("register within 30 days of hire (SI Law art. 58)"),
    "stop": gettext_lazy("file the stop before the agency's cut-off, or pay another month"),
    "contract": gettext_lazy("contract ends: renew or dissolve"),
    "unconfirmed": gettext_lazy("submitted over 10 days ago, not yet confirmed by the agency"),
}


def stage_label(stage: str) -> str:
    if stage.startswith("waiting:"):
        return _("waiting")
    labels = {
        "due30": _("due within 30 days"),
        "due7": _("due within 7 days"),
        "due3": _("due within 3 days"),
        "due1": _("due tomorrow"),
        "today": _("due today"),
    }
    return labels.get(stage) or _("overdue")


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def safe_subject(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())[:150]


def _render(template: str, subject: str, context: dict) -> Message:
    context = {**context, "subject": subject}
    return Message(
        safe_subject(subject),
        render_to_string(f"filings/mail/{template}.txt", context),
        render_to_string(f"filings/mail/{template}.html", context),
    )


def _payment_notice(row: Notification) -> Message | None:
    statement = (
        MonthlyStatement.objects.select_related("employee", "employer")
        .filter(id=row.payload.get("statement_id"))
        .first()
    )
    if statement is None:
        return None
    lines = [
        {**line, "name": LINE_NAMES.get(line["line"], line["line"])} for line in statement.lines
    ]
    subject = _("%(employer)s: your social insurance contributions for %(month)s") % {
        "employer": statement.employer.name,
        "month": statement.month.strftime("%Y-%m"),
    }
    return _render("payment_notice", subject, {"statement": statement, "lines": lines})


def _separation_notice(row: Notification) -> Message | None:
    filing = (
        Filing.objects.select_related("employee", "employer__region")
        .filter(id=row.payload.get("filing_id"), state=Filing.State.CONFIRMED)
        .first()
    )
    if filing is None:
        return None
    last = last_contribution_month(
        filing.effective_date,
        timezone.localdate(filing.submitted_at),
        filing.employer.region.cutoff_day,
    )
    subject = _("%(employer)s: your social insurance after you leave") % {
        "employer": filing.employer.name
    }
    return _render(
        "separation_notice", subject, {"filing": filing, "last_month": last.strftime("%Y-%m")}
    )


def _hr_digest(row: Notification) -> Message | None:
    # Stale reminders are not sent: what was filed or decided since the sweep is left out.
    live = [
        {
            **item,
            "stage_label": stage_label(item["stage"]),
            "kind_label": KIND_LABELS[item["kind"]],
        }
        for item in reminders.still_due(row.payload.get("items", []))
    ]
    if not live:
        return None
    subject = _("%(employer)s: %(n)s item(s) need action") % {
        "employer": row.employer.name,
        "n": len(live),
    }
    return _render("hr_digest", subject, {"items": live, "employer": row.employer})


RENDERERS = {
    Kind.PAYMENT_NOTICE: _payment_notice,
    Kind.SEPARATION_NOTICE: _separation_notice,
    Kind.HR_DIGEST: _hr_digest,
}


def render(row: Notification) -> Message | None:
    """The message, or None when it is no longer due (then it is not sent)."""
    with translation.override(row.language):
        return RENDERERS[row.kind](row)
