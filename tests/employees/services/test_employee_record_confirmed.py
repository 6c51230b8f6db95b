import datetime

import pytest

from employees.models import EmployeeEvent
from employees.services import employee_record_confirmed
from filings.services import filing_confirm, filing_create_draft, filing_submit

pytestmark = pytest.mark.django_db


def updates(employee):
    return list(
        EmployeeEvent.objects.filter(employee=employee, action="updated").values_list(
            "changed_fields", "actor_id", "note"
        )
    )


def test_a_confirmed_dissolve_records_the_separation_date_as_an_event(submitted_dissolve, manager):
    filing_confirm(actor=manager, filing_id=submitted_dissolve.id)
    employee = submitted_dissolve.employee
    employee.refresh_from_db()
    assert employee.separation_date == datetime.date(2026, 6, 30)
    label = f"filing #{submitted_dissolve.id} confirmed"
    assert updates(employee) == [(["separation_date"], manager.id, label)]


def test_a_confirmed_renewal_records_the_new_contract_end_as_an_event(insured, clerk, manager):
    new_end = datetime.date(2032, 3, 1)
    draft = filing_create_draft(
        actor=clerk,
        employee=insured,
        kind="renew",
        effective_date=datetime.date(2029, 3, 2),
        new_contract_end_date=new_end,
    )
    filing_submit(actor=clerk, filing_id=draft.id)
    filing_confirm(actor=manager, filing_id=draft.id)
    insured.refresh_from_db()
    assert insured.contract_end_date == new_end
    assert [fields for fields, _actor, _note in updates(insured)] == [["contract_end_date"]]


def test_recording_the_same_value_again_writes_nothing(insured, manager):
    same = insured.contract_end_date
    employee_record_confirmed(actor=manager, employee_id=insured.id, contract_end_date=same)
    assert updates(insured) == []


def test_only_the_fields_a_filing_changes_are_taken(insured, manager):
    with pytest.raises(ValueError, match="monthly_wage"):
        employee_record_confirmed(actor=manager, employee_id=insured.id, monthly_wage=1)
    assert updates(insured) == []
