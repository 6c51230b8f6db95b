"""Region rules and monthly statements in the admin.

A rule and its lines are written by ``rule_save`` only: the lines' formset runs it when it is
validated, so what the service refuses (an overlap, a rate of 16) comes back on the field it
names, and the admin's own save then has nothing left to write.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from contributions.api import LINE_FIELDS, visible_rules
from contributions.models import ContributionLine, ContributionRule, MonthlyStatement
from contributions.services import rule_save
from employees import access
from employees.admin.employees import EmployeeAdmin
from employees.admin.scoping import (
    RecordInline,
    Role,
    ScopedAdmin,
    ScopedEmployerFilter,
    ServiceCheckedForm,
)
from hrsocsec.display import percent, yuan
from hrsocsec.errors import DomainError

RULE_FIELDS = ["region", "employer", "valid_from", "valid_until", "source"]
RULE_FORM = "_contribution_rule_form"  # the validated rule form, for the lines' formset


class LinesFormSet(BaseInlineFormSet):
    request = None  # set per request by the inline

    def clean(self):
        form = getattr(self.request, RULE_FORM, None)
        if form is None or any(self.errors):
            return  # the rule's own fields or a line's type are wrong: shown as they are
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        rule = form.instance
        try:
            saved = rule_save(
                actor=self.request.user,
                region_code=rule.region_id,
                employer_id=rule.employer_id,
                valid_from=rule.valid_from,
                valid_until=rule.valid_until,
                source=rule.source,
                lines=[{name: f.cleaned_data.get(name) for name in LINE_FIELDS} for f in kept],
                rule_id=rule.pk,
            )
        except ValidationError as exc:
            self._place(form, kept, exc.message_dict)
        except DomainError as exc:
            form.add_error("employer" if "employer" in form.fields else None, str(exc))
            raise ValidationError(_("The rule was not saved: see the errors above.")) from None
        else:
            setattr(self.request, RULE_FORM, None)
            form.instance = saved

    def _place(self, form, kept, errors: dict) -> None:
        """``lines[2].employee_rate`` on the third line's field, the rule's on its own."""
        general = []
        for key, messages in errors.items():
            head, _dot, field = key.partition(".")
            if head.startswith("lines[") and field:
                line_form = kept[int(head[6:-1])]
                line_form.add_error(field if field in line_form.fields else None, messages)
            elif key == "lines":
                general.extend(messages)
            else:
                form.add_error(key if key in form.fields else None, messages)
        raise ValidationError(general or _("The rule was not saved: see the errors above."))


class ContributionLineInline(admin.TabularInline):
    model = ContributionLine
    form = ServiceCheckedForm
    formset = LinesFormSet
    fields = LINE_FIELDS
    max_num = len(ContributionLine.Line)

    def get_extra(self, request, obj=None, **kwargs):
        return len(ContributionLine.Line) - (len(obj.lines.all()) if obj else 0)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request  # a new class per call (inlineformset_factory)
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("id")

    # The parent's rules, not Django's model permissions, which members do not have.
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None):
        parent = self.admin_site.get_model_admin(ContributionRule)
        if obj is None:
            return parent.has_add_permission(request)
        return parent.has_change_permission(request, obj)

    has_change_permission = has_delete_permission = has_add_permission


class EmployeeStatementInline(RecordInline):
    """On the employee's page: the monthly statements, newest first."""

    model = MonthlyStatement
    fields = ["month", "employee_total", "employer_total"]
    ordering = ["-month"]
    verbose_name_plural = _("monthly statements")

    def get_fields(self, request, obj=None):
        if obj is not None and not access.may_see_wages(request.user, obj.employer_id):
            return ["month"]  # a viewer: the totals give the wage back
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)


