import datetime
import re

import pytest

from employees.models import Employee, EmployeeEvent, IdNumberRead, Membership
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory, EmployerFactory, make_id_number, member

pytestmark = pytest.mark.django_db
LIST = "/admin/employees/employee/"


@pytest.fixture(autouse=True)
def today(frozen_today):
    return frozen_today(datetime.date(2026, 3, 10))


@pytest.fixture
def employer():
    return EmployerFactory(name="Mine Ltd")


def login(client, role, employer):
    client.force_login(member(role, employer))
    return client


def test_the_list_shows_my_employees_masked_and_nobody_elses(client, employer):
    """The changelist holds my employer's rows with masked IDs; other tenants are invisible."""
    mine = EmployeeFactory(employer=employer, name="Mine Person")
    theirs = EmployeeFactory(employer=EmployerFactory(name="Secret Rival Ltd"), name="Other Person")
    html = login(client, Membership.Role.CLERK, employer).get(LIST).content.decode()
    assert "Mine Person" in html
    assert mine.id_number_masked in html
    assert mine.id_number not in html
    assert "Other Person" not in html
    assert "Secret Rival Ltd" not in html  # not even in the employer filter
    assert theirs.id_number_masked not in html


@pytest.mark.parametrize(("value", "expected"), [("overdue", {"late"}), ("due7", {"soon"})])
def test_deadline_filters(client, employer, value, expected):
    """The overdue and due-within-7-days filters pick the right rows."""
    rows = {
        "late": EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 1, 5)),
        "soon": EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 2, 10)),
        "later": EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 3, 5)),
    }
    response = login(client, Membership.Role.VIEWER, employer).get(LIST, {"deadline": value})
    shown = {key for key, e in rows.items() if f"/{e.id}/change/" in response.content.decode()}
    assert shown == expected


def test_an_overdue_deadline_is_shown_in_red_with_the_days_overdue(client, employer):
    """Deadline 2026-02-04 seen on 2026-03-10: marked overdue (red, by the stylesheet) and
    34 days past, in the page's one date format."""
    EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 1, 5))
    html = login(client, Membership.Role.VIEWER, employer).get(LIST).content.decode()
    assert '<strong class="overdue" title="overdue">Feb. 4, 2026</strong>' in html
    assert '<strong class="overdue">34 days overdue</strong>' in html
    assert "2026-02-04" not in html


def test_the_list_puts_what_needs_action_first(client, employer):
    """Nothing filed, the most overdue first, then the days left; the registered after them,
    newest first; each with its days overdue or left."""
    done_old = EmployeeFactory(employer=employer, registration_state=S.REGISTERED)
    soon = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 2, 20))
    late = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 1, 5))
    done_new = EmployeeFactory(employer=employer, registration_state=S.REGISTERED)
    later = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 3, 9))
    html = login(client, Membership.Role.VIEWER, employer).get(LIST).content.decode()
    order = [late, soon, later, done_new, done_old]
    places = [html.index(f"/{e.id}/change/") for e in order]
    assert places == sorted(places)
    # 2026-02-20 + 30 days: Sunday 2026-03-22, so Monday 2026-03-23, 13 days after 2026-03-10;
    # 2026-03-09 + 30 days: 2026-04-08, a Wednesday.
    assert "13 days left" in html
    assert "29 days left" in html


def test_the_overdue_filter_reads_most_overdue_first(client, employer):
    less = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 1, 20))
    most = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 1, 2))
    html = login(client, Membership.Role.CLERK, employer).get(LIST, {"deadline": "overdue"})
    text = html.content.decode()
    assert text.index(f"/{most.id}/change/") < text.index(f"/{less.id}/change/")


def test_a_clerk_of_one_employer_is_not_shown_its_name_on_every_row(client, employer):
    EmployeeFactory.create_batch(3, employer=employer)
    html = login(client, Membership.Role.CLERK, employer).get(LIST).content.decode()
    assert "column-employer" not in html
    assert "Mine Ltd" not in html.split('id="result_list"')[1]


def test_a_clerk_of_two_employers_sees_which_employer_each_row_is(client, employer):
    other = EmployerFactory(name="Second Ltd")
    user = member(Membership.Role.CLERK, employer)
    Membership.objects.create(user=user, employer=other, role=Membership.Role.CLERK)
    EmployeeFactory(employer=other)
    client.force_login(user)
    html = client.get(LIST).content.decode()
    assert "column-employer" in html
    assert "Second Ltd" in html.split('id="result_list"')[1]


