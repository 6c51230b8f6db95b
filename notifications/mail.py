"""The messages of the ledger, rendered when sent, in the recipient's language, as text and
HTML from templates. Subjects carry no line breaks, whatever the names in them."""

from __future__ import annotations

import datetime
import functools
import html as html_text
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from contributions.models import ContributionLine, MonthlyStatement
from filings.models import Filing, FilingEvent
from filings.states import FilingState
from hrsocsec.display import percent, yuan
from notifications import digest
from notifications.models import Notification
from notifications.skeleton import Markers, Skeleton

Kind = Notification.Kind
Line = ContributionLine.Line
LINE_NAMES = dict(Line.choices)


KIND_LABELS = {
    "registration": gettext_lazy("register within 30 days of hire (SI Law art. 58)"),
    "stop": gettext_lazy("file the stop before the agency's cut-off, or pay another month"),
    "contract": gettext_lazy("contract ends: renew or dissolve"),
    "transfer": gettext_lazy(
        "issue the termination certificate and transfer the file and the social insurance "
        "within 15 days of leaving (Labour Contract Law art. 50)"
    ),
    "unconfirmed": gettext_lazy("submitted over 10 days ago, not yet confirmed by the agency"),
    "moved": gettext_lazy("registration deadline moved by the holiday arrangement entered"),
}


def stage_label(stage: str) -> str:
    if stage.startswith("waiting:"):
        return _("waiting")
    if stage == "moved":
        return _("moved")
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
        render_to_string(f"notifications/mail/{template}.txt", context),
        render_to_string(f"notifications/mail/{template}.html", context),
    )


@dataclass(frozen=True, slots=True)
class Stated:
    """What a payment notice says of a statement: a row of one read, not three model
    instances (the statement, its employee, its employer) for each of a month's notices."""

    month: datetime.date
    lines: list
    employee_total: Decimal
    employer_total: Decimal
    employee_name: str
    employer_name: str

    @classmethod
    def of(cls, statement: MonthlyStatement) -> Stated:
        return cls(
            statement.month,
            statement.lines,
            statement.employee_total,
            statement.employer_total,
            statement.employee.name,
            statement.employer.name,
        )


_STATED = ("month", "lines", "employee_total", "employer_total", "employee__name", "employer__name")


def _statements(ids: list) -> dict[int, Stated]:
    """Only what a notice says: not the employee's other fields (an ID number has no business
    in a mail worker)."""
    ids = [i for i in ids if isinstance(i, int)]
    if not ids:
        return {}
    rows = MonthlyStatement.objects.filter(id__in=ids).values_list("id", *_STATED)
    return {pk: Stated(*figures) for pk, *figures in rows}


def preload(rows: list[Notification]) -> dict:
    """What a batch of rows renders from, fetched in one query per kind (a batch of payment
    notices is one read of their statements, not one each)."""
    return {
        "statements": _statements(
            [row.payload.get("statement_id") for row in rows if row.kind == Kind.PAYMENT_NOTICE]
        )
    }


# The payment notice's fixed words, translated once per language and process rather than by a
# tag in every one of a month's hundred thousand notices (half of its rendering time).
PAYMENT_LABELS = {
    "insurance": gettext_lazy("insurance"),
    "base": gettext_lazy("base"),
    "you": gettext_lazy("you"),
    "employer": gettext_lazy("employer"),
    "your_rate": gettext_lazy("your rate"),
    "you_pay": gettext_lazy("you pay"),
    "employer_rate": gettext_lazy("employer's rate"),
    "employer_pays": gettext_lazy("employer pays"),
    "your_share": gettext_lazy("Your share"),
    "employer_share": gettext_lazy("Employer's share"),
    "total": gettext_lazy("Total"),
    "social_insurance": gettext_lazy("Social insurance"),
    "housing_fund": gettext_lazy("Housing provident fund"),
    "subtotal": gettext_lazy("Subtotal"),
    "colon": pgettext_lazy("between a label and its value", ": "),
}


@functools.cache
def _payment_words(language: str) -> tuple[dict[str, str], dict[str, str]]:
    with translation.override(language):
        return (
            {key: str(label) for key, label in PAYMENT_LABELS.items()},
            {key: str(name) for key, name in LINE_NAMES.items()},
        )


