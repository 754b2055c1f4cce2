"""The memo (บันทึกข้อความ) as a PDF, and the final file: the memo followed by its attachments.

Layout rules: docs/memo-format.md §1 and the checklist §6 (A4; margins 3 cm left, 2 cm right;
a 1.5 cm Garuda at the top left about 1.5 cm from the top edge; "บันทึกข้อความ" bold 29 pt
centred on the page; labels bold 20 pt, values 16 pt; ที่ and วันที่ on one line; 2.5 cm
first-line indent and 6 pt before paragraphs; no closing formula; signature blocks centred on
an axis in the right half; approval blocks that never split across pages; "- ๒ -" at the top
centre from page 2, stamped on by `reports.pdf.assemble`).

Sizes are TH SarabunPSK points, the unit of the rules, printed as they are: the PDFs' font is
Laksaman with TH SarabunPSK's metrics (reports/pdf/fonts.py), so the PDF says 16 pt, 29 pt, 20 pt.

The snapshot is a JSON-serialisable dict, frozen from the models by the caller::

    {
      "agency": {"full_name": "องค์การบริหารส่วนตำบลทุ่งโพธิ์"},
      "garuda_uri": "file:///…/garuda.png",   # the agency's own image; "" → the space stays blank
      "division": "สำนักปลัด องค์การบริหารส่วนตำบลทุ่งโพธิ์",
      "phone": "๐-๗๕๓๕-๕๖๓๑",                  # or "": printed after the division as "โทร. …"
      "number": "นศ ๗๗๕๐๑/๒๐๓",                # "" while a draft: "ที่ ............"
      "date_text": "๒๙ มีนาคม ๒๕๖๗",            # "" while a draft: "วันที่ ............"
      "subject": "…",
      "to": "นายกองค์การบริหารส่วนตำบลทุ่งโพธิ์",   # printed after "เรียน"
      "sections": [{"heading": "เรื่องเดิม", "body": "…"}, …],
          # printed "๑. เรื่องเดิม" …; each non-empty line of a body is a paragraph
      "attachments": ["รายงานผลการดำเนินการ…"],   # or []: the "สิ่งที่ส่งมาด้วย" line after "เรียน"
      "requester": {"name": "นายบัญชา เพชรอนันต์", "position": "นิติกรชำนาญการ", "esign": ESIGN or None},
      "steps": [                                # in routing order, one approval block each
        {"heading": "ความเห็นของหัวหน้าสำนักปลัด…", "position": "หัวหน้าสำนักปลัด อบต.",
         "name": "นายศิวะกานท์ ชูทอง" or "", "decision_label": "เห็นชอบ" or "", "comment": "…" or "",
         "date_text": "๒๙ มีนาคม ๒๕๖๗" or "", "esign": ESIGN or None,
         "acting": {"title": "ปลัด…", "kind": "รักษาราชการแทน"} or None},   # a stand-in signed
      ],
      "final_decision": "ทราบ" or "",         # the last step's decision, printed as its decision word
    }
    ESIGN = {"date_text": "๒๙ มีนาคม ๒๕๖๗", "time_text": "๑๔.๓๒ น.", "reference": "M-12-3F9A",
             "second_factor": True or False}   # True adds "ยืนยันตัวตนสองขั้นตอน" to the line

A typed name stands as a signature only when the block's ``esign`` is set (the person logged in
and acted; ระเบียบงานสารบรรณ ฉบับที่ ๔, memo-format §6.19); it is then followed by the line
"ลงนามอิเล็กทรอนิกส์ วันที่ … เวลา … เลขอ้างอิง …".  Otherwise the block keeps a dotted line for a
pen signature.

Text typed by people (subject, bodies, comments, names, attachment titles) is printed as stored;
the generated parts (section and attachment numbers) and the header's number, date and telephone
and the e-signature's date, time and reference (M๑๒-๐๓๔๕) are printed with Thai digits
(memo-format §6.15).
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from django.template.loader import render_to_string

from ita_portal.thai import thai_digits
from reports.documents.render import RenderedPdf, join_parts, keep_whole, render_part
from reports.pdf import fonts

TEMPLATE = "reports/pdf/memo.html"

# Sizes in TH Sarabun points (memo-format §1.4).  Labels: 20 pt per the typing guide; one source
# says 16 pt (§6.7 leaves it configurable).  The title's "Exactly 35 pt" line becomes its line height.
TITLE_PT = 29
TITLE_LINE_PT = 35
LABEL_PT = 20
BODY_PT = 16
ESIGN_PT = 12
# Line pitches, as the memo had them in Google Sarabun (11 pt × 1.4; labels 13.7 pt × 1.35): TH
# Sarabun's glyphs are small for their em, so its lines sit closer than 1.4 em apart at the same look.
BODY_LINE_PT = 15.4
LABEL_LINE_PT = 18.5
ESIGN_LINE_PT = 10.7

# The vertical axis of the signature blocks, from the paper's left edge (memo-format §6.18: between
# 310 and 440 pt; the text area spans 3–19 cm).  14 cm = 396.9 pt: the blocks are 10 cm wide and end
# at the right margin.
SIGN_AXIS_CM = 14.0
TEXT_LEFT_CM = 3.0
TEXT_RIGHT_CM = 19.0

DOTS = "." * 40
SHORT_DOTS = "." * 28


def th_size(points: float) -> str:
    """A size in TH Sarabun points as CSS: 16 → "16pt"."""
    return f"{points:g}pt"


def sizes() -> dict[str, str]:
    return {
        "title": th_size(TITLE_PT),
        "title_line": th_size(TITLE_LINE_PT),
        "label": th_size(LABEL_PT),
        "body": th_size(BODY_PT),
        "esign": th_size(ESIGN_PT),
        "body_line": th_size(BODY_LINE_PT),
        "label_line": th_size(LABEL_LINE_PT),
        "esign_line": th_size(ESIGN_LINE_PT),
    }


def sign_box(axis_cm: float = SIGN_AXIS_CM) -> dict[str, str]:
    """Left offset (from the text area) and width of a box centred on the axis, as wide as the page allows."""
    if not TEXT_LEFT_CM < axis_cm < TEXT_RIGHT_CM:
        raise ValueError(f"sign axis {axis_cm} cm is outside the text area")
    half = min(axis_cm - TEXT_LEFT_CM, TEXT_RIGHT_CM - axis_cm)
    return {"left": f"{axis_cm - half - TEXT_LEFT_CM:.3f}cm", "width": f"{2 * half:.3f}cm"}


def paragraphs(text: str) -> list[str]:
    """Each non-empty line of typed text is a paragraph (blank lines only separate them)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _esign(esign: dict[str, Any] | None) -> dict[str, str] | None:
    if not esign:
        return None
    return {
        "date_text": thai_digits(esign.get("date_text", "")),
        "time_text": thai_digits(esign.get("time_text", "")),
        "reference": thai_digits(str(esign.get("reference", ""))),
        "second_factor": bool(esign.get("second_factor")),
    }