def test_the_hire_month_filter_lists_every_month_with_hires(client, employer):
    """The last twelve months, and each earlier month someone was hired in; not the empty
    months before them, nor another employer's months."""
    EmployeeFactory(employer=employer, hire_date=datetime.date(2023, 7, 14))
    EmployeeFactory(employer=EmployerFactory(), hire_date=datetime.date(2022, 5, 3))
    html = login(client, Membership.Role.CLERK, employer).get(LIST).content.decode()
    assert "?hired=2023-07" in html
    assert "?hired=2025-04" in html
    assert "?hired=2026-03" in html
    assert "?hired=2023-08" not in html
    assert "?hired=2025-03" not in html
    assert "?hired=2022-05" not in html


def test_another_employers_employee_reads_like_a_missing_one(client, employer):
    """Opening someone else's employee gives the same answer as a non-existent id."""
    stranger = EmployeeFactory()
    login(client, Membership.Role.MANAGER, employer)
    foreign = client.get(f"{LIST}{stranger.id}/change/", follow=True)
    missing = client.get(f"{LIST}{stranger.id + 999}/change/", follow=True)
    assert foreign.redirect_chain[-1][0] == missing.redirect_chain[-1][0] == "/admin/"
    assert stranger.name not in foreign.content.decode()


def test_a_viewer_sees_only_the_masked_id_and_cannot_change(client, employer):
    employee = EmployeeFactory(employer=employer)
    html = login(client, Membership.Role.VIEWER, employer).get(f"{LIST}{employee.id}/change/")
    text = html.content.decode()
    assert employee.id_number_masked in text
    assert employee.id_number not in text
    assert "Birth date" not in text  # the masked part of the ID
    assert 'name="_save"' not in text
    assert "Monthly wage" not in text  # nor a wage
    assert f"{employee.monthly_wage:.2f}" not in text
    assert not IdNumberRead.objects.exists()  # nothing full was shown


def test_a_clerk_sees_the_full_id_on_one_employee(client, employer):
    employee = EmployeeFactory(employer=employer)
    page = login(client, Membership.Role.CLERK, employer).get(f"{LIST}{employee.id}/change/")
    assert employee.id_number in page.content.decode()
    assert "no-store" in page["Cache-Control"]  # the admin's never_cache
    read = IdNumberRead.objects.get()  # the page view, recorded
    assert (read.via, read.employee_id, read.employer_id) == ("admin", employee.id, employer.id)


def test_a_change_page_shown_again_after_a_refused_save_is_recorded_too(client, employer):
    """The re-shown form holds the birth date beside the masked number: a read like any."""
    employee = EmployeeFactory(employer=employer)
    login(client, Membership.Role.CLERK, employer)
    page = client.post(f"{LIST}{employee.id}/change/", {"name": "", "id_number": ""})
    assert page.status_code == 200
    assert page.context["adminform"].form.errors
    assert IdNumberRead.objects.get().via == "admin"


