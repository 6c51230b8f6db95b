# Official notice numbers are written with 〔〕 (e.g. 国办发明电〔2024〕12号); keep them verbatim.
"""Registration deadline: Social Insurance Law art. 58 + Civil Code arts. 201-203.

Every expected date below was checked by hand against the State Council General Office holiday
notices (国办发明电〔2023〕7号 for 2024, 国办发明电〔2024〕12号 for 2025, 国办发明电〔2025〕7号 for
2026), not derived from the chinesecalendar package, which only seeds the calendar counted with.
"""

from __future__ import annotations

import datetime

import pytest

from law import deadlines
from law.deadlines import hires_reaching
from law.holidays import Arrangement, Calendar, package_arrangements, statutory_holidays

SEED = package_arrangements()
CALENDAR = Calendar(SEED)


def registration_deadline(hire_date, calendar=CALENDAR):
    return deadlines.registration_deadline(hire_date, calendar)


D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
PERIOD = datetime.timedelta(days=30)
LAST_COVERED_YEAR = 2026


def _days(start: datetime.date, end: datetime.date):
    """Every day from start to end, both included."""
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


CASES = [
    # --- the two examples from the spec ---
    # 〔2024〕12号: 10-01..10-08 National Day + Mid-Autumn off, so the period ends Thu 10-09.
    pytest.param(D(2025, 9, 1), D(2025, 10, 9), None, id="spec-2025-national-day-to-oct-9"),
    # 〔2025〕7号: last day Sat 01-31 is an ordinary weekend (no make-up day), next is Mon 02-02.
    pytest.param(D(2026, 1, 1), D(2026, 2, 2), None, id="spec-2026-jan-31-saturday-to-monday"),
    # --- Spring Festival ---
    # 〔2023〕7号: Sun 2024-02-04 is a make-up working day before Spring Festival: no shift.
    pytest.param(D(2024, 1, 5), D(2024, 2, 4), None, id="2024-spring-makeup-sunday-feb-4"),
    # 〔2023〕7号: 除夕 Fri 2024-02-09 is only "encouraged" rest, not a legal holiday: no shift.
    pytest.param(D(2024, 1, 10), D(2024, 2, 9), None, id="2024-chuxi-is-a-working-day"),
    # 〔2023〕7号: 02-10..02-17 off; Sun 02-18 is a make-up working day, so it is the deadline.
    pytest.param(D(2024, 1, 12), D(2024, 2, 18), None, id="2024-spring-to-makeup-sunday"),
    # 〔2023〕7号: last day is the make-up Sunday 02-18 itself.
    pytest.param(D(2024, 1, 19), D(2024, 2, 18), None, id="2024-spring-last-day-makeup-sunday"),
    # 〔2024〕12号: Sun 2025-01-26 is a make-up working day before Spring Festival: no shift.
    pytest.param(D(2024, 12, 27), D(2025, 1, 26), None, id="2025-spring-makeup-sunday-jan-26"),
    # 〔2024〕12号: 01-28..02-04 off (除夕 now a holiday), so Fri 01-31 moves to Wed 02-05.
    pytest.param(D(2025, 1, 1), D(2025, 2, 5), None, id="2025-spring-to-feb-5"),
    # 〔2024〕12号: Sat 2025-02-08 is a make-up working day: no shift.
    pytest.param(D(2025, 1, 9), D(2025, 2, 8), None, id="2025-spring-makeup-saturday-feb-8"),
    # 〔2025〕7号: Sat 2026-02-14 is a make-up working day before Spring Festival: no shift.
    pytest.param(D(2026, 1, 15), D(2026, 2, 14), None, id="2026-spring-makeup-saturday-feb-14"),
    # 〔2025〕7号: 02-15..02-23 off (9 days), so Sun 02-15 moves to Tue 02-24.
    pytest.param(D(2026, 1, 16), D(2026, 2, 24), None, id="2026-spring-to-feb-24"),
    # 〔2025〕7号: Sat 2026-02-28 is a make-up working day after Spring Festival: no shift.
    pytest.param(D(2026, 1, 29), D(2026, 2, 28), None, id="2026-spring-makeup-saturday-feb-28"),
    # --- Qingming ---
    # 〔2023〕7号: 04-04..04-06 off; Sun 2024-04-07 is a make-up working day, so it is the deadline.
    pytest.param(D(2024, 3, 5), D(2024, 4, 7), None, id="2024-qingming-to-makeup-sunday"),
    # 〔2024〕12号: 04-04..04-06 off (Fri-Sun), so Fri 04-04 moves to Mon 04-07.
    pytest.param(D(2025, 3, 5), D(2025, 4, 7), None, id="2025-qingming-friday-to-monday"),
    # 〔2025〕7号: 04-04..04-06 off (Sat-Mon), so Sat 04-04 moves to Tue 04-07.
    pytest.param(D(2026, 3, 5), D(2026, 4, 7), None, id="2026-qingming-to-tuesday"),
    # --- Labour Day ---
    # 〔2023〕7号: Sun 2024-04-28 is a make-up working day before Labour Day: no shift.
    pytest.param(D(2024, 3, 29), D(2024, 4, 28), None, id="2024-labour-makeup-sunday-apr-28"),
    # 〔2023〕7号: 05-01..05-05 off, so Wed 05-01 moves to Mon 05-06.
    pytest.param(D(2024, 4, 1), D(2024, 5, 6), None, id="2024-labour-to-may-6"),
    # 〔2023〕7号: Sat 2024-05-11 is a make-up working day after Labour Day: no shift.
    pytest.param(D(2024, 4, 11), D(2024, 5, 11), None, id="2024-labour-makeup-saturday-may-11"),
    # 〔2024〕12号: Sun 2025-04-27 is a make-up working day before Labour Day: no shift.
    pytest.param(D(2025, 3, 28), D(2025, 4, 27), None, id="2025-labour-makeup-sunday-apr-27"),
    # 〔2024〕12号: 05-01..05-05 off, so Fri 05-02 moves to Tue 05-06.
    pytest.param(D(2025, 4, 2), D(2025, 5, 6), None, id="2025-labour-to-may-6"),
    # 〔2025〕7号: 05-01..05-05 off, so Fri 05-01 moves to Wed 05-06.
    pytest.param(D(2026, 4, 1), D(2026, 5, 6), None, id="2026-labour-to-may-6"),
    # 〔2025〕7号: Sat 2026-05-09 is a make-up working day after Labour Day: no shift.
    pytest.param(D(2026, 4, 9), D(2026, 5, 9), None, id="2026-labour-makeup-saturday-may-9"),
    # --- Dragon Boat ---
    # 〔2023〕7号: Mon 2024-06-10 off (with the weekend before), so it moves to Tue 06-11.
    pytest.param(D(2024, 5, 11), D(2024, 6, 11), None, id="2024-dragon-boat-to-tuesday"),
    # 〔2024〕12号: 05-31..06-02 off, so Sun 06-01 moves to Tue 06-03.
    pytest.param(D(2025, 5, 2), D(2025, 6, 3), None, id="2025-dragon-boat-to-tuesday"),
    # 〔2025〕7号: Fri 06-19 holiday followed by the weekend 06-20..21, so it moves to Mon 06-22.
    pytest.param(D(2026, 5, 20), D(2026, 6, 22), None, id="2026-dragon-boat-holiday-then-weekend"),
    # --- Mid-Autumn ---
    # 〔2023〕7号: Sat 2024-09-14 is a make-up working day before Mid-Autumn: no shift.
    pytest.param(D(2024, 8, 15), D(2024, 9, 14), None, id="2024-mid-autumn-makeup-saturday"),
    # 〔2023〕7号: 09-15..09-17 off, so Sun 09-15 moves to Wed 09-18.
    pytest.param(D(2024, 8, 16), D(2024, 9, 18), None, id="2024-mid-autumn-to-wednesday"),
    # 〔2025〕7号: Fri 09-25 holiday followed by the weekend 09-26..27, so it moves to Mon 09-28.
    pytest.param(D(2026, 8, 26), D(2026, 9, 28), None, id="2026-mid-autumn-holiday-then-weekend"),
    # --- National Day ---
    # 〔2023〕7号: Sun 2024-09-29 is a make-up working day before National Day: no shift.
    pytest.param(D(2024, 8, 30), D(2024, 9, 29), None, id="2024-national-makeup-sunday-sep-29"),
    # 〔2023〕7号: 10-01..10-07 off, so Tue 10-01 moves to Tue 10-08.
    pytest.param(D(2024, 9, 1), D(2024, 10, 8), None, id="2024-national-day-to-oct-8"),
    # 〔2023〕7号: Sat 2024-10-12 is a make-up working day after National Day: no shift.
    pytest.param(D(2024, 9, 12), D(2024, 10, 12), None, id="2024-national-makeup-saturday-oct-12"),
    # 〔2024〕12号: Sun 2025-09-28 is a make-up working day before National Day: no shift.
    pytest.param(D(2025, 8, 29), D(2025, 9, 28), None, id="2025-national-makeup-sunday-sep-28"),
    # 〔2024〕12号: Sat 2025-10-11 is a make-up working day after National Day: no shift.
    pytest.param(D(2025, 9, 11), D(2025, 10, 11), None, id="2025-national-makeup-saturday-oct-11"),
    # 〔2025〕7号: Sun 2026-09-20 is a make-up working day before National Day: no shift.
    pytest.param(D(2026, 8, 21), D(2026, 9, 20), None, id="2026-national-makeup-sunday-sep-20"),
    # 〔2025〕7号: 10-01..10-07 off, so Thu 10-01 moves to Thu 10-08.
    pytest.param(D(2026, 9, 1), D(2026, 10, 8), None, id="2026-national-day-to-oct-8"),
    # 〔2025〕7号: Sat 2026-10-10 is a make-up working day after National Day: no shift.
    pytest.param(D(2026, 9, 10), D(2026, 10, 10), None, id="2026-national-makeup-saturday-oct-10"),
    # --- New Year, across the year boundary ---
    # 〔2023〕7号: 2023-12-30..2024-01-01 off, so Sat 2023-12-30 moves to Tue 2024-01-02.
    pytest.param(D(2023, 11, 30), D(2024, 1, 2), None, id="2024-new-year-from-dec-30"),
    # 〔2024〕12号: Wed 2025-01-01 off (one day), so it moves to Thu 01-02.
    pytest.param(D(2024, 12, 2), D(2025, 1, 2), None, id="2025-new-year-to-jan-2"),
    # 〔2025〕7号: 01-01..01-03 off; Sun 2026-01-04 is a make-up working day, so it is the deadline.
    pytest.param(D(2025, 12, 2), D(2026, 1, 4), None, id="2026-new-year-to-makeup-sunday"),
    # 〔2025〕7号: last day is the make-up Sunday 2026-01-04 itself.
    pytest.param(D(2025, 12, 5), D(2026, 1, 4), None, id="2026-new-year-last-day-makeup-sunday"),
    # --- month ends and leap years (30 days, never "one month") ---
    # 〔2023〕7号: 2024 is a leap year, so Tue 01-30 + 30 is Thu 02-29, an ordinary working day.
    pytest.param(D(2024, 1, 30), D(2024, 2, 29), None, id="leap-2024-jan-30-to-feb-29"),
    # 〔2023〕7号: Sat 2024-03-30 is an ordinary weekend (Qingming is 04-04), so Mon 04-01.
    pytest.param(D(2024, 2, 29), D(2024, 4, 1), None, id="leap-2024-feb-29-to-apr-1"),
    # 〔2023〕7号: leap year, Jan 31 + 30 is Fri 2024-03-01, an ordinary working day.
    pytest.param(D(2024, 1, 31), D(2024, 3, 1), None, id="leap-2024-jan-31-to-mar-1"),
    # 〔2024〕12号: common year, Jan 31 + 30 is Sun 2025-03-02 (ordinary weekend), so Mon 03-03.
    pytest.param(D(2025, 1, 31), D(2025, 3, 3), None, id="2025-jan-31-sunday-to-monday"),
    # 〔2024〕12号: common year, Jan 30 + 30 is Sat 2025-03-01 (ordinary weekend), so Mon 03-03.
    pytest.param(D(2025, 1, 30), D(2025, 3, 3), None, id="2025-jan-30-saturday-to-monday"),
    # 〔2025〕7号: common year, Jan 30 + 30 is Sun 2026-03-01 (ordinary weekend), so Mon 03-02.
    pytest.param(D(2026, 1, 30), D(2026, 3, 2), None, id="2026-jan-30-sunday-to-monday"),
    # --- ordinary days ---
    # 〔2024〕12号: Wed 2025-04-09 is an ordinary working day: no shift.
    pytest.param(D(2025, 3, 10), D(2025, 4, 9), None, id="plain-weekday-no-shift"),
    # 〔2024〕12号: Sun 2025-07-13 is an ordinary weekend (no holiday in July), so Mon 07-14.
    pytest.param(D(2025, 6, 13), D(2025, 7, 14), None, id="plain-sunday-to-monday"),
    # 〔2025〕7号: Thu 2026-12-31 is an ordinary working day; no 2027 day is looked at.
    pytest.param(D(2026, 12, 1), D(2026, 12, 31), None, id="2026-dec-31-no-fallback"),
    # --- fallback: years no arrangement covers (weekends and statutory holidays, provisional) ---
    # No 2027 notice yet: Mon 2027-01-04 is a weekday, so it is the deadline, with a warning.
    pytest.param(D(2026, 12, 5), D(2027, 1, 4), 2027, id="fallback-2027-weekday"),
    # No 2027 notice yet: Sat 2027-01-02 is a weekend, so Mon 01-04, with a warning.
    pytest.param(D(2026, 12, 3), D(2027, 1, 4), 2027, id="fallback-2027-saturday-to-monday"),
    # No 2027 notice yet: Sat 2027-01-09 is a weekend, so Mon 01-11, with a warning.
    pytest.param(D(2026, 12, 10), D(2027, 1, 11), 2027, id="fallback-2027-jan-9-to-monday"),
    # No 2027 notice yet: Fri 2027-01-01 is New Year's Day by law, then the weekend: Mon 01-04.
    pytest.param(D(2026, 12, 2), D(2027, 1, 4), 2027, id="fallback-2027-new-year-by-law"),
    # No 2027 notice yet: Spring Festival eve to the 3rd day (02-05..02-08) by law: Tue 02-09.
    pytest.param(D(2027, 1, 6), D(2027, 2, 9), 2027, id="fallback-2027-spring-festival-by-law"),
    # No 2027 notice yet: Qingming Mon 2027-04-05 by law, so Tue 04-06.
    pytest.param(D(2027, 3, 6), D(2027, 4, 6), 2027, id="fallback-2027-qingming-by-law"),
    # No 2027 notice yet: Mid-Autumn Wed 2027-09-15 by law, so Thu 09-16.
    pytest.param(D(2027, 8, 16), D(2027, 9, 16), 2027, id="fallback-2027-mid-autumn-by-law"),
    # Before coverage (2004-): Sun 2003-04-06 is a weekend, so Mon 04-07, with a warning.
    pytest.param(D(2003, 3, 7), D(2003, 4, 7), 2003, id="fallback-2003-sunday-to-monday"),
]


