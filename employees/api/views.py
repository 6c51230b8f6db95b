from django.db.models import Prefetch
from rest_framework import mixins, viewsets

from employees import access, services
from employees.api.filters import EmployeeFilter
from employees.api.replay import RoleCheckedIdempotentMixin
from employees.api.serializers import (
    EmployeeDetailSerializer,
    EmployeeListSerializer,
    EmployeeSerializer,
    EmployeeUpdateSerializer,
    EmployerSerializer,
    RegionSerializer,
)
from employees.models import Employer, IdNumberRead, Membership, Region
from employees.services import id_number_reads_record
from hrsocsec.api.fields import ID_IN_PATH
from hrsocsec.api.pagination import IdCursorPagination

Via = IdNumberRead.Via


class WritableViewSet(
    RoleCheckedIdempotentMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, create, read and PATCH; never PUT (partial by nature) nor DELETE (nothing is)."""

    lookup_value_regex = ID_IN_PATH
    http_method_names = ["get", "post", "patch", "head", "options"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    lookup_value_regex = r"[0-9]{6}"
    filterset_fields = ["level"]
    pagination_class = None  # about 400 rows, cached by clients


class EmployerViewSet(WritableViewSet):
    serializer_class = EmployerSerializer
    replay_role = Membership.Role.MANAGER  # its writes are a manager's

    queryset = Employer.objects.none()  # for the schema; requests use get_queryset()

    def get_queryset(self):
        user = self.request.user
        memberships = Membership.objects.filter(user=user)
        return (
            access.employers_for(user)
            .select_related("region")
            .prefetch_related(Prefetch("memberships", queryset=memberships))
        )

    def create(self, request, *args, **kwargs):
        access.require_may_create_employer(request.user)  # before the body is even read
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.employer_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.employer_update(
            actor=self.request.user, employer=serializer.instance, **serializer.validated_data
        )


class EmployeeViewSet(WritableViewSet):
    pagination_class = IdCursorPagination
    filterset_class = EmployeeFilter

    def get_queryset(self):
        return access.employees_for(self.request.user).with_deadline_arranged().order_by("-id")

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: the fullest shape
            return EmployeeDetailSerializer if self.action == "retrieve" else EmployeeSerializer
        if self.action == "retrieve":
            employee = self.get_object()
            if access.may_see_full_id_number(self.request.user, employee.employer_id):
                return EmployeeDetailSerializer
            return EmployeeUpdateSerializer
        if self.action in ("update", "partial_update"):
            return EmployeeUpdateSerializer
        if self.action == "list":
            return EmployeeListSerializer
        return EmployeeSerializer

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = super().get_object()
        return self._object

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if self.get_serializer_class() is EmployeeDetailSerializer:  # the full ID number
            id_number_reads_record(user=request.user, via=Via.API, employees=[self.get_object()])
        return response

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.employee_hire(
            actor=self.request.user, employer=data.pop("employer"), **data
        )

    def perform_update(self, serializer):
        serializer.instance = services.employee_update(
            actor=self.request.user, employee=serializer.instance, **serializer.validated_data
        )
