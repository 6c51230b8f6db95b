import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from employees.models import IdNumberRead, Membership
from filings.models import Voucher
from filings.services import filing_create_draft, voucher_attach
from tests.factories import EmployeeFactory, member
from tests.filings.files import jpeg_bytes, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db
URL = "/api/filings/"


@pytest.fixture
def as_clerk(api, clerk):
    api.force_authenticate(clerk)
    return api


def attach(filing, actor, data=None, name="receipt.png"):
    upload = SimpleUploadedFile(name, data or png_bytes())
    return voucher_attach(actor=actor, filing_id=filing.id, kind="agency_receipt", upload=upload)


def post(api, filing_id, data, *, kind="agency_receipt", name="receipt.pdf"):
    body = {"kind": kind, "file": SimpleUploadedFile(name, data, "application/pdf")}
    return api.post(f"{URL}{filing_id}/vouchers/", body, format="multipart")


def downloaded(response) -> bytes:
    # Reading the stream to its end closes the file (the test client's wrapper does that).
    return b"".join(response.streaming_content)


def stored(voucher) -> bytes:
    with voucher.file.open("rb") as file:
        return file.read()


def test_a_termination_certificate_belongs_with_a_dissolve(as_clerk, filing):
    """The filing here is a register: the certificate of LCL art. 50 is refused on it."""
    response = post(as_clerk, filing.id, jpeg_bytes(), kind="termination_certificate")
    assert response.status_code == 400
    assert "dissolve" in response.json()["fields"]["kind"][0]
    assert not Voucher.objects.filter(filing=filing).exists()


def test_a_clerk_uploads_a_voucher_by_multipart(as_clerk, filing, clerk):
    data = jpeg_bytes()
    response = post(as_clerk, filing.id, data, kind="agency_receipt", name="cert.jpg")
    assert response.status_code == 201, response.json()
    body = response.json()
    voucher = Voucher.objects.get(filing=filing)
    assert body | {"uploaded_at": None} == {
        "id": voucher.id,
        "kind": "agency_receipt",
        "original_name": "cert.jpg",
        "content_type": "image/jpeg",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "uploaded_by": clerk.username,
        "uploaded_at": None,
        "download": f"http://testserver{URL}{filing.id}/vouchers/{voucher.id}/",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "agency_receipt"}, "file"),
        ({"kind": "agency_receipt", "file": "not a file"}, "file"),
        ({"kind": "selfie", "file": SimpleUploadedFile("r.pdf", pdf_bytes())}, "kind"),
        ({"file": SimpleUploadedFile("r.pdf", pdf_bytes())}, "kind"),
        ({"kind": "other", "file": SimpleUploadedFile("r.pdf", b"MZ\x90\x00" + bytes(64))}, "file"),
        ({"kind": "other", "file": SimpleUploadedFile("r.pdf", b"")}, "file"),
    ],
    ids=["no-file", "file-as-text", "bad-kind", "no-kind", "exe-as-pdf", "empty"],
)
def test_a_bad_upload_is_a_400_naming_the_field(as_clerk, filing, media, body, field):
    response = as_clerk.post(f"{URL}{filing.id}/vouchers/", body, format="multipart")
    assert response.status_code == 400
    assert (response.json()["code"], list(response.json()["fields"])) == ("invalid", [field])
    assert not Voucher.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_refused_type_says_what_was_detected(as_clerk, filing):
    response = post(as_clerk, filing.id, b"MZ\x90\x00" + bytes(64))
    assert "application/x-msdownload" in response.json()["fields"]["file"][0]


def test_a_json_body_is_refused_without_a_500(as_clerk, filing):
    response = as_clerk.post(f"{URL}{filing.id}/vouchers/", {"kind": "other"}, format="json")
    assert response.status_code == 415


def test_an_oversize_file_is_a_400_with_the_limit(as_clerk, filing, settings):
    settings.VOUCHER_MAX_BYTES = 1024 * 1024
    response = post(as_clerk, filing.id, pdf_bytes(padding=1024 * 1024))
    assert response.status_code == 400
    assert response.json()["fields"]["file"] == ["The file is larger than 1 MB."]


def test_a_viewer_lists_but_neither_downloads_nor_uploads(api, filing, clerk, employer):
    """A receipt or certificate carries full ID numbers, which a viewer never sees."""
    voucher = attach(filing, clerk)
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    listed = api.get(f"{URL}{filing.id}/vouchers/")
    assert [row["id"] for row in listed.json()] == [voucher.id]
    download = api.get(listed.json()[0]["download"])
    assert (download.status_code, download.json()["code"]) == (403, "permission_denied")
    api.force_authenticate(clerk)
    assert downloaded(api.get(listed.json()[0]["download"])) == stored(voucher)
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    refused = post(api, filing.id, pdf_bytes())
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    assert Voucher.objects.count() == 1


