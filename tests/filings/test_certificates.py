"""The termination certificate (LCL art. 50; Implementing Regulations art. 24): its text read back
out of the PDF, every required item checked, page 1 rendered to a picture; issuing it keeps it
as a voucher of the dissolve and meets the 15-day duty."""

import datetime
import subprocess
from pathlib import Path

import pypdfium2
import pytest

from employees.models import Employee, EmployeeEvent, IdNumberRead, Membership
from filings.certificates import Service, years_of_service
from filings.models import Voucher
from filings.services import filing_create_draft
from tests.factories import EmployeeFactory, member

pytestmark = pytest.mark.django_db
D = datetime.date
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.parametrize(
    ("hired", "left", "service"),
    [
        (D(2023, 3, 1), D(2026, 2, 28), Service(3, 0)),
        (D(2023, 3, 1), D(2026, 2, 27), Service(2, 11)),
        (D(2020, 1, 15), D(2026, 12, 14), Service(6, 11)),
        (D(2026, 11, 2), D(2026, 11, 30), Service(0, 0)),
        (D(2024, 2, 29), D(2025, 2, 28), Service(1, 0)),
    ],
)
def test_years_of_service_count_whole_years_and_months(hired, left, service):
    assert years_of_service(hired, left) == service


@pytest.fixture
def leaver(employer, clerk):
    employer.name = "上海示例科技有限公司"
    employer.save()
    person = EmployeeFactory(
        employer=employer,
        name="王小明",
        hire_date=D(2023, 3, 1),
        position="高级软件工程师",
        contract_start_date=D(2023, 3, 1),
        contract_end_date=D(2026, 2, 28),
        registration_state="registered",
        separation_date=D(2025, 12, 19),
        language="zh-hans",
    )
    filing_create_draft(
        actor=clerk,
        employee=Employee.objects.get(id=person.id),
        kind="dissolve",
        reason="mutual_agreement",
        effective_date=D(2025, 12, 19),
    )
    return Employee.objects.get(id=person.id)


def url(employee):
    return f"/api/employees/{employee.id}/termination-certificate/"


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(text.split())  # lines as the layout broke them, joined again


def test_the_chinese_certificate_states_every_item_of_art_24(api, clerk, leaver):
    api.force_authenticate(clerk)
    response = api.get(url(leaver))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "解除劳动合同证明书" in text  # mutual agreement dissolves the contract
    assert "王小明" in text
    assert leaver.id_number in text
    assert "高级软件工程师" in text  # the position
    assert "自 2023-03-01 至 2026-02-28" in text  # the contract's term
    assert "劳动合同解除日期" in text
    assert "2025-12-19" in text  # the date of dissolution
    assert "2年9个月" in text  # years of service: 2023-03-01 to 2025-12-19
    assert "上海示例科技有限公司" in text  # the employer
    assert "用人单位（盖章）" in text  # the place for the seal
    assert not Voucher.objects.exists()  # a GET issues nothing


def test_the_english_certificate_on_request_and_a_termination_reads_so(api, clerk, leaver):
    from filings.models import Filing

    Filing.objects.filter(employee=leaver).update(reason="contract_expiry")
    api.force_authenticate(clerk)
    response = api.get(url(leaver), {"language": "en"})
    text = pdf_text(response.content)
    assert "Certificate of termination of the labour contract" in text
    assert "from 2023-03-01 to 2026-02-28" in text
    assert "date of termination" in text
    assert "2 years 9 months" in text
    assert "Employer (seal):" in text
    assert "高级软件工程师" in text  # the records as kept


def test_page_one_renders_with_its_chinese_glyphs(api, clerk, leaver):
    """A picture of page 1 (test-artifacts/termination-certificate.png): the title's CJK font
    is installed, and the page is drawn, not blank."""
    found = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip(), "no CJK font: scripts/dev.py installs fonts-wqy-zenhei"
    api.force_authenticate(clerk)
    document = pypdfium2.PdfDocument(api.get(url(leaver)).content)
    try:
        image = document[0].render(scale=1.5).to_pil().convert("L")
    finally:
        document.close()
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / "termination-certificate.png")
    width, height = image.size
    assert height > width  # A4, upright
    title = image.crop((0, int(height * 0.05), width, int(height * 0.15)))
    dark = title.histogram()[:128]  # pixels darker than mid-grey
    dark = sum(dark)
    assert dark > 2000  # the title's strokes, not boxes of a missing font (tofu) or nothing


