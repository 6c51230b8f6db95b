"""Members of an employer: everyone sees who works on their employers' files; managers add
colleagues, change roles and revoke (the one thing the API deletes)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from employees import access, services
from employees.api.filters import visible_employers
from employees.api.replay import RoleCheckedIdempotentMixin
from employees.models import Employer, Membership
from hrsocsec.api.fields import ID_IN_PATH, IdField


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "employer", "user", "username", "role", "created_at"]
        read_only_fields = ["employer", "user", "created_at"]


class MembershipCreateSerializer(serializers.Serializer):
    employer = IdField(
        queryset=Employer.objects.none(),
        error_messages={"does_not_exist": _("No employer with id {pk_value} that you manage.")},
    )
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Membership.Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # none while the schema is generated
        if request is not None:
            self.fields["employer"].queryset = access.employers_for(
                request.user, at_least=Membership.Role.MANAGER
            )

    def validate_username(self, value):
        found = access.colleagues_of(self.context["request"].user).filter(username=value).first()
        if found is None:
            raise serializers.ValidationError(
                _("No colleague with this username. New users get an account from the operator.")
            )
        return found


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MembershipFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers)
    role = django_filters.MultipleChoiceFilter(choices=Membership.Role.choices)

    class Meta:
        model = Membership
        fields = ["employer", "role"]


class MembershipViewSet(
    RoleCheckedIdempotentMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MembershipSerializer
    replay_role = Membership.Role.MANAGER  # its writes are a manager's
    filterset_class = MembershipFilter
    lookup_value_regex = ID_IN_PATH
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    queryset = Membership.objects.none()  # for the schema; requests use get_queryset()

    def get_queryset(self):
        employers = access.employers_for(self.request.user)
        return (
            Membership.objects.filter(employer__in=employers)
            .select_related("user")
            .order_by("employer_id", "user__username")
        )

    @extend_schema(request=MembershipCreateSerializer, responses={201: MembershipSerializer})
    def create(self, request):
        body = MembershipCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        membership = services.membership_set(
            actor=request.user,
            employer=body.validated_data["employer"],
            user=body.validated_data["username"],
            role=body.validated_data["role"],
        )
        data = MembershipSerializer(membership).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MembershipRoleSerializer, responses=MembershipSerializer)
    def partial_update(self, request, pk=None):
        membership = self.get_object()  # 404 outside the caller's employers
        body = MembershipRoleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changed = services.membership_set(
            actor=request.user,
            employer=membership.employer,
            user=membership.user,
            role=body.validated_data["role"],
        )
        return Response(MembershipSerializer(changed).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        membership = self.get_object()
        services.membership_revoke(actor=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)
