"""access.require_role says the roles in words, in the reader's language."""

import pytest
from django.utils import translation

from employees import access
from employees.models import Membership
from tests.factories import EmployerFactory, member

pytestmark = pytest.mark.django_db


def test_a_role_too_low_is_refused_with_the_roles_named():
    employer = EmployerFactory()
    clerk = member(Membership.Role.CLERK, employer)
    with pytest.raises(access.RoleRefused) as refused:
        access.require_role(clerk, employer.id, Membership.Role.MANAGER)
    assert str(refused.value) == (
        "Your role at this employer is “clerk”; this needs “manager” or higher."
    )
    with translation.override("zh-hans"), pytest.raises(access.RoleRefused) as refused:
        access.require_role(clerk, employer.id, Membership.Role.MANAGER)
    assert str(refused.value) == "您在该单位的角色是“经办人”；此操作需要“管理者”或更高权限。"
