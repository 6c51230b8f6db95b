from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from employees import access
from employees.idnumbers import parse_credit_code
from employees.models import Employer, EmployerEvent, Membership, Region
from hrsocsec.errors import RoleRefused

MAX_HR_EMAILS = 20
EMPLOYER_FIELDS = ("name", "credit_code", "si_account_number", "region", "hr_emails")
MANAGER = Membership.Role.MANAGER


def clean_hr_emails(raw) -> list[str]:
    if raw in (None, ""):
        return []
    if isinstance(raw, str | bytes | dict) or not isinstance(raw, Iterable):
        raise ValidationError({"hr_emails": [_("Give a list of email addresses.")]})
    emails: list[str] = []
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, str):
            raise ValidationError(
                {"hr_emails": [_("Item %(n)d is not an email address.") % {"n": position}]}
            )
        email = item.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            message = _("Item %(n)d (%(email)s) is not a valid email address.")
            raise ValidationError(
                {"hr_emails": [message % {"n": position, "email": email[:80]}]}
            ) from None
        if email not in emails:
            emails.append(email)
    if len(emails) > MAX_HR_EMAILS:
        raise ValidationError(
            {"hr_emails": [_("At most %(max)d addresses.") % {"max": MAX_HR_EMAILS}]}
        )
    return emails


def clean_employer(user, *, name, credit_code, exclude_id=None) -> tuple[str, str]:
    """Name and credit code checked; the code unique among the user's own employers only."""
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Enter the employer's registered name.")]
    elif not name.isprintable():  # a line break in a name would reach mail subjects and files
        errors["name"] = [_("The name may not contain line breaks or other control characters.")]
    try:
        credit_code = parse_credit_code(credit_code)
    except ValidationError as exc:
        errors["credit_code"] = exc.messages
    else:
        duplicate = (
            access.employers_for(user)
            .filter(credit_code=credit_code)
            .exclude(id=exclude_id)
            .first()
        )
        if duplicate:
            errors["credit_code"] = [
                _("You already have this employer: %(name)s.") % {"name": duplicate.name}
            ]
    if errors:
        raise ValidationError(errors)
    return name, credit_code


@transaction.atomic
def employer_create(
    *,
    actor,
    name: str,
    credit_code: str,
    region: Region,
    si_account_number: str = "",
    hr_emails: Iterable[str] = (),
    first_manager=None,
) -> Employer:
    """Create an employer, by the operator (a superuser, or ``actor=None``: a command run on
    the server) or, with EMPLOYER_SELF_SERVICE on, by any user; ``first_manager`` (the
    operator's choice) or else the creator becomes its manager."""
    access.require_may_create_employer(actor)
    operator = actor is None or actor.is_superuser
    if first_manager is not None and not operator:
        raise RoleRefused(_("Only the operator names another user as the first manager."))
    if first_manager is None and actor is None:
        raise ValueError("a command creating an employer names its first manager")
    name, credit_code = clean_employer(first_manager or actor, name=name, credit_code=credit_code)
    employer = Employer.objects.create(
        name=name,
        credit_code=credit_code,
        region=region,
        si_account_number=(si_account_number or "").strip(),
        hr_emails=clean_hr_emails(hr_emails),
    )
    Membership.objects.create(user=first_manager or actor, employer=employer, role=MANAGER)
    EmployerEvent.objects.create(
        employer=employer, action=EmployerEvent.Action.CREATED, actor=actor
    )
    return employer


@transaction.atomic
def employer_update(*, actor, employer: Employer, **changes) -> Employer:
    access.require_role(actor, employer.id, MANAGER)
    employer = Employer.objects.select_for_update().get(id=employer.id)
    values = {f: getattr(employer, f) for f in EMPLOYER_FIELDS} | changes
    values["name"], values["credit_code"] = clean_employer(
        actor, name=values["name"], credit_code=values["credit_code"], exclude_id=employer.id
    )
    values["hr_emails"] = clean_hr_emails(values["hr_emails"])
    values["si_account_number"] = (values["si_account_number"] or "").strip()
    changed = [f for f in EMPLOYER_FIELDS if values[f] != getattr(employer, f)]
    if not changed:
        return employer
    for field in changed:
        setattr(employer, field, values[field])
    employer.save(update_fields=changed)
    EmployerEvent.objects.create(
        employer=employer, action=EmployerEvent.Action.UPDATED, actor=actor, changed_fields=changed
    )
    return employer


def refuse_losing_last_manager(employer_id: int, membership: Membership | None, role) -> None:
    """An employer always keeps a manager: refuse demoting or removing the last one."""
    if membership is None or membership.role != MANAGER or role == MANAGER:
        return
    others = Membership.objects.filter(employer_id=employer_id, role=MANAGER).exclude(
        id=membership.id
    )
    if not others.exists():
        raise ValidationError({"role": [_("An employer keeps at least one manager.")]})


@transaction.atomic
def membership_set(*, actor, employer: Employer, user, role: str) -> Membership:
    """Grant or change a user's role at an employer (managers only)."""
    access.require_role(actor, employer.id, MANAGER)
    if role not in Membership.Role.values:
        choices = ", ".join(Membership.Role.values)
        raise ValidationError({"role": [_("Choose one of %(roles)s.") % {"roles": choices}]})
    # One membership change per employer at a time, so two managers cannot demote each other.
    Employer.objects.select_for_update().get(id=employer.id)
    current = Membership.objects.filter(user=user, employer=employer).first()
    refuse_losing_last_manager(employer.id, current, role)
    if current and current.role == role:
        return current
    membership, _created = Membership.objects.update_or_create(
        user=user, employer=employer, defaults={"role": role}
    )
    EmployerEvent.objects.create(
        employer=employer,
        action=EmployerEvent.Action.MEMBER_SET,
        actor=actor,
        note=f"{user.get_username()}: {role}",
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    access.require_role(actor, membership.employer_id, MANAGER)
    Employer.objects.select_for_update().get(id=membership.employer_id)
    membership = Membership.objects.select_related("user").get(id=membership.id)
    refuse_losing_last_manager(membership.employer_id, membership, None)
    membership.delete()
    EmployerEvent.objects.create(
        employer_id=membership.employer_id,
        action=EmployerEvent.Action.MEMBER_REVOKED,
        actor=actor,
        note=membership.user.get_username(),
    )
