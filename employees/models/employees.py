import datetime

from django.contrib import admin
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from employees.idnumbers import mask_id_number
from employees.models.employers import Employer
from employees.models.events import AuditEvent
from employees.workflow import RegistrationState

# What needs action first: the employments with nothing filed, the longest overdue first, then
# the rest, newest first. The list's default order, served by employee_action_first_idx.
_UNFILED = Q(registration_state=RegistrationState.UNREGISTERED)
ACTION_FIRST = (
    Case(When(_UNFILED, then=Value(0)), default=Value(1)).asc(),
    Case(When(_UNFILED, then=F("registration_deadline"))).asc(),
    F("id").desc(),
)
# The "days overdue / left" column, clicked: by deadline, the most overdue first and the filed
# (no days) last; the other way round, the filed first. The same on SQLite and PostgreSQL, which
# put NULLs at opposite ends.
DAYS_LEFT_ORDER = Case(
    When(_UNFILED, then=F("registration_deadline")), default=Value(datetime.date.max)
)


class EmployeeQuerySet(models.QuerySet):
    """The named sets HR acts on; each is served by a partial index below."""

    def unfiled(self):
        return self.filter(registration_state=RegistrationState.UNREGISTERED)

    def overdue(self, today):
        return self.unfiled().filter(registration_deadline__lt=today)

    def due_within(self, days: int, today):
        last = today + datetime.timedelta(days=days)
        return self.unfiled().filter(
            registration_deadline__gte=today, registration_deadline__lte=last
        )

    def with_deadline_arranged(self):
        """Whether the year a deadline was counted without has its arrangement now: a list's
        provisional marks in the same query (Employee.deadline_provisional)."""
        from employees.models.holidays import HolidayYear

        arranged = HolidayYear.objects.filter(year=OuterRef("deadline_uncovered_year"))
        return self.annotate(deadline_arranged=Exists(arranged))

    def registration_done(self):
        return self.exclude(registration_state=RegistrationState.UNREGISTERED)


