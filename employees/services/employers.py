from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from employees import access
from employees.idnumbers import parse_credit_code
from employees.models import Employer, Membership, Region

MAX_HR_EMAILS = 20


def _clean_hr_emails(raw: Iterable[str]) -> list[str]:
    if isinstance(raw, str) or not isinstance(raw, Iterable):
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
            raise ValidationError(
                {
                    "hr_emails": [
                        _("Item %(n)d (%(email)s) is not a valid email address.")
                        % {"n": position, "email": email[:80]}
                    ]
                }
            ) from None
        if email not in emails:
            emails.append(email)
    if len(emails) > MAX_HR_EMAILS:
        raise ValidationError(
            {"hr_emails": [_("At most %(max)d addresses.") % {"max": MAX_HR_EMAILS}]}
        )
    return emails


def _clean_employer(user, *, name, credit_code, exclude_id=None) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Enter the employer's registered name.")]
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
) -> Employer:
    """Create an employer; its creator becomes its manager."""
    name, credit_code = _clean_employer(actor, name=name, credit_code=credit_code)
    employer = Employer.objects.create(
        name=name,
        credit_code=credit_code,
        region=region,
        si_account_number=si_account_number.strip(),
        hr_emails=_clean_hr_emails(hr_emails),
    )
    Membership.objects.create(user=actor, employer=employer, role=Membership.Role.MANAGER)
    return employer


@transaction.atomic
def employer_update(*, actor, employer: Employer, **changes) -> Employer:
    access.require_role(actor, employer.id, Membership.Role.MANAGER)
    employer = Employer.objects.select_for_update().get(id=employer.id)
    if "name" in changes or "credit_code" in changes:
        employer.name, employer.credit_code = _clean_employer(
            actor,
            name=changes.get("name", employer.name),
            credit_code=changes.get("credit_code", employer.credit_code),
            exclude_id=employer.id,
        )
    if "hr_emails" in changes:
        employer.hr_emails = _clean_hr_emails(changes["hr_emails"])
    if "si_account_number" in changes:
        employer.si_account_number = changes["si_account_number"].strip()
    if "region" in changes:
        employer.region = changes["region"]
    employer.save()
    return employer


@transaction.atomic
def membership_set(*, actor, employer: Employer, user, role: str) -> Membership:
    """Grant or change a user's role at an employer (managers only)."""
    access.require_role(actor, employer.id, Membership.Role.MANAGER)
    if role not in Membership.Role.values:
        raise ValidationError(
            {"role": [_("Choose one of %(roles)s.") % {"roles": ", ".join(Membership.Role.values)}]}
        )
    membership, _created = Membership.objects.update_or_create(
        user=user, employer=employer, defaults={"role": role}
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    access.require_role(actor, membership.employer_id, Membership.Role.MANAGER)
    remaining = Membership.objects.filter(
        employer_id=membership.employer_id, role=Membership.Role.MANAGER
    ).exclude(id=membership.id)
    if membership.role == Membership.Role.MANAGER and not remaining.exists():
        raise ValidationError({"role": [_("An employer keeps at least one manager.")]})
    membership.delete()
