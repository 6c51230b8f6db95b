from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    name = "employees"
    verbose_name = _("employees")

    def ready(self):
        from employees import timeline

        # First on the employee's page: the hire; the later apps add theirs in their ready().
        timeline.register(timeline.employee_entries)
