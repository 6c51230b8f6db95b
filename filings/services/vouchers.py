"""Vouchers: documents attached to a filing, checked by their content and kept as uploaded."""

import hashlib
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from employees import access
from employees.models import Membership
from employees.services import employee_transfer_done
from filings.models import Filing, Voucher
from filings.models.vouchers import VOUCHER_TYPES
from hrsocsec.errors import NotFound

HEAD_BYTES = 8192  # what filetype reads to recognise a type
# Readers look for %%EOF within the last 1024 bytes (PDF Reference 1.7, implementation note
# 18), not strictly on the last line: a PDF without it there was cut off.
PDF_TAIL_BYTES = 1024
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
# Extensions that already say the stored type; any other gets the type's own appended.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _read(upload: UploadedFile, limit: int) -> tuple[int, str, bytes, bytes]:
    """Size, sha256, first and last bytes, read once in chunks; stops at the size limit."""
    too_large = _file_error(
        _("The file is larger than %(limit)s MB.") % {"limit": f"{limit / 2**20:.3g}"}
    )
    if upload.size and upload.size > limit:
        raise too_large
    digest, size, head, tail = hashlib.sha256(), 0, b"", b""
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise too_large
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        tail = (tail + chunk)[-PDF_TAIL_BYTES:]
    return size, digest.hexdigest(), head, tail


# A scanned A4 page at 600 dpi is about 35 million pixels; anything larger is refused.
VOUCHER_MAX_PIXELS = 40_000_000


def _image_is_whole(upload: UploadedFile, content_type: str) -> bool:
    formats = [PILLOW_FORMATS[content_type]]
    try:
        upload.seek(0)
        with Image.open(upload, formats=formats) as image:
            image.verify()  # PNG: every chunk's checksum, through to the end chunk
        upload.seek(0)
        with Image.open(upload, formats=formats) as image:
            if image.width * image.height > VOUCHER_MAX_PIXELS:
                # A small file can unpack to gigabytes: refused before decoding.
                raise _file_error(
                    _("The image is %(w)s × %(h)s pixels; at most %(max)s million are accepted.")
                    % {"w": image.width, "h": image.height, "max": VOUCHER_MAX_PIXELS // 10**6}
                )
            # verify() does not read a JPEG's scan data, where a cut-off shows: decode it all,
            # at 1/8 scale (draft) so a large photo costs little memory.
            image.draft("L", (max(image.width // 8, 1), max(image.height // 8, 1)))
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def check_voucher_file(upload: UploadedFile | None) -> CheckedFile:
    """The file's type from its content alone (never its name or the client's header), whole,
    and within the size limit. Shared by the service and the admin form."""
    if upload is None:
        raise _file_error(_("Choose a file to upload."))
    size, sha256, head, tail = _read(upload, settings.VOUCHER_MAX_BYTES)
    if size == 0:
        raise _file_error(_("The file is empty."))
    detected = filetype.guess(head)
    content_type = detected.mime if detected else None
    if content_type not in VOUCHER_TYPES:
        found = content_type or _("not recognised")
        raise _file_error(
            _("Only PDF, PNG or JPEG files are accepted; this file's content is %(found)s.")
            % {"found": found}
        )
    if content_type == "application/pdf":
        if not head.startswith(b"%PDF-"):
            raise _file_error(_("The PDF does not start with a PDF header."))
        if b"%%EOF" not in tail:
            raise _file_error(
                _("The PDF has no end-of-file marker: it is incomplete, perhaps cut off.")
            )
    elif not _image_is_whole(upload, content_type):
        raise _file_error(
            _("The %(type)s image is damaged or incomplete, perhaps cut off.")
            % {"type": VOUCHER_TYPES[content_type].upper()}
        )
    return CheckedFile(content_type=content_type, size=size, sha256=sha256)


def clean_name(name: str | None) -> str:
    """The base name only: no folders (of either kind of slash), no control or direction
    characters (a right-to-left override can make "x\u202efdp.exe" read as "xexe.pdf")."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c) not in ("Cc", "Cf")).strip()
    return base[:255]


def download_name(voucher: Voucher) -> str:
    """The uploaded name, with the stored type's extension appended when its own says another
    type: a PNG uploaded as "receipt.pdf" is served as "receipt.pdf.png"."""
    name = voucher.original_name or "voucher"
    if name.lower().endswith(EXTENSIONS[voucher.content_type]):
        return name
    return f"{name}.{VOUCHER_TYPES[voucher.content_type]}"


def voucher_attach(*, actor, filing_id: int, kind: str, upload: UploadedFile | None) -> Voucher:
    """Store a document with a filing. Vouchers are never replaced or deleted: a corrected
    document is attached as another one."""
    filing = Filing.objects.filter(id=filing_id).first()
    if filing is None:
        raise NotFound()
    access.require_role(actor, filing.employer_id, Membership.Role.CLERK)
    errors = {}
    if kind not in Voucher.Kind.values:
        errors["kind"] = [
            _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Voucher.Kind.values)}
        ]
    if kind == Voucher.Kind.TERMINATION_CERTIFICATE and filing.kind != Filing.Kind.DISSOLVE:
        errors["kind"] = [_("A termination certificate belongs with the dissolve filing.")]
    try:
        checked = check_voucher_file(upload)
    except ValidationError as exc:
        errors |= exc.message_dict
    if errors:
        raise ValidationError(errors)
    extension = VOUCHER_TYPES[checked.content_type]
    voucher = Voucher(
        filing=filing,
        kind=kind,
        original_name=clean_name(upload.name) or f"voucher.{extension}",
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    # The storage write (perhaps network I/O) stays outside the transaction; the file name is
    # voucher_path's random one, never the uploaded name.
    voucher.file.save(f"voucher.{extension}", upload, save=False)
    try:
        with transaction.atomic():
            voucher.save()
            if kind == Voucher.Kind.TERMINATION_CERTIFICATE:  # LCL art. 50: the duty is met
                employee_transfer_done(
                    actor=actor,
                    employee_id=filing.employee_id,
                    note=_("termination certificate attached (voucher #%(id)s)")
                    % {"id": voucher.id},
                )
    except BaseException:
        voucher.file.storage.delete(voucher.file.name)  # no stored file without its row
        raise
    return voucher