class Employee(models.Model):
    """One employment of one person at one employer. A rehire after a stop is a new row."""

    class Sex(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", "简体中文"
        EN = "en", "English"

    # Indexed by employee_employer_recent_idx below (employer first), not by a second index.
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="employees",
        db_index=False,
        verbose_name=_("employer"),
    )
    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=100)
    id_number = models.CharField(_("resident ID number"), max_length=18)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language"), max_length=7, choices=Language.choices, default=Language.ZH_HANS
    )
    hire_date = models.DateField(_("hire date"), help_text=_("The first day of work."))
    position = models.CharField(_("position"), max_length=100, blank=True)
    contract_start_date = models.DateField(_("contract start date"), null=True, blank=True)
    contract_end_date = models.DateField(_("contract end date"), null=True, blank=True)
    separation_date = models.DateField(_("separation date"), null=True, blank=True)
    # Labour Contract Law art. 50: the termination certificate issued and the file and the
    # social-insurance relation transferred (a certificate voucher, or the clerk's note).
    transfer_done_on = models.DateField(
        _("certificate issued and file transferred on"), null=True, blank=True
    )
    monthly_wage = models.DecimalField(_("monthly wage"), max_digits=12, decimal_places=2)
    registration_state = models.CharField(
        _("registration state"),
        max_length=20,
        choices=RegistrationState.choices,
        default=RegistrationState.UNREGISTERED,
    )
    registration_deadline = models.DateField(_("registration deadline"))
    # The first year the count looked at that had no holiday arrangement then: counted with the
    # weekends and the statutory holidays. The deadline is provisional while that year still has
    # none; once it is entered the deadlines it moves are recomputed, and the others stand.
    deadline_uncovered_year = models.PositiveSmallIntegerField(
        _("provisional for want of the holiday arrangement of"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "id_number"],
                condition=~Q(registration_state=RegistrationState.STOPPED),
                name="employee_one_open_employment",
                violation_error_message=_(
                    "This person already has an open employment at this employer."
                ),
            ),
            models.CheckConstraint(
                condition=Q(registration_state__in=RegistrationState.values),
                name="employee_registration_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(sex__in=["male", "female"]), name="employee_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=["zh-hans", "en"]), name="employee_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(monthly_wage__gte=0), name="employee_monthly_wage_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(contract_end_date__isnull=True)
                | Q(contract_end_date__gte=models.F("hire_date")),
                name="employee_contract_end_not_before_hire",
            ),
            models.CheckConstraint(
                condition=Q(separation_date__isnull=True)
                | Q(separation_date__gte=models.F("hire_date")),
                name="employee_separation_not_before_hire",
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__gt=models.F("hire_date")),
                name="employee_deadline_after_hire",
            ),
        ]
        indexes = [
            # Serves the "overdue" and "due within N days" selectors: only employments with
            # nothing filed are in it, ordered by deadline per employer.
            models.Index(
                fields=["employer", "registration_deadline"],
                condition=Q(registration_state=RegistrationState.UNREGISTERED),
                name="employee_reg_due_idx",
            ),
            # Serves the same lists for a user of many employers (an HR outsourcing firm): read in
            # deadline order, the scan stops once a page is full instead of sorting every row.
            models.Index(
                fields=["registration_deadline", "id"],
                condition=Q(registration_state=RegistrationState.UNREGISTERED),
                name="employee_reg_due_order_idx",
            ),
            # Serves the daily reminders of contracts ending soon (renew or dissolve).
            models.Index(
                fields=["contract_end_date"],
                condition=Q(
                    registration_state=RegistrationState.REGISTERED, separation_date__isnull=True
                ),
                name="employee_contract_end_idx",
            ),
            # Serves the dissolves-at-risk selector: separated, still registered.
            models.Index(
                fields=["employer", "separation_date"],
                condition=Q(
                    registration_state=RegistrationState.REGISTERED, separation_date__isnull=False
                ),
                name="employee_separated_idx",
            ),
            # Serves the "registrations done" selector, newest hires first.
            models.Index(
                fields=["employer", "-hire_date", "-id"],
                condition=~Q(registration_state=RegistrationState.UNREGISTERED),
                name="employee_reg_done_idx",
            ),
            # Serves the list filters by state and the deadline range filters of the API.
            models.Index(
                fields=["employer", "registration_state", "registration_deadline"],
                name="employee_state_deadline_idx",
            ),
            # Serves the admin list's default order (ACTION_FIRST) for a user of many employers.
            models.Index(*ACTION_FIRST, name="employee_action_first_idx"),
            # Serves the default list order (newest first) per employer, and the foreign key.
            models.Index(fields=["employer", "-id"], name="employee_employer_recent_idx"),
            # Serves search by exact ID number and a person's history at an employer.
            models.Index(fields=["id_number"], name="employee_id_number_idx"),
            # Serves the 15-day transfer duty (LCL art. 50) of separations not yet done.
            models.Index(
                fields=["separation_date"],
                condition=Q(separation_date__isnull=False, transfer_done_on__isnull=True),
                name="employee_transfer_due_idx",
            ),
            # Serves the recomputation of the deadlines a holiday arrangement moves, by hire date.
            models.Index(
                fields=["hire_date"],
                condition=Q(registration_state=RegistrationState.UNREGISTERED),
                name="employee_unfiled_hire_idx",
            ),
            # Serves the daily task that finds deadlines counted without the official calendar.
            models.Index(
                fields=["deadline_uncovered_year"],
                condition=Q(
                    registration_state=RegistrationState.UNREGISTERED,
                    deadline_uncovered_year__isnull=False,
                ),
                name="employee_uncovered_dl_idx",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.id_number_masked})"

    @property
    @admin.display(description=_("resident ID number (masked)"))
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def deadline_provisional(self) -> bool:
        """Counted without a year's arrangement that is still not entered."""
        if self.deadline_uncovered_year is None:
            return False
        arranged = getattr(self, "deadline_arranged", None)  # with_deadline_arranged()
        if arranged is None:
            from employees.models.holidays import HolidayYear

            arranged = HolidayYear.objects.filter(year=self.deadline_uncovered_year).exists()
        return not arranged

    @property
    def deadline_warning(self) -> str:
        return deadline_warning_text(
            self.deadline_uncovered_year if self.deadline_provisional else None
        )


def deadline_warning_text(uncovered_year: int | None) -> str:
    """The warning on a provisional deadline, in the active language."""
    if uncovered_year is None:
        return ""
    return gettext(
        "Provisional: the State Council's holiday arrangement for %(year)d has not been entered "
        "yet. The deadline counts weekends and the public holidays fixed by law; make-up working "
        "days are not known until the notice, so the deadline may still move."
    ) % {"year": uncovered_year}


class EmployeeEvent(AuditEvent):
    """The record of what happened to an employment: never updated, never deleted."""

    class Action(models.TextChoices):
        HIRED = "hired", _("hired")
        UPDATED = "updated", _("updated")
        STATE_CHANGED = "state_changed", _("registration state changed")
        DEADLINE_RECOMPUTED = "deadline_recomputed", _("deadline recomputed")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="events", verbose_name=_("employee")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # Choices for their labels (the admin's history shows words, not codes); the transition
    # table alone decides which moves happen.
    from_state = models.CharField(
        max_length=20, blank=True, choices=RegistrationState.choices, verbose_name=_("from state")
    )
    to_state = models.CharField(
        max_length=20, blank=True, choices=RegistrationState.choices, verbose_name=_("to state")
    )
    # A recomputed deadline: the day it was and the day it is now.
    deadline_from = models.DateField(_("deadline before"), null=True, blank=True)
    deadline_to = models.DateField(_("deadline after"), null=True, blank=True)

    class Meta(AuditEvent.Meta):
        verbose_name = _("employee event")
        verbose_name_plural = _("employee events")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    action__in=["hired", "updated", "state_changed", "deadline_recomputed"]
                ),
                name="employee_event_action_valid",
            ),
        ]
        indexes = [
            # Serves the HR digest's deadlines moved by a holiday arrangement lately.
            models.Index(
                fields=["at"],
                condition=Q(action="deadline_recomputed"),
                name="employee_event_moved_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
