"""The employee list's name search (employees.admin.search): Django's icontains, answered on
PostgreSQL from employee_name_grams_idx."""

import pytest
from django.db import connection, transaction

from employees.models import Employee, Membership
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
LIST = "/admin/employees/employee/"
NAMES = [
    "张伟",
    "张伟明",
    "李张伟",
    "王伟",
    "张三",
    "伟张",
    "Zhang Wei",
    "ZHANGSAN",
    "zhangwei",
    "50%张",
    "a_b",
    "ab",
    "ß Straße",
]


@pytest.fixture
def named(employer):
    return {name: EmployeeFactory(employer=employer, name=name) for name in NAMES}


def found(client, user, query: str) -> set[int]:
    client.force_login(user)
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    return set(response.context["cl"].queryset.values_list("id", flat=True))


@pytest.mark.parametrize(
    "term",
    [
        *("张", "伟", "张伟", "伟明", "张伟明", "王秀明"),
        *("zhang", "WEI", "g w", "%", "_", "ab", "ß", "z"),
    ],
)
def test_a_search_finds_exactly_the_names_containing_it_in_any_case(client, employer, named, term):
    """One, two and more characters, Chinese and Latin, LIKE's own wildcards as plain text:
    the same rows as Django's icontains over the user's employees."""
    user = member(Membership.Role.VIEWER, employer)
    expected = set(Employee.objects.filter(name__icontains=term).values_list("id", flat=True))
    assert found(client, user, f'"{term}"' if " " in term else term) == expected


def test_two_words_must_both_be_in_the_name(client, employer, named):
    """As Django's admin search: each word of the query, in any order."""
    user = member(Membership.Role.VIEWER, employer)
    assert found(client, user, "伟 张") == {
        named[n].id for n in ("张伟", "张伟明", "李张伟", "伟张")
    }


def test_the_search_finds_nobody_of_another_employer(client, employer, named):
    EmployeeFactory(employer=EmployerFactory(), name="张伟")
    user = member(Membership.Role.VIEWER, employer)
    assert found(client, user, "张伟") == {named[n].id for n in ("张伟", "张伟明", "李张伟")}


GRAMS = "SELECT employee_name_grams(%s)"


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["张伟明", "Zhang Wei", "a", "", "aaa", "ß"])
def test_the_grams_are_each_character_and_pair_of_the_upper_cased_name(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT upper(%s)", [name])
        upper = cursor.fetchone()[0]
        cursor.execute(GRAMS, [name])
        grams = cursor.fetchone()[0]
    pairs = {upper[i : i + 2] for i in range(len(upper) - 1)}
    assert set(grams) == set(upper) | pairs


@pytest.mark.postgres
@pytest.mark.parametrize("term", ["张", "张伟", "王秀明"])
def test_the_search_is_answered_from_the_name_index(named, term):
    """The query the admin sends can be served by employee_name_grams_idx: with the other ways
    of reading the table priced out, its plan uses it (a small table would be scanned)."""
    queryset = Employee.objects.filter(name__name_contains=term)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "employee_name_grams_idx" in plan
