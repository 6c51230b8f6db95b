"""Every admin page a clerk's day reaches, in Chromium, in each language: in zh-hans no visible
English word that is not data (a name, a code, a reference, a file name), in en no Chinese
text that is not data. Lists, change pages with each inline, the add pages, the action forms,
the import and its preview, the batch outcomes, the find box, the calendar, the landing page.

The walk signs in as a manager: a clerk's pages and the decisions a manager records on them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone, translation

from contributions.models import ContributionRule
from contributions.services import statements_compute
from employees.models import HolidayDay, Membership, Region
from filings.models import Batch, Filing
from filings.services import (
    batch_create,
    batch_submit,
    filing_confirm,
    filing_create_draft,
    filing_reject,
    filing_submit,
)
from notifications.sweep import sweep
from tests.browser.conftest import snap
from tests.browser.test_clerk_day import PASSWORD
from tests.contributions.test_services import insure, own_rule
from tests.employees.imports.sheets import HEADINGS, xlsx_bytes
from tests.factories import EmployeeFactory, EmployerFactory, make_id_number, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Names of things, not words of a language: the product, the other language's own name on
# the language switch, file formats and encodings, and the holiday package's name.
PROPER = {"hrsocsec", "English", "简体中文", "XLSX", "CSV", "PDF", "PNG", "JPEG", "Excel", "UTF"}
PROPER |= {"GB", "chinesecalendar"}
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e]+")


def words_of_data(*texts: str) -> set[str]:
    """The words of the data shown, in any case (the admin's header writes the user's name in
    capitals)."""
    found = set()
    for text in texts:
        found |= {w.lower() for w in ASCII_WORD.findall(text)} | set(CJK.findall(text))
    return found


@pytest.fixture(params=["zh-hans", "en"])
def language(request):
    return request.param


@pytest.fixture
def workday(language):
    """One employer's ordinary month: hires overdue, due and later, people insured and their
    statements, a filing of each state, a dissolve batch with its outcomes, the day's digest.
    Made in the walk's language: a batch keeps each refusal in the words its clerk saw."""
    with translation.override(language):
        return _workday()


def _workday():
    employer = EmployerFactory(name="上海示例贸易有限公司")
    manager = member(Membership.Role.MANAGER, employer, username="wang")
    clerk = member(Membership.Role.CLERK, employer, username="lin")
    today = timezone.localdate()
    people = [
        EmployeeFactory(employer=employer, name="张伟", registration_deadline=today),
        EmployeeFactory(
            employer=employer,
            name="李娜",
            registration_deadline=today - datetime.timedelta(days=5),
        ),
        EmployeeFactory(
            employer=employer,
            name="王芳",
            hire_date=today - datetime.timedelta(days=2),
            registration_deadline=today + datetime.timedelta(days=28),
        ),
    ]
    month = today.replace(day=1) - datetime.timedelta(days=1)
    month = month.replace(day=1)
    insured = [
        EmployeeFactory(
            employer=employer,
            name=name,
            hire_date=month - datetime.timedelta(days=40),
            monthly_wage=Decimal("12000"),
            contract_end_date=today + datetime.timedelta(days=20),
        )
        for name in ("刘洋", "陈静", "杨磊", "赵敏")
    ]
    for person in insured:
        insure(person, clerk, manager)
    own_rule(manager, employer, valid_from=month - datetime.timedelta(days=60))
    statements_compute(month, [p.id for p in insured])
    rejected = filing_create_draft(actor=clerk, employee=people[0], kind="register")
    filing_submit(actor=clerk, filing_id=rejected.id)
    filing_reject(actor=manager, filing_id=rejected.id, reason="缺少劳动合同")
    waiting = filing_create_draft(actor=clerk, employee=people[1], kind="register")
    filing_submit(actor=clerk, filing_id=waiting.id)
    renew = filing_create_draft(
        actor=clerk,
        employee=insured[0],
        kind="renew",
        effective_date=today,
        new_contract_end_date=today + datetime.timedelta(days=20 + 3 * 365),
    )
    filing_submit(actor=clerk, filing_id=renew.id)
    filing_confirm(actor=manager, filing_id=renew.id, agency_reference="沪社保2026-0042")
    batch = batch_create(
        actor=clerk,
        employer_id=employer.id,
        employee_ids=[insured[1].id, insured[2].id, people[2].id],  # the last is refused
        kind="dissolve",
        reason="mutual_agreement",
        effective_date=today,
    )
    batch_submit(actor=clerk, batch_id=batch.id)
    sweep(today)
    data = words_of_data(
        employer.name,
        employer.credit_code,
        employer.si_account_number,
        *User.objects.values_list("username", flat=True),
        *User.objects.values_list("email", flat=True),
        *(p.name for p in [*people, *insured]),
        *(p.email for p in [*people, *insured]),
        # What the operator typed or the data ships: the rules' sources citing the notices, the
        # regions' names in both languages (a region's page shows both).
        *ContributionRule.objects.values_list("source", flat=True),
        *Region.objects.values_list("name", flat=True),
        *Region.objects.values_list("name_en", flat=True),
        # Entered from the agency and the State Council: references, reasons, holiday names;
        # the import template's headings, which the agency's own files use.
        *Filing.objects.values_list("agency_reference", flat=True),
        *Filing.objects.values_list("rejection_reason", flat=True),
        *HolidayDay.objects.values_list("name", flat=True),
        *HEADINGS,
    )
    return {"employer": employer, "batch": Batch.objects.get(id=batch.id), "data": data}


