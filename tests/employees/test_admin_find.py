import pytest

from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
FIND = "/admin/employees/employee/find/"


def test_one_match_opens_the_employee_and_the_number_stays_out_of_the_url(client, employer, clerk):
    person = EmployeeFactory(employer=employer)
    client.force_login(clerk)
    response = client.post(FIND, {"id_number": f"  {person.id_number.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/employees/employee/{person.id}/change/"
    assert person.id_number not in response["Location"]


def test_a_rehire_lists_both_employments_masked(client, employer, clerk):
    first = EmployeeFactory(employer=employer, registration_state=S.STOPPED)
    again = EmployeeFactory(employer=employer, id_number=first.id_number)
    client.force_login(clerk)
    response = client.post(FIND, {"id_number": first.id_number})
    assert response.status_code == 200
    assert {e.id for e in response.context["employees"]} == {first.id, again.id}
    assert first.id_number not in response.content.decode()


def test_another_employers_employee_is_not_found(client, clerk):
    stranger = EmployeeFactory()
    client.force_login(clerk)
    response = client.post(FIND, {"id_number": stranger.id_number}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/employees/employee/"
    assert "None of your employers" in response.content.decode()


@pytest.mark.parametrize("raw", ["", "1101", "x" * 18, "11010519900517001１", "%00"])
def test_a_number_that_is_not_one_is_said_plainly(client, clerk, raw):
    client.force_login(clerk)
    response = client.post(FIND, {"id_number": raw}, follow=True)
    assert response.status_code == 200
    assert "17 digits followed by a digit or X" in response.content.decode()


def test_find_is_posted_only(client, clerk):
    client.force_login(clerk)
    assert client.get(FIND, {"id_number": "110105199005170011"}).status_code == 405


def test_the_employee_list_offers_the_posted_search(client, clerk):
    client.force_login(clerk)
    html = client.get("/admin/employees/employee/").content.decode()
    assert f'method="post" action="{FIND}"' in html
