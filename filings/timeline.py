"""The filings' part of the employee's timeline (employees.timeline): each filing sent to the
agency, and what the agency decided, with its reference; the vouchers attached."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees.models import Employee
from employees.timeline import Entry, actor_name, day_text, month_text
from filings.models import Filing, FilingEvent, Voucher
from filings.states import FilingState

Kind, State = Filing.Kind, FilingState
# By kind and the state a filing moved to; a draft is the clerk's own work, not yet an act.
LABELS = {
    (Kind.REGISTER, State.SUBMITTED): gettext_lazy("registration filed"),
    (Kind.REGISTER, State.CONFIRMED): gettext_lazy("registered: confirmed by the agency"),
    (Kind.REGISTER, State.REJECTED): gettext_lazy("registration rejected by the agency"),
    (Kind.REGISTER, State.WITHDRAWN): gettext_lazy("registration filing withdrawn"),
    (Kind.RENEW, State.SUBMITTED): gettext_lazy("renewal filed"),
    (Kind.RENEW, State.CONFIRMED): gettext_lazy("renewed: confirmed by the agency"),
    (Kind.RENEW, State.REJECTED): gettext_lazy("renewal rejected by the agency"),
    (Kind.RENEW, State.WITHDRAWN): gettext_lazy("renewal filing withdrawn"),
    (Kind.DISSOLVE, State.SUBMITTED): gettext_lazy("separation filed"),
    (Kind.DISSOLVE, State.CONFIRMED): gettext_lazy("stopped: separation confirmed by the agency"),
    (Kind.DISSOLVE, State.REJECTED): gettext_lazy("separation rejected by the agency"),
    (Kind.DISSOLVE, State.WITHDRAWN): gettext_lazy("separation filing withdrawn"),
}
VOUCHER_ATTACHED = gettext_lazy("voucher attached")


def _detail(event: FilingEvent, last_rejection: bool) -> str:
    """What the filing said, as it says now: the agency's reference and reason are set at the
    decision, so they are told on that event (a reason on the latest rejection only)."""
    filing, to = event.filing, event.to_state
    parts = []
    if to == State.SUBMITTED:
        if filing.kind == Kind.DISSOLVE:
            parts += [filing.get_reason_display(), filing.reason_text]
        if filing.kind == Kind.RENEW:
            parts.append(
                _("new contract end %(date)s") % {"date": day_text(filing.new_contract_end_date)}
            )
        parts.append(_("effective %(date)s") % {"date": day_text(filing.effective_date)})
    elif to == State.CONFIRMED:
        if filing.agency_reference:
            parts.append(_("agency reference %(ref)s") % {"ref": filing.agency_reference})
        if filing.last_paid_month:
            month = month_text(filing.last_paid_month)
            parts.append(_("last month paid %(month)s") % {"month": month})
    elif to == State.REJECTED and last_rejection and filing.rejection_reason:
        parts.append(_("agency's reason: %(reason)s") % {"reason": filing.rejection_reason})
    return " · ".join(filter(None, [*parts, event.note]))


def filing_entries(employee: Employee, user) -> Iterable[Entry]:
    """Two queries: the filings' events with their filings and actors, and the vouchers."""
    events = list(
        FilingEvent.objects.filter(filing__employee=employee)
        .exclude(to_state=State.DRAFT)
        .select_related("filing", "actor")
        .order_by("at", "id")
    )
    last_rejection = {e.filing_id: e.id for e in events if e.to_state == State.REJECTED}
    for event in events:
        label = LABELS[(event.filing.kind, event.to_state)]
        yield Entry(
            event.at,
            str(label),
            f"{event.filing.kind}_{event.to_state}",
            _detail(event, last_rejection.get(event.filing_id) == event.id),
            actor_name(event.actor),
        )
    # A termination certificate is told by the employee's own entry: its attachment is what
    # meets art. 50 (employees.services.employee_transfer_done, whose note names the voucher).
    vouchers = (
        Voucher.objects.filter(filing__employee=employee)
        .exclude(kind=Voucher.Kind.TERMINATION_CERTIFICATE)
        .select_related("filing", "uploaded_by")
        .order_by("uploaded_at", "id")
    )
    for voucher in vouchers:
        detail = f"{voucher.get_kind_display()} · {voucher.filing.get_kind_display()}"
        actor = actor_name(voucher.uploaded_by)
        yield Entry(voucher.uploaded_at, str(VOUCHER_ATTACHED), "voucher", detail, actor)
