"""The approval chain's "remind after N days" (ApprovalChain.remind_after_days), set on the chain form."""

from __future__ import annotations

from reports.memos.forms import ChainForm
from reports.models import ApprovalChain
from tests.factories import AgencyFactory


def test_the_chain_form_reads_thai_digits_and_refuses_out_of_range_days_in_thai(db):
    agency = AgencyFactory()
    assert ChainForm({"name": "สายหลัก", "remind_after_days": "๕"}, agency=agency).is_valid()
    form = ChainForm({"name": "สายหลัก", "remind_after_days": "0"}, agency=agency)
    assert not form.is_valid() and form.errors["remind_after_days"] == ["จำนวนวันต้องตั้งแต่ ๑ วันขึ้นไป"]
    form = ChainForm({"name": "สายหลัก", "remind_after_days": "๙๙"}, agency=agency)
    assert not form.is_valid() and form.errors["remind_after_days"] == ["จำนวนวันต้องไม่เกิน ๖๐ วัน"]
    blank = ChainForm({"name": "สายหลัก", "remind_after_days": ""}, agency=agency)
    assert blank.is_valid() and blank.cleaned_data["remind_after_days"] is None  # the view keeps 3


def test_a_new_chain_reminds_after_3_days(db):
    assert ApprovalChain.objects.create(agency=AgencyFactory(), name="สายใหม่").remind_after_days == 3
