import datetime
from decimal import Decimal

import pytest
from rest_framework import serializers

from employees.models import Employee
from hrsocsec.api.fields import LocalDateTimeField
from hrsocsec.api.rows import kept_row_writer, row_writer
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


class Upper(serializers.CharField):
    def to_representation(self, value):
        return str(value).upper()


class EveryKind(serializers.ModelSerializer):
    """Fields of each kind the writer treats its own way, and of kinds it leaves to DRF."""

    employer = serializers.PrimaryKeyRelatedField(read_only=True)
    employer_name = serializers.CharField(source="employer.name")  # a dotted source
    region = serializers.SlugRelatedField(source="employer", slug_field="name", read_only=True)
    shouted = Upper(source="name")  # a subclass that writes its own way
    masked = serializers.CharField(source="id_number_masked")  # a property
    label = serializers.CharField(source="get_sex_display")  # a method, called
    state = serializers.ChoiceField(source="registration_state", choices=[("x", "X")])
    day = serializers.DateField(source="hire_date", format="%d.%m.%Y")
    created_at = LocalDateTimeField()
    method = serializers.SerializerMethodField()  # source "*"
    missing = serializers.CharField(source="no_such_attribute", default="fallback")
    gone = serializers.CharField(source="no_such_attribute", required=False)
    secret = serializers.CharField(source="id_number", write_only=True)

    class Meta:
        model = Employee
        fields = [
            "id", "employer", "employer_name", "region", "name", "shouted", "email", "masked",
            "label", "sex", "language", "state", "hire_date", "day", "contract_end_date",
            "separation_date", "monthly_wage", "deadline_uncovered_year", "created_at",
            "method", "missing", "gone", "secret",
        ]  # fmt: skip

    def get_method(self, employee):
        return [employee.pk, None]


@pytest.fixture
def employees():
    return [
        EmployeeFactory(name="李娜", email="", monthly_wage=Decimal("0.1")),
        EmployeeFactory(
            name="Zoë",
            language="en",
            contract_end_date=datetime.date(2029, 3, 1),
            separation_date=datetime.date(2026, 6, 30),
            deadline_uncovered_year=2099,
        ),
    ]


def test_each_row_is_the_dict_drf_writes_key_for_key_in_order(employees):
    serializer = EveryKind(context={"request": None})
    write = row_writer(serializer)
    for employee in Employee.objects.filter(pk__in=[e.pk for e in employees]):
        ours, drfs = write(employee), serializer.to_representation(employee)
        assert list(ours.items()) == list(drfs.items())
        assert [type(v) for v in ours.values()] == [type(v) for v in drfs.values()]
    assert ours["missing"] == "fallback"
    assert "gone" not in ours
    assert "secret" not in ours


def test_keys_left_out_are_left_out_and_the_order_kept(employees):
    serializer = EveryKind(context={"request": None})
    row = row_writer(serializer)(employees[0], ("monthly_wage", "email"))
    drfs = serializer.to_representation(employees[0])
    del drfs["monthly_wage"], drfs["email"]
    assert list(row.items()) == list(drfs.items())


def test_a_mapping_is_written_by_drf_itself():
    class Plain(serializers.Serializer):
        name = serializers.CharField()
        day = serializers.DateField()

    row = {"name": "王芳", "day": datetime.date(2026, 3, 2)}
    assert row_writer(Plain())(row, ("name",)) == {"day": "2026-03-02"}


class Plain(serializers.ModelSerializer):
    created_at = LocalDateTimeField()

    class Meta:
        model = Employee
        fields = ["id", "name", "hire_date", "monthly_wage", "registration_state", "created_at"]


def test_a_plan_of_fields_that_read_no_context_is_kept_for_the_next_serializer(employees):
    kept_row_writer(Plain(context={"request": "first"}))
    later = Plain(context={"request": "second"})
    row = kept_row_writer(later)(employees[0])
    assert row == Plain(context={}).to_representation(employees[0])
    assert "fields" not in later.__dict__  # its fields were never built


def test_a_plan_with_a_field_that_may_read_the_context_is_not_kept(employees):
    """A method field calls its serializer, whose context is the request's."""
    first = EveryKind(context={"request": None})
    kept_row_writer(first)(employees[0])
    later = EveryKind(context={"request": None})
    row = kept_row_writer(later)(employees[0])
    assert "fields" in later.__dict__  # built again, for this serializer
    assert row == later.to_representation(employees[0])