def test_every_page_sends_a_content_security_policy_without_inline_scripts(client, employer):
    login(client, Membership.Role.CLERK, employer)
    for url in (LIST, f"{LIST}add/", "/admin/", "/admin/login/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0], url
        assert "frame-ancestors 'none'" in policy, url


def form(target, **overrides):
    return {
        "employer": target.id,
        "name": "赵敏",
        "id_number": make_id_number(),
        "email": "",
        "language": "zh-hans",
        "hire_date": "2026-03-02",
        "contract_end_date": "",
        "separation_date": "",
        "monthly_wage": "9000.00",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    } | overrides


def test_adding_through_the_admin_goes_through_the_service(client, employer):
    """The add form hires with the deadline computed and an event with the acting user."""
    login(client, Membership.Role.CLERK, employer)
    response = client.post(f"{LIST}add/", form(employer))
    assert response.status_code == 302, response.context["adminform"].form.errors
    employee = Employee.objects.get()
    assert employee.registration_deadline == datetime.date(2026, 4, 1)
    assert EmployeeEvent.objects.get().action == "hired"


def test_the_admin_form_shows_the_services_field_errors(client, employer):
    """A bad check character and an under-age hire are shown on their fields; nothing saved."""
    login(client, Membership.Role.CLERK, employer)
    bad = client.post(f"{LIST}add/", form(employer, id_number="110105194912310021"))
    assert "check character" in str(bad.context["adminform"].form.errors["id_number"])
    young = client.post(
        f"{LIST}add/", form(employer, id_number=make_id_number(datetime.date(2012, 1, 1)))
    )
    assert "under 16" in str(young.context["adminform"].form.errors["hire_date"])
    assert not Employee.objects.exists()


def test_nothing_can_be_deleted(client, employer):
    employee = EmployeeFactory(employer=employer, registration_state=S.REGISTERED)
    login(client, Membership.Role.MANAGER, employer)
    assert client.post(f"{LIST}{employee.id}/delete/", {"post": "yes"}).status_code == 403
    assert Employee.objects.filter(id=employee.id).exists()


@pytest.mark.parametrize(
    "query",
    [
        {"id_number": "110105199005170011"},
        {"id_number__startswith": "110105"},
        {"monthly_wage__gte": "1e999999"},
        {"name": "x"},
        {"hire_date__year": "9999"},
        {"hire_date__month": "13"},
    ],
)
def test_only_the_admins_own_filters_are_accepted_in_the_url(client, employer, query):
    """Probing a field from the URL (an ID number, a wage) or an impossible date is a 400."""
    EmployeeFactory(employer=employer)
    response = login(client, Membership.Role.VIEWER, employer).get(LIST, query)
    assert response.status_code == 400


def test_the_hired_in_month_filter_and_the_others_combine(client, employer):
    EmployeeFactory(employer=employer, name="March Hire")  # hired 2026-03-02
    EmployeeFactory(employer=employer, name="April Hire", hire_date=datetime.date(2026, 4, 1))
    login(client, Membership.Role.VIEWER, employer)
    query = {"hired": "2026-03", "registration_state__exact": "unregistered"}
    response = client.get(LIST, query | {"employer__id__exact": employer.id})
    assert response.status_code == 200
    assert "March Hire" in response.content.decode()
    assert "April Hire" not in response.content.decode()
    nonsense = client.get(LIST, {"hired": "2026-13"})
    assert nonsense.status_code == 200
    assert nonsense.context["cl"].result_count == 0


def test_an_add_form_without_an_employer_is_a_form_error(client, employer):
    """A missing or foreign employer is shown on the form, not a server error."""
    login(client, Membership.Role.CLERK, employer)
    for bad in ("", str(EmployerFactory().id)):
        response = client.post(f"{LIST}add/", form(employer, employer=bad))
        assert response.status_code == 200
        assert "employer" in response.context["adminform"].form.errors
    assert not Employee.objects.exists()


def test_correcting_the_hire_date_of_a_filed_employee_is_a_form_error(client, employer):
    employee = EmployeeFactory(employer=employer, registration_state=S.REGISTRATION_PENDING)
    login(client, Membership.Role.CLERK, employer)
    data = form(employer, id_number=employee.id_number, hire_date="2026-03-03", name=employee.name)
    response = client.post(f"{LIST}{employee.id}/change/", data)
    assert response.status_code == 200
    assert "Filed with the agency" in str(response.context["adminform"].form.errors["hire_date"])
    assert Employee.objects.get(id=employee.id).hire_date == datetime.date(2026, 3, 2)


def test_the_masked_number_has_a_label_in_the_clerks_language(employer):
    from django.test import Client
    from django.utils import translation

    employee = EmployeeFactory(employer=employer)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(member(Membership.Role.VIEWER, employer))
    with translation.override("zh-hans"):
        html = client.get(f"{LIST}{employee.id}/change/").content.decode()
    assert "居民身份证号码（部分隐藏）" in html
    assert "Id number masked" not in html


def test_the_days_column_sorts_most_overdue_first_and_the_filed_last(client, employer):
    done = EmployeeFactory(employer=employer, registration_state=S.REGISTERED)
    soon = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 2, 20))
    late = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 1, 5))
    client = login(client, Membership.Role.VIEWER, employer)
    heading = client.get(LIST).content.decode().split('class="sortable column-days_left')[1]
    column = re.search(r'href="\?o=(\d+)', heading)[1]  # its link sorts by it
    html = client.get(LIST, {"o": column}).content.decode()
    places = [html.index(f"/{e.id}/change/") for e in (late, soon, done)]
    assert places == sorted(places)
    html = client.get(LIST, {"o": f"-{column}"}).content.decode()
    places = [html.index(f"/{e.id}/change/") for e in (done, soon, late)]
    assert places == sorted(places)
