"""Employers and the users who look at them: a clerk of 5 employers and a clerk of all of them."""

from __future__ import annotations

import random

COMPANY_WORDS = ("华信", "远航", "博达", "新源", "恒泰", "中科", "嘉禾", "星辰", "瑞丰", "天成")
COMPANY_KINDS = ("科技", "贸易", "物流", "餐饮", "制造", "咨询", "医药", "建筑", "电子", "文化")
# The alphabet of unified social credit codes: digits and capitals without I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
BENCH_USER_EMPLOYERS = 5


def credit_code(rng: random.Random, region_code: str) -> str:
    """A valid unified social credit code: '91' (enterprise), region, organisation code, check."""
    from stdnum.cn import uscc

    body = "91" + region_code + "".join(rng.choices(USCC_ALPHABET, k=9))
    return body + uscc.calc_check_digit(body)


def agency_regions() -> list[str]:
    """Cities and the four municipalities (province-level, but one agency each)."""
    from django.db.models import Q

    from employees.models import Region

    return list(
        Region.objects.filter(
            Q(level__in=[Region.Level.PREFECTURE, Region.Level.COUNTY_DIRECT])
            | Q(code__in=["110000", "120000", "310000", "500000"])
        ).values_list("code", flat=True)
    )


def create_employers(rng: random.Random, count: int, mark: str = "") -> list[int]:
    """count employers in random regions; ``mark`` ends their names (a benchmark's own)."""
    from employees.models import Employer

    regions = agency_regions()
    employers = []
    for number in range(count):
        region = rng.choice(regions)
        name = f"{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}有限公司{number:04d}"
        name = f"{name} {mark}" if mark else name
        employers.append(
            Employer(
                name=name,
                credit_code=credit_code(rng, region),
                region_id=region,
                hr_emails=[f"hr{number}@example.cn"],
            )
        )
    return [employer.pk for employer in Employer.objects.bulk_create(employers)]


def employer_weights(rng: random.Random, employer_ids: list[int]) -> list[float]:
    """Employer sizes are skewed: log-normal, a few large ones and many small ones."""
    return [rng.lognormvariate(0, 1.0) for _ in employer_ids]


def _user(username: str):
    from django.contrib.auth import get_user_model

    user = get_user_model()(username=username)
    user.set_unusable_password()  # nobody logs in: the selectors only need the user object
    return user


def create_managers(employer_ids: list[int]) -> None:
    """One manager per employer, so memberships look like a real installation's."""
    from django.contrib.auth import get_user_model

    from employees.models import Membership

    managers = get_user_model().objects.bulk_create(
        _user(f"manager{employer_id}") for employer_id in employer_ids
    )
    Membership.objects.bulk_create(
        Membership(user=manager, employer_id=employer_id, role=Membership.Role.MANAGER)
        for manager, employer_id in zip(managers, employer_ids, strict=True)
    )


def create_bench_clerk(employer_ids: list[int], weights: list[float]):
    """The bench user: clerk at the largest employer and four spread over the size ranking."""
    from employees.models import Membership

    clerk = _user("bench-clerk")
    clerk.save()
    by_size = [eid for _, eid in sorted(zip(weights, employer_ids, strict=True), reverse=True)]
    step = len(by_size) // BENCH_USER_EMPLOYERS
    chosen = [by_size[i * step] for i in range(BENCH_USER_EMPLOYERS)]
    Membership.objects.bulk_create(
        Membership(user=clerk, employer_id=eid, role=Membership.Role.CLERK) for eid in chosen
    )
    return clerk, chosen


def create_firm_clerk(employer_ids: list[int]):
    """A clerk of an HR outsourcing firm that runs every employer: the selectors then work over
    all N employees, through the same membership scoping as any clerk."""
    from employees.models import Membership

    clerk = _user("bench-firm-clerk")
    clerk.save()
    Membership.objects.bulk_create(
        Membership(user=clerk, employer_id=eid, role=Membership.Role.CLERK) for eid in employer_ids
    )
    return clerk
