"""Import employees in the admin (django-import-export): pick the employer and the file, see a
preview with each row's errors (row, column, why) or each new hire's deadline, then confirm.
Nothing is saved before the confirmation; the file waits in private storage under a name only
the uploading user can confirm, for an hour at most, and is removed once used."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.tmp_storages import MediaStorage

from employees import access
from employees.imports.columns import COLUMNS, heading
from employees.imports.formats import FORMATS, ImportFileError
from employees.imports.resource import EmployeeImportResource
from employees.imports.storage import CONFIRM_WITHIN, IMPORT_FOLDER
from employees.models import Membership


def _employers(user):
    return access.employers_for(user, at_least=Membership.Role.CLERK)


def _signer(user) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"employee-import:{user.pk}")


class EmployeeImportForm(ImportForm):
    employer = forms.ModelChoiceField(label=gettext_lazy("employer"), queryset=None)
    field_order = ["employer", "import_file", "format"]

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.EMPLOYEE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split it into several files.")
                % {"mb": settings.EMPLOYEE_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class EmployeeConfirmForm(ConfirmImportForm):
    employer = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput())
    user = None

    def clean_format(self):
        value = self.cleaned_data["format"]
        if value not in [str(i) for i in range(len(FORMATS))]:
            raise forms.ValidationError(_("Upload the file again."))
        return value

    def clean_import_file_name(self):
        try:
            name = _signer(self.user).unsign(
                self.cleaned_data["import_file_name"], max_age=CONFIRM_WITHIN
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The preview is more than an hour old: upload the file again.")
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(_("Upload the file again.")) from None
        return name


class EmployeeImportMixin(ImportMixin):
    resource_classes = [EmployeeImportResource]
    formats = FORMATS
    import_form_class = EmployeeImportForm
    confirm_form_class = EmployeeConfirmForm
    import_template_name = "admin/employees/employee/import.html"
    tmp_storage_class = MediaStorage  # shared by every web process, unlike a temp folder
    skip_admin_log = True  # the employees' own events are the record

    def get_tmp_storage_class_kwargs(self):
        return {"MEDIA_FOLDER": IMPORT_FOLDER}

    def has_import_permission(self, request):
        return self.has_add_permission(request)  # a clerk of some employer

    def create_import_form(self, request, bound=True):
        if bound:
            form = super().create_import_form(request)
        else:
            form_class = self.get_import_form_class(request)
            form = form_class(self.get_import_formats(), self.get_import_resource_classes(request))
        form.fields["employer"].queryset = _employers(request.user)
        return form

    def import_action(self, request, **kwargs):
        """The preview; an upload it refuses is deleted at once (it holds personal data and
        can never be confirmed), one it accepts waits for the confirmation."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        # The upload object django-import-export wrote to storage, and named.
        stored = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if stored and "confirm_form" not in context:
            storage = self.get_tmp_storage_class()
            storage(name=stored, **self.get_tmp_storage_class_kwargs()).remove()
        return response

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except (FileNotFoundError, ImportFileError):
            # Confirmed twice (the first confirmation used the file), or the file was changed.
            self.message_user(request, _("Upload the file again."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:employees_employee_import"))

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        form.fields["employer"].queryset = _employers(request.user)
        form.user = request.user
        return form

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["import_file_name"] = _signer(request.user).sign(initial["import_file_name"])
            initial["employer"] = import_form.cleaned_data["employer"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        employer = form.cleaned_data.get("employer") if form and form.is_valid() else None
        return {"employer": employer, "actor": request.user}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        kwargs["rollback_on_validation_errors"] = True  # all rows or none
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                _("The file could not be read as the format chosen: save it as XLSX or CSV."),
            )

    def get_import_context_data(self, **kwargs):
        return {
            "columns": [(heading(f), required) for f, (_t, _n, required) in COLUMNS.items()],
            "max_rows": settings.EMPLOYEE_IMPORT_MAX_ROWS,
            "today": timezone.localdate(),
        }

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Something changed since the preview (someone hired the same person): nothing
            # was saved; show the rows as they stand now.
            context = {
                **self.admin_site.each_context(request),
                **self.get_import_context_data(),
                "title": _("Import employees"),
                "result": result,
                "opts": self.model._meta,
                "form": self.create_import_form(request, bound=False),
            }
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        hired = [row.instance for row in result.rows if row.instance is not None]
        today = timezone.localdate()
        overdue = sum(1 for e in hired if e.registration_deadline < today)
        message = _("%(n)s employees imported.") % {"n": len(hired)}
        if overdue:
            message += " " + _(
                "%(n)s of them are past their registration deadline already: register them today."
            ) % {"n": overdue}
        self.message_user(request, message)
