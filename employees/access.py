"""Who may see and do what: every read and write of employer data is scoped here, nowhere else.

A user sees the employers they are a member of (a superuser, the operator, sees all). Roles rank
viewer < clerk < manager: viewers read, clerks also write employees, managers also run the
employer. Outside their employers a user learns nothing: the caller turns "not yours" into 404.
"""

from __future__ import annotations

from django.conf import settings
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
    known_roles(user, [employer_id])
    return user.__dict__["_hrsocsec_roles"][employer_id]


def known_roles(user, employer_ids) -> None:
    """The user's roles at these employers, fetched in one query and kept for the request
    (the user object is the request's): a list of many employers' rows asks once."""
    roles = user.__dict__.setdefault("_hrsocsec_roles", {})
    missing = {e for e in employer_ids if e not in roles}
    if missing and not user.is_superuser:
        found = Membership.objects.filter(user=user, employer_id__in=missing)
        roles |= dict.fromkeys(missing) | dict(found.values_list("employer_id", "role"))


def has_role(user, employer_id: int, at_least: str) -> bool:
    role = role_for(user, employer_id)
    return role is not None and _RANK[role] >= _RANK[at_least]


def may_see_full_id_number(user, employer_id: int) -> bool:
    return has_role(user, employer_id, Role.CLERK)


def may_see_wages(user, employer_id: int) -> bool:
    """A person's wage, and every figure it can be worked back from (a statement's base and
    amounts, what a late filing costs): clerks and managers; never viewers."""
    return has_role(user, employer_id, Role.CLERK)


def may_create_employer(user) -> bool:
    """The operator (a superuser); anyone signed in when EMPLOYER_SELF_SERVICE is on."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or settings.EMPLOYER_SELF_SERVICE


def require_may_create_employer(user) -> None:
    """Refuse (403) a user who may not create employers; ``None`` is a command on the server."""
    if user is not None and not may_create_employer(user):
        raise RoleRefused(
            _("Employers are created by the operator of this installation; ask them to add it.")
        )


def require_role(user, employer_id: int, at_least: str) -> None:
    """Refuse (403) a member whose role is too low; a non-member gets 404, as for a missing row."""
    role = role_for(user, employer_id)
    if role is None:
        raise NotFound()
    if _RANK[role] < _RANK[at_least]:
        raise RoleRefused(
            _("Your role at this employer is “%(role)s”; this needs “%(needed)s” or higher.")
            % {"role": Role(role).label, "needed": Role(at_least).label},
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