# At 1366 px: a list's cells and the landing page's chart tables each wider than two characters
# (no label broken one character per line), and the deadline, days-left and agency-reference
# columns inside the window and not scrolled out of their list's box.
CRAMPED = """() => {
  const found = [];
  const tables = '#result_list th, #result_list td, .chart-table th, .chart-table td';
  for (const cell of document.querySelectorAll(tables)) {
    const text = cell.innerText.trim();
    const size = parseFloat(getComputedStyle(cell).fontSize);
    if (text.length >= 2 && cell.getBoundingClientRect().width < 2 * size) {
      found.push('narrow: ' + text.slice(0, 12));
    }
  }
  const wanted = '.field-deadline, .field-days_left, .field-agency_reference';
  for (const cell of document.querySelectorAll(wanted)) {
    const box = cell.closest('.results') || document.documentElement;  // it may scroll
    const edge = Math.min(window.innerWidth, box.getBoundingClientRect().right);
    if (cell.getBoundingClientRect().right > edge + 1) {
      found.push('cut off: ' + cell.className);
    }
  }
  return [...new Set(found)];
}"""


def visible_text(page) -> str:
    return page.title() + "\n" + page.locator("body").inner_text()


def stray(text: str, language: str, data: set[str]) -> list[str]:
    allowed = {w.lower() for w in PROPER} | data
    if language == "zh-hans":
        return sorted({w for w in ASCII_WORD.findall(text) if w.lower() not in allowed})
    return sorted({w for w in CJK.findall(text) if w not in allowed})


def admin_links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return [h for h in dict.fromkeys(hrefs) if h and h.startswith("/admin/")]


