import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from PIL import Image

from employees.models import Membership
from filings.models import Voucher
from filings.services import voucher_attach
from filings.services.vouchers import clean_name, download_name
from hrsocsec.errors import NotFound, RoleRefused
from tests.factories import EmployeeFactory, member
from tests.filings.files import jpeg_bytes, pdf_bytes, png_bytes, zip_bytes

pytestmark = pytest.mark.django_db


# Real, small files of each kind; the API and admin tests use them too.
def upload(data: bytes, name="receipt.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type)


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("make", "content_type", "extension"),
    [
        (pdf_bytes, "application/pdf", "pdf"),
        (png_bytes, "image/png", "png"),
        (jpeg_bytes, "image/jpeg", "jpg"),
    ],
)
def test_each_accepted_type_is_stored_by_its_content_under_a_random_name(
    filing, clerk, media, make, content_type, extension
):
    """The type, size and digest come from the content; the stored name is random."""
    data = make()
    voucher = voucher_attach(
        actor=clerk,
        filing_id=filing.id,
        kind="agency_receipt",
        upload=upload(data, name=f"Zhang San receipt.{extension}", content_type="text/plain"),
    )
    voucher.refresh_from_db()
    assert (voucher.content_type, voucher.size, voucher.sha256) == (
        content_type,
        len(data),
        hashlib.sha256(data).hexdigest(),
    )
    assert (voucher.original_name, voucher.uploaded_by, voucher.kind) == (
        f"Zhang San receipt.{extension}",
        clerk,
        "agency_receipt",
    )
    assert voucher.file.name.startswith(f"vouchers/{filing.employer_id}/")
    assert voucher.file.name.endswith(f".{extension}")
    assert "Zhang" not in voucher.file.name
    with default_storage.open(voucher.file.name) as stored:
        assert stored.read() == data
    assert stored_files(media) == [media / voucher.file.name]


def test_a_png_named_and_declared_as_pdf_is_stored_as_png(filing, clerk):
    """The content wins over the name and the client's type, also for the download name."""
    voucher = voucher_attach(
        actor=clerk, filing_id=filing.id, kind="other", upload=upload(png_bytes())
    )
    assert voucher.content_type == "image/png"
    assert voucher.file.name.endswith(".png")
    assert download_name(voucher) == "receipt.pdf.png"


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(256), "application/x-msdownload"),
        (zip_bytes(), "application/zip"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not recognised"),
        ("张三 身份证 110105199005170011\n".encode(), "not recognised"),
    ],
    ids=["exe", "zip", "html", "text"],
)
def test_other_content_disguised_as_a_pdf_is_refused(filing, clerk, media, data, found):
    with pytest.raises(ValidationError) as info:
        voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=upload(data))
    message = info.value.message_dict["file"][0]
    assert "Only PDF, PNG or JPEG" in message
    assert message.endswith(f"is {found}.")
    assert not Voucher.objects.exists()
    assert stored_files(media) == []


def _corrupt(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (png_bytes()[:-20], "The PNG image is damaged or incomplete"),
        (_corrupt(png_bytes()), "The PNG image is damaged or incomplete"),
        (jpeg_bytes()[: len(jpeg_bytes()) * 4 // 5], "The JPG image is damaged or incomplete"),
        (pdf_bytes()[:-40], "The PDF has no end-of-file marker"),
    ],
    ids=["png-truncated", "png-corrupt", "jpeg-truncated", "pdf-truncated"],
)
def test_a_damaged_or_cut_off_file_is_refused(filing, clerk, media, data, phrase):
    with pytest.raises(ValidationError) as info:
        voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=upload(data))
    assert info.value.message_dict["file"][0].startswith(phrase)
    assert stored_files(media) == []


def test_a_pdf_header_after_a_byte_order_mark_is_refused(filing, clerk):
    with pytest.raises(ValidationError) as info:
        voucher_attach(
            actor=clerk,
            filing_id=filing.id,
            kind="other",
            upload=upload(b"\xef\xbb\xbf" + pdf_bytes()),
        )
    assert "PDF header" in info.value.message_dict["file"][0]


def test_the_size_limit_is_inclusive_and_named_in_mb(filing, clerk, settings, media):
    data = pdf_bytes(padding=600 * 1024)
    settings.VOUCHER_MAX_BYTES = 512 * 1024
    with pytest.raises(ValidationError) as info:
        voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=upload(data))
    assert info.value.message_dict["file"] == ["The file is larger than 0.5 MB."]
    settings.VOUCHER_MAX_BYTES = len(data)
    assert voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=upload(data))
    settings.VOUCHER_MAX_BYTES = len(data) - 1
    with pytest.raises(ValidationError):
        voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=upload(data))
    assert len(stored_files(media)) == 1


