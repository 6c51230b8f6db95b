"""Economic layoff (Labour Contract Law art. 41): cutting 20 or more people, or fewer than 20 who
are 10 % or more of the workforce, needs 30 days' prior notice to the union or all staff and a
report to the labour authority. Pure: the counts come from filings.selectors."""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

LAYOFF_HEADCOUNT = 20
LAYOFF_SHARE_PERCENT = 10
# Cuts whose effective dates fall within one period of this many days count as one layoff.
LAYOFF_WINDOW_DAYS = 30
# How far from a date another cut can be and still share a period with it.
LAYOFF_REACH = datetime.timedelta(days=LAYOFF_WINDOW_DAYS - 1)


def reaches_threshold(headcount: int, workforce: int) -> bool:
    return headcount >= LAYOFF_HEADCOUNT or (
        workforce > 0 and headcount * 100 >= LAYOFF_SHARE_PERCENT * workforce
    )


def headcount(cuts: Iterable[tuple[int, datetime.date]], on: datetime.date) -> int:
    """The most employees cut in any period of LAYOFF_WINDOW_DAYS days that contains ``on``;
    ``cuts`` are (employee id, effective date), one person counted once."""
    cuts = [(employee, day) for employee, day in cuts if abs(day - on) <= LAYOFF_REACH]
    best = 0
    for offset in range(LAYOFF_WINDOW_DAYS):
        start = on - datetime.timedelta(days=offset)
        end = start + LAYOFF_REACH
        best = max(best, len({employee for employee, day in cuts if start <= day <= end}))
    return best


def warning_text(headcount: int, workforce: int) -> str:
    return _(
        "Economic layoff of %(headcount)s of %(workforce)s employees within %(days)s days: "
        "Labour Contract Law art. 41 requires explaining the situation to the union or all "
        "staff 30 days in advance, hearing their views, and reporting the plan to the labour "
        "authority. Acknowledge this to submit."
    ) % {"headcount": headcount, "workforce": workforce, "days": LAYOFF_WINDOW_DAYS}
