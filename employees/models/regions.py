from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An area with its own social-insurance agency: a province-level division or a city."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province-level division")
        PREFECTURE = "prefecture", _("prefecture-level division")
        COUNTY_DIRECT = "county_direct", _("county-level unit directly under a province")

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent region"),
    )
    # The agency's monthly cut-off: a dissolve filed after it takes effect the next month.
    # Empty means the month end.
    cutoff_day = models.PositiveSmallIntegerField(_("monthly cut-off day"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["province", "prefecture", "county_direct"]),
                name="region_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(cutoff_day__isnull=True) | Q(cutoff_day__gte=1, cutoff_day__lte=31),
                name="region_cutoff_day_in_month",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.display_name}"

    @property
    @admin.display(description=_("name"))
    def display_name(self) -> str:
        """The name in the reader's language: 北京市, or Beijing in English."""
        english = (translation.get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name
