"""The ID number access log: every full number shown is recorded, insert-only, for managers."""

import pytest
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from employees.models import IdNumberRead, Membership
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
LOG = "/api/access-log/"


def test_a_clerks_detail_read_is_recorded_and_a_viewers_masked_one_is_not(api, employer, clerk):
    person = EmployeeFactory(employer=employer)
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    assert "id_number" not in api.get(f"/api/employees/{person.id}/").json()
    assert api.get("/api/employees/").status_code == 200  # lists are masked: no record
    assert not IdNumberRead.objects.exists()
    api.force_authenticate(clerk)
    assert api.get(f"/api/employees/{person.id}/").json()["id_number"] == person.id_number
    read = IdNumberRead.objects.get()
    assert (read.user, read.via, read.employee, read.employer) == (clerk, "api", person, employer)


def test_managers_see_their_employers_log_and_nobody_else_does(api, employer, clerk, manager):
    person = EmployeeFactory(employer=employer)
    api.force_authenticate(clerk)
    api.get(f"/api/employees/{person.id}/")
    other = EmployerFactory()
    theirs = EmployeeFactory(employer=other)
    their_clerk = member(Membership.Role.CLERK, other)
    api.force_authenticate(their_clerk)
    api.get(f"/api/employees/{theirs.id}/")

    api.force_authenticate(manager)
    rows = api.get(LOG).json()["results"]
    assert [(r["username"], r["via"], r["employee"], r["employer"]) for r in rows] == [
        (clerk.username, "api", person.id, employer.id)
    ]
    assert person.id_number not in str(rows)  # never the number itself
    assert api.get(LOG, {"employer": other.id}).status_code == 400  # not theirs to ask
    api.force_authenticate(clerk)  # a clerk reads numbers, but not who read them
    assert api.get(LOG).json()["results"] == []


def test_the_log_filters_by_employee_and_view(api, employer, clerk, manager):
    first, second = EmployeeFactory.create_batch(2, employer=employer)
    api.force_authenticate(clerk)
    for person in (first, second, first):
        api.get(f"/api/employees/{person.id}/")
    api.force_authenticate(manager)
    rows = api.get(LOG, {"employee": first.id, "via": "api"}).json()["results"]
    assert [r["employee"] for r in rows] == [first.id, first.id]
    assert api.get(LOG, {"via": "export"}).json()["results"] == []
    assert api.get(LOG, {"via": "nonsense"}).status_code == 400


def test_a_record_is_never_changed_or_deleted(employer, clerk):
    person = EmployeeFactory(employer=employer)
    read = IdNumberRead.objects.create(user=clerk, via="api", employee=person, employer=employer)
    with pytest.raises(TypeError):
        read.save()
    with pytest.raises(TypeError):
        read.delete()
    assert IdNumberRead.objects.get().via == "api"


@pytest.mark.postgres
def test_postgresql_refuses_an_update_or_delete_of_a_record(employer, clerk):
    """Whatever the client: a trigger refuses UPDATE and DELETE of the log's rows."""
    person = EmployeeFactory(employer=employer)
    IdNumberRead.objects.create(user=clerk, via="api", employee=person, employer=employer)
    for statement in (
        "UPDATE employees_idnumberread SET via = 'find'",
        "DELETE FROM employees_idnumberread",
    ):
        with (
            pytest.raises(ProgrammingError, match="insert-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert IdNumberRead.objects.get().via == "api"
