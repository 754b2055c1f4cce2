"""The words an approver writes for a decision (คำวินิจฉัย), as officials write them.

The step's decision (agree, acknowledge, approve, reject, comment) stays one of the chain's codes;
the words are what is printed: chosen from the list of that decision, or typed (at most 200
characters).  From seed 000 and the approval blocks quoted in docs/memo-format.md §1.6.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from reports.models import ApprovalChainStep

Decision = ApprovalChainStep.Decision
MAX_WORDS = 200

WORDS: dict[str, list[str]] = {
    Decision.AGREE: ["เห็นชอบ", "เห็นชอบตามเสนอ", "เห็นควรดำเนินการตามเสนอ", "เห็นควรพิจารณาอนุมัติ"],
    Decision.ACKNOWLEDGE: ["ทราบ", "ทราบ ดำเนินการตามเสนอ", "ทราบ และแจ้งผู้เกี่ยวข้องถือปฏิบัติ"],
    Decision.APPROVE: ["อนุมัติ", "อนุมัติตามเสนอ", "อนุมัติ ให้ดำเนินการ"],
    Decision.REJECT: ["ไม่อนุมัติ", "ไม่อนุมัติ ให้ทบทวนใหม่"],
    Decision.COMMENT: ["เห็นควรดำเนินการตามเสนอ", "เห็นควรเสนอเพื่อโปรดพิจารณา", "เห็นควรทราบ", "เพื่อโปรดพิจารณาอนุมัติ"],
}
RETURN_WORDS = ["ส่งคืนเพื่อแก้ไข", "ส่งคืนเพื่อทบทวน", "ส่งคืนเพื่อจัดทำใหม่"]
# Words that say the opposite of the decision: typed words must not contradict the chosen decision.
_OPPOSITE = {
    Decision.AGREE: ["ไม่เห็นชอบ", "ไม่อนุมัติ"],
    Decision.ACKNOWLEDGE: ["ไม่อนุมัติ"],
    Decision.APPROVE: ["ไม่อนุมัติ", "ไม่เห็นชอบ"],
    Decision.REJECT: [],
    Decision.COMMENT: [],
}


def clean_words(decision: str, words: str) -> str:
    """The words to store for `decision` ("" keeps the decision's own label); ValidationError in Thai."""
    words = " ".join((words or "").split())
    if len(words) > MAX_WORDS:
        raise ValidationError({"decision_text": f"ถ้อยคำวินิจฉัยยาวได้ไม่เกิน {MAX_WORDS} ตัวอักษร"})
    approving_text = words.replace("ไม่อนุมัติ", "").replace("ไม่เห็นชอบ", "")
    contradicts = any(opposite in words for opposite in _OPPOSITE.get(decision, []))
    if decision == Decision.REJECT and ("อนุมัติ" in approving_text or "เห็นชอบ" in approving_text):
        contradicts = True
    if contradicts:
        label = dict(Decision.choices).get(decision, decision)
        raise ValidationError({"decision_text": f"ถ้อยคำที่ระบุขัดกับคำวินิจฉัย “{label}” ที่เลือก"})
    return words


def clean_return_words(words: str) -> str:
    words = " ".join((words or "").split())
    if len(words) > MAX_WORDS:
        raise ValidationError({"decision_text": f"ถ้อยคำยาวได้ไม่เกิน {MAX_WORDS} ตัวอักษร"})
    return words


def final_words(decision: str, words: str) -> str:
    """The last block's printed decision: the words, with the decision's own word in front when they lack it
    (memo-format §6.21: อนุมัติ / ไม่อนุมัติ / ทราบ explicitly)."""
    label = dict(Decision.choices).get(decision, "")
    if decision not in (Decision.APPROVE, Decision.REJECT, Decision.ACKNOWLEDGE):
        return words or (label if decision == Decision.AGREE else "")
    if not words:
        return label
    return words if label in words else f"{label} {words}"
