"""The product's URLs, and the baselines: the same first page of the same employees, as plain
Django would serve it (token auth by hand, .values(), JsonResponse), no DRF; and one employee's
detail exactly as the API serves it but without the ID number access log's row, to measure
what the log costs."""

from django.http import JsonResponse
from django.urls import include, path
from rest_framework import mixins
from rest_framework.authtoken.models import Token

from employees import access
from employees.api.views import EmployeeViewSet
from employees.idnumbers import mask_id_number
from employees.services.employees import UPDATABLE

# The columns the API's employee list shows (its serializer's, the mask applied below).
FIELDS = (
    "id",
    "employer_id",
    *UPDATABLE,
    "registration_state",
    "registration_deadline",
    "created_at",
    "updated_at",
)


def baseline(request):
    key = request.headers.get("Authorization", "").removeprefix("Token ")
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None:
        return JsonResponse({"detail": "no"}, status=401)
    rows = list(access.employees_for(token.user).order_by("-id").values(*FIELDS)[:100])
    for row in rows:  # the same mask the API shows
        row["id_number"] = mask_id_number(row["id_number"])
    return JsonResponse({"results": rows}, json_dumps_params={"ensure_ascii": False})


class UnloggedEmployeeViewSet(EmployeeViewSet):
    """The API's employee detail, the access log's record left out (and nothing else)."""

    def retrieve(self, request, *args, **kwargs):
        return mixins.RetrieveModelMixin.retrieve(self, request, *args, **kwargs)


urlpatterns = [
    path("bench/baseline/", baseline),
    path("bench/unlogged/<int:pk>/", UnloggedEmployeeViewSet.as_view({"get": "retrieve"})),
    path("", include("hrsocsec.urls")),
]
