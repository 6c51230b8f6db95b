"""The admin's deadline calendar (/admin/calendar/?month=2026-10&employer=3): a month of what is
due for the user's employers, each count linking to the employee list filtered to that kind and
day (DueOnFilter, ?due=registration:2026-10-26)."""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees import access
from employees.holidays import current_calendar
from notifications.deadline_calendar import (
    LABELS,
    SOON_DAYS,
    deadline_month,
    due_between,
    month_from,
    parse_due_key,
)
from notifications.due import scope

TEMPLATE = "admin/notifications/deadline_calendar.html"


class DueOnFilter(admin.SimpleListFilter):
    """The calendar's links: the employees with a deadline of one kind on one day, as
    notifications.due counts it. Listed only when a link set it; a bad value lists nobody."""

    title = gettext_lazy("due on the calendar's day")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        if not self.value():
            return []
        found = parse_due_key(self.value())
        if found is None:
            return [(self.value(), _("not a day of the calendar"))]
        kind, day = found
        return [(self.value(), f"{LABELS[kind]} {formats.date_format(day)}")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        found = parse_due_key(self.value())
        if found is None:
            return queryset.none()
        kind, day = found
        employees, filings = scope(request.user)
        items = due_between(
            employees,
            filings,
            day,
            day,
            today=timezone.localdate(),
            now=timezone.now(),
            kinds=[kind],
        )
        return queryset.filter(id__in=[item.employee_id for item in items])


def _employer(request, employers) -> int | None:
    """?employer=<id>, one of the user's; anything else is "not found" (nothing learnt)."""
    value = request.GET.get("employer")
    if not value:
        return None
    chosen = next((e.id for e in employers if str(e.id) == value), None)
    if chosen is None:
        raise Http404(_("No employer with id %s among yours.") % value)
    return chosen


def calendar_view(request):
    today = timezone.localdate()
    employers = list(access.employers_for(request.user).order_by("name"))
    employer_id = _employer(request, employers)
    first = month_from(request.GET.get("month"), today)
    context = {
        **admin.site.each_context(request),
        "title": _("Deadline calendar"),
        "employers": employers,
        "employer_id": employer_id,
        "today": today,
        "weekdays": [WEEKDAYS_ABBR[n] for n in range(7)],
        "labels": LABELS,
        "soon_days": SOON_DAYS,
    }
    if first is None:
        context["error"] = _(
            "“%(month)s” is not a month the calendar shows: write it as YYYY-MM, "
            "from 1990-01 to 2100-12."
        ) % {"month": request.GET["month"]}
        return TemplateResponse(request, TEMPLATE, context, status=400)
    employees, filings = scope(request.user, employer_id)
    context["month"] = deadline_month(
        employees, filings, first, today=today, now=timezone.now(), calendar=current_calendar()
    )
    return TemplateResponse(request, TEMPLATE, context)
