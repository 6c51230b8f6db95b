"""The registration state of one employment (DOMAIN.md), and the only moves allowed between them.

unregistered -> registration_pending (register filed) -> registered (agency confirmed)
-> stop_pending (dissolve filed) -> stopped (agency confirmed). A rejected or withdrawn filing
returns to the state before it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationState(models.TextChoices):
    UNREGISTERED = "unregistered", _("unregistered")
    REGISTRATION_PENDING = "registration_pending", _("registration pending")
    REGISTERED = "registered", _("registered")
    STOP_PENDING = "stop_pending", _("stop pending")
    STOPPED = "stopped", _("stopped")


S = RegistrationState
REGISTRATION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.UNREGISTERED: frozenset({S.REGISTRATION_PENDING}),
    S.REGISTRATION_PENDING: frozenset({S.REGISTERED, S.UNREGISTERED}),
    S.REGISTERED: frozenset({S.STOP_PENDING}),
    S.STOP_PENDING: frozenset({S.STOPPED, S.REGISTERED}),
    S.STOPPED: frozenset(),
}