def _garuda_uri(uri: str) -> str:
    # Only a local file or inline data: WeasyPrint would otherwise fetch whatever URL it is given.
    if uri and not uri.startswith(("file:", "data:")):
        raise ValueError("garuda_uri must be a file: or data: URI")
    return uri


def memo_context(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot as the template prints it: numbers in Thai digits, bodies cut into paragraphs."""
    steps = []
    last = len(snapshot.get("steps", [])) - 1
    final_decision = snapshot.get("final_decision", "")
    for index, step in enumerate(snapshot.get("steps", [])):
        decision = step.get("decision_label", "")
        if index == last and final_decision:
            decision = final_decision
        steps.append(
            {
                "heading": step["heading"],
                "position": step.get("position", ""),
                "acting": step.get("acting") or None,
                "name": step.get("name", ""),
                "decision": decision,
                "comment": paragraphs(step.get("comment", "")),
                "date_text": thai_digits(step.get("date_text", "")),
                "esign": _esign(step.get("esign")),
            }
        )
    requester = snapshot["requester"]
    return {
        "agency_name": snapshot.get("agency", {}).get("full_name", ""),
        "garuda_uri": _garuda_uri(snapshot.get("garuda_uri", "")),
        "division": snapshot.get("division", ""),
        "phone": thai_digits(snapshot.get("phone", "")),
        "number": thai_digits(snapshot.get("number", "")),
        "date_text": thai_digits(snapshot.get("date_text", "")),
        "subject": snapshot.get("subject", ""),
        "to": snapshot.get("to", ""),
        "attachments": [
            {"number": thai_digits(n), "title": title} for n, title in enumerate(snapshot.get("attachments", []), 1)
        ],
        "sections": [
            {"number": thai_digits(n), "heading": section.get("heading", ""), "paragraphs": paragraphs(section["body"])}
            for n, section in enumerate(snapshot.get("sections", []), 1)
        ],
        "requester": {
            "name": requester.get("name", ""),
            "position": requester.get("position", ""),
            "esign": _esign(requester.get("esign")),
        },
        "steps": steps,
    }


def memo_html(snapshot: dict[str, Any]) -> str:
    context = {
        "memo": memo_context(snapshot),
        "font_face_css": fonts.font_face_css(),
        "sizes": sizes(),
        "sign": sign_box(),
        "dots": DOTS,
        "short_dots": SHORT_DOTS,
    }
    return keep_whole(render_to_string(TEMPLATE, context))


def render_memo(snapshot: dict[str, Any]) -> RenderedPdf:
    """The memo's pages, numbered "- ๒ -" at the top centre from page 2."""
    return join_parts([render_part(memo_html(snapshot)).content])


def final_pdf(snapshot: dict[str, Any], attachments: list[bytes]) -> RenderedPdf:
    """The memo's pages followed by each attached PDF's pages, unchanged (they carry their own numbers).

    The memo's document information (title) and language are kept.  ValueError (in Thai) names an
    attachment that is not a readable PDF.
    """
    memo = render_memo(snapshot)
    if not attachments:
        return memo
    document = pikepdf.open(io.BytesIO(memo.content))
    opened = []
    try:
        for number, content in enumerate(attachments, 1):
            try:
                other = pikepdf.open(io.BytesIO(content))
            except pikepdf.PdfError as exc:
                raise ValueError(f"สิ่งที่ส่งมาด้วยลำดับที่ {thai_digits(number)} ไม่ใช่ไฟล์ PDF ที่เปิดอ่านได้") from exc
            opened.append(other)
            document.pages.extend(other.pages)
        out = io.BytesIO()
        document.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return RenderedPdf(content=out.getvalue(), pages=len(document.pages))
    finally:
        for pdf in (document, *opened):
            pdf.close()
