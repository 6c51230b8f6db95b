from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees import access, services
from employees.admin.scoping import Role, ScopedAdmin, ScopedEmployerFilter
from employees.models import Employer, Membership, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Shared by every tenant: readable by all staff, the cut-off day set by the operator only."""

    list_display = ["code", "display_name", "level", "parent", "cutoff_day"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    fields = ["code", "name", "name_en", "level", "parent", "cutoff_day"]
    readonly_fields = ["code", "name", "name_en", "level", "parent"]
    list_select_related = ["parent"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EmployerForm(forms.ModelForm):
    """The service's checks on the form, so a bad code or email is a field error, not a 500."""

    user = None  # set per request by EmployerAdmin.get_form

    class Meta:
        model = Employer
        fields = list(services.EMPLOYER_FIELDS)

    def clean(self):
        data = super().clean()
        checks = (
            lambda: services.clean_employer(
                self.user,
                name=data.get("name"),
                credit_code=data.get("credit_code"),
                exclude_id=self.instance.pk,
            ),
            lambda: services.clean_hr_emails(data.get("hr_emails")),
        )
        for check in checks:
            try:
                check()
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return data


@admin.register(Employer)
class EmployerAdmin(ScopedAdmin):
    write_role = Role.MANAGER
    form = EmployerForm
    list_display = ["name", "credit_code", "region", "si_account_number"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    fields = list(services.EMPLOYER_FIELDS)

    def employer_id_of(self, obj):
        return obj.id

    def scoped(self, request, queryset):
        return queryset.filter(id__in=access.employers_for(request.user).values("id"))

    def has_add_permission(self, request):
        # The operator, or with EMPLOYER_SELF_SERVICE any staff user, who becomes manager.
        return request.user.is_staff and access.may_create_employer(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user  # a new class per request (modelform_factory)
        return form

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in self.fields}
        if change:
            services.employer_update(actor=request.user, employer=obj, **data)
        else:
            form.instance = services.employer_create(actor=request.user, **data)
            obj.pk = form.instance.pk


class MembershipForm(forms.ModelForm):
    """The user by exact username, among the manager's colleagues only."""

    user = forms.CharField(label=gettext_lazy("Username"), max_length=150)  # read per request
    acting_user = None  # set per request by MembershipAdmin.get_form

    class Meta:
        model = Membership
        fields = ["user", "employer", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["user"] = self.instance.user.get_username()

    def clean_user(self):
        found = (
            access.colleagues_of(self.acting_user)
            .filter(username=self.cleaned_data["user"])
            .first()
        )
        if found is None:
            raise forms.ValidationError(
                _("No colleague with this username. New users get an account from the operator.")
            )
        return found

    def clean(self):
        data = super().clean()
        current = self.instance if self.instance.pk else None
        if current and "role" in data:
            try:
                services.refuse_losing_last_manager(current.employer_id, current, data["role"])
            except ValidationError as exc:
                self.add_error("role", exc.message_dict["role"])
        return data

    def validate_constraints(self):
        pass  # one membership per user and employer: the service updates instead


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    write_role = Role.MANAGER
    list_display = ["user", "employer", "role", "created_at"]
    list_filter = [("employer", ScopedEmployerFilter), "role"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "employer"]
    form = MembershipForm

    def scoped(self, request, queryset):
        return queryset.filter(employer__in=access.employers_for(request.user))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.acting_user = request.user
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "employer":
            kwargs["queryset"] = access.employers_for(request.user, at_least=Role.MANAGER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        form.instance = services.membership_set(
            actor=request.user, employer=data["employer"], user=data["user"], role=data["role"]
        )
        obj.pk = form.instance.pk

    def delete_model(self, request, obj):
        services.membership_revoke(actor=request.user, membership=obj)

    def has_delete_permission(self, request, obj=None):
        # A membership is access, not a record: a manager may revoke it, except the last
        # manager's (an employer always keeps one).
        if obj is None or not self._has(request, obj, Role.MANAGER):
            return False
        try:
            services.refuse_losing_last_manager(obj.employer_id, obj, None)
        except ValidationError:
            return False
        return True
