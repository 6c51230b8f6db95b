"""A filing's life (DOMAIN.md): draft -> submitted -> confirmed by the agency, or rejected (with
the agency's reason; corrected and submitted again) or withdrawn before confirmation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FilingState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


State = FilingState
FILING_TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.SUBMITTED, State.WITHDRAWN}),
    State.SUBMITTED: frozenset({State.CONFIRMED, State.REJECTED, State.WITHDRAWN}),
    State.REJECTED: frozenset({State.SUBMITTED, State.WITHDRAWN}),
    State.CONFIRMED: frozenset(),
    State.WITHDRAWN: frozenset(),
}
# Open: may still become confirmed. At most one open filing per employee and kind.
OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.REJECTED)
