"""Batches in the admin (made by the employee list's bulk actions, filings.admin.bulk): the
per-employee outcomes, submitting (acknowledging art. 41 when it applies) and the export for
re-keying into the agency's website."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from employees import access
from employees.admin.scoping import RecordInline, Role, ScopedAdmin, ScopedEmployerFilter
from filings import selectors, services
from filings.admin.layoffs import ask_layoff_acknowledgement, layoff_acknowledged
from filings.downloads import FORMATS, batch_export_response
from filings.models import Batch, BatchRow
from filings.states import FilingState
from hrsocsec.api.throttling import UserThrottle, throttled_message
from hrsocsec.errors import DomainError
from law import layoffs

OUTCOMES_PER_PAGE = 200


class RefusedRowInline(RecordInline):
    """The rows that need the clerk's attention; the filings made are one link away."""

    model = BatchRow
    fields = ["employee", "reasons"]
    verbose_name = _("refused row")
    verbose_name_plural = _("refused rows")

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("employee")
        return rows.filter(outcome=BatchRow.Outcome.REFUSED)

    @admin.display(description=_("reasons"))
    def reasons(self, row):
        return format_html_join(
            "", "<div>{}</div>", ((m,) for messages_ in row.errors.values() for m in messages_)
        )


@admin.register(Batch)
class BatchAdmin(ScopedAdmin):
    list_display = [
        "number",
        "employer",
        "kind",
        "reason",
        "effective_date",
        "created_by",
        "created_at",
        "submitted_at",
        "layoff_flag",
    ]
    list_filter = [("employer", ScopedEmployerFilter), "kind"]
    list_select_related = ["employer", "created_by"]
    show_full_result_count = False
    inlines = [RefusedRowInline]
    actions = ["submit"]
    fields = [
        "employer",
        "kind",
        "reason",
        "reason_text",
        "effective_date",
        "new_contract_end_date",
        "created_by",
        "created_at",
        "submitted_at",
        "counts",
        "outcomes",
        "note",
        "layoff",
        "downloads",
    ]

    def scoped(self, request, queryset):
        return queryset.filter(employer__in=access.employers_for(request.user))

    def get_readonly_fields(self, request, obj=None):
        return self.fields  # a batch changes only by being submitted

    def has_add_permission(self, request):
        return False  # batches start from the employee list: tick, pick, save

    def has_change_permission(self, request, obj=None):
        # The list's submit action needs "change"; a batch's page is read-only, so that no
        # form save can write the row behind the services' back.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("art. 41"), boolean=True)
    def layoff_flag(self, batch):
        return batch.layoff_warning

    @admin.display(description=_("counts"))
    def counts(self, batch):
        counts = selectors.batch_counts(batch.id)
        url = reverse("admin:filings_filing_changelist") + f"?batch={batch.id}"
        states = ", ".join(
            f"{FilingState(s).label}: {n}" for s, n in counts["filings"].items() if n
        )
        return format_html(
            '{} · {} · <a href="{}">{}</a>',
            _("%(n)s filings created") % {"n": counts["rows"]["created"]},
            _("%(n)s refused") % {"n": counts["rows"]["refused"]},
            url,
            states or "-",
        )

    @admin.display(description=_("economic layoff (art. 41)"))
    def layoff(self, batch):
        if not batch.layoff_warning:
            return "-"
        text = layoffs.warning_text(batch.layoff_headcount, batch.layoff_workforce)
        if batch.layoff_acknowledged_at:
            return format_html(
                "{}<br>{} {} ({})",
                text,
                _("Acknowledged by"),
                batch.layoff_acknowledged_by,
                batch.layoff_acknowledged_at,
            )
        return format_html('<strong style="color:#ba2121">{}</strong>', text)

    @admin.display(description=_("per-employee outcomes"))
    def outcomes(self, batch):
        url = reverse("admin:filings_batch_outcomes", args=[batch.id])
        return format_html('<a href="{}">{}</a>', url, _("Show each employee's outcome"))

    @admin.display(description=_("export for re-keying"))
    def downloads(self, batch):
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:filings_batch_export", args=[batch.id, fmt]), fmt.upper())
                for fmt in ("csv", "xlsx")
            ),
        )

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        outcomes = self.admin_site.admin_view(self.outcomes_view)
        return [
            path("<int:batch_id>/export/<str:fmt>/", export, name="filings_batch_export"),
            path("<int:batch_id>/outcomes/", outcomes, name="filings_batch_outcomes"),
            *super().get_urls(),
        ]

    def outcomes_view(self, request, batch_id):
        """Each employee of the batch: the filing made (and its state now), or why none was."""
        batch = self.get_queryset(request).select_related("employer").filter(id=batch_id).first()
        if batch is None:
            raise Http404
        rows = (
            BatchRow.objects.filter(batch=batch)
            .select_related("employee", "filing")
            .order_by("-outcome", "id")  # refused first: they need the clerk
        )
        page = Paginator(rows, OUTCOMES_PER_PAGE).get_page(request.GET.get("page"))
        counts = selectors.batch_counts(batch.id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Batch #%(id)s: per-employee outcomes") % {"id": batch.id},
            "batch": batch,
            "page": page,
            "counts": counts,
            "drafts_left": counts["filings"][FilingState.DRAFT] > 0,
            "may_write": access.has_role(request.user, batch.employer_id, Role.CLERK),
            "layoff_text": layoffs.warning_text(batch.layoff_headcount, batch.layoff_workforce)
            if batch.layoff_warning
            else "",
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/filings/batch_outcomes.html", context)

    def export_view(self, request, batch_id, fmt):
        batch = self.get_queryset(request).filter(id=batch_id).first()
        if batch is None or fmt not in FORMATS:
            raise Http404
        if not access.has_role(request.user, batch.employer_id, Role.CLERK):
            raise PermissionDenied  # full ID numbers: clerks and managers only
        if not UserThrottle("exports").allow_request(request, None):
            self.message_user(request, throttled_message(), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:filings_batch_change", args=[batch.id]))
        return batch_export_response(batch, fmt, user=request.user)

    @admin.action(
        description=_("Submit the selected batches to the agency"), permissions=["change"]
    )
    def submit(self, request, queryset):
        acknowledged = layoff_acknowledged(request)
        needs = []
        for batch in queryset:
            try:
                result = services.batch_submit(
                    actor=request.user, batch_id=batch.id, acknowledge_layoff=acknowledged
                )
            except (DomainError, ValidationError) as exc:
                if "acknowledge_layoff" in getattr(exc, "fields", {}):
                    needs.append((batch, str(exc)))
                else:
                    self.message_user(request, f"#{batch.id}: {exc}", messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "Batch #%(id)s: %(n)s filing submitted, %(refused)s refused.",
                    "Batch #%(id)s: %(n)s filings submitted, %(refused)s refused.",
                    result.submitted,
                )
                % {"id": batch.id, "n": result.submitted, "refused": len(result.refused)},
                messages.WARNING if result.refused else messages.SUCCESS,
            )
        return ask_layoff_acknowledgement(self, request, needs)
