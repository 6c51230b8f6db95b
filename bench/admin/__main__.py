"""Run the admin benchmark: python -m bench.admin (exit 1 when a target is missed).

The HR admin at scale, as a clerk of every employer sees it: the landing page (its counts,
exposures and charts), the deadline calendar, and the employee list with each filter, each
rendered by Django's test client in this process (server time, no network), next to the
employee list's rows fetched by hand-written SQL in the same run. Build the data first with
python -m bench.employees --employees 1000000.
"""

from __future__ import annotations

import argparse
import sys

from bench.api.__main__ import clerk_of_every_employer
from bench.employees import figures, setup

TARGET_MS = 300.0  # issue 16: every page, at a million employees
LIST = "/admin/employees/employee/"
# The name searches a Chinese clerk types: a surname (one character, 2 % of the bench's names),
# a two-character name (张伟, about 120 at a million, a trigram index cannot serve it), three
# characters, and a Latin name nobody has (every row looked at, were the search not indexed).
PAGES = {
    "landing page": "/admin/",
    "deadline calendar": "/admin/calendar/",
    "unfiltered": LIST,
    "overdue": LIST + "?deadline=overdue",
    "due within 7 days": LIST + "?deadline=due7",
    "registered": LIST + "?registration_state__exact=registered",
    "hired in a month": LIST + "?hired={month}",
    "search, 1 character": LIST + "?q=张",
    "search, 2 characters": LIST + "?q=张伟",
    "search, 3 characters": LIST + "?q=王秀明",
    "search, no match": LIST + "?q=Zhang",
}
# What the unfiltered list needs at the least: its 100 rows with their employer, what needs
# action first (nothing filed, soonest deadline first, then newest).
BASELINE_SQL = """
SELECT e.id, e.name, e.id_number, e.hire_date, e.registration_state, e.registration_deadline,
       r.name
  FROM employees_employee e JOIN employees_employer r ON r.id = e.employer_id
 WHERE e.employer_id IN (SELECT employer_id FROM employees_membership WHERE user_id = %s)
 ORDER BY CASE WHEN e.registration_state = 'unregistered' THEN 0 ELSE 1 END,
          CASE WHEN e.registration_state = 'unregistered' THEN e.registration_deadline END,
          e.id DESC
 LIMIT 100
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.admin")
    parser.add_argument("--employees", type=int, default=1_000_000, help="at least this many")
    parser.add_argument("--repeat", type=int, default=7, help="renders per page (median)")
    parser.add_argument("--dsn-base", default=setup.DEFAULT_DSN_BASE)
    parser.add_argument(
        "--no-targets",
        action="store_true",
        help="a page over the target does not fail the run, only one not rendered (small runs)",
    )
    return parser.parse_args(argv)


# The searches to be answered from the name index (their EXPLAIN names it) at a million: a
# surname alone may be read in the list's order instead, where every fiftieth row has it.
INDEXED_SEARCHES = ("张伟", "王秀明")
NAME_INDEX = "employee_name_grams_idx"


def search_plan(user, term: str) -> str:
    """EXPLAIN of the employee list's page query for ?q=term, as the admin builds it."""
    from django.contrib import admin
    from django.test import RequestFactory

    from employees.models import Employee

    request = RequestFactory().get(LIST, {"q": term})
    request.user = user
    changelist = admin.site._registry[Employee].get_changelist_instance(request)
    return changelist.result_list.explain()


def median_ms(action, repeat: int) -> float:
    # One warm-up: templates compiled, the pages' rows in PostgreSQL's buffers.
    return figures.median_ms(action, runs=repeat, warmups=1)


def main(argv=None) -> int:
    args = parse_args(argv)
    dsn, count = setup.open_bench(args.dsn_base, args.employees)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    clerk_of_every_employer()
    user = get_user_model().objects.get(username="bench-api-clerk")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    month = timezone.localdate().replace(day=1).strftime("%Y-%m")
    raw = setup.raw_connection(dsn, client_binding=True)

    from django.core.cache import cache

    client.get(LIST)  # the process warm (templates compiled, URLs resolved), as a worker is
    cache.clear()  # the first list of the day: the months with hires not yet kept
    first_list = figures.median_ms(lambda: client.get(LIST), runs=1, warmups=0)
    unindexed = [t for t in INDEXED_SEARCHES if NAME_INDEX not in search_plan(user, t)]
    baseline = median_ms(lambda: raw.execute(BASELINE_SQL, [user.id]).fetchall(), args.repeat)
    print(f"{count:,} employees; a clerk of every employer; median of {args.repeat} renders\n")
    print(f"{'page':20} {'admin':>10} {'raw SQL':>10} {'ratio':>7} {'target':>9}  result")
    worst = 0.0
    for name, page in PAGES.items():
        url = page.format(month=month)

        def render(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        ms = median_ms(render, args.repeat)
        worst = max(worst, ms)
        verdict = "PASS" if ms <= TARGET_MS else "FAIL"
        print(
            f"{name:20} {ms:8.1f} ms {baseline:8.1f} ms {ms / baseline:7.1f} "
            f"{'<= ' + str(int(TARGET_MS)) + ' ms':>9}  {verdict}"
        )
    print("\nsearched: 张, 张伟, 王秀明, Zhang")
    for term in INDEXED_SEARCHES:
        print(f"  {term}: {NAME_INDEX} {'not used: FAIL' if term in unindexed else 'used'}")
    verdict = "PASS" if first_list <= TARGET_MS else "FAIL"
    print(f"the first list, the cache emptied (months with hires counted): {first_list:.1f} ms")
    print(f"  <= {int(TARGET_MS)} ms: {verdict}")
    raw.close()
    # A target, not a check: on a small table the planner rightly reads every row instead.
    missed = unindexed or max(worst, first_list) > TARGET_MS
    return 1 if missed and not args.no_targets else 0


if __name__ == "__main__":
    sys.exit(main())
