import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from employees.models import Membership
from filings.models import Voucher
from filings.services import filing_create_draft, voucher_attach
from tests.factories import EmployeeFactory, member
from tests.filings.files import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db
VOUCHERS = "/admin/filings/voucher/"


def attach(filing, actor, data=None, name="receipt.png"):
    upload = SimpleUploadedFile(name, data or png_bytes())
    return voucher_attach(actor=actor, filing_id=filing.id, kind="agency_receipt", upload=upload)


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)  # reading to the end closes the file


def test_the_filing_page_lists_its_vouchers_with_a_download_link(client, filing, clerk, employer):
    """A clerk (no Django model permissions) sees this filing's vouchers, not another's."""
    voucher = attach(filing, clerk, name="agency receipt.png")
    other = filing_create_draft(
        actor=clerk, employee=EmployeeFactory(employer=employer), kind="register"
    )
    elsewhere = attach(other, clerk, name="someone else.png")
    client.force_login(clerk)
    html = client.get(f"/admin/filings/filing/{filing.id}/change/").content.decode()
    assert "agency receipt.png" in html
    assert f"{VOUCHERS}{voucher.id}/download/" in html
    assert f"{VOUCHERS}{elsewhere.id}/download/" not in html
    assert 'name="vouchers-0-kind"' not in html  # read-only


def test_the_add_filing_page_has_no_voucher_formset(client, clerk):
    client.force_login(clerk)
    assert "vouchers-TOTAL_FORMS" not in client.get("/admin/filings/filing/add/").content.decode()


def test_the_admin_download_streams_the_file_to_its_employers_clerks_only(
    client, filing, clerk, employer
):
    data = pdf_bytes()
    voucher = attach(filing, clerk, data, name="receipt.pdf")
    url = f"{VOUCHERS}{voucher.id}/download/"
    client.force_login(member(Membership.Role.VIEWER, employer))
    assert client.get(url).status_code == 403  # it may carry full ID numbers
    client.force_login(clerk)
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="receipt.pdf"'
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "application/pdf",
        "nosniff",
    )
    assert downloaded(response) == data
    client.force_login(member(Membership.Role.MANAGER, EmployeeFactory().employer))
    assert client.get(url).status_code == 404
    assert client.get(f"{VOUCHERS}99999999/download/").status_code == 404


def test_a_clerk_uploads_a_voucher_through_the_service(client, filing, clerk, media):
    client.force_login(clerk)
    body = {
        "filing": filing.id,
        "kind": "agency_receipt",
        "file": SimpleUploadedFile("r.pdf", png_bytes()),
    }
    response = client.post(f"{VOUCHERS}add/", body)
    assert response.status_code == 302
    voucher = Voucher.objects.get()
    assert (voucher.filing, voucher.uploaded_by, voucher.content_type, voucher.original_name) == (
        filing,
        clerk,
        "image/png",
        "r.pdf",
    )
    assert (media / voucher.file.name).read_bytes() == png_bytes()


def test_a_refused_file_is_a_form_error_and_nothing_is_stored(client, filing, clerk, media):
    client.force_login(clerk)
    exe = SimpleUploadedFile("r.pdf", b"MZ\x90\x00" + bytes(64))
    response = client.post(f"{VOUCHERS}add/", {"filing": filing.id, "kind": "other", "file": exe})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "application/x-msdownload" in errors["file"][0]
    assert not Voucher.objects.exists()
    assert not any(media.rglob("*.*"))


def test_the_filing_choices_are_where_i_am_clerk_or_higher(client, filing, clerk):
    """A filing of an employer where I only view, or not at all, cannot be chosen."""
    viewed = EmployeeFactory()
    Membership.objects.create(user=clerk, employer=viewed.employer, role="viewer")
    their_clerk = member(Membership.Role.CLERK, viewed.employer)
    theirs = filing_create_draft(actor=their_clerk, employee=viewed, kind="register")
    client.force_login(clerk)
    form = client.get(f"{VOUCHERS}add/").context["adminform"].form
    assert list(form.fields["filing"].queryset) == [filing]
    body = {"filing": theirs.id, "kind": "other", "file": SimpleUploadedFile("r.png", png_bytes())}
    response = client.post(f"{VOUCHERS}add/", body)
    assert "filing" in response.context["adminform"].form.errors
    assert not Voucher.objects.exists()


def test_a_viewer_cannot_upload_and_nobody_changes_or_deletes(client, filing, clerk, employer):
    voucher = attach(filing, clerk)
    client.force_login(member(Membership.Role.VIEWER, employer))
    assert client.get(f"{VOUCHERS}add/").status_code == 403
    client.force_login(member(Membership.Role.MANAGER, employer))
    page = client.get(f"{VOUCHERS}{voucher.id}/change/")
    assert f"{VOUCHERS}{voucher.id}/download/" in page.content.decode()
    assert 'name="kind"' not in page.content.decode()  # shown, not editable
    change = client.post(f"{VOUCHERS}{voucher.id}/change/", {"kind": "other"})
    assert change.status_code == 403
    assert client.post(f"{VOUCHERS}{voucher.id}/delete/", {"post": "yes"}).status_code == 403
    assert Voucher.objects.get().kind == "agency_receipt"


def test_the_voucher_list_shows_my_employers_vouchers_only(client, filing, clerk):
    mine = attach(filing, clerk)
    stranger = EmployeeFactory()
    their_clerk = member(Membership.Role.CLERK, stranger.employer)
    theirs = attach(
        filing_create_draft(actor=their_clerk, employee=stranger, kind="register"), their_clerk
    )
    client.force_login(clerk)
    html = client.get(VOUCHERS).content.decode()
    assert f"{VOUCHERS}{mine.id}/download/" in html
    assert f"{VOUCHERS}{theirs.id}/download/" not in html


def test_a_viewer_sees_no_size_or_hash_of_a_voucher(client, filing, clerk, employer):
    """Size and SHA-256 of a rendered certificate would let its birth date be rebuilt."""
    voucher = attach(filing, clerk, pdf_bytes(), name="receipt.pdf")
    client.force_login(member(Membership.Role.VIEWER, employer))
    pages = [client.get(f"{VOUCHERS}{voucher.id}/change/"), client.get(VOUCHERS)]
    pages.append(client.get(f"/admin/filings/filing/{filing.id}/change/"))
    for page in pages:
        assert page.status_code == 200
        assert voucher.sha256 not in page.content.decode()
    client.force_login(clerk)
    assert voucher.sha256 in client.get(f"{VOUCHERS}{voucher.id}/change/").content.decode()