LINE_FIELDS = ("base", "employee_rate", "employee_amount", "employer_rate", "employer_amount")
# The notice's two tables: the housing fund is not social insurance (its own regulation).
SECTIONS = ("insurance", "housing")


# A month's notices repeat their rates and many amounts (bases at the floor or the ceiling):
# each text made once per process.
_yuan = functools.lru_cache(maxsize=8192)(yuan)
_percent = functools.lru_cache(maxsize=1024)(percent)
# What HTML escaping changes; the amounts and rates never hold one, a name may.
_MARKUP = re.compile("[&<>\"']")


def _html(value: str) -> str:
    """html.escape, which Django's autoescape applies (its escape() calls it), without the
    lazy-string check around each value, and only where there is something to escape."""
    return html_text.escape(value) if _MARKUP.search(value) else value


def _payment_figures(statement: Stated, line_names: dict[str, str]) -> tuple:
    """What one person's notice says, as text by value name, and the shape the text goes in
    (how many lines in each section)."""
    sections = {
        "insurance": [line for line in statement.lines if line["line"] != Line.HOUSING_FUND],
        "housing": [line for line in statement.lines if line["line"] == Line.HOUSING_FUND],
    }
    values = {
        "employee_name": statement.employee_name,
        "employer_name": statement.employer_name,
        "month": statement.month.strftime("%Y-%m"),
        "employee_total": _yuan(statement.employee_total),
        "employer_total": _yuan(statement.employer_total),
    }
    for key, lines in sections.items():
        for n, line in enumerate(lines):
            values[f"{key}.{n}.name"] = line_names.get(line["line"], line["line"])
            values[f"{key}.{n}.base"] = _yuan(line["base"])
            values[f"{key}.{n}.employee_amount"] = _yuan(line["employee_amount"])
            values[f"{key}.{n}.employer_amount"] = _yuan(line["employer_amount"])
            values[f"{key}.{n}.employee_rate"] = _percent(line["employee_rate"])
            values[f"{key}.{n}.employer_rate"] = _percent(line["employer_rate"])
        values[f"{key}.employee_total"] = _yuan(
            sum(Decimal(line["employee_amount"]) for line in lines)
        )
        values[f"{key}.employer_total"] = _yuan(
            sum(Decimal(line["employer_amount"]) for line in lines)
        )
    return tuple(len(sections[key]) for key in SECTIONS), values


def _payment_context(shape: tuple, labels: dict[str, str], value) -> dict:
    """The payment notice's template context for a shape, each value given by value(name):
    the value itself for a render, a marker for a skeleton."""
    titles = {"insurance": labels["social_insurance"], "housing": labels["housing_fund"]}
    sections = []
    for key, count in zip(SECTIONS, shape, strict=True):
        section = None
        if count:
            section = {
                "lines": [
                    {"name": value(f"{key}.{n}.name")}
                    | {name: value(f"{key}.{n}.{name}") for name in LINE_FIELDS}
                    for n in range(count)
                ],
                "employee_total": value(f"{key}.employee_total"),
                "employer_total": value(f"{key}.employer_total"),
            }
        sections.append((titles[key], section))
    names = ("employee_name", "employer_name", "month", "employee_total", "employer_total")
    return {"labels": labels, "sections": sections} | {name: value(name) for name in names}


@functools.lru_cache(maxsize=256)
def _payment_skeletons(language: str, shape: tuple) -> tuple[Skeleton, Skeleton]:
    """The payment notice rendered once per language and shape in each process, text and HTML."""
    with translation.override(language):
        labels, _names = _payment_words(language)
        markers = Markers()
        context = _payment_context(shape, labels, markers) | {"subject": markers("subject")}
        text, html = (
            render_to_string(f"notifications/mail/payment_notice.{ext}", context)
            for ext in ("txt", "html")
        )
        return Skeleton.of(text, markers), Skeleton.of(html, markers)


def _payment_subject(values: dict[str, str]) -> str:
    return _("%(employer)s: your social insurance contributions for %(month)s") % {
        "employer": values["employer_name"],
        "month": values["month"],
    }


