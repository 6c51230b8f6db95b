"""Eligibility: what each kind of filing needs of its employee and its fields (DOMAIN.md), the
one set of rules for the API, the admin, batches and submitting."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Employee
from employees.services.employees import contract_end_too_far
from employees.workflow import REQUIRED_STATE, FilingKind, RegistrationState
from filings.models import Filing

Kind = Filing.Kind
# A date further ahead than this is taken for a typo (as for hire dates).
MAX_DAYS_AHEAD = 366
# A filing dated before this is a typing error (the law and the agencies' records are younger).
EARLIEST_YEAR = 1990


def effective_date_errors(kind: str, effective_date) -> list[str]:
    """Any filing dated before EARLIEST_YEAR, and a register or dissolve dated more than a year
    ahead, is taken for a typo; a renewal may be agreed long before the current term ends, and
    check_filing bounds it by that term."""
    if not isinstance(effective_date, datetime.date):
        return []
    if effective_date.year < EARLIEST_YEAR:
        return [_("This date is before %(year)s; check it.") % {"year": EARLIEST_YEAR}]
    latest = timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD)
    if kind == Kind.RENEW:
        return []  # bounded by the current term (check_filing)
    if effective_date > latest:
        return [
            _("The effective date is more than a year ahead (after %(latest)s); check it.")
            % {"latest": latest.isoformat()}
        ]
    return []


def check_filing(filing: Filing, employee: Employee) -> None:
    """Raise, per field, everything that keeps this filing from being filed now."""
    errors: dict[str, list[str]] = {}
    if too_late := effective_date_errors(filing.kind, filing.effective_date):
        errors["effective_date"] = too_late
    required = REQUIRED_STATE[filing.kind]
    if employee.registration_state != required:
        errors["employee"] = [
            _("A %(kind)s filing needs the employee %(required)s; the employee is %(state)s.")
            % {
                "kind": FilingKind(filing.kind).label,
                "required": RegistrationState(required).label,
                "state": RegistrationState(employee.registration_state).label,
            }
        ]
    if (
        isinstance(filing.effective_date, datetime.date)
        and filing.effective_date < employee.hire_date
    ):
        # A date refused as a typo already says the more useful thing.
        errors.setdefault("effective_date", []).append(
            _("The effective date is before the hire date (%(hire)s).")
            % {"hire": employee.hire_date.isoformat()}
        )
    if filing.kind == Kind.DISSOLVE:
        if not filing.reason:
            errors["reason"] = [_("A dissolve needs the reason the contract ends.")]
        elif filing.reason == Filing.Reason.OTHER and not filing.reason_text.strip():
            errors["reason_text"] = [_("Say in words why the contract ends.")]
    elif filing.reason:
        errors["reason"] = [_("Only a dissolve has a reason.")]
    if filing.kind == Kind.RENEW:
        new_end, old_end = filing.new_contract_end_date, employee.contract_end_date
        # It takes effect by the day after the current term at the latest (or within a year).
        latest = timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD)
        if old_end:
            latest = max(latest, old_end + datetime.timedelta(days=1))
        day = filing.effective_date
        if isinstance(day, datetime.date) and day > latest and "effective_date" not in errors:
            errors["effective_date"] = [
                _(
                    "A renewal takes effect by %(latest)s (the day after the current term, or "
                    "within a year); check the date."
                )
                % {"latest": latest.isoformat()}
            ]
        if new_end is None:
            errors["new_contract_end_date"] = [_("A renewal needs the new contract end date.")]
        elif old_end and new_end <= old_end:
            errors["new_contract_end_date"] = [
                _("The new contract end must be after the current one (%(end)s).")
                % {"end": old_end.isoformat()}
            ]
        elif too_far := contract_end_too_far(new_end, timezone.localdate()):
            errors["new_contract_end_date"] = too_far
    if errors:
        raise ValidationError(errors)