@pytest.mark.parametrize(("hire_date", "expected", "warning_year"), CASES)
def test_registration_deadline(
    hire_date: datetime.date, expected: datetime.date, warning_year: int | None
) -> None:
    deadline = registration_deadline(hire_date)

    assert deadline.date == expected
    assert deadline.uncovered_year == warning_year


def test_table_has_enough_cases() -> None:
    """The table holds at least 24 hand-checked dated cases."""
    assert len(CASES) >= 24


def test_warns_only_when_last_covered_year_rolls_into_uncovered_year() -> None:
    """Hires late in 2026 warn exactly when the last day (hire + 30) falls in 2027."""
    for hire in _days(D(2026, 11, 1), D(2026, 12, 31)):
        deadline = registration_deadline(hire)
        last_day = hire + PERIOD
        if last_day.year == LAST_COVERED_YEAR:
            assert deadline.uncovered_year is None, hire
        else:
            assert deadline.uncovered_year == 2027, hire


def test_rolling_from_covered_rest_day_into_uncovered_year_warns() -> None:
    """A covered rest day warns once the roll-forward reaches an uncovered day."""
    # Pretend 2026-12-31 were a holiday so the search has to step into 2027, where New Year's
    # Day (by law) and the weekend follow.
    seed = SEED[2026]
    changed = Arrangement(2026, {**seed.off_days, D(2026, 12, 31): "元旦"}, seed.work_days)
    calendar = Calendar({**SEED, 2026: changed})

    deadline = deadlines.first_working_day_from(D(2026, 12, 31), calendar)

    assert deadline.date == D(2027, 1, 4)
    assert deadline.uncovered_year == 2027


