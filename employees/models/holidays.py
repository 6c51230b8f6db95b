"""The holiday calendar as data (law.holidays): one row per year the State Council arranged,
with the notice it comes from, and one per day of it. A year without a row counts the statutory
holidays, and its deadlines are provisional."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from law.holidays import Arrangement, display_name


class HolidayYear(models.Model):
    class Source(models.TextChoices):
        PACKAGE = "package", _("the chinesecalendar package")
        NOTICE = "notice", _("a State Council notice, entered by an operator")

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    notice_number = models.CharField(_("notice number"), max_length=100, blank=True)
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    notice_url = models.URLField(_("notice link"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="holiday_year_in_range"
            ),
            models.CheckConstraint(
                condition=Q(source__in=["package", "notice"]), name="holiday_year_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(source="package") | ~Q(notice_number=""),
                name="holiday_year_notice_cited",
                violation_error_message=_("Cite the notice: its number is required."),
            ),
        ]

    def __str__(self):
        return str(self.year)

    def arrangement(self) -> Arrangement:
        off, work = {}, {}
        for day in self.days.all():
            (off if day.is_off_day else work)[day.date] = day.name
        return Arrangement(self.year, off, work)


class HolidayDay(models.Model):
    year = models.ForeignKey(
        HolidayYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("holiday"), max_length=50)
    is_off_day = models.BooleanField(
        _("day off"), help_text=_("Unticked: a make-up working day (a weekend worked).")
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday arrangement day")
        verbose_name_plural = _("holiday arrangement days")

    def __str__(self):
        return f"{self.date} {self.name}"

    @property
    def display_name(self) -> str:
        return display_name(self.name)
