"""Each row is a hire: its cells read by employees.imports.cells, then the hire's own checks
(check_employment) and the hire itself (employee_hire), so an import can do nothing a clerk
could not do by hand. Errors are keyed by the column's heading as the file has it."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from employees import services
from employees.imports import cells
from employees.imports.columns import COLUMNS
from employees.models import Employee
from employees.services.employees import check_employment

# Copied back from the hired employee to the row's instance, for the preview.
HIRED = ("id", "employer_id", "id_number", "birth_date", "sex", "registration_deadline")


class CellWidget(widgets.Widget):
    def __init__(self, read):
        super().__init__()
        self.read = read

    def clean(self, value, row=None, **kwargs):
        return self.read(value)


def _field(name, read) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=CellWidget(read))


class ImportRowError(Exception):
    """A row refused while saving, in the clerk's words (str() is the message)."""


class EmployeeImportResource(resources.ModelResource):
    name = _field("name", cells.text)
    id_number = _field("id_number", cells.id_number)
    hire_date = _field("hire_date", cells.day)
    monthly_wage = _field("monthly_wage", cells.wage)
    position = _field("position", cells.text)
    contract_start_date = _field("contract_start_date", cells.day)
    contract_end_date = _field("contract_end_date", cells.day)
    email = _field("email", cells.text)
    language = _field("language", cells.language)

    class Meta:
        model = Employee
        fields = list(COLUMNS)
        force_init_instance = True  # an import hires; it never updates anybody
        skip_diff = True
        clean_model_instances = False  # the hire's own checks run instead (validate_instance)
        use_transactions = True
        store_instance = True  # the preview shows each hire's deadline

    def __init__(self, *, employer=None, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.employer, self.actor = employer, actor
        self.titles: dict[str, str] = {}
        self.seen: dict[str, int] = {}
        self.row_number = 0
        self.lines: list[int] = []

    def before_import(self, dataset, **kwargs):
        self.titles = getattr(dataset, "column_titles", {})
        self.lines = getattr(dataset, "sheet_lines", [])
        self.seen = {}

    def sheet_line(self, number: int) -> int:
        """The row as the spreadsheet numbers it (headings row 1, blank rows counted)."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else number + 1

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs.get("row_number", 0)

    def values_of(self, instance) -> dict:
        values = {field: getattr(instance, field, None) for field in COLUMNS}
        values["language"] = values["language"] or Employee.Language.ZH_HANS
        return values

    def readable(self, exc: ValidationError) -> str:
        if not hasattr(exc, "error_dict"):
            return " ".join(exc.messages)
        return "; ".join(
            f"{self.title(field)}: {' '.join(messages)}" if field in COLUMNS else " ".join(messages)
            for field, messages in exc.message_dict.items()
        )

    def title(self, field: str) -> str:
        return self.titles.get(field) or str(COLUMNS.get(field, (field,))[0])

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {
            field: [str(m) for m in (e.messages if isinstance(e, ValidationError) else [e])]
            for field, e in (import_validation_errors or {}).items()
        }
        values = self.values_of(instance)
        try:
            check_employment(
                employer_id=self.employer.id,
                values=values,
                current=None,
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, messages)  # a cell's own error says more
        id_number = (values["id_number"] or "").strip().upper()
        if not id_number:
            pass  # the hire's own check says it is required
        elif id_number in self.seen and "id_number" not in (import_validation_errors or {}):
            # Said rather than "already employed": the first row is in the same file.
            errors["id_number"] = [
                _("The same ID number is on row %(row)s of this file.")
                % {"row": self.sheet_line(self.seen[id_number])}
            ]
        if id_number:
            self.seen.setdefault(id_number, self.row_number)
        if errors:
            raise ValidationError(
                {
                    (self.title(f) if f in COLUMNS else NON_FIELD_ERRORS): messages
                    for f, messages in errors.items()
                }
            )

    def do_instance_save(self, instance, is_create):
        try:
            hired = services.employee_hire(
                actor=self.actor, employer=self.employer, **self.values_of(instance)
            )
        except ValidationError as exc:
            # Changed since the preview (the same person hired meanwhile): said as the preview
            # says it, column and message, never as the exception's repr.
            raise ImportRowError(self.readable(exc)) from None
        for attribute in HIRED:
            setattr(instance, attribute, getattr(hired, attribute))

    def after_import(self, dataset, result, **kwargs):
        # Nothing to reset: ids come from the sequence (ModelResource's reset races). Rows are
        # renumbered as the spreadsheet numbers them (the templates add the heading's 1).
        for row in result.invalid_rows:
            row.number = self.sheet_line(row.number) - 1