def test_an_arrangement_entered_for_2027_replaces_the_provisional_count() -> None:
    """Once 2027's days are known (here a make-up working Saturday 2027-01-02, for the test),
    the deadline follows them and is no longer provisional."""
    calendar = Calendar(
        {**SEED, 2027: Arrangement(2027, {D(2027, 1, 1): "元旦"}, {D(2027, 1, 2): "元旦"})}
    )
    deadline = registration_deadline(D(2026, 12, 2), calendar)
    assert (deadline.date, deadline.uncovered_year) == (D(2027, 1, 2), None)
    assert not deadline.provisional
    assert registration_deadline(D(2026, 12, 2)).provisional


def test_the_hires_a_year_can_reach_cover_every_deadline_looking_at_it() -> None:
    """Every hire whose count looked at 2026 lies in hires_reaching(2026), and none outside it
    looked at 2026 (its 2026 arrangement could not have moved them)."""
    first, last = hires_reaching(2026)
    for hire in _days(D(2025, 10, 1), D(2027, 1, 31)):
        deadline = registration_deadline(hire)
        looked_at_2026 = (hire + PERIOD).year <= 2026 <= deadline.date.year
        if looked_at_2026:
            assert first <= hire <= last, hire


def test_hire_in_uncovered_year_does_not_warn_when_only_covered_days_are_looked_at() -> None:
    """A 2003 hire whose last day is an ordinary 2004 weekday (Wed 2004-01-14) has no warning."""
    deadline = registration_deadline(D(2003, 12, 15))

    assert deadline.date == D(2004, 1, 14)
    assert deadline.uncovered_year is None


