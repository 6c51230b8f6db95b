import datetime

import pytest
from django.core.exceptions import ValidationError

from filings.models import Filing, FilingEvent
from filings.services import filing_create_draft
from hrsocsec.errors import RoleRefused
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_a_register_draft_takes_effect_on_the_hire_date(hired, clerk):
    """A register draft defaults to the hire date and records its creation."""
    filing = filing_create_draft(actor=clerk, employee=hired, kind="register")
    assert (filing.state, filing.effective_date, filing.employer_id) == (
        "draft",
        hired.hire_date,
        hired.employer_id,
    )
    event = FilingEvent.objects.get(filing=filing)
    assert (event.from_state, event.to_state, event.actor) == ("", "draft", clerk)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "dissolve", "effective_date": datetime.date(2026, 6, 30)}, "reason"),
        (
            {"kind": "dissolve", "reason": "other", "effective_date": datetime.date(2026, 6, 30)},
            "reason_text",
        ),
        (
            {
                "kind": "dissolve",
                "reason": "retirement",
                "effective_date": datetime.date(2026, 1, 1),
            },
            "effective_date",
        ),
        ({"kind": "renew"}, "effective_date"),
        ({"kind": "renew", "effective_date": datetime.date(2029, 3, 1)}, "new_contract_end_date"),
        (
            {
                "kind": "renew",
                "effective_date": datetime.date(2029, 3, 1),
                "new_contract_end_date": datetime.date(2028, 1, 1),
            },
            "new_contract_end_date",
        ),
        ({"kind": "register", "reason": "retirement"}, "reason"),
        ({"kind": "register"}, "employee"),
        ({"kind": "fire"}, "kind"),
    ],
)
def test_a_draft_that_breaks_a_rule_is_refused_per_field(insured, clerk, fields, field):
    """Each rule of the kind is a field error, and nothing is written."""
    with pytest.raises(ValidationError) as info:
        filing_create_draft(actor=clerk, employee=insured, **fields)
    assert field in info.value.message_dict
    assert not Filing.objects.exists()


def test_dissolving_someone_never_registered_is_refused(hired, clerk):
    with pytest.raises(ValidationError) as info:
        filing_create_draft(
            actor=clerk,
            employee=hired,
            kind="dissolve",
            reason="retirement",
            effective_date=datetime.date(2026, 6, 30),
        )
    assert "unregistered" in info.value.message_dict["employee"][0]


def test_a_second_open_filing_of_the_same_kind_is_refused(hired, clerk):
    first = filing_create_draft(actor=clerk, employee=hired, kind="register")
    with pytest.raises(ValidationError) as info:
        filing_create_draft(actor=clerk, employee=hired, kind="register")
    assert f"#{first.id}" in info.value.message_dict["kind"][0]
    assert Filing.objects.count() == 1


def test_a_viewer_cannot_draft(hired, employer):
    with pytest.raises(RoleRefused):
        filing_create_draft(actor=member("viewer", employer), employee=hired, kind="register")
    assert not Filing.objects.exists()


def test_a_refusal_names_kinds_and_states_in_words_not_codes(hired, clerk):
    """In Chinese: no "dissolve" or "unregistered" inside the sentence, the labels instead."""
    from django.utils import translation

    fields = {"kind": "dissolve", "reason": "retirement", "effective_date": hired.hire_date}
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            filing_create_draft(actor=clerk, employee=hired, **fields)
        message = refused.value.message_dict["employee"][0]
        assert message == "减员/停保申报要求员工状态为“已参保”；该员工当前为“未登记”。"
    filing_create_draft(actor=clerk, employee=hired, kind="register")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as again:
        filing_create_draft(actor=clerk, employee=hired, kind="register")
    assert "register" not in again.value.message_dict["kind"][0]
    assert "增员" in again.value.message_dict["kind"][0]
