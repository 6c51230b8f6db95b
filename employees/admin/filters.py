"""The employee list's own filters: by registration deadline, by month of hire."""

import datetime
import hashlib

from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees import access
from employees.models import Employee
from law.payments import last_months, next_month


class DeadlineFilter(admin.SimpleListFilter):
    title = _("registration deadline")
    parameter_name = "deadline"
    # Choices a later app adds, by value: (label, function of request, queryset and today).
    # notifications adds the stops before the cut-off; employees knows nothing of it.
    more: dict = {}

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("due7", _("due within 7 days")),
            ("done", _("registration filed")),
            *((value, label) for value, (label, _choose) in self.more.items()),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() in self.more:
            return self.more[self.value()][1](request, queryset, today)
        return {
            "overdue": lambda: queryset.overdue(today),
            "due7": lambda: queryset.due_within(7, today),
            "done": queryset.registration_done,
        }.get(self.value(), lambda: queryset)()


class HiredInMonthFilter(admin.SimpleListFilter):
    """Every month in which someone of the user's employers was hired, newest first; any month
    by URL (?hired=2025-07)."""

    title = _("hired in month")
    parameter_name = "hired"

    def lookups(self, request, model_admin):
        return [(m, m) for m in hire_months(access.employers_for(request.user))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            first = datetime.date.fromisoformat(f"{self.value()}-01")
            after = next_month(first)
        except (ValueError, OverflowError):  # not a month, or 9999-12 with no month after it
            return queryset.none()
        return queryset.filter(hire_date__gte=first, hire_date__lt=after)


# The months with hires are kept this long (a new month of hires shows within it), and the last
# twelve months are always listed.
HIRE_MONTHS_SECONDS = 600


def hire_months(employers) -> list[str]:
    """ "2026-12", "2026-11", ...: each month with a hire at these employers, and each of the
    last twelve, newest first."""
    ids = sorted(employers.values_list("id", flat=True))
    key = "hire-months:" + hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = sorted({d.strftime("%Y-%m") for d in _months_with_hires(ids)})
        cache.set(key, found, HIRE_MONTHS_SECONDS)
    recent = [m.strftime("%Y-%m") for m in last_months(timezone.localdate(), 12)]
    return sorted({*found, *recent}, reverse=True)


# PostgreSQL: the first and the last hire of each employer (two probes of
# employee_employer_hire_idx each), then for each month between them whether anyone was hired
# (a probe or a few where there was, which is most months): some 15 ms for 200 employers and ten
# years, where reading the million hire dates the index holds took 300.
_EMPLOYEES = Employee._meta.db_table
_MONTHS_WITH_HIRES = f"""
WITH bounds AS (
    SELECT min(f.hire_date) AS first, max(l.hire_date) AS last
    FROM unnest(%(ids)s::bigint[]) AS er (id)
    CROSS JOIN LATERAL (SELECT min(hire_date) AS hire_date FROM {_EMPLOYEES}
                        WHERE employer_id = er.id) AS f
    CROSS JOIN LATERAL (SELECT max(hire_date) AS hire_date FROM {_EMPLOYEES}
                        WHERE employer_id = er.id) AS l
)
SELECT month::date FROM bounds,
    generate_series(date_trunc('month', first), date_trunc('month', last), interval '1 month')
        AS month
WHERE EXISTS (
    SELECT 1 FROM {_EMPLOYEES} e
    WHERE e.employer_id = ANY(%(ids)s::bigint[])
      AND e.hire_date >= month::date AND e.hire_date < (month + interval '1 month')::date
)
"""  # noqa: S608 -- the model's table


def _months_with_hires(employer_ids: list[int]) -> list[datetime.date]:
    """The first day of each month with a hire at these employers."""
    if connection.vendor != "postgresql":
        return list(Employee.objects.filter(employer__in=employer_ids).dates("hire_date", "month"))
    with connection.cursor() as cursor:
        cursor.execute(_MONTHS_WITH_HIRES, {"ids": employer_ids})
        return [day for (day,) in cursor.fetchall()]