def walk(page, workday, language: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def read(label: str):
        page.wait_for_load_state("domcontentloaded")
        words = stray(visible_text(page), language, workday["data"])
        if words:
            found[label] = words

    def visit(url: str):
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        read(url)
        if cramped := page.evaluate(CRAMPED):
            found[url + " (layout at 1366 px)"] = cramped
        snap(
            page, f"walk-{language}-" + re.sub(r"\W+", "-", url.removeprefix("/admin/")).strip("-")
        )

    page.goto("/admin/login/")
    read("login")
    page.fill("#id_username", "wang")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    read("/admin/")
    snap(page, f"walk-{language}-dashboard")
    lists = admin_links(page, "#content-main .module tbody th a")
    lists += admin_links(page, "#content-main p.calendar-link a")
    assert len(lists) >= 8
    for url in dict.fromkeys(lists):
        visit(url)
        rows = admin_links(page, "#result_list tbody tr th a")[:2]
        adds = admin_links(page, "a.addlink")
        for row in rows:
            visit(row)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            page.evaluate(
                "document.querySelectorAll('fieldset.collapse, .collapsed')"
                ".forEach(e => e.classList.remove('collapsed'))"
            )
            read(row + " (opened)")
        for add in adds:
            visit(add)
    snap(page, f"walk-{language}-last-page")

    # The employee list's filters, and the filing actions' forms.
    visit("/admin/employees/employee/?deadline=overdue")
    visit("/admin/filings/filing/?state__exact=submitted")
    for action in ("confirm", "reject"):
        page.goto("/admin/filings/filing/?state__exact=submitted")
        page.locator("#result_list tbody input.action-select").first.check()
        page.select_option("select[name=action]", action)
        page.click("button[name=index]")
        page.wait_for_selector("input[name=action][type=hidden]", state="attached")
        read(f"filing action {action}")
    page.goto("/admin/employees/employee/?registration_state__exact=registered")
    page.locator("#result_list tbody input.action-select").first.check()
    options = page.eval_on_selector_all(
        "select[name=action] option", "els => els.map(e => e.value).filter(v => v)"
    )
    for action in options:
        if "dissolve" in action or "renew" in action:
            page.goto("/admin/employees/employee/?registration_state__exact=registered")
            page.locator("#result_list tbody input.action-select").first.check()
            page.select_option("select[name=action]", action)
            page.click("button[name=index]")
            read(f"employee action {action}")
    visit(f"/admin/filings/batch/{workday['batch'].id}/outcomes/")

    # The find box, found and not found.
    page.goto("/admin/employees/employee/")
    if page.locator("form#find-form, form[action$='find/']").count():
        form = page.locator("form[action$='find/']").first
        form.locator("input[type=text], input[type=search]").first.fill(make_id_number())
        form.locator("[type=submit]").first.click()
        read("find (no match)")

    # The import: its page and a preview with a bad row.
    page.goto("/admin/employees/employee/")
    page.click("a.import_link")
    read("import")
    return found


def write_sheet(tmp_path):
    hired = timezone.localdate().isoformat()
    rows = [["孙丽", make_id_number(), hired, "9000", ""], ["周杰", "123", hired, "9000", ""]]
    sheet = tmp_path / "hires.xlsx"
    sheet.write_bytes(xlsx_bytes(rows))
    return sheet


def import_preview(page, workday, sheet, language) -> list[str]:
    page.select_option("#id_employer", str(workday["employer"].id))
    page.set_input_files("#id_import_file", str(sheet))
    page.select_option("#id_format", index=1)
    page.click("input[name=preview]")
    page.wait_for_selector("#import-errors, #import-preview")
    return stray(visible_text(page), language, workday["data"])


def test_every_page_speaks_the_readers_language(browser, live_server, workday, tmp_path, language):
    locale = {"zh-hans": "zh-CN", "en": "en-US"}[language]
    context = browser.new_context(
        locale=locale,
        base_url=live_server.url,
        viewport={"width": 1366, "height": 900},
        extra_http_headers={"Accept-Language": locale},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        found = walk(page, workday, language)
        words = import_preview(page, workday, write_sheet(tmp_path), language)
        if words:
            found["import preview"] = words
        snap(page, f"walk-{language}-import-preview")
    finally:
        context.close()
    assert found == {}, "\n".join(f"{url}: {words}" for url, words in found.items())


def test_the_walk_fails_on_a_stray_word():
    """The check itself: an English word in Chinese text, Chinese in English, and data."""
    data = words_of_data("上海示例贸易有限公司", "wang")
    assert stray("员工 registered 上海示例贸易有限公司 wang", "zh-hans", data) == ["registered"]
    assert stray("Employee 已参保 上海示例贸易有限公司 wang", "en", data) == ["已参保"]
    assert stray("hrsocsec · English · XLSX", "zh-hans", set()) == []


def test_the_layout_check_finds_a_cramped_cell_and_a_cut_off_column(browser):
    page = browser.new_page(viewport={"width": 1366, "height": 600})
    try:
        page.set_content(
            '<table id="result_list"><tr><th style="width:8px;white-space:normal">参保状态</th>'
            '<td class="field-deadline" style="position:relative;left:1400px">2026年</td>'
            '<td style="width:100px">正常</td></tr></table>'
        )
        assert page.evaluate(CRAMPED) == ["narrow: 参保状态", "cut off: field-deadline"]
    finally:
        page.close()
