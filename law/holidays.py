"""The holiday calendar, as data: each year's State Council arrangement (its holidays and its
make-up working days), and for a year no notice covers yet the holidays fixed by law.

The State Council publishes next year's arrangement each November or December as a notice with a
number and a date; an operator enters or loads it (employees.services.holidays), and the
``chinesecalendar`` package seeds the years it carries. For a year without an arrangement the
rest days are the weekends and the statutory holidays of 全国年节及纪念日放假办法 art. 2 (as revised
in 2024, in force from 2025; the lunar ones computed with ``lunar_python``). Such a year's
deadlines are provisional: the make-up working days are unknowable before the notice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lunar_python import Lunar

# The names of holiday-cn's files (and of the notices), with their English for display.
NAMES = {
    "元旦": gettext_lazy("New Year's Day"),
    "春节": gettext_lazy("Spring Festival"),
    "清明节": gettext_lazy("Qingming Festival"),
    "劳动节": gettext_lazy("Labour Day"),
    "端午节": gettext_lazy("Dragon Boat Festival"),
    "中秋节": gettext_lazy("Mid-Autumn Festival"),
    "国庆节": gettext_lazy("National Day"),
    "中秋节、国庆节": gettext_lazy("Mid-Autumn Festival and National Day"),
    "抗战胜利纪念日": gettext_lazy("Victory Day of the War of Resistance"),
}
# chinesecalendar's English names, turned into the notices' names when it seeds a year.
PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
# The revisions of 全国年节及纪念日放假办法 art. 2: 2008 added Qingming, Dragon Boat and
# Mid-Autumn and cut Labour Day to one day; 2025 (the 2024 revision) added Spring Festival eve
# and 2 May.
REVISION_2008, REVISION_2025 = 2008, 2025
FIRST_YEAR, LAST_YEAR = 1990, 2100


def display_name(name: str) -> str:
    """A holiday's name in the active language."""
    return str(NAMES.get(name, name))


@dataclass(frozen=True)
class Arrangement:
    """One year's arrangement: each rest day and each make-up working day, with the name of
    the holiday it belongs to."""

    year: int
    off_days: Mapping[datetime.date, str]
    work_days: Mapping[datetime.date, str] = field(default_factory=dict)

    def days(self) -> list[tuple[datetime.date, str, bool]]:
        """(date, name, is off day), in date order: the holiday-cn layout's days."""
        both = [(d, n, True) for d, n in self.off_days.items()]
        both += [(d, n, False) for d, n in self.work_days.items()]
        return sorted(both)


def _lunar(year: int, month: int, day: int) -> datetime.date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def statutory_holidays(year: int) -> dict[datetime.date, str]:
    """The public holidays the law itself fixes for ``year`` (art. 2 of the measures in force
    that year), without the days the State Council adds around them."""
    spring = _lunar(year, 1, 1)
    days = {datetime.date(year, 1, 1): "元旦"}
    first_spring = -1 if year >= REVISION_2025 else 0  # from 2025, the eve is a holiday
    for offset in range(first_spring, 3):
        days[spring + datetime.timedelta(days=offset)] = "春节"
    days[datetime.date(year, 5, 1)] = "劳动节"
    if year >= REVISION_2025 or year < REVISION_2008:
        days[datetime.date(year, 5, 2)] = "劳动节"
    if year < REVISION_2008:
        days[datetime.date(year, 5, 3)] = "劳动节"
    else:
        qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
        days[datetime.date(qingming.getYear(), qingming.getMonth(), qingming.getDay())] = "清明节"
        days[_lunar(year, 5, 5)] = "端午节"
        days[_lunar(year, 8, 15)] = "中秋节"
    for day in (1, 2, 3):
        days[datetime.date(year, 10, day)] = "国庆节"
    return dict(sorted(days.items()))


def statutory_arrangement(year: int) -> Arrangement:
    """A year no notice covers: the statutory holidays alone, no make-up working days."""
    return Arrangement(year, statutory_holidays(year))


def _iso_date(value: object) -> datetime.date | None:
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class DayError:
    """What is wrong with one entry of a year's days (index None: the file as a whole)."""

    index: int | None
    message: str


