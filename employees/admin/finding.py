"""Find an employee by exact ID number, posted, so the number never enters a URL or a log.

Only roles that may see full numbers may use it (a hit opens the page with the full number,
so for a viewer the box would undo the mask); misses are limited per user
(ID_FIND_MISSES_ALLOWED in ID_FIND_MISS_WINDOW_MINUTES), so numbers cannot be guessed
through it; every lookup is recorded in the ID number access log.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from employees import access
from employees.idnumbers import has_id_number_shape
from employees.models import Membership
from employees.services.reads import find_lookup


def normalised(raw: str) -> str | None:
    value = raw.strip().upper()
    return value if has_id_number_shape(value) else None


def may_find(user) -> bool:
    return access.employers_for(user, at_least=Membership.Role.CLERK).exists()


def find_by_id_number(modeladmin, request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    changelist = reverse("admin:employees_employee_changelist")
    user = request.user
    if not may_find(user):
        messages.error(
            request,
            _("Finding by ID number needs the clerk or manager role at an employer."),
        )
        return HttpResponseRedirect(changelist)
    value = normalised(request.POST.get("id_number", ""))
    if value is None:
        messages.error(
            request, _("A resident ID number is 17 digits followed by a digit or X; search again.")
        )
        return HttpResponseRedirect(changelist)
    # Among the employers where the user sees full numbers only.
    visible = access.employers_for(user, at_least=Membership.Role.CLERK)
    employees = modeladmin.get_queryset(request).filter(id_number=value, employer__in=visible)
    found = find_lookup(user=user, lookup=lambda: employees.select_related("employer")[:50])
    if found is None:
        messages.error(
            request,
            _(
                "Too many ID numbers that found nobody: finding by ID number is paused for you "
                "for up to %(minutes)s minutes. Search by name meanwhile."
            )
            % {"minutes": settings.ID_FIND_MISS_WINDOW_MINUTES},
        )
        return HttpResponseRedirect(changelist)
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
