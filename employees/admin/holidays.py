"""The holiday calendar in the admin: every member reads it; the operator (a superuser) enters
a year from the State Council's notice. The days' formset runs holiday_year_save when it is
validated, so each bad day comes back on its own row and nothing is saved on an error."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet

from employees.admin.scoping import ServiceCheckedForm
from employees.models import HolidayDay, HolidayYear
from employees.services.holidays import ArrangementRefused, holiday_year_save

YEAR_FORM = "_holiday_year_form"  # the validated year form, for the days' formset
YEAR_FIELDS = ["year", "notice_number", "notice_date", "notice_url"]


class DaysFormSet(BaseInlineFormSet):
    request = None  # set per request by the inline

    def clean(self):
        form = getattr(self.request, YEAR_FORM, None)
        if form is None or any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        year = form.instance
        days = [
            {
                "name": f.cleaned_data["name"],
                "date": f.cleaned_data["date"].isoformat(),
                "isOffDay": bool(f.cleaned_data.get("is_off_day")),
            }
            for f in kept
        ]
        try:
            holiday_year_save(
                actor=self.request.user,
                year=year.year,
                days=days,
                notice_number=year.notice_number,
                notice_date=year.notice_date,
                notice_url=year.notice_url,
            )
        except ArrangementRefused as refused:
            general = []
            for key, messages in refused.fields.items():
                if key.startswith("days["):
                    kept[int(key[5:-1])].add_error(None, messages)
                elif key in form.fields:
                    form.add_error(key, messages)
                else:
                    general.extend(messages)
            raise ValidationError(general or str(refused)) from None
        setattr(self.request, YEAR_FORM, None)


class HolidayDayInline(admin.TabularInline):
    model = HolidayDay
    form = ServiceCheckedForm
    formset = DaysFormSet
    fields = ["date", "name", "is_off_day"]
    extra = 3

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    form = ServiceCheckedForm
    inlines = [HolidayDayInline]
    list_display = ["year", "source", "notice_number", "notice_date", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly = ["source", "entered_by", "updated_at"]

    def get_fields(self, request, obj=None):
        return [*YEAR_FIELDS, *(self.readonly if obj else [])]

    def get_readonly_fields(self, request, obj=None):
        return ["year", *self.readonly] if obj else []

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # a year entered stays; correct it instead

    def save_form(self, request, form, change):
        setattr(request, YEAR_FORM, form)  # the days' formset saves through the service
        return form.instance

    def save_model(self, request, obj, form, change):
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass  # the service wrote the days

    def construct_change_message(self, request, form, formsets, add=False):
        return super().construct_change_message(request, form, [], add)