def arrangement_errors(year: object, days: Iterable[Mapping]) -> list[DayError]:
    """Every error of a year's days in holiday-cn's layout (``{"name", "date", "isOffDay"}``),
    one per bad entry: dates inside the year, no date twice, make-up working days that are
    weekends, and every statutory holiday of the year a day off."""
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        return [DayError(None, _("The year must be a whole number from 1990 to 2100."))]
    errors, seen = [], {}
    for index, entry in enumerate(days):
        problem = None
        if not isinstance(entry, Mapping):
            problem = _("Each day is an object with name, date and isOffDay.")
        elif not isinstance(entry.get("name"), str) or not entry["name"].strip():
            problem = _("The holiday's name is missing.")
        elif not isinstance(entry.get("isOffDay"), bool):
            problem = _("isOffDay must be true (a day off) or false (a make-up working day).")
        else:
            day = _iso_date(entry.get("date"))
            if day is None:
                problem = _("The date must be a real date written YYYY-MM-DD.")
            elif day.year != year:
                problem = _("%(date)s is not in %(year)d.") % {"date": day, "year": year}
            elif day in seen:
                problem = _("%(date)s is listed twice (first as entry %(first)d).") % {
                    "date": day,
                    "first": seen[day] + 1,
                }
            elif not entry["isOffDay"] and day.weekday() < 5:
                problem = _(
                    "%(date)s is a weekday: a make-up working day is always a Saturday or Sunday."
                ) % {"date": day}
            else:
                seen[day] = index
        if problem:
            errors.append(DayError(index, problem))
    if errors:
        return errors
    arrangement = arrangement_from_days(year, days)
    for day, name in statutory_holidays(year).items():
        # A holiday on a weekend is a day off unless listed as worked (chinesecalendar leaves
        # some such weekends out, e.g. Sat 2012-06-23, Dragon Boat).
        weekend_off = day.weekday() >= 5 and day not in arrangement.work_days
        if day not in arrangement.off_days and not weekend_off:
            errors.append(
                DayError(
                    None,
                    _("%(date)s (%(name)s) is a public holiday by law and must be a day off.")
                    % {"date": day, "name": display_name(name)},
                )
            )
    return errors


def arrangement_from_days(year: int, days: Iterable[Mapping]) -> Arrangement:
    """The arrangement of days that arrangement_errors found none in."""
    off, work = {}, {}
    for entry in days:
        target = off if entry["isOffDay"] else work
        target[datetime.date.fromisoformat(entry["date"])] = entry["name"].strip()
    return Arrangement(year, dict(sorted(off.items())), dict(sorted(work.items())))


def package_arrangements() -> dict[int, Arrangement]:
    """The years the installed ``chinesecalendar`` carries, as arrangements (the seed)."""
    from chinese_calendar.constants import holidays, workdays

    off: dict[int, dict] = {}
    work: dict[int, dict] = {}
    for source, target in ((holidays, off), (workdays, work)):
        for day, name in source.items():
            target.setdefault(day.year, {})[day] = PACKAGE_NAMES.get(name, name)
    return {year: Arrangement(year, off[year], work.get(year, {})) for year in sorted(off)}


class Calendar:
    """Rest days from the arrangements given; a year without one counts weekends and the
    statutory holidays, and is named as provisional by first_working_day_from."""

    def __init__(self, arrangements: Mapping[int, Arrangement]):
        self.arrangements = dict(arrangements)
        self._fallbacks: dict[int, Arrangement] = {}

    def covers(self, year: int) -> bool:
        return year in self.arrangements

    def arrangement(self, year: int) -> Arrangement:
        if year in self.arrangements:
            return self.arrangements[year]
        if year not in self._fallbacks:
            self._fallbacks[year] = statutory_arrangement(year)
        return self._fallbacks[year]

    def is_working_day(self, day: datetime.date) -> bool:
        arrangement = self.arrangement(day.year)
        if day in arrangement.work_days:
            return True
        return day.weekday() < 5 and day not in arrangement.off_days
