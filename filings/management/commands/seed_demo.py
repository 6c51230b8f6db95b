"""A demo employer with ~50 employees whose deadlines are overdue, due this week, due later or
done, and a demo HR user. Safe to run again: it only resets the demo user's password."""

import datetime
import secrets
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token
from stdnum.cn import ric, uscc

from employees import services
from employees.models import Employer, Region
from employees.workflow import RegistrationState as S
from filings import services as filings

DEMO_USERNAME = "hr"
DEMO_CREDIT_BODY = "91310115MA1K4DEM7"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "杰", "娟", "涛", "明", "超", "秀英"]
# (how many, days since hire, registration state): overdue, due this week, due later, done.
PLAN = (
    [(1, 31 + i * 4, S.UNREGISTERED) for i in range(10)]
    + [(1, 30 - i, S.UNREGISTERED) for i in range(8)]
    + [(1, 20 - i * 2, S.UNREGISTERED) for i in range(10)]
    + [(1, 60 + i * 55, S.REGISTERED) for i in range(18)]
    + [(1, 12 + i, S.REGISTRATION_PENDING) for i in range(2)]
    + [(1, 400 + i * 90, S.STOP_PENDING) for i in range(2)]
)
# How each state is reached through filings, as a clerk and the agency would (the state is
# always explained by the filings): register submitted, confirmed; dissolve submitted.
PATH = {
    S.UNREGISTERED: [],
    S.REGISTRATION_PENDING: ["register"],
    S.REGISTERED: ["register", "confirm"],
    S.STOP_PENDING: ["register", "confirm", "dissolve"],
}


def demo_id_number(n: int) -> str:
    birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=n * 211)
    body = f"310101{birth:%Y%m%d}{n % 999 + 1:03d}"
    return body + ric.calc_check_digit(body + "0")


class Command(BaseCommand):
    help = "Create the demo employer, employees and HR user; print how to log in."

    def handle(self, *args, **options):
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "hr@demo.example", "is_staff": True}
        )
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        token, _ = Token.objects.get_or_create(user=user)
        credit_code = DEMO_CREDIT_BODY + uscc.calc_check_digit(DEMO_CREDIT_BODY + "0")
        if not Employer.objects.filter(credit_code=credit_code, memberships__user=user).exists():
            self._create_demo(user, credit_code)
        self.stdout.write(f"Demo HR user: {DEMO_USERNAME} / {password}\nAPI token: {token.key}\n")

    @transaction.atomic
    def _create_demo(self, user, credit_code):
        employer = services.employer_create(
            actor=None,  # the operator, at the server's console
            first_manager=user,
            name="示例科技（上海）有限公司",
            credit_code=credit_code,
            region=Region.objects.get(code="310000"),
            si_account_number="31000012345678",
            hr_emails=["hr@demo.example"],
        )
        today = timezone.localdate()
        for n, (_, days_ago, state) in enumerate(PLAN):
            hire_date = today - datetime.timedelta(days=days_ago)
            employee = services.employee_hire(
                actor=user,
                employer=employer,
                name=SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)],
                id_number=demo_id_number(n),
                email=f"employee{n}@demo.example",
                language="en" if n % 5 == 0 else "zh-hans",
                hire_date=hire_date,
                contract_end_date=hire_date + datetime.timedelta(days=3 * 365),
                monthly_wage=Decimal(8000 + n * 350),
            )
            for step in PATH[state]:
                self._file(user, employee, step, today)
        self.stdout.write(f"Created {employer.name} with {len(PLAN)} employees.")

    def _file(self, user, employee, step, today):
        if step == "confirm":
            filing = employee.filings.get(kind="register", state="submitted")
            filings.filing_confirm(actor=user, filing_id=filing.id, agency_reference="DEMO")
            return
        fields = {"kind": step}
        if step == "dissolve":
            fields |= {"reason": "mutual_agreement", "effective_date": today + timedelta(days=15)}
        employee.refresh_from_db()
        draft = filings.filing_create_draft(actor=user, employee=employee, **fields)
        filings.filing_submit(actor=user, filing_id=draft.id, note="demo data")
