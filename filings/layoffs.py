"""Economic layoff (Labour Contract Law art. 41): cutting 20 or more people, or fewer than 20 who
are 10 % or more of the workforce, needs 30 days' prior notice to the union or all staff and a
report to the labour authority. Pure: the numbers come from filings.selectors."""

from django.utils.translation import gettext as _

LAYOFF_HEADCOUNT = 20
LAYOFF_SHARE_PERCENT = 10
# Cuts whose effective dates fall within this many days of each other count as one layoff.
LAYOFF_WINDOW_DAYS = 30


def reaches_threshold(headcount: int, workforce: int) -> bool:
    return headcount >= LAYOFF_HEADCOUNT or (
        workforce > 0 and headcount * 100 >= LAYOFF_SHARE_PERCENT * workforce
    )


def warning_text(headcount: int, workforce: int) -> str:
    return _(
        "Economic layoff of %(headcount)s of %(workforce)s employees within %(days)s days: "
        "Labour Contract Law art. 41 requires explaining the situation to the union or all "
        "staff 30 days in advance, hearing their views, and reporting the plan to the labour "
        "authority. Acknowledge this to submit."
    ) % {"headcount": headcount, "workforce": workforce, "days": LAYOFF_WINDOW_DAYS}
