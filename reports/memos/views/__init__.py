"""Memo pages (บันทึกข้อความ): list, form, the memo with its chain and actions, inbox, PDFs, verification, chains.

Each view: load through a scoped selector (another agency → 404), check the permission (403 with a
Thai message), validate with a form, call a service (reports.memos.services), respond.
"""

from reports.memos.views.chains import chain_edit, chain_list, chain_new
from reports.memos.views.files import memo_final, memo_final_retry, memo_pdf
from reports.memos.views.memos import (
    inbox,
    memo_act,
    memo_detail,
    memo_edit,
    memo_list,
    memo_new,
    memo_return,
    memo_submit,
)
from reports.memos.views.office import memo_register, stand_in_cancel, stand_in_list, stand_in_new
from reports.memos.views.public import memo_verify

__all__ = [
    "chain_edit",
    "chain_list",
    "chain_new",
    "inbox",
    "memo_act",
    "memo_detail",
    "memo_edit",
    "memo_final",
    "memo_final_retry",
    "memo_list",
    "memo_new",
    "memo_pdf",
    "memo_register",
    "memo_return",
    "memo_submit",
    "memo_verify",
    "stand_in_cancel",
    "stand_in_list",
    "stand_in_new",
]
