"""A filing's vouchers in the admin: listed under the filing, downloaded through a scoped view,
uploaded through the service, never changed or deleted."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import re_path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from employees import access
from employees.admin.scoping import RecordInline, Role, ScopedAdmin
from filings import services
from filings.downloads import voucher_response
from filings.models import Filing, Voucher
from filings.services.vouchers import check_voucher_file

SHOWN = [
    "filing",
    "kind",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "uploaded_by",
    "uploaded_at",
    "download",
]


def without_fingerprint(request, fields, employer_id):
    if employer_id is None or access.may_see_full_id_number(request.user, employer_id):
        return fields
    return [f for f in fields if f not in Voucher.FINGERPRINT]


def download_link(voucher: Voucher) -> str:
    url = reverse("admin:filings_voucher_download", args=[voucher.id])
    return format_html('<a href="{}">{}</a>', url, _("download"))


class VoucherInline(RecordInline):
    model = Voucher
    fields = ["kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    fields += ["download"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    def get_fields(self, request, obj=None):  # obj: the filing
        return without_fingerprint(request, self.fields, obj.employer_id if obj else None)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("file"))
    def download(self, voucher):
        return download_link(voucher)


class FilingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, filing):
        state = filing.get_state_display()
        return f"#{filing.id} {filing.get_kind_display()}: {filing.employee} ({state})"


class VoucherForm(forms.ModelForm):
    """The service's checks of the file's content, as a field error before anything is stored."""

    # Empty files pass here so that the service's own message explains the refusal.
    file = forms.FileField(label=_("file"), allow_empty_file=True, help_text=_("PDF, PNG or JPEG"))

    class Meta:
        model = Voucher
        fields = ["filing", "kind", "file"]

    def clean(self):
        data = super().clean()
        if data.get("file"):
            try:
                check_voucher_file(data["file"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        self.add_error(field, error)
        return data

    def validate_constraints(self):
        pass  # the type is detected by the service from the content


@admin.register(Voucher)
class VoucherAdmin(ScopedAdmin):
    form = VoucherForm
    list_display = ["number", "filing", "kind", "content_type", "uploaded_at", "download"]
    list_filter = ["kind"]
    list_select_related = ["filing"]

    def employer_id_of(self, obj):
        return obj.filing.employer_id

    def scoped(self, request, queryset):
        return queryset.filter(filing__employer__in=access.employers_for(request.user))

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["filing", "kind", "file"]
        return without_fingerprint(request, SHOWN, obj.filing.employer_id)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else []

    @admin.display(description=_("file"))
    def download(self, voucher):
        return download_link(voucher)

    def has_change_permission(self, request, obj=None):
        return False  # kept as uploaded (SI Law art. 74): a correction is another voucher

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "filing":
            employers = access.employers_for(request.user, at_least=Role.CLERK)
            filings = Filing.objects.filter(employer__in=employers).select_related("employee")
            kwargs |= {"queryset": filings, "form_class": FilingChoiceField}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.voucher_attach(
            actor=request.user, filing_id=data["filing"].id, kind=data["kind"], upload=data["file"]
        )
        obj.pk = saved.pk
        obj.refresh_from_db()  # for the admin's message and log, as stored

    def save_related(self, request, form, formsets, change):
        pass

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        pattern = r"^(?P<voucher_id>[0-9]{1,18})/download/$"
        return [re_path(pattern, view, name="filings_voucher_download"), *super().get_urls()]

    def download_view(self, request, voucher_id):
        """The stored file, to whoever may see its filing; anybody else learns nothing (404)."""
        voucher = self.get_queryset(request).select_related("filing").filter(id=voucher_id).first()
        if voucher is None or not self.has_view_permission(request, voucher):
            raise Http404
        if not access.may_see_full_id_number(request.user, voucher.filing.employer_id):
            raise PermissionDenied  # receipts and certificates carry full ID numbers
        return voucher_response(voucher, user=request.user)