def test_the_download_is_the_exact_bytes_as_an_attachment(as_clerk, filing, clerk):
    data = pdf_bytes()
    voucher = attach(filing, clerk, data, name="agency receipt.pdf")
    response = as_clerk.get(f"{URL}{filing.id}/vouchers/{voucher.id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="agency receipt.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert downloaded(response) == data


def test_a_client_asking_for_the_files_type_gets_the_file(as_clerk, filing, clerk):
    voucher = attach(filing, clerk)
    url = f"{URL}{filing.id}/vouchers/{voucher.id}/"
    response = as_clerk.get(url, HTTP_ACCEPT="image/png")
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert downloaded(response) == stored(voucher)
    missing = as_clerk.get(f"{URL}{filing.id}/vouchers/99999999/", HTTP_ACCEPT="image/png")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


def test_another_employers_filing_and_vouchers_are_404(as_clerk, filing, clerk, media):
    """Upload, list and download alike; their voucher under my filing's id too."""
    stranger = EmployeeFactory()
    their_clerk = member(Membership.Role.CLERK, stranger.employer)
    theirs = filing_create_draft(actor=their_clerk, employee=stranger, kind="register")
    their_voucher = attach(theirs, their_clerk)
    mine = attach(filing, clerk)
    assert as_clerk.get(f"{URL}{theirs.id}/vouchers/").status_code == 404
    assert post(as_clerk, theirs.id, pdf_bytes()).status_code == 404
    assert as_clerk.get(f"{URL}{theirs.id}/vouchers/{their_voucher.id}/").status_code == 404
    assert as_clerk.get(f"{URL}{filing.id}/vouchers/{their_voucher.id}/").status_code == 404
    assert as_clerk.get(f"{URL}{theirs.id}/vouchers/{mine.id}/").status_code == 404
    assert Voucher.objects.filter(filing=theirs).count() == 1


def test_another_filings_voucher_is_404_under_this_filing(as_clerk, filing, clerk, employer):
    other = filing_create_draft(
        actor=clerk, employee=EmployeeFactory(employer=employer), kind="register"
    )
    voucher = attach(other, clerk)
    assert as_clerk.get(f"{URL}{filing.id}/vouchers/{voucher.id}/").status_code == 404
    assert downloaded(as_clerk.get(f"{URL}{other.id}/vouchers/{voucher.id}/")) == stored(voucher)


def test_the_detail_includes_vouchers_in_a_fixed_number_of_queries(
    as_clerk, filing, clerk, django_assert_max_num_queries
):
    """The filing, its events and its vouchers (with uploaders): three queries for any count."""
    for _ in range(6):
        attach(filing, member(Membership.Role.CLERK, filing.employer))
    attach(filing, clerk, pdf_bytes(), name="receipt.pdf")
    with django_assert_max_num_queries(3):
        data = as_clerk.get(f"{URL}{filing.id}/").json()
    assert len(data["vouchers"]) == 7
    assert (data["vouchers"][-1]["content_type"], data["vouchers"][-1]["uploaded_by"]) == (
        "application/pdf",
        clerk.username,
    )


def test_a_transition_answers_with_the_vouchers(as_clerk, filing, clerk):
    voucher = attach(filing, clerk)
    response = as_clerk.post(f"{URL}{filing.id}/submit/", format="json")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["vouchers"]] == [voucher.id]


def test_a_viewers_upload_is_refused_before_the_body_is_judged(api, filing, employer):
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    response = post(api, filing.id, b"not a pdf at all")
    assert response.status_code == 403
    assert not Voucher.objects.exists()


def test_a_viewer_sees_no_size_or_hash_that_would_let_a_certificate_be_rebuilt(
    api, filing, clerk, employer
):
    """A rendered certificate is the same bytes for the same inputs: with everything else a
    viewer knows, its size and SHA-256 would let the birth date be tried until they match."""
    attach(filing, clerk)
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    for url in (f"{URL}{filing.id}/vouchers/", f"{URL}{filing.id}/"):
        body = api.get(url).json()
        rows = body if isinstance(body, list) else body["vouchers"]
        assert rows
        assert all("size" not in row and "sha256" not in row for row in rows), url
    api.force_authenticate(clerk)
    assert api.get(f"{URL}{filing.id}/vouchers/").json()[0]["sha256"]


def test_every_download_is_in_the_id_number_access_log(as_clerk, filing, clerk):
    voucher = attach(filing, clerk)
    downloaded(as_clerk.get(f"{URL}{filing.id}/vouchers/{voucher.id}/"))
    read = IdNumberRead.objects.get()
    assert (read.via, read.employee_id, read.user_id) == ("voucher", filing.employee_id, clerk.id)


def test_the_voucher_list_refuses_a_parameter_it_does_not_take(as_clerk, filing):
    response = as_clerk.get(f"{URL}{filing.id}/vouchers/", {"id_number": "110105199005170011"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["id_number"]
