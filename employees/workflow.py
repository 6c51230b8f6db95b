"""The registration workflow of one employment (DOMAIN.md), in one place: its states, the only
moves allowed between them, and how each kind of filing drives it.

unregistered -> registration_pending (register filed) -> registered (agency confirmed)
-> stop_pending (dissolve filed) -> stopped (agency confirmed). A rejected or withdrawn filing
returns to the state before it. Renewals leave the state alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationState(models.TextChoices):
    UNREGISTERED = "unregistered", _("unregistered")
    REGISTRATION_PENDING = "registration_pending", _("registration pending")
    REGISTERED = "registered", _("registered")
    STOP_PENDING = "stop_pending", _("stop pending")
    STOPPED = "stopped", _("stopped")


class FilingKind(models.TextChoices):
    """What a filing declares to the agency (filings.Filing.Kind)."""

    REGISTER = "register", _("register")
    RENEW = "renew", _("renew")
    DISSOLVE = "dissolve", _("dissolve")


S = RegistrationState
REGISTRATION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.UNREGISTERED: frozenset({S.REGISTRATION_PENDING}),
    S.REGISTRATION_PENDING: frozenset({S.REGISTERED, S.UNREGISTERED}),
    S.REGISTERED: frozenset({S.STOP_PENDING}),
    S.STOP_PENDING: frozenset({S.STOPPED, S.REGISTERED}),
    S.STOPPED: frozenset(),
}

Kind = FilingKind
# The state each kind of filing needs of its employee to be made and submitted.
REQUIRED_STATE = {
    Kind.REGISTER: S.UNREGISTERED,
    Kind.RENEW: S.REGISTERED,
    Kind.DISSOLVE: S.REGISTERED,
}
# The state while a filing of that kind is with the agency, once the agency confirms it, and
# when it is rejected or withdrawn.
PENDING = {Kind.REGISTER: S.REGISTRATION_PENDING, Kind.DISSOLVE: S.STOP_PENDING}
CONFIRMED = {Kind.REGISTER: S.REGISTERED, Kind.DISSOLVE: S.STOPPED}
RETURNED = {Kind.REGISTER: S.UNREGISTERED, Kind.DISSOLVE: S.REGISTERED}
# The agency confirmed a registration once: contributions may be due (until the stop).
INSURED_STATES = (S.REGISTERED, S.STOP_PENDING, S.STOPPED)
