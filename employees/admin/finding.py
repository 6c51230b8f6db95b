"""Find an employee by exact ID number, posted, so the number never enters a URL or a log."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from employees.idnumbers import has_id_number_shape


def normalised(raw: str) -> str | None:
    value = raw.strip().upper()
    return value if has_id_number_shape(value) else None


def find_by_id_number(modeladmin, request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    changelist = reverse("admin:employees_employee_changelist")
    value = normalised(request.POST.get("id_number", ""))
    if value is None:
        messages.error(
            request, _("A resident ID number is 17 digits followed by a digit or X; search again.")
        )
        return HttpResponseRedirect(changelist)
    found = list(
        modeladmin.get_queryset(request).filter(id_number=value).select_related("employer")[:50]
    )
    if not found:
        messages.warning(request, _("None of your employers has an employee with that ID number."))
        return HttpResponseRedirect(changelist)
    if len(found) == 1:
        return HttpResponseRedirect(reverse("admin:employees_employee_change", args=[found[0].id]))
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Employees with that ID number"),
        "employees": found,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/employees/employee/found.html", context)
