from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from employees.models import Employee, Employer


class Notification(models.Model):
    """The ledger of what is owed to whom: one row per recipient, kind, subject and period, so
    a second beat, a replayed tick or a rerun sweep inserts nothing twice, and a row is sent
    once it is claimed (the one window: a crash after the server accepted the message and
    before the row recorded it)."""

    class Kind(models.TextChoices):
        HR_DIGEST = "hr_digest", _("HR reminders of the day")
        FILINGS_MOVED = "filings_moved", _("filings that moved (to HR)")
        PAYMENT_NOTICE = "payment_notice", _("monthly payment notice (SI Law art. 60)")
        SEPARATION_NOTICE = "separation_notice", _("separation notice")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        STALE = "stale", _("not sent: no longer due")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"))
    # What it is about and for which period: "employer:3" and "2026-11-22" for a digest,
    # "employee:9" and "2026-10" for a payment notice, "filing:77" and "" for a separation,
    # "filing-event:512" (the first of the move's events) and "" for filings that moved.
    subject_key = models.CharField(max_length=40, verbose_name=_("subject"))
    period = models.CharField(max_length=20, blank=True, verbose_name=_("period"))
    # Indexed by notification_employer_idx (its first column), not by an index of its own.
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("employer"),
        db_index=False,
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee"),
    )
    language = models.CharField(max_length=7, verbose_name=_("language"))
    # Ids only (a statement, a filing, the reminder items): rendered when sent.
    payload = models.JSONField(default=dict, blank=True, verbose_name=_("content"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        db_table = "filings_notification"  # the table it had in filings: no data moved
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "subject_key", "period"], name="notification_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "stale"]),
                name="notification_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["hr_digest", "filings_moved", "payment_notice", "separation_notice"]
                ),
                name="notification_kind_valid",
            ),
        ]
        # No index covers a column a send updates (status, claimed_at, attempts, sent_at,
        # last_error), so those updates are HOT: the rows still to send are found through
        # Unsent instead of a partial index on status.
        indexes = [
            # Serves an employer's ledger, newest first.
            models.Index(fields=["employer", "-id"], name="notification_employer_idx"),
        ]

    def __str__(self):
        return gettext("%(kind)s %(period)s (%(status)s)") % {
            "kind": self.get_kind_display(),
            "period": self.period,
            "status": self.get_status_display(),
        }


UNSENT = (Notification.Status.PENDING, Notification.Status.SENDING)


class Unsent(models.Model):
    """The ledger rows still to send (pending, or claimed and sending), one row each, kept by
    triggers on the ledger (migration 0005) whatever writes it: the sweep finds what is left to
    send here, a small table, rather than through an index on the ledger's status."""

    notification = models.OneToOneField(
        Notification,
        primary_key=True,
        on_delete=models.CASCADE,  # a ledger row deleted is no longer to send
        # No foreign key in the database: the triggers insert a row here only from a ledger
        # row, and a key would check each at commit, by a plan PostgreSQL may have made while
        # the ledger was empty (a scan of it, per row: minutes for a month's notices).
        db_constraint=False,
        related_name="unsent",
        verbose_name=_("notification"),
    )

    class Meta:
        verbose_name = _("notification still to send")
        verbose_name_plural = _("notifications still to send")

    def __str__(self):
        return str(self.notification_id)


class ReminderStage(models.Model):
    """Each stage of each reminder item, reported once: "registration:42" at "due7", then
    "due3", ..., "overdue:2026-W48" once a week until filed."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="+", verbose_name=_("employer")
    )
    item = models.CharField(max_length=40, verbose_name=_("item"))
    stage = models.CharField(max_length=20, verbose_name=_("stage"))
    notification = models.ForeignKey(
        Notification,
        on_delete=models.PROTECT,
        related_name="stages",
        verbose_name=_("notification"),
    )

    class Meta:
        verbose_name = _("reminder stage")
        verbose_name_plural = _("reminder stages")
        db_table = "filings_reminderstage"
        constraints = [
            models.UniqueConstraint(fields=["item", "stage"], name="reminder_stage_once"),
        ]

    def __str__(self):
        return f"{self.item} {self.stage}"
