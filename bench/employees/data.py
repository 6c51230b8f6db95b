"""Employee rows as a real bulk load builds them: the product's rules, realistic values.

employee_rows() is the generator of figure A: hire date, registration state, a valid resident
ID number with the birth date and sex it encodes, the deadline from the deadline engine
(law.deadlines.registration_deadline), in COPY column order. It is deterministic for a seed,
so the baseline can load the very same rows from a list built beforehand.
"""

from __future__ import annotations

import bisect
import datetime
import math
import random
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

HISTORY_DAYS = 3650  # hire dates over the last ten years
RECENCY_DAYS = 1200  # hire density falls by e every 1200 days back: recent hires are denser
ANNUAL_ATTRITION = 0.12  # share of employments that end each year
BIRTH_FIRST = datetime.date(1960, 1, 1)
BIRTH_LAST = datetime.date(2004, 12, 31)
MIN_HIRE_AGE_YEARS = 18

# County-level division codes, as found in the first six digits of real resident ID numbers.
# Several were created after 1960: each person gets one in use in their birth year (the rule
# employees.idnumbers checks through python-stdnum).
ID_PREFIXES = (
    "110105",  # Beijing, Chaoyang
    "110108",  # Beijing, Haidian
    "310101",  # Shanghai, Huangpu
    "310104",  # Shanghai, Xuhui
    "310115",  # Shanghai, Pudong (from 1992)
    "440305",  # Shenzhen, Nanshan (from 1983)
    "440106",  # Guangzhou, Tianhe (from 1985)
    "440104",  # Guangzhou, Yuexiu
    "330106",  # Hangzhou, Xihu
    "320102",  # Nanjing, Xuanwu
    "510107",  # Chengdu, Wuhou (from 1990)
    "420106",  # Wuhan, Wuchang
    "610113",  # Xi'an, Yanta
    "120101",  # Tianjin, Heping
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彩春菊凤洁梅琳素"
    "云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉"
    "娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰"
    "爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思"
)


class EmployeeRow(NamedTuple):
    """One employees_employee row; the field order is the COPY column order."""

    employer_id: int
    name: str
    id_number: str
    birth_date: datetime.date
    sex: str
    email: str
    language: str
    hire_date: datetime.date
    contract_end_date: datetime.date | None
    separation_date: datetime.date | None
    monthly_wage: Decimal
    registration_state: str
    registration_deadline: datetime.date
    deadline_uncovered_year: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    position: str = ""


COPY_COLUMNS = EmployeeRow._fields


def hire_day_table(today: datetime.date, calendar) -> tuple[list[datetime.date], list[float]]:
    """Every day of the last ten years, with cumulative weights for sampling a hire date.

    Recent days weigh more (exponential growth); weekends and holidays weigh a tenth.
    """
    days, cumulative, total = [], [], 0.0
    for age in range(HISTORY_DAYS):
        day = today - datetime.timedelta(days=age)
        weight = math.exp(-age / RECENCY_DAYS)
        if not calendar.is_working_day(day):
            weight *= 0.1
        total += weight
        days.append(day)
        cumulative.append(total)
    return days, cumulative


def registration_state(rng: random.Random, age: int) -> str:
    """Most recent hires are unfiled; a few older ones were forgotten (overdue); old ones stop."""
    if age <= 10:
        unfiled = 0.9
    elif age <= 30:
        unfiled = 0.6
    elif age <= 60:
        unfiled = 0.1
    else:
        unfiled = 0.002
    if rng.random() < unfiled:
        return "unregistered"
    if age <= 45:
        return "registration_pending" if rng.random() < 0.4 else "registered"
    if age > 60:
        if rng.random() < 0.003:
            return "stop_pending"
        if rng.random() < 1 - (1 - ANNUAL_ATTRITION) ** (age / 365):
            return "stopped"
    return "registered"


def prefixes_in_use(year: int) -> list[str]:
    """The ID_PREFIXES python-stdnum knows as assigned in that year."""
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    in_use = []
    for prefix in ID_PREFIXES:
        body = f"{prefix}{year}0101000"
        try:
            ric.get_birth_place(body + ric.calc_check_digit(body + "0"))
        except ValidationError:
            continue
        in_use.append(prefix)
    return in_use


