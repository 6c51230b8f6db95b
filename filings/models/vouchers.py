import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from filings.models.filings import Filing

# The types accepted, by the type detected from the content (never the name or the header).
VOUCHER_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def voucher_path(voucher: "Voucher", filename: str) -> str:
    # A random name: the uploaded name may carry a person's name or ID number.
    extension = VOUCHER_TYPES.get(voucher.content_type, "bin")
    return f"vouchers/{voucher.filing.employer_id}/{uuid.uuid4().hex}.{extension}"


class Voucher(models.Model):
    # A file's size and hash: with the rest a viewer knows of a rendered certificate (the same
    # bytes for the same inputs), they would let its birth date be tried until they match, so
    # they are shown to those who see full ID numbers only.
    FINGERPRINT = ("size", "sha256")

    """A document attached to a filing, kept as the original (SI Law art. 74): never replaced,
    never deleted."""

    class Kind(models.TextChoices):
        AGENCY_RECEIPT = "agency_receipt", _("agency's receipt")
        TERMINATION_CERTIFICATE = (
            "termination_certificate",
            _("termination certificate (Labour Contract Law art. 50)"),
        )
        OTHER = "other", _("other document")

    # Indexed by voucher_filing_idx (its first column), not by an index of its own.
    filing = models.ForeignKey(
        Filing,
        on_delete=models.PROTECT,
        related_name="vouchers",
        verbose_name=_("filing"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=voucher_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["filing", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=list(VOUCHER_TYPES)),
                name="voucher_type_accepted",
            ),
        ]
        indexes = [
            # Serves a filing's vouchers.
            models.Index(fields=["filing", "id"], name="voucher_filing_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.id} ({self.original_name})"
