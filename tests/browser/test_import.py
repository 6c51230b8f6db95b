"""The import in Chromium: a small spreadsheet with one bad row shows that row's error by row
and column, saves nothing; fixed, it previews the hires and the confirmation saves them."""

import datetime

import pytest
from django.utils import timezone

from employees.models import Employee, Membership
from tests.browser.conftest import snap
from tests.browser.test_clerk_day import log_in
from tests.employees.imports.sheets import xlsx_bytes
from tests.factories import EmployerFactory, make_id_number, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_spreadsheet_with_one_bad_row_shows_its_error_then_imports_once_fixed(page, tmp_path):
    employer = EmployerFactory(name="Cedar Logistics Ltd")
    member(Membership.Role.CLERK, employer, username="qian")
    hired = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    good = [[f"New Hire {n}", make_id_number(), hired, "9000", ""] for n in range(2)]
    bad = ["Typo Person", make_id_number()[:-1] + "Z", hired, "9000", ""]
    sheet = tmp_path / "hires.xlsx"
    sheet.write_bytes(xlsx_bytes([good[0], bad, good[1]]))

    log_in(page, "qian")
    page.goto("/admin/employees/employee/")
    page.click("a.import_link")
    page.select_option("#id_employer", str(employer.id))
    page.set_input_files("#id_import_file", str(sheet))
    page.select_option("#id_format", label="XLSX (Excel)")
    page.click("input[name=preview]")
    page.wait_for_selector("#import-errors")
    error = page.locator("#import-errors tr.import-error")
    assert error.count() == 1
    assert error.get_attribute("data-row") == "3"
    cells = error.locator("td").all_inner_texts()
    assert cells[1] == "身份证号码"
    assert "17 digits followed by a digit or X" in cells[2]
    snap(page, "7-import-bad-row")
    assert not Employee.objects.exists()

    fixed = tmp_path / "hires-fixed.xlsx"
    fixed.write_bytes(xlsx_bytes(good))
    page.select_option("#id_employer", str(employer.id))
    page.set_input_files("#id_import_file", str(fixed))
    page.select_option("#id_format", label="XLSX (Excel)")
    page.click("input[name=preview]")
    page.wait_for_selector("#import-preview")
    assert page.locator("#import-preview tbody tr").count() == 2
    snap(page, "8-import-preview")
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist")
    assert "2 employees imported" in page.locator(".messagelist").inner_text()
    snap(page, "9-imported")
    assert sorted(Employee.objects.values_list("name", flat=True)) == ["New Hire 0", "New Hire 1"]
