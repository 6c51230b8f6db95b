import datetime
import stat
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from employees.imports.resource import EmployeeImportResource, ImportRowError
from employees.imports.storage import IMPORT_FOLDER
from employees.models import Employee, EmployeeEvent, Membership
from tests.employees.imports.sheets import csv_bytes, xlsx_bytes
from tests.factories import EmployeeFactory, EmployerFactory, make_id_number, member

pytestmark = pytest.mark.django_db
IMPORT = "/admin/employees/employee/import/"
CONFIRM = "/admin/employees/employee/process_import/"
XLSX_FORMAT, CSV_FORMAT = "0", "1"


def rows(n=3, hired=None):
    hired = hired or timezone.localdate() - datetime.timedelta(days=5)
    return [[f"员工{i}", make_id_number(), hired.isoformat(), "8500", "销售"] for i in range(n)]


def upload(client, employer, content, fmt=XLSX_FORMAT, name="staff.xlsx"):
    return client.post(
        IMPORT,
        {
            "employer": employer.id,
            "format": fmt,
            "resource": "0",
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(CONFIRM, {name: form[name].value() for name in form.fields})


def test_a_preview_saves_nothing_and_the_confirmation_hires_each_row(client, employer, clerk):
    client.force_login(clerk)
    sheet = rows(3)
    preview = upload(client, employer, xlsx_bytes(sheet))
    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    html = preview.content.decode()
    assert sheet[0][1] not in html  # masked in the preview
    assert f"{sheet[0][1][:6]}********{sheet[0][1][-4:]}" in html
    assert not Employee.objects.exists()

    done = confirm(client, preview)
    assert done.status_code == 302
    hired = Employee.objects.filter(employer=employer)
    assert sorted(hired.values_list("id_number", flat=True)) == sorted(r[1] for r in sheet)
    assert EmployeeEvent.objects.filter(action="hired", actor=clerk).count() == 3
    first = hired.get(id_number=sheet[0][1])
    assert first.registration_deadline > first.hire_date  # counted by the hire service


def test_pudong_numbers_of_people_born_before_pudong_are_imported(client, employer, clerk):
    """310115 (Pudong New Area) dates from 1992; people born in 1988 and 1990 hold it, since the
    code is where the number was assigned (GB 11643-1999)."""
    client.force_login(clerk)
    sheet = rows(2)
    sheet[0][1] = make_id_number(datetime.date(1988, 3, 15), region="310115")
    sheet[1][1] = make_id_number(datetime.date(1990, 7, 1), region="310115")
    preview = upload(client, employer, xlsx_bytes(sheet))
    assert preview.context["confirm_form"] is not None, preview.content.decode()[:2000]
    assert confirm(client, preview).status_code == 302
    assert sorted(Employee.objects.values_list("id_number", flat=True)) == sorted(
        r[1] for r in sheet
    )


def test_the_position_and_the_contracts_start_are_imported(client, employer, clerk):
    """The certificate's items come in with the import: 岗位 and 合同开始日期 columns."""
    client.force_login(clerk)
    headings = ["姓名", "身份证号码", "入职日期", "月工资", "岗位", "合同开始日期", "合同到期日"]
    hired = timezone.localdate() - datetime.timedelta(days=5)
    sheet = [["李雷", make_id_number(), hired.isoformat(), "9000", "出纳", hired.isoformat(), ""]]
    preview = upload(client, employer, xlsx_bytes(sheet, headings=headings))
    assert preview.context["confirm_form"] is not None, preview.content.decode()[:2000]
    confirm(client, preview)
    person = Employee.objects.get(employer=employer)
    assert (person.position, person.contract_start_date) == ("出纳", hired)


def test_a_bad_row_is_named_by_row_column_and_reason_and_nothing_is_saved(client, employer, clerk):
    client.force_login(clerk)
    sheet = rows(3)
    sheet[1][1] = sheet[1][1][:-1] + ("0" if sheet[1][1][-1] != "0" else "1")  # check char
    sheet[2][2] = "2026-02-30"
    preview = upload(client, employer, csv_bytes(sheet), CSV_FORMAT, "staff.csv")
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is None
    errors = [
        (row.number + 1, column, " ".join(messages))
        for row in preview.context["result"].invalid_rows
        for column, messages in row.field_specific_errors.items()
    ]
    assert [(r, c) for r, c, _m in errors] == [(3, "身份证号码"), (4, "入职日期")]
    assert "check character" in errors[0][2]
    assert "2026-07-01" in errors[1][2]
    html = preview.content.decode()
    assert "row 3" in html
    assert sheet[1][1] not in html  # not even the bad number is echoed back
    assert not Employee.objects.exists()


def test_the_same_person_twice_in_one_file_names_the_first_row(client, employer, clerk):
    client.force_login(clerk)
    sheet = rows(2)
    sheet[1][1] = sheet[0][1]
    preview = upload(client, employer, xlsx_bytes(sheet))
    [row] = preview.context["result"].invalid_rows
    same = "The same ID number is on row 2 of this file."
    assert row.field_specific_errors["身份证号码"] == [same]


def test_someone_already_employed_is_refused(client, employer, clerk):
    existing = EmployeeFactory(employer=employer)
    client.force_login(clerk)
    sheet = rows(1)
    sheet[0][1] = existing.id_number
    preview = upload(client, employer, xlsx_bytes(sheet))
    [row] = preview.context["result"].invalid_rows
    assert "already has an open employment" in row.field_specific_errors["身份证号码"][0]


def test_an_id_number_excel_turned_into_a_number_is_explained(client, employer, clerk):
    client.force_login(clerk)
    sheet = rows(1)
    sheet[0][1] = int(sheet[0][1][:17] + "0") if sheet[0][1][-1] != "X" else 110105199005170000
    preview = upload(client, employer, xlsx_bytes(sheet))
    [row] = preview.context["result"].invalid_rows
    assert "format the column as Text" in row.field_specific_errors["身份证号码"][0]


def test_a_formula_is_refused_not_imported(client, employer, clerk):
    client.force_login(clerk)
    sheet = rows(1)
    sheet[0][0] = '=HYPERLINK("http://example.com","x")'
    preview = upload(client, employer, csv_bytes(sheet), CSV_FORMAT, "staff.csv")
    [row] = preview.context["result"].invalid_rows
    assert "formula" in row.field_specific_errors["姓名"][0]
    assert not Employee.objects.exists()


def test_a_file_over_the_size_cap_is_refused(client, employer, clerk, settings):
    settings.EMPLOYEE_IMPORT_MAX_BYTES = 100
    client.force_login(clerk)
    preview = upload(client, employer, xlsx_bytes(rows(3)))
    assert "larger than" in str(preview.context["form"].errors["import_file"])


def test_a_file_that_is_not_a_workbook_gets_a_plain_error(client, employer, clerk):
    client.force_login(clerk)
    preview = upload(client, employer, b"%PDF-1.4 not a sheet")
    assert "not an XLSX workbook" in str(preview.context["form"].errors["import_file"])


def test_another_employer_cannot_be_chosen(client, clerk):
    client.force_login(clerk)
    elsewhere = EmployerFactory()
    preview = upload(client, elsewhere, xlsx_bytes(rows(1)))
    assert "employer" in preview.context["form"].errors
    assert not Employee.objects.exists()


def test_the_confirmation_belongs_to_the_uploader_and_its_employer(client, employer, clerk):
    client.force_login(clerk)
    preview = upload(client, employer, xlsx_bytes(rows(1)))
    form = preview.context["confirm_form"]
    body = {name: form[name].value() for name in form.fields}
    colleague = member(Membership.Role.CLERK, employer)
    client.force_login(colleague)
    assert client.post(CONFIRM, body).status_code == 200  # refused: upload again
    client.force_login(clerk)
    other = EmployerFactory()
    Membership.objects.create(user=clerk, employer=other, role="viewer")
    assert client.post(CONFIRM, {**body, "employer": other.id}).status_code == 200
    assert client.post(CONFIRM, {**body, "import_file_name": "x" + body["import_file_name"]})
    assert not Employee.objects.exists()
    assert client.post(CONFIRM, body).status_code == 302
    assert Employee.objects.filter(employer=employer).count() == 1


def test_a_viewer_may_not_import(client, employer):
    client.force_login(member(Membership.Role.VIEWER, employer))
    assert client.get(IMPORT).status_code == 403
    assert client.get(f"{IMPORT}template/").status_code == 403


def test_the_template_has_the_headings_and_a_text_id_column(client, clerk):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(clerk)
    response = client.get(f"{IMPORT}template/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["姓名", "身份证号码", "入职日期", "月工资"]
    assert sheet["B2"].number_format == "@"


def test_confirming_twice_or_tampering_with_the_format_asks_for_the_file_again(
    client, employer, clerk
):
    client.force_login(clerk)
    preview = upload(client, employer, xlsx_bytes(rows(1)))
    form = preview.context["confirm_form"]
    body = {name: form[name].value() for name in form.fields}
    for bad in ("9", "x"):
        assert client.post(CONFIRM, {**body, "format": bad}).status_code == 200
    assert client.post(CONFIRM, {**body, "format": CSV_FORMAT}).status_code == 302
    assert not Employee.objects.exists()  # an XLSX read as CSV is refused, not guessed

    preview = upload(client, employer, xlsx_bytes(rows(1)))
    form = preview.context["confirm_form"]
    body = {name: form[name].value() for name in form.fields}
    assert client.post(CONFIRM, body).status_code == 302
    again = client.post(CONFIRM, body, follow=True)
    assert again.redirect_chain[-1][0] == IMPORT
    assert "Upload the file again" in again.content.decode()
    assert Employee.objects.count() == 1


def test_rows_are_numbered_as_the_spreadsheet_numbers_them_blank_ones_included(
    client, employer, clerk
):
    client.force_login(clerk)
    sheet = rows(2)
    sheet[1][2] = "not a date"
    preview = upload(client, employer, xlsx_bytes([sheet[0], [None] * 5, sheet[1]]))
    [row] = preview.context["result"].invalid_rows
    assert row.number + 1 == 4


def test_two_empty_id_numbers_are_each_required_not_duplicates(client, employer, clerk):
    client.force_login(clerk)
    sheet = rows(2)
    sheet[0][1] = sheet[1][1] = ""
    preview = upload(client, employer, xlsx_bytes(sheet))
    messages = [
        r.field_specific_errors["身份证号码"][0] for r in preview.context["result"].invalid_rows
    ]
    assert len(messages) == 2
    assert not any("same ID number" in m for m in messages)


def stored_uploads(media) -> list:
    folder = media / IMPORT_FOLDER
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_refused_upload_is_deleted_at_once_and_a_previewed_one_is_0600(
    client, employer, clerk, media
):
    """Rows in error, or a file that is not a workbook: nothing can be confirmed, so the
    upload (personal data) is gone with the answer; a clean preview's waits, unreadable to
    other users of the server, and the confirmation removes it."""
    client.force_login(clerk)
    bad = rows(2)
    bad[1][2] = "2026-02-30"
    refused = upload(client, employer, xlsx_bytes(bad))
    assert "row 3" in refused.content.decode()
    assert stored_uploads(media) == []
    upload(client, employer, b"PK\x03\x04 not really", name="x.xlsx")
    assert stored_uploads(media) == []
    preview = upload(client, employer, xlsx_bytes(rows(1)))
    [waiting] = stored_uploads(media)
    assert stat.S_IMODE(waiting.stat().st_mode) == 0o600
    assert stat.S_IMODE(waiting.parent.stat().st_mode) == 0o700
    assert confirm(client, preview).status_code == 302
    assert stored_uploads(media) == []


def test_a_row_refused_at_the_confirmation_reads_as_the_preview_does(client, employer, clerk):
    """The same person hired by hand between preview and confirmation: the page names the
    column and says why, in words."""
    client.force_login(clerk)
    sheet = rows(1)
    preview = upload(client, employer, xlsx_bytes(sheet))
    EmployeeFactory(employer=employer, id_number=sheet[0][1])
    html = confirm(client, preview).content.decode()
    assert "ValidationError" not in html
    assert "<td>身份证号码</td><td>This person already has an open employment" in html
    assert Employee.objects.filter(employer=employer).count() == 1


def test_a_refusal_while_saving_a_row_is_the_clerks_wording_not_a_repr(employer, clerk):
    """Past every check, the hire itself refuses (another request hired the person in the
    same instant): the row's error is "column: why", never ``[ValidationError([...])]``."""
    taken = EmployeeFactory(employer=employer)
    resource = EmployeeImportResource(employer=employer, actor=clerk)
    resource.before_import(tablib.Dataset())
    values = {
        "name": "王芳",
        "id_number": taken.id_number,
        "hire_date": timezone.localdate(),
        "monthly_wage": Decimal("8500"),
    }
    with pytest.raises(ImportRowError) as refused:
        resource.do_instance_save(Employee(employer=employer, **values), is_create=True)
    assert str(refused.value).startswith("resident ID number: This person already has")
    assert "ValidationError" not in str(refused.value)
