"""The product's URLs, and the baseline: the same first page of the same employees, as plain
Django would serve it (token auth by hand, .values(), JsonResponse), no DRF."""

from django.http import JsonResponse
from django.urls import include, path
from rest_framework.authtoken.models import Token

from employees import access
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


urlpatterns = [
    path("bench/baseline/", baseline),
    path("", include("hrsocsec.urls")),
]
