"""Idempotent POSTs whose replay re-checks the caller's role at the employer concerned."""

from employees import access
from employees.models import Employer, Membership
from hrsocsec.api.idempotency import IdempotentMixin


class RoleCheckedIdempotentMixin(IdempotentMixin):
    """A stored answer is replayed only to a caller who still holds ``replay_role`` at the
    employer of what the first request acted on (403 below it, 404 once not a member)."""

    replay_role = Membership.Role.CLERK

    def check_replay_rights(self, obj) -> None:
        employer_id = obj.pk if isinstance(obj, Employer) else getattr(obj, "employer_id", None)
        if employer_id is not None:  # a region's rule is the operator's: scoped already
            access.require_role(self.request.user, employer_id, self.replay_role)
