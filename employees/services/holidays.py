"""Writes of the holiday calendar: a year's State Council arrangement, entered in the admin or
loaded from a holiday-cn file, and the recomputation of every deadline it moves."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.holidays import current_calendar
from employees.models import Employee, EmployeeEvent, HolidayDay, HolidayYear
from hrsocsec.errors import InvalidInput
from law.deadlines import hires_reaching, registration_deadline
from law.holidays import arrangement_errors, arrangement_from_days, package_arrangements


class ArrangementRefused(InvalidInput):
    """The year's days have errors: each is listed, under "days" by entry; nothing was saved."""


@dataclass(frozen=True)
class Saved:
    year: int
    changed: bool  # False: the same days and source were there already


def _refuse(errors) -> None:
    by_entry = {}
    for error in errors:
        key = "days" if error.index is None else f"days[{error.index}]"
        by_entry.setdefault(key, []).append(error.message)
    first = errors[0]
    where = "" if first.index is None else _("entry %(n)d: ") % {"n": first.index + 1}
    raise ArrangementRefused(
        _("The arrangement has %(count)d error(s); nothing was saved. First: %(first)s")
        % {"count": len(errors), "first": where + first.message},
        fields=by_entry,
    )


def holiday_year_save(
    *,
    actor,
    year: object,
    days: Iterable[Mapping],
    notice_number: str,
    notice_date: datetime.date | None = None,
    notice_url: str = "",
    source: str = HolidayYear.Source.NOTICE,
) -> Saved:
    """Enter or replace a year's arrangement, in holiday-cn's layout of days. Checked entry by
    entry (law.holidays.arrangement_errors), saved whole or not at all, then every deadline it
    moves is recomputed by a task after the commit. The same days and notice again change
    nothing."""
    days = list(days)
    errors = arrangement_errors(year, days)
    notice_number = (notice_number or "").strip()
    if source == HolidayYear.Source.NOTICE and not notice_number:
        raise ArrangementRefused(
            _("Cite the notice: its number is required."),
            fields={"notice_number": [_("This field is required.")]},
        )
    if errors:
        _refuse(errors)
    arrangement = arrangement_from_days(year, days)
    values = {
        "source": source,
        "notice_number": notice_number[:100],
        "notice_date": notice_date,
        "notice_url": (notice_url or "").strip()[:500],
    }
    with transaction.atomic():
        current = HolidayYear.objects.select_for_update().filter(year=year).first()
        if current is not None:
            same_source = all(getattr(current, f) == v for f, v in values.items())
            if same_source and current.arrangement() == arrangement:
                return Saved(year, changed=False)
        HolidayYear.objects.update_or_create(year=year, defaults={**values, "entered_by": actor})
        HolidayDay.objects.filter(year_id=year).delete()
        HolidayDay.objects.bulk_create(
            HolidayDay(year_id=year, date=day, name=name, is_off_day=is_off)
            for day, name, is_off in arrangement.days()
        )
        from employees.tasks import deadlines_recompute_year_task  # the tasks import services

        deadlines_recompute_year_task.delay_on_commit(year)
    return Saved(year, changed=True)


def holiday_years_from_package() -> list[int]:
    """Years the installed chinesecalendar carries that the database has no arrangement of
    (a newer release came with them): added with the package as their source. A year the
    operator entered is never overwritten."""
    have = set(HolidayYear.objects.values_list("year", flat=True))
    added = []
    for year, arrangement in package_arrangements().items():
        if year in have:
            continue
        days = [{"name": n, "date": d.isoformat(), "isOffDay": o} for d, n, o in arrangement.days()]
        holiday_year_save(
            actor=None, year=year, days=days, notice_number="", source=HolidayYear.Source.PACKAGE
        )
        added.append(year)
    return added


_EVENT = EmployeeEvent._meta.db_table
_EMPLOYEE = Employee._meta.db_table
EVENTS_SQL = f"""
INSERT INTO {_EVENT} (employee_id, action, from_state, to_state, changed_fields, note, at,
    deadline_from, deadline_to)
SELECT id, %s, '', '', %s, %s, %s, registration_deadline, %s
FROM {_EMPLOYEE} WHERE id IN ({{moved}})
"""  # noqa: S608 -- the table names come from the models, never from input


def deadlines_recompute_year(year: int) -> int:
    """Recompute the deadline of every employment still unregistered whose period can reach
    ``year``, against the calendar as it is now; return how many moved to another day. One
    transaction per hire date (its rows locked, an event per moved deadline with the day before
    and after, then one UPDATE); a deadline that keeps its day is not rewritten. Safe to run
    twice: a deadline already right is left alone."""
    calendar = current_calendar()
    first, last = hires_reaching(year)
    hire_dates = (
        Employee.objects.unfiled()
        .filter(hire_date__range=(first, last))
        .order_by("hire_date")
        .values_list("hire_date", flat=True)
        .distinct()
    )
    note = _("holiday arrangement of %(year)d") % {"year": year}
    moved = 0
    for hire_date in list(hire_dates):
        deadline = registration_deadline(hire_date, calendar)
        # A deadline on the same day stands: its year has its arrangement now, so it is no
        # longer provisional (Employee.deadline_provisional), with no row to rewrite.
        stale = ~Q(registration_deadline=deadline.date)
        rows = Employee.objects.unfiled().filter(stale, hire_date=hire_date)
        with transaction.atomic():
            if not list(rows.select_for_update().values_list("id", flat=True)):
                continue
            sql, params = rows.values("id").query.sql_with_params()
            ops = connection.ops
            with connection.cursor() as cursor:
                cursor.execute(
                    EVENTS_SQL.format(moved=sql),
                    [
                        EmployeeEvent.Action.DEADLINE_RECOMPUTED,
                        '["registration_deadline"]',
                        note[:500],
                        ops.adapt_datetimefield_value(timezone.now()),
                        ops.adapt_datefield_value(deadline.date),
                        *params,
                    ],
                )
            moved += rows.update(
                registration_deadline=deadline.date,
                deadline_uncovered_year=deadline.uncovered_year,
                updated_at=timezone.now(),
            )
    return moved
