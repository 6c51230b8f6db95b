"""The spreadsheet's columns: which headings name which field, in Chinese or English."""

import re

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# field: (the heading a template shows, every heading accepted, required)
COLUMNS = {
    "name": (pgettext_lazy("of a person", "name"), ("姓名", "name", "full name", "员工姓名"), True),
    "id_number": (
        _("resident ID number"),
        ("身份证号码", "身份证号", "公民身份号码", "证件号码", "resident id number", "id number"),
        True,
    ),
    "hire_date": (_("hire date"), ("入职日期", "用工日期", "hire date", "start date"), True),
    "monthly_wage": (
        _("monthly wage"),
        ("月工资", "工资", "月薪", "monthly wage", "wage", "salary"),
        True,
    ),
    "position": (_("position"), ("岗位", "职位", "工作岗位", "position", "job title"), False),
    "contract_start_date": (
        _("contract start date"),
        ("合同开始日期", "合同起始日期", "合同签订日期", "contract start date", "contract start"),
        False,
    ),
    "contract_end_date": (
        _("contract end date"),
        ("合同到期日", "合同终止日期", "合同结束日期", "contract end date", "contract end"),
        False,
    ),
    "email": (_("email"), ("邮箱", "电子邮箱", "email", "e-mail"), False),
    "language": (_("language"), ("语言", "language"), False),
}
REQUIRED = [field for field, (_title, _names, required) in COLUMNS.items() if required]


def _key(heading) -> str:
    text = "" if heading is None else str(heading)
    return re.sub(r"[\s_\-*:：（）()]+", " ", text).strip().lower()


ALIASES = {_key(name): field for field, (_t, names, _r) in COLUMNS.items() for name in names}
ALIASES.update({_key(field): field for field in COLUMNS})


def field_for(heading) -> str | None:
    return ALIASES.get(_key(heading))


def heading(field: str) -> str:
    """The heading the template writes: a clerk's usual Chinese one, or the English title."""
    title, names, _required = COLUMNS[field]
    return names[0] if (get_language() or "").startswith("zh") else str(title)