class IdNumbers:
    """Valid resident ID numbers, unique across the whole data set (a counter per region+day)."""

    def __init__(self, rng: random.Random):
        from stdnum.cn import ric

        self._rng = rng
        self._check = ric.calc_check_digit
        span = (BIRTH_LAST - BIRTH_FIRST).days + 1
        self.birth_dates = [BIRTH_FIRST + datetime.timedelta(days=d) for d in range(span)]
        self._birth_text = [day.strftime("%Y%m%d") for day in self.birth_dates]
        self._prefixes_in = {
            year: prefixes_in_use(year) for year in range(BIRTH_FIRST.year, BIRTH_LAST.year + 1)
        }
        self._next_sequence: Counter = Counter()

    def latest_birth_index(self, hire_date: datetime.date) -> int:
        """The index of the last birth date that makes the employee 18 on hire_date."""
        try:
            limit = hire_date.replace(year=hire_date.year - MIN_HIRE_AGE_YEARS)
        except ValueError:  # 29 February
            limit = hire_date.replace(year=hire_date.year - MIN_HIRE_AGE_YEARS, day=28)
        return min(len(self.birth_dates) - 1, (limit - BIRTH_FIRST).days)

    def make(self, latest_birth_index: int) -> tuple[str, datetime.date, str]:
        """(ID number, birth date, sex): birth date and sex are the ones the number encodes."""
        birth = self._rng.randint(0, latest_birth_index)
        prefix = self._rng.choice(self._prefixes_in[self.birth_dates[birth].year])
        key = (prefix, birth)
        sequence = self._next_sequence[key]
        self._next_sequence[key] += 1
        if sequence >= 1000:
            raise RuntimeError("more than 1000 people share a region and birth date")
        # Shuffle the order inside the day a little, so men and women alternate irregularly.
        body = f"{prefix}{self._birth_text[birth]}{(sequence * 7 + birth) % 1000:03d}"
        number = body + self._check(body + "0")
        # The product's rule (employees.idnumbers.parse_id_number): 17th digit odd for men.
        sex = "male" if int(body[16]) % 2 else "female"
        return number, self.birth_dates[birth], sex


def random_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN_CHARS, k=rng.choice((1, 2, 2))))


def monthly_wage(rng: random.Random) -> Decimal:
    """Log-normal around 8,000 yuan, never under a typical minimum wage."""
    return Decimal(f"{max(2420.0, rng.lognormvariate(9.0, 0.45)):.2f}")


def contract_end(rng: random.Random, hire: datetime.date) -> datetime.date | None:
    if rng.random() < 0.15:
        return None  # open-ended contract
    return hire + datetime.timedelta(days=365 * rng.choice((1, 3, 3, 5)) - 1)


def separation(
    rng: random.Random, state: str, hire: datetime.date, today: datetime.date
) -> datetime.date | None:
    if state == "stopped":
        return hire + datetime.timedelta(days=rng.randint(30, (today - hire).days - 30))
    if state == "stop_pending":
        return today - datetime.timedelta(days=rng.randint(0, 29))
    return None


def employee_rows(
    *,
    seed: int,
    count: int,
    employer_ids: list[int],
    weights: list[float],
    today: datetime.date,
    now: datetime.datetime,
) -> Iterator[EmployeeRow]:
    """The generator of figure A: count rows, one at a time, ready for COPY.

    `now` is passed in (not read per row) so two runs with one seed give identical rows. The
    holiday calendar is read here, at the call, not at the first row: the rows are consumed
    inside a COPY on Django's connection, which cannot run another query until it ends.
    """
    from employees.holidays import current_calendar

    calendar = current_calendar()
    table = hire_day_table(today, calendar)
    return _rows(seed, count, employer_ids, weights, today, now, calendar, table)


def _rows(seed, count, employer_ids, weights, today, now, calendar, table) -> Iterator[EmployeeRow]:
    from law.deadlines import registration_deadline

    # Every load pays for the holiday-calendar walks once per hire date, as an import would.
    deadlines = {}
    rng = random.Random(seed)
    days, cumulative = table
    ids = IdNumbers(rng)
    latest_birth = {day: ids.latest_birth_index(day) for day in days}
    employers = rng.choices(employer_ids, weights=weights, k=count)
    for number, employer_id in enumerate(employers):
        age = bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
        hire = days[age]
        state = registration_state(rng, age)
        id_number, birth, sex = ids.make(latest_birth[hire])
        if hire not in deadlines:
            deadlines[hire] = registration_deadline(hire, calendar)
        deadline = deadlines[hire]
        yield EmployeeRow(
            employer_id=employer_id,
            name=random_name(rng),
            id_number=id_number,
            birth_date=birth,
            sex=sex,
            email=f"e{number:07d}@mail.example.cn" if rng.random() < 0.6 else "",
            language="en" if rng.random() < 0.03 else "zh-hans",
            hire_date=hire,
            contract_end_date=contract_end(rng, hire),
            separation_date=separation(rng, state, hire, today),
            monthly_wage=monthly_wage(rng),
            registration_state=state,
            registration_deadline=deadline.date,
            deadline_uncovered_year=deadline.uncovered_year,
            created_at=now,
            updated_at=now,
        )


def check_sample(rows: list[EmployeeRow], rng: random.Random, today: datetime.date) -> None:
    """Run a sample through the application's own validators: the data must be acceptable.

    A sample only: parse_id_number costs about 0.1 ms a row (python-stdnum's region lookup),
    which over every row would outweigh the rest of the load.
    """
    from employees.idnumbers import parse_id_number, validate_working_age

    for row in rng.sample(rows, min(2000, len(rows))):
        parsed = parse_id_number(row.id_number, today=today)
        assert parsed.birth_date == row.birth_date, row
        assert parsed.sex == row.sex, row
        validate_working_age(row.birth_date, row.hire_date)
