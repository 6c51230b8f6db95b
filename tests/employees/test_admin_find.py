import datetime

import pytest
import time_machine
from django.utils import timezone

from employees.models import IdNumberRead, Membership
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory, MembershipFactory, member

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


def test_a_viewer_may_not_use_the_box_so_the_mask_cannot_be_undone(client, employer):
    """The oracle of the issue: a viewer posting candidates learns nothing, not even a hit; the
    list offers a viewer no box."""
    person = EmployeeFactory(employer=employer)
    viewer = member(Membership.Role.VIEWER, employer)
    client.force_login(viewer)
    assert FIND not in client.get("/admin/employees/employee/").content.decode()
    for candidate in (person.id_number, "110105199005170011"):
        response = client.post(FIND, {"id_number": candidate}, follow=True)
        assert response.redirect_chain == [("/admin/employees/employee/", 302)]
        assert "clerk or manager role" in response.content.decode()
    assert not IdNumberRead.objects.exists()  # nothing was looked up


def test_a_clerk_elsewhere_finds_nobody_at_the_employer_where_they_only_view(client, employer):
    """Clerk at one employer, viewer at another: the box looks among the first only."""
    person = EmployeeFactory(employer=employer)
    user = member(Membership.Role.CLERK)
    MembershipFactory(user=user, employer=employer, role=Membership.Role.VIEWER)
    client.force_login(user)
    response = client.post(FIND, {"id_number": person.id_number}, follow=True)
    assert "None of your employers" in response.content.decode()
    assert IdNumberRead.objects.get().employee is None  # recorded as a miss


def test_every_lookup_is_recorded_a_hit_by_its_employee(client, employer, clerk):
    person = EmployeeFactory(employer=employer)
    client.force_login(clerk)
    client.post(FIND, {"id_number": person.id_number})
    client.post(FIND, {"id_number": "110105199005170011"})
    hit, miss = IdNumberRead.objects.order_by("id")
    assert (hit.user, hit.via, hit.employee, hit.employer) == (clerk, "find", person, employer)
    assert (miss.user, miss.via, miss.employee, miss.employer) == (clerk, "find", None, None)


def test_misses_past_the_limit_pause_the_box_for_that_user_only(client, employer, clerk, settings):
    """ID_FIND_MISSES_ALLOWED misses in ID_FIND_MISS_WINDOW_MINUTES, then even the right
    number is refused with a message (no hit to learn from); another clerk is unaffected, and
    the window passing lifts the pause."""
    settings.ID_FIND_MISSES_ALLOWED = 3
    person = EmployeeFactory(employer=employer)
    client.force_login(clerk)
    wrong = [f"11010519900517{n:03d}1" for n in range(3)]
    for number in wrong:
        client.post(FIND, {"id_number": number})
    response = client.post(FIND, {"id_number": person.id_number}, follow=True)
    assert response.redirect_chain == [("/admin/employees/employee/", 302)]
    assert "Too many ID numbers that found nobody" in response.content.decode()
    assert IdNumberRead.objects.filter(employee=person).count() == 0
    colleague = member(Membership.Role.CLERK, employer)
    client.force_login(colleague)
    assert client.post(FIND, {"id_number": person.id_number}).status_code == 302
    assert IdNumberRead.objects.filter(employee=person, user=colleague).count() == 1
    client.force_login(clerk)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        response = client.post(FIND, {"id_number": person.id_number})
    assert response["Location"] == f"/admin/employees/employee/{person.id}/change/"