def test_hires_in_2003_fall_back_to_the_statutory_holidays_and_name_2003() -> None:
    """Every 2003 period ending in 2003 counts weekends and the holidays of the measures then in
    force (May Day 1-3, no Qingming), and names 2003."""
    holidays = statutory_holidays(2003)
    assert D(2003, 5, 3) in holidays
    assert D(2003, 4, 5) not in holidays
    for hire in _days(D(2003, 1, 1), D(2003, 12, 1)):
        last_day = hire + PERIOD
        expected = last_day
        while expected.weekday() >= 5 or expected in holidays:
            expected += ONE_DAY

        deadline = registration_deadline(hire)

        assert deadline.date == expected, hire
        assert deadline.uncovered_year == 2003, hire


def _is_working_day(day: datetime.date) -> bool:
    """The seeded arrangement where there is one, weekends and statutory holidays after it."""
    if day.year > LAST_COVERED_YEAR:
        return day.weekday() < 5 and day not in statutory_holidays(day.year)
    arrangement = SEED[day.year]
    return day in arrangement.work_days or (day.weekday() < 5 and day not in arrangement.off_days)


def test_invariants_for_every_hire_date_2024_to_2026() -> None:
    """Each deadline is the first working day on or after hire + 30, at most 10 days later."""
    previous = None
    for hire in _days(D(2024, 1, 1), D(2026, 12, 31)):
        last_day = hire + PERIOD
        deadline = registration_deadline(hire)

        assert deadline.date >= last_day, hire
        assert (deadline.date - last_day).days <= 10, hire
        assert _is_working_day(deadline.date), hire
        for day in _days(last_day, deadline.date - ONE_DAY):
            assert not _is_working_day(day), (hire, day)
        looked_at_uncovered = deadline.date.year > LAST_COVERED_YEAR
        assert (deadline.uncovered_year is not None) == looked_at_uncovered, hire
        if previous is not None:
            assert deadline.date >= previous, hire
        previous = deadline.date


@pytest.mark.parametrize(
    ("separated", "expected", "provisional_year"),
    [
        # Fri 2026-12-25, an ordinary working day (Christmas is none in China).
        pytest.param(D(2026, 12, 10), D(2026, 12, 25), None, id="plain-weekday"),
        # Sat 2026-11-28: the Monday after.
        pytest.param(D(2026, 11, 13), D(2026, 11, 30), None, id="saturday-to-monday"),
        # 〔2025〕7号: 10-01..10-07 off, so Thu 10-01 moves to Thu 10-08.
        pytest.param(D(2026, 9, 16), D(2026, 10, 8), None, id="national-day"),
        # 2027-01-01 New Year's Day by law, then the weekend; no 2027 notice: provisional.
        pytest.param(D(2026, 12, 17), D(2027, 1, 4), 2027, id="new-year-provisional"),
    ],
)
def test_the_transfer_duty_runs_15_days_from_the_separation(separated, expected, provisional_year):
    """Labour Contract Law art. 50, counted as the Civil Code counts periods."""
    deadline = deadlines.transfer_deadline(separated, CALENDAR)
    assert (deadline.date, deadline.uncovered_year) == (expected, provisional_year)
