"""An employee leaves: the separation date recorded and the dissolve drafted, together or not
at all (an integrator's one call for what HR does in two steps)."""

from __future__ import annotations

import datetime

from django.db import transaction

from employees.models import Employee
from employees.services import employee_update
from filings.models import Filing
from filings.services.drafts import filing_create_draft


def employee_separate(
    *,
    actor,
    employee: Employee,
    separation_date: datetime.date,
    reason: str,
    reason_text: str = "",
) -> Filing:
    with transaction.atomic():
        employee = employee_update(actor=actor, employee=employee, separation_date=separation_date)
        return filing_create_draft(
            actor=actor,
            employee=employee,
            kind=Filing.Kind.DISSOLVE,
            reason=reason,
            reason_text=reason_text,
            effective_date=separation_date,
        )
