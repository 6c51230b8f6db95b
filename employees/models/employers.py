from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.models.events import AuditEvent
from employees.models.regions import Region


class Employer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Not unique across the installation: two tenants may each run the same legal entity, and a
    # uniqueness error would tell one of them the other exists. Services refuse duplicates among
    # the employers the caller belongs to.
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    si_account_number = models.CharField(
        _("social-insurance account number"), max_length=40, blank=True
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="employers", verbose_name=_("region")
    )
    hr_emails = models.JSONField(_("HR contact emails"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name", "id"]
        indexes = [
            # Serves the duplicate check on create (credit code among the caller's employers).
            models.Index(fields=["credit_code"], name="employer_credit_code_idx"),
        ]

    def __str__(self):
        return self.name


class EmployerEvent(AuditEvent):
    """Who changed an employer or its members, and when: never updated, never deleted."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        MEMBER_SET = "member_set", _("member role set")
        MEMBER_REVOKED = "member_revoked", _("member removed")

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="events", verbose_name=_("employer")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)

    class Meta(AuditEvent.Meta):
        verbose_name = _("employer event")
        verbose_name_plural = _("employer events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["created", "updated", "member_set", "member_revoked"]),
                name="employer_event_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class Membership(models.Model):
    class Role(models.TextChoices):
        VIEWER = "viewer", _("viewer")
        CLERK = "clerk", _("clerk")
        MANAGER = "manager", _("manager")

    # Indexed by membership_one_per_user_and_employer (its first column), not by its own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
        db_index=False,
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("employer")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "employer"], name="membership_one_per_user_and_employer"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["viewer", "clerk", "manager"]), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.employer} ({self.get_role_display()})"