@admin.register(ContributionRule)
class ContributionRuleAdmin(ScopedAdmin):
    """The operator keeps the installation's rules, managers their employer's own. A rule that
    statements used stays as it was: end it and add the next period."""

    write_role = Role.MANAGER
    employer_column_needed = True  # blank: the region's rule
    form = ServiceCheckedForm
    inlines = [ContributionLineInline]
    list_display = ["region", "employer", "valid_from", "valid_until", "is_sample", "source"]
    list_filter = [("employer", ScopedEmployerFilter), "is_sample"]
    list_select_related = ["region", "employer"]
    readonly = ["is_sample", "created_by", "created_at"]

    def scoped(self, request, queryset):
        return queryset & visible_rules(request.user)

    def get_fields(self, request, obj=None):
        return [*RULE_FIELDS, *(self.readonly if obj else [])]

    def get_readonly_fields(self, request, obj=None):
        # The service replaces a rule within its region and employer only.
        return ["region", "employer", *self.readonly] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "employer":
            kwargs["queryset"] = access.employers_for(request.user, at_least=Role.MANAGER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _has(self, request, obj, role):
        if obj is None or obj.employer_id is not None:
            return super()._has(request, obj, role)
        user = request.user  # an installation rule: every member reads it
        return user.is_active and user.is_staff and (user.is_superuser or role == Role.VIEWER)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        used = MonthlyStatement.objects.filter(rule=obj).exists()
        return not used and super().has_change_permission(request, obj)

    def save_form(self, request, form, change):
        setattr(request, RULE_FORM, form)  # the lines' formset saves through the service
        return form.instance

    def save_model(self, request, obj, form, change):
        for field in ContributionRule._meta.concrete_fields:
            setattr(obj, field.attname, getattr(form.instance, field.attname))

    def save_related(self, request, form, formsets, change):
        pass  # the service wrote the lines

    def construct_change_message(self, request, form, formsets, add=False):
        return super().construct_change_message(request, form, [], add)


@admin.register(MonthlyStatement)
class MonthlyStatementAdmin(ScopedAdmin):
    list_display = ["employee", "employer", "month", "employee_share", "employer_share"]
    list_filter = [("employer", ScopedEmployerFilter)]
    list_select_related = ["employee", "employer"]
    date_hierarchy = "month"
    show_full_result_count = False

    def scoped(self, request, queryset):
        writable = access.employers_for(request.user, at_least=Role.CLERK).values("id")
        visible = ExpressionWrapper(Q(employer__in=writable), output_field=BooleanField())
        queryset = queryset.filter(employer__in=access.employers_for(request.user))
        return queryset.annotate(money_visible=visible)  # the share columns, row by row

    @staticmethod
    def _money(statement, value):
        return yuan(value) if statement.money_visible else "—"

    @admin.display(description=_("employee total"))  # no ordering: it would rank wages
    def employee_share(self, statement):
        return self._money(statement, statement.employee_total)

    @admin.display(description=_("employer total"))
    def employer_share(self, statement):
        return self._money(statement, statement.employer_total)

    def get_fields(self, request, obj=None):
        # The wage is personal data: clerks and managers only, as full ID numbers; so are the
        # base, amounts and totals that give it back.
        fields = ["employee", "employer", "month", "rule"]
        if not (obj and access.may_see_wages(request.user, obj.employer_id)):
            return [*fields, "created_at"]
        return [*fields, "wage_yuan", "lines_table", "totals", "created_at"]

    @admin.display(description=_("monthly wage"))
    def wage_yuan(self, statement):
        return yuan(statement.wage)

    @admin.display(description=_("lines"))
    def lines_table(self, statement):
        """Each insurance line as the payment notice shows it: base, rates, amounts."""
        names = dict(ContributionLine.Line.choices)
        head = format_html_join(
            "",
            "<th>{}</th>",
            [
                (_("insurance"),),
                (_("base"),),
                (_("employee rate"),),
                (_("employee amount"),),
                (_("employer rate"),),
                (_("employer amount"),),
            ],
        )
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            [
                (
                    names.get(line["line"], line["line"]),
                    yuan(line["base"]),
                    percent(line["employee_rate"]),
                    yuan(line["employee_amount"]),
                    percent(line["employer_rate"]),
                    yuan(line["employer_amount"]),
                )
                for line in statement.lines
            ],
        )
        return format_html('<table class="statement-lines"><tr>{}</tr>{}</table>', head, rows)

    @admin.display(description=_("totals"))
    def totals(self, statement):
        return format_html(
            "{}: {} · {}: {}",
            _("employee total"),
            yuan(statement.employee_total),
            _("employer total"),
            yuan(statement.employer_total),
        )

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False  # computed by statements_compute, never typed

    def has_change_permission(self, request, obj=None):
        return False


EmployeeAdmin.extend(inlines=[EmployeeStatementInline])