def _payment_notice(row: Notification, preloaded: dict) -> Message | None:
    statement_id = row.payload.get("statement_id")
    statements = preloaded.get("statements")
    if statements is None:
        statements = _statements([statement_id])
    statement = statements.get(statement_id)
    if statement is None:
        return None
    language = translation.get_language()
    _labels, line_names = _payment_words(language)
    shape, values = _payment_figures(statement, line_names)
    values["subject"] = subject = _payment_subject(values)
    text, html = _payment_skeletons(language, shape)
    return Message(safe_subject(subject), text.fill(values), html.fill(values, _html))


def _separation_notice(row: Notification, preloaded: dict) -> Message | None:
    filing = (
        Filing.objects.select_related("employee", "employer__region")
        .filter(id=row.payload.get("filing_id"), state=Filing.State.CONFIRMED)
        .first()
    )
    if filing is None:
        return None
    last = filing.last_paid_month  # fixed when the dissolve was filed
    subject = _("%(employer)s: your social insurance after you leave") % {
        "employer": filing.employer.name
    }
    return _render(
        "separation_notice", subject, {"filing": filing, "last_month": last.strftime("%Y-%m")}
    )


def admin_url(name: str, *args) -> str:
    """An admin page's address as HR opens it (settings.SITE_URL): for the links in mails."""
    return settings.SITE_URL + reverse(name, args=args)


def _hr_digest(row: Notification, preloaded: dict) -> Message | None:
    # Stale reminders are not sent: what was filed or decided since the sweep is left out.
    live = digest.still_due(row.payload.get("items", []), timezone.localdate(), timezone.now())
    if not live:
        return None
    # Grouped by what is to be done, so that each duty and its law is said once; the groups
    # and the items in each in one order, the most overdue first, then by days left.
    live.sort(key=lambda item: (item["deadline"], item["employee"]))
    groups: dict[str, dict] = {}
    for item in live:
        group = groups.setdefault(item["kind"], {"label": KIND_LABELS[item["kind"]], "items": []})
        link = (
            admin_url("admin:filings_filing_change", item["filing"])
            if item.get("filing")
            else admin_url("admin:employees_employee_change", item["employee"])
        )
        group["items"].append(
            {
                **item,
                "stage_label": stage_label(item["stage"]),
                "link": link,
                "overdue": item["stage"].startswith("overdue"),
                "due": datetime.date.fromisoformat(item["deadline"]),
                "moved_from": datetime.date.fromisoformat(item["from"])
                if item.get("from")
                else None,
            }
        )
    subject = _("%(employer)s: %(n)s item(s) need action") % {
        "employer": row.employer.name,
        "n": len(live),
    }
    context = {"groups": list(groups.values()), "employer": row.employer, "count": len(live)}
    return _render("hr_digest", subject, context)


def _filings_moved(row: Notification, preloaded: dict) -> Message | None:
    """Always sent once due: it is the record of what happened, not a reminder."""
    events = list(
        FilingEvent.objects.filter(id__in=row.payload.get("event_ids", []))
        .select_related("filing__employee", "actor")
        .order_by("id")
    )
    if not events:
        return None
    count = row.payload.get("count", len(events))
    subject = ngettext(
        "%(employer)s: %(n)s filing %(state)s",
        "%(employer)s: %(n)s filings %(state)s",
        count,
    ) % {
        "employer": row.employer.name[:80],
        "n": count,
        "state": FilingState(events[-1].to_state).label,
    }
    context = {"employer": row.employer, "events": events, "more": count - len(events)}
    return _render("filings_moved", subject, context)


RENDERERS = {
    Kind.FILINGS_MOVED: _filings_moved,
    Kind.PAYMENT_NOTICE: _payment_notice,
    Kind.SEPARATION_NOTICE: _separation_notice,
    Kind.HR_DIGEST: _hr_digest,
}


def render(row: Notification, preloaded: dict | None = None) -> Message | None:
    """The message, or None when it is no longer due (then it is not sent). ``preloaded``
    comes from preload() over the batch the row is in."""
    with translation.override(row.language):
        return RENDERERS[row.kind](row, preloaded or {})
