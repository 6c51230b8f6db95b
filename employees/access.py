"""Who may see and do what: every read and write of employer data is scoped here, nowhere else.

A user sees the employers they are a member of (a superuser, the operator, sees all). Roles rank
viewer < clerk < manager: viewers read, clerks also write employees, managers also run the
employer. Outside their employers a user learns nothing: the caller turns "not yours" into 404.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from employees.models import Employee, Employer, Membership
from hrsocsec.errors import NotFound, RoleRefused

Role = Membership.Role
_RANK = {Role.VIEWER: 0, Role.CLERK: 1, Role.MANAGER: 2}


def employers_for(user, *, at_least: str = Role.VIEWER) -> QuerySet[Employer]:
    if not user.is_authenticated or not user.is_active:
        return Employer.objects.none()
    if user.is_superuser:
        return Employer.objects.all()
    roles = [role for role, rank in _RANK.items() if rank >= _RANK[at_least]]
    return Employer.objects.filter(memberships__user=user, memberships__role__in=roles)


def employees_for(user) -> QuerySet[Employee]:
    if not user.is_authenticated or not user.is_active:
        return Employee.objects.none()
    if user.is_superuser:
        return Employee.objects.all()
    return Employee.objects.filter(employer__memberships__user=user)


def role_for(user, employer_id: int) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.MANAGER
    cache = user.__dict__.setdefault("_hrsocsec_roles", {})
    if employer_id not in cache:
        cache[employer_id] = (
            Membership.objects.filter(user=user, employer_id=employer_id)
            .values_list("role", flat=True)
            .first()
        )
    return cache[employer_id]


def has_role(user, employer_id: int, at_least: str) -> bool:
    role = role_for(user, employer_id)
    return role is not None and _RANK[role] >= _RANK[at_least]


def may_see_full_id_number(user, employer_id: int) -> bool:
    return has_role(user, employer_id, Role.CLERK)


def require_role(user, employer_id: int, at_least: str) -> None:
    """Refuse (403) a member whose role is too low; a non-member gets 404, as for a missing row."""
    role = role_for(user, employer_id)
    if role is None:
        raise NotFound()
    if _RANK[role] < _RANK[at_least]:
        raise RoleRefused(
            _("Your role at this employer is %(role)s; this needs %(needed)s or higher.")
            % {"role": role, "needed": at_least},
        )


def colleagues_of(user):
    """Users a manager may add: members of an employer the manager manages.

    A manager never learns which usernames exist elsewhere in the installation; new people are
    given an account by the operator.
    """
    users = get_user_model().objects.all()
    if user.is_superuser:
        return users
    managed = employers_for(user, at_least=Role.MANAGER)
    return users.filter(memberships__employer__in=managed).distinct()
