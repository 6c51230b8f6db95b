"""GET /api/calendar/{year}/: the year's rest days and make-up working days, with their source
(the notice entered, or the package), or, for a year no arrangement covers yet, the statutory
holidays the deadlines are counted with for now, marked provisional."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from employees.models import HolidayYear
from hrsocsec.errors import NotFound
from law.holidays import FIRST_YEAR, LAST_YEAR, display_name, statutory_arrangement


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField(help_text="The holiday's name as the notice writes it.")
    name_display = serializers.CharField(help_text="The name in the language asked for.")
    is_off_day = serializers.BooleanField(help_text="False: a make-up working day.")


class CalendarYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    source = serializers.ChoiceField(
        choices=[*HolidayYear.Source.values, "statutory"],
        help_text="statutory: no arrangement entered yet; the holidays fixed by law only.",
    )
    source_display = serializers.CharField()
    provisional = serializers.BooleanField(
        help_text="True when no arrangement is entered: make-up working days are not known."
    )
    notice_number = serializers.CharField(allow_blank=True)
    notice_date = serializers.DateField(allow_null=True)
    notice_url = serializers.CharField(allow_blank=True)
    days = CalendarDaySerializer(many=True)


def _days(arrangement):
    return [
        {"date": day, "name": name, "name_display": display_name(name), "is_off_day": off}
        for day, name, off in arrangement.days()
    ]


class CalendarViewSet(viewsets.ViewSet):
    lookup_field = "year"
    lookup_value_regex = r"[0-9]{4}"

    @extend_schema(responses=CalendarYearSerializer)
    def retrieve(self, request, year=None):
        year = int(year)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise NotFound(_("The calendar covers the years 1990 to 2100."))
        found = HolidayYear.objects.filter(year=year).prefetch_related("days").first()
        if found is None:
            data = {
                "year": year,
                "source": "statutory",
                "source_display": _("the public holidays fixed by law (no notice entered yet)"),
                "provisional": True,
                "notice_number": "",
                "notice_date": None,
                "notice_url": "",
                "days": _days(statutory_arrangement(year)),
            }
        else:
            data = {
                "year": year,
                "source": found.source,
                "source_display": found.get_source_display(),
                "provisional": False,
                "notice_number": found.notice_number,
                "notice_date": found.notice_date,
                "notice_url": found.notice_url,
                "days": _days(found.arrangement()),
            }
        return Response(CalendarYearSerializer(data).data)
