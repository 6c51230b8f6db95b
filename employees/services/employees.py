import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from employees import access
from employees.holidays import current_calendar
from employees.idnumbers import parse_id_number, validate_working_age
from employees.models import Employee, EmployeeEvent, Employer, Membership
from employees.workflow import RegistrationState
from law.deadlines import registration_deadline

# A hire date further ahead than this is almost always a typing error (2062 for 2026).
MAX_DAYS_AHEAD = 366
# Fixed-term contracts run for years; one ending further ahead than this is a typing error.
MAX_CONTRACT_YEARS = 10
MAX_MONTHLY_WAGE = Decimal("9999999.99")
# Fields only correctable while nothing was filed: the agency knows the person by them.
FIXED_ONCE_FILED = ("id_number", "hire_date")
UPDATABLE = (
    "name",
    "id_number",
    "email",
    "language",
    "hire_date",
    "position",
    "contract_start_date",
    "contract_end_date",
    "separation_date",
    "monthly_wage",
)
DUPLICATE_MESSAGE = _lazy(
    "This person already has an open employment at this employer (employee #%(id)s)."
)


def latest_contract_end(today: datetime.date) -> datetime.date:
    """The latest contract end taken as meant (MAX_CONTRACT_YEARS ahead)."""
    return today.replace(year=today.year + MAX_CONTRACT_YEARS, day=min(today.day, 28))


def contract_end_too_far(day: datetime.date, today: datetime.date) -> list[str]:
    latest = latest_contract_end(today)
    if day <= latest:
        return []
    return [
        _("A contract ending after %(latest)s is almost always a typing error; check it.")
        % {"latest": latest.isoformat()}
    ]


