import django_filters
from django.db.models import Prefetch
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from employees import access
from employees.api.filters import visible_employees, visible_employers
from employees.api.views import ID_IN_PATH
from filings import services
from filings.api.serializers import (
    ConfirmSerializer,
    FilingDetailSerializer,
    FilingSerializer,
    NoteSerializer,
    RejectSerializer,
)
from filings.models import Filing, FilingEvent


class FilingFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers)
    employee = django_filters.ModelChoiceFilter(queryset=visible_employees)
    state = django_filters.MultipleChoiceFilter(choices=Filing.State.choices)
    kind = django_filters.MultipleChoiceFilter(choices=Filing.Kind.choices)

    class Meta:
        model = Filing
        fields = ["employer", "employee", "state", "kind"]


class FilingViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Filings are created as drafts and then only move through their transitions."""

    filterset_class = FilingFilter
    lookup_value_regex = ID_IN_PATH

    def get_queryset(self):
        filings = Filing.objects.filter(employer__in=access.employers_for(self.request.user))
        if self.action == "retrieve":
            events = FilingEvent.objects.select_related("actor")
            filings = filings.prefetch_related(Prefetch("events", queryset=events))
        return filings.order_by("-id")

    def get_serializer_class(self):
        return FilingDetailSerializer if self.action == "retrieve" else FilingSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.filing_create_draft(
            actor=self.request.user, employee=data.pop("employee"), **data
        )

    def _transition(self, request, service, body_serializer=NoteSerializer):
        filing = self.get_object()  # 404 for another employer's filing
        body = body_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        moved = service(actor=request.user, filing_id=filing.id, **body.validated_data)
        fresh = Filing.objects.prefetch_related("events__actor").get(id=moved.id)
        return Response(FilingDetailSerializer(fresh, context={"request": request}).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, services.filing_submit)

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._transition(request, services.filing_confirm, ConfirmSerializer)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._transition(request, services.filing_reject, RejectSerializer)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._transition(request, services.filing_withdraw)