def test_issuing_keeps_it_with_the_dissolve_and_meets_the_transfer_duty(
    api, clerk, leaver, frozen_today
):
    frozen_today(D(2025, 12, 22))
    api.force_authenticate(clerk)
    response = api.post(url(leaver), {"language": "zh-hans"}, format="json")
    assert response.status_code == 201, response.json()
    voucher = Voucher.objects.get()
    assert (voucher.kind, voucher.content_type, voucher.filing.kind) == (
        "termination_certificate",
        "application/pdf",
        "dissolve",
    )
    with voucher.file.open("rb") as stored:
        assert "解除劳动合同证明书" in pdf_text(stored.read())
    assert Employee.objects.get(id=leaver.id).transfer_done_on == D(2025, 12, 22)
    event = EmployeeEvent.objects.get(employee=leaver, changed_fields=["transfer_done_on"])
    assert f"voucher #{voucher.id}" in event.note


@pytest.mark.parametrize(
    ("query", "field"), [({"language": "fr"}, "language"), ({"language": ""}, "language")]
)
def test_a_bad_language_is_a_400(api, clerk, leaver, query, field):
    api.force_authenticate(clerk)
    response = api.get(url(leaver), query)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_without_a_separation_there_is_nothing_to_certify(api, clerk, employer):
    person = EmployeeFactory(employer=employer, registration_state="registered")
    api.force_authenticate(clerk)
    response = api.get(url(person))
    assert response.status_code == 400
    assert "separation_date" in response.json()["fields"]


def test_a_viewer_may_not_have_it_and_another_employer_never_sees_it(api, employer, leaver):
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    assert api.get(url(leaver)).status_code == 403  # it carries the full ID number
    api.force_authenticate(member(Membership.Role.MANAGER))  # of another employer
    assert api.get(url(leaver)).status_code == 404
    assert api.post(url(leaver), {}, format="json").status_code == 404
    assert not Voucher.objects.exists()


def test_the_admin_links_the_pdfs_and_issues_it_from_the_list(client, clerk, leaver):
    client.force_login(clerk)
    page = client.get(f"/admin/employees/employee/{leaver.id}/change/").content.decode()
    assert f"{url(leaver)}?language=zh-hans" in page
    assert f"{url(leaver)}?language=en" in page
    response = client.post(
        "/admin/employees/employee/",
        {"action": "issue_termination_certificates", "_selected_action": [leaver.id]},
        follow=True,
    )
    assert "1 termination certificate(s) issued" in response.content.decode()
    assert Voucher.objects.filter(kind="termination_certificate").count() == 1
    assert Employee.objects.get(id=leaver.id).transfer_done_on is not None


def test_each_download_is_in_the_id_number_access_log_and_a_refusal_is_not(api, employer, leaver):
    clerk = member(Membership.Role.CLERK, employer)
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    api.get(url(leaver))
    assert not IdNumberRead.objects.exists()
    api.force_authenticate(clerk)
    assert api.get(url(leaver), {"language": "en"}).status_code == 200
    read = IdNumberRead.objects.get()
    assert (read.user, read.via, read.employee_id) == (clerk, "certificate", leaver.id)


def test_an_issued_certificates_download_is_recorded_and_refused_to_a_viewer(
    api, employer, clerk, leaver
):
    """The kept PDF holds the full ID number as the rendered one does: a viewer may not fetch
    it, and a clerk's download is a row of the access log."""
    api.force_authenticate(clerk)
    voucher = api.post(url(leaver), {}, format="json").json()
    assert not IdNumberRead.objects.exists()
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    assert api.get(voucher["download"]).status_code == 403
    api.force_authenticate(clerk)
    assert api.get(voucher["download"]).status_code == 200
    read = IdNumberRead.objects.get()
    assert (read.via, read.employee_id, read.user_id) == ("certificate", leaver.id, clerk.id)