def clean_employment(values: dict, *, today: datetime.date) -> dict:
    """Check one employment's values together; raise every problem at once, per field."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)
    name = (values.get("name") or "").strip()
    if not name or not name.isprintable():
        errors["name"] = [_("Enter the employee's name as on the ID card (no control characters).")]
    cleaned["name"] = name
    try:
        identity = parse_id_number(values.get("id_number"), today=today)
    except ValidationError as exc:
        errors["id_number"] = exc.messages
        identity = None
    hire_date = values.get("hire_date")
    if not isinstance(hire_date, datetime.date):
        errors["hire_date"] = [_("Enter the first day of work.")]
    elif hire_date > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        errors["hire_date"] = [
            _("The hire date is more than %(days)d days ahead.") % {"days": MAX_DAYS_AHEAD}
        ]
    elif identity:
        try:
            validate_working_age(identity.birth_date, hire_date)
        except ValidationError as exc:
            errors["hire_date"] = exc.messages
    position = (values.get("position") or "").strip()
    if not position.isprintable():
        errors["position"] = [_("Enter the position without control characters.")]
    cleaned["position"] = position[:100]
    for field in ("contract_start_date", "contract_end_date", "separation_date"):
        day = values.get(field)
        if day and isinstance(hire_date, datetime.date) and day < hire_date:
            errors[field] = [
                _("This date is before the hire date (%(hire)s).") % {"hire": hire_date.isoformat()}
            ]
    latest = today + datetime.timedelta(days=MAX_DAYS_AHEAD)
    for field in ("separation_date", "contract_start_date"):
        day = values.get(field)
        if isinstance(day, datetime.date) and day > latest and field not in errors:
            errors[field] = [
                _("This date is more than a year ahead (after %(latest)s); check it.")
                % {"latest": latest.isoformat()}
            ]
    end = values.get("contract_end_date")
    too_far = contract_end_too_far(end, today) if isinstance(end, datetime.date) else []
    if too_far and "contract_end_date" not in errors:
        errors["contract_end_date"] = too_far
    start, end = values.get("contract_start_date"), values.get("contract_end_date")
    if start and end and end < start and "contract_end_date" not in errors:
        errors["contract_end_date"] = [
            _("The contract ends before it starts (%(start)s).") % {"start": start.isoformat()}
        ]
    wage = values.get("monthly_wage")
    if wage is None or wage.is_signed() or not Decimal("0") <= wage <= MAX_MONTHLY_WAGE:
        errors["monthly_wage"] = [
            _("Enter the monthly wage in yuan, 0 to %(max)s.") % {"max": MAX_MONTHLY_WAGE}
        ]
    if values.get("language") not in Employee.Language.values:
        errors["language"] = [_("Choose zh-hans or en.")]
    if errors:
        raise ValidationError(errors)
    cleaned.update(id_number=identity.value, birth_date=identity.birth_date, sex=identity.sex)
    cleaned["email"] = (values.get("email") or "").strip()
    return cleaned


def refuse_duplicate_employment(
    employer_id: int, id_number: str, exclude_id: int | None = None
) -> None:
    open_one = (
        Employee.objects.filter(employer_id=employer_id, id_number=id_number)
        .exclude(registration_state=RegistrationState.STOPPED)
        .exclude(id=exclude_id)
        .values_list("id", flat=True)
        .first()
    )
    if open_one:
        raise ValidationError({"id_number": [DUPLICATE_MESSAGE % {"id": open_one}]})


def _set_deadline(employee: Employee) -> None:
    deadline = registration_deadline(employee.hire_date, current_calendar())
    employee.registration_deadline = deadline.date
    employee.deadline_uncovered_year = deadline.uncovered_year


def check_employment(
    *, employer_id: int | None, values: dict, current: Employee | None, today: datetime.date
) -> tuple[dict, list[str]]:
    """Everything a hire or a correction must pass, shared by the services and the admin form.

    Returns the normalised values and the fields that differ from ``current`` after
    normalisation (so a lowercase x is no change at all).
    """
    cleaned = clean_employment(values, today=today)
    changed = [f for f in UPDATABLE if current is None or cleaned[f] != getattr(current, f)]
    if current is not None and current.registration_state != RegistrationState.UNREGISTERED:
        locked = {
            f: [_("Filed with the agency already; it cannot be corrected here.")]
            for f in changed
            if f in FIXED_ONCE_FILED
        }
        if locked:
            raise ValidationError(locked)
    if employer_id is not None and (current is None or "id_number" in changed):
        refuse_duplicate_employment(
            employer_id, cleaned["id_number"], current.id if current else None
        )
    return cleaned, changed


def employee_hire(*, actor, employer: Employer, **values) -> Employee:
    """Record a new employment and its statutory registration deadline (SI Law art. 58)."""
    access.require_role(actor, employer.id, Membership.Role.CLERK)
    values.setdefault("language", Employee.Language.ZH_HANS)
    unknown = set(values) - set(UPDATABLE)
    if unknown:
        raise ValidationError({field: [_("Unknown field.")] for field in sorted(unknown)})
    cleaned, _changed = check_employment(
        employer_id=employer.id, values=values, current=None, today=timezone.localdate()
    )
    employee = Employee(employer=employer, **cleaned)
    _set_deadline(employee)
    try:
        with transaction.atomic():
            employee.save()
            EmployeeEvent.objects.create(
                employee=employee, action=EmployeeEvent.Action.HIRED, actor=actor
            )
    except IntegrityError:
        # Another request hired the same person between the check and the insert.
        refuse_duplicate_employment(employer.id, cleaned["id_number"])
        raise
    return employee


def employee_update(*, actor, employee: Employee, **changes) -> Employee:
    """Correct an employment; ID number and hire date only while nothing has been filed."""
    access.require_role(actor, employee.employer_id, Membership.Role.CLERK)
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise ValidationError(
            {field: [_("This field cannot be changed.")] for field in sorted(unknown)}
        )
    with transaction.atomic():
        employee = Employee.objects.select_for_update().get(id=employee.id)
        values = {f: getattr(employee, f) for f in UPDATABLE} | changes
        cleaned, changed = check_employment(
            employer_id=employee.employer_id,
            values=values,
            current=employee,
            today=timezone.localdate(),
        )
        if not changed:
            return employee
        fields = set(changed)
        for field in (*UPDATABLE, "birth_date", "sex"):
            setattr(employee, field, cleaned[field])
        if "id_number" in changed:
            fields |= {"birth_date", "sex"}
        if "hire_date" in changed:
            _set_deadline(employee)
            fields |= {"registration_deadline", "deadline_uncovered_year"}
        try:
            with transaction.atomic():
                employee.save(update_fields=[*sorted(fields), "updated_at"])
        except IntegrityError:
            # A concurrent hire took this ID number between the check and the update.
            refuse_duplicate_employment(employee.employer_id, cleaned["id_number"], employee.id)
            raise
        EmployeeEvent.objects.create(
            employee=employee,
            action=EmployeeEvent.Action.UPDATED,
            actor=actor,
            changed_fields=sorted(changed),
        )
    return employee