def test_the_size_is_counted_while_reading_not_taken_from_the_upload(filing, clerk, settings):
    data = pdf_bytes(padding=4096)
    settings.VOUCHER_MAX_BYTES = 2048
    lying = upload(data)
    lying.size = 10
    with pytest.raises(ValidationError) as info:
        voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=lying)
    assert "larger than" in info.value.message_dict["file"][0]


def test_an_empty_or_missing_file_is_refused(filing, clerk):
    with pytest.raises(ValidationError) as empty:
        voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=upload(b""))
    with pytest.raises(ValidationError) as missing:
        voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=None)
    assert empty.value.message_dict == {"file": ["The file is empty."]}
    assert missing.value.message_dict == {"file": ["Choose a file to upload."]}


def test_a_bad_kind_and_a_bad_file_are_reported_together(filing, clerk):
    with pytest.raises(ValidationError) as info:
        voucher_attach(actor=clerk, filing_id=filing.id, kind="selfie", upload=upload(b"hello"))
    assert set(info.value.message_dict) == {"kind", "file"}
    assert "agency_receipt" in info.value.message_dict["kind"][0]


def test_a_viewer_cannot_attach_and_a_stranger_finds_nothing(filing, employer, media):
    viewer = member(Membership.Role.VIEWER, employer)
    stranger = member(Membership.Role.MANAGER, EmployeeFactory().employer)
    with pytest.raises(RoleRefused):
        voucher_attach(actor=viewer, filing_id=filing.id, kind="other", upload=upload(pdf_bytes()))
    for filing_id in (filing.id, 99999999):
        with pytest.raises(NotFound):
            voucher_attach(
                actor=stranger, filing_id=filing_id, kind="other", upload=upload(pdf_bytes())
            )
    assert stored_files(media) == []


def test_a_failed_insert_leaves_no_stored_file(filing, clerk, media, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("insert failed")

    monkeypatch.setattr(Voucher, "save", fail)
    with pytest.raises(DatabaseError):
        voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=upload(pdf_bytes()))
    assert stored_files(media) == []


def test_the_same_document_twice_is_kept_twice_never_replaced(filing, clerk, media):
    data = pdf_bytes()
    first, second = (
        voucher_attach(actor=clerk, filing_id=filing.id, kind="other", upload=upload(data))
        for _ in range(2)
    )
    assert first.file.name != second.file.name
    assert len(stored_files(media)) == 2
    assert Voucher.objects.filter(filing=filing).count() == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("C:\\Users\\zhang\\Desktop\\receipt.pdf", "receipt.pdf"),
        ("../../etc/receipt.pdf", "receipt.pdf"),
        ("rec\x00ei\x1bpt\u202efdp.exe", "receiptfdp.exe"),
        ("回执 2026.pdf", "回执 2026.pdf"),
        ("x" * 300 + ".pdf", "x" * 255),
        ("\x07", ""),
    ],
)
def test_the_original_name_is_the_base_name_without_control_characters(name, expected):
    assert clean_name(name) == expected


def test_a_name_with_nothing_left_gets_a_neutral_one(filing, clerk):
    voucher = voucher_attach(
        actor=clerk, filing_id=filing.id, kind="other", upload=upload(png_bytes(), name="\u202e")
    )
    assert voucher.original_name == "voucher.png"


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("receipt.PDF", "application/pdf", "receipt.PDF"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("photo.png", "image/jpeg", "photo.png.jpg"),
        ("page.html", "application/pdf", "page.html.pdf"),
    ],
)
def test_the_download_name_always_ends_in_the_stored_type(name, content_type, expected):
    assert download_name(Voucher(original_name=name, content_type=content_type)) == expected


def test_an_image_that_would_unpack_to_too_many_pixels_is_refused_unread(filing, clerk, media):
    """A 1-bit 7000 × 7000 PNG is a few kilobytes and 49 million pixels once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (7000, 7000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(ValidationError) as info:
        voucher_attach(
            actor=clerk, filing_id=filing.id, kind="other", upload=upload(buffer.getvalue())
        )
    assert "7000 × 7000" in info.value.message_dict["file"][0]
    assert stored_files(media) == []
