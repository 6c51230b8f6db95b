import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from employees.api.serializers import (
    EmployeeListSerializer,
    EmployeeRowsSerializer,
    EmployeeSerializer,
)
from employees.api.views import EmployeeViewSet
from employees.models import HolidayYear, Membership
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory, make_id_number

pytestmark = pytest.mark.django_db
URL = "/api/employees/"
Role = Membership.Role


@pytest.fixture
def people():
    """Employees of three employers, unlike each other in every field the list shows."""
    employers = [EmployerFactory() for _ in range(3)]
    HolidayYear.objects.create(year=2030, source=HolidayYear.Source.PACKAGE)
    varied = [
        {"name": "李娜", "monthly_wage": Decimal("0.00"), "email": ""},
        {"name": "欧阳娜娜", "monthly_wage": Decimal("12345.6"), "language": "en"},
        {"name": 'Zoë O\'Brien "Jr." \\ 王😀', "monthly_wage": Decimal("99999999.99")},
        {"name": "张伟", "deadline_uncovered_year": 2099},  # provisional: 2099 not entered
        {"name": "王芳", "deadline_uncovered_year": 2030},  # 2030 entered since
        {
            "name": "刘洋",
            "registration_state": S.STOPPED,
            "contract_start_date": datetime.date(2026, 3, 2),
            "contract_end_date": datetime.date(2029, 3, 1),
            "separation_date": datetime.date(2026, 6, 30),
            "transfer_done_on": datetime.date(2026, 7, 3),
            "position": "会计 / accountant",
        },
        {"name": "陈静", "registration_state": S.REGISTRATION_PENDING, "position": ""},
        {
            "name": "赵磊",
            "id_number": make_id_number(datetime.date(1980, 1, 1), male=False)[:17] + "X",
            "hire_date": datetime.date(2025, 12, 29),
        },
    ]
    for employer in employers:
        for fields in varied:
            EmployeeFactory(employer=employer, **fields)
    return employers


def users(employers) -> list:
    """A clerk of one, a viewer of another and a manager of the third; a viewer only; the
    operator."""
    mixed, viewer = UserFactory(), UserFactory()
    for employer, role in zip(employers, (Role.CLERK, Role.VIEWER, Role.MANAGER), strict=True):
        Membership.objects.create(user=mixed, employer=employer, role=role)
    Membership.objects.create(user=viewer, employer=employers[0], role=Role.VIEWER)
    return [mixed, viewer, UserFactory(is_superuser=True)]


def page(user):
    """What the list action pages through (every row here fits one page)."""
    return EmployeeViewSet(request=SimpleNamespace(user=user)).get_queryset()


def rendered(serializer_class, user, employees) -> bytes:
    """A page's rows as JSON, written by the serializer's list serializer."""
    context = {"request": SimpleNamespace(user=user)}
    return JSONRenderer().render(serializer_class(employees, many=True, context=context).data)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_rows_are_drfs_byte_for_byte(people, language):
    mixed, viewer, operator = users(people)
    for user in (mixed, viewer, operator):
        with translation.override(language):
            fast = rendered(EmployeeListSerializer, user, page(user))
            drf = rendered(EmployeeSerializer, user, page(user))
        assert fast == drf
        assert (b'"monthly_wage"' in fast) == (user is not viewer)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_api_list_is_drfs_page_byte_for_byte(api, people, language):
    for user in users(people):
        api.force_authenticate(user)
        response = api.get(URL, {"page_size": 200}, HTTP_ACCEPT_LANGUAGE=language)
        with translation.override(language):
            drf = rendered(EmployeeSerializer, user, page(user))
        assert response.content == b'{"next":null,"previous":null,"results":' + drf + b"}"


def test_a_viewer_gets_no_wage_and_masked_id_numbers(people):
    viewer = users(people)[1]
    rows = EmployeeRowsSerializer(
        child=EmployeeListSerializer(),
        instance=page(viewer),
        context={"request": SimpleNamespace(user=viewer)},
    ).data
    assert len(rows) == 8
    assert all("monthly_wage" not in row and "id_number" not in row for row in rows)
    assert all(row["id_number_masked"].count("*") >= 8 for row in rows)


def test_the_list_action_writes_its_rows_the_fast_way():
    view = EmployeeViewSet(action="list", request=SimpleNamespace(user=UserFactory.build()))
    assert view.get_serializer_class() is EmployeeListSerializer
    assert EmployeeListSerializer.Meta.list_serializer_class is EmployeeRowsSerializer
