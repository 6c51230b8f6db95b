import django_filters

from employees import access
from employees.models import Employee, Employer
from employees.workflow import RegistrationState


# Filter choices scoped like the rows: another tenant's id is "not a valid choice", exactly as
# a missing one, in every filter set.
def visible_employers(request):
    return access.employers_for(request.user) if request else Employer.objects.none()


def visible_employees(request):
    return access.employees_for(request.user) if request else Employee.objects.none()


class EmployeeFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers)
    registration_state = django_filters.MultipleChoiceFilter(choices=RegistrationState.choices)
    deadline_before = django_filters.DateFilter(
        field_name="registration_deadline", lookup_expr="lte"
    )
    deadline_after = django_filters.DateFilter(
        field_name="registration_deadline", lookup_expr="gte"
    )
    hired_before = django_filters.DateFilter(field_name="hire_date", lookup_expr="lte")
    hired_after = django_filters.DateFilter(field_name="hire_date", lookup_expr="gte")

    class Meta:
        model = Employee
        fields = ["employer", "registration_state"]
