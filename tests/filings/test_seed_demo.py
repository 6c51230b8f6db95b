import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from employees.models import Employee, Employer
from tests.oracles import registration_state_from_filings


@pytest.mark.django_db
def test_the_demo_has_overdue_due_and_done_registrations_and_is_idempotent():
    """The demo employer has 50 employees in every deadline situation; a rerun adds nothing."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=out)
    today = timezone.localdate()
    assert Employer.objects.count() == 1
    assert Employee.objects.count() == 50
    assert Employee.objects.overdue(today).count() >= 5
    assert Employee.objects.due_within(6, today).count() >= 3
    assert Employee.objects.registration_done().count() >= 10
    assert out.getvalue().count("Demo HR user: hr / ") == 2
    # Every state is explained by the demo's filings, as everywhere in the product.
    for employee in Employee.objects.all():
        assert registration_state_from_filings(employee.id) == employee.registration_state
    assert Employee.objects.filter(registration_state="stop_pending").count() == 2
