"""The sentences of the analysis report (kind "analysis"), written from the scores in seed 001's style.

Every function returns Thai text with the generated numbers already in Thai digits; names and
comments that come from the catalogue or from users are used as stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from assessments.analysis import STRENGTH, IndicatorRow, ZeroItem
from assessments.rating import UNCONFIRMED
from ita_portal import thai

# ITA began in fiscal year 2556 and moved online (ITAS) in 2561: seed 001 calls 2564 "ปีที่ ๙"
# of the assessment and "ปีที่ ๔" online.
FIRST_YEAR, FIRST_ONLINE_YEAR = 2556, 2561

# Who answers each tool, as the reports name them.
RESPONDENTS = {
    "IIT": "บุคลากรภายในหน่วยงาน",
    "EIT": "ผู้รับบริการ ผู้มาติดต่อ หรือผู้มีส่วนได้ส่วนเสียภายนอก",
}

# Indicator name → (what its score measures, what the agency should do). Standard wording of the
# NACC's indicator definitions, shortened from seed 001; the recommendation follows "หน่วยงานควร".
INDICATOR_TEXTS: dict[str, tuple[str, str]] = {
    "การปฏิบัติหน้าที่": (
        "เป็นคะแนนจากการประเมินการรับรู้ของบุคลากรภายในหน่วยงานต่อการปฏิบัติงานของบุคลากรอื่นในหน่วยงาน "
        "ในประเด็นการปฏิบัติงานตามมาตรฐาน ขั้นตอน และระยะเวลาที่กำหนดอย่างโปร่งใสและเท่าเทียมกัน "
        "รวมถึงการปฏิบัติงานอย่างมุ่งมั่นและรับผิดชอบต่องานในหน้าที่",
        "จัดให้มีการเปิดเผยข้อมูลเกี่ยวกับขั้นตอน ระยะเวลา และผู้รับผิดชอบในการให้บริการอย่างชัดเจน "
        "สร้างระบบการประเมินการให้บริการ ณ จุดให้บริการที่ง่าย สะดวก และปกปิดความลับของผู้ให้ข้อมูล "
        "รวมทั้งกำหนดมาตรการการบริหารงานบุคคลและการพิจารณาให้คุณให้โทษตามหลักคุณธรรมและความสามารถ",
    ),
    "การใช้งบประมาณ": (
        "เป็นคะแนนจากการประเมินการรับรู้ของบุคลากรภายในหน่วยงานต่อการใช้จ่ายงบประมาณของหน่วยงาน "
        "ตั้งแต่การจัดทำและเผยแพร่แผนการใช้จ่ายงบประมาณประจำปี การใช้จ่ายอย่างคุ้มค่าและไม่เอื้อประโยชน์แก่ตนเอง"
        "หรือพวกพ้อง การเบิกจ่ายเงินของบุคลากร ตลอดจนการจัดซื้อจัดจ้างและการตรวจรับพัสดุ",
        "เปิดเผยข้อมูลการใช้จ่ายงบประมาณ แผนการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และกระบวนการเบิกจ่ายงบประมาณ "
        "ให้พร้อมรับการตรวจสอบจากทุกภาคส่วน และจัดทำรายงานผลการใช้จ่ายงบประมาณอย่างสม่ำเสมอ",
    ),
    "การใช้อำนาจ": (
        "เป็นคะแนนจากการประเมินการรับรู้ของบุคลากรภายในหน่วยงานต่อการใช้อำนาจของผู้บังคับบัญชา "
        "ในประเด็นการมอบหมายงาน การประเมินผลการปฏิบัติงาน และการคัดเลือกบุคลากรเพื่อให้สิทธิประโยชน์ต่าง ๆ "
        "ซึ่งต้องเป็นธรรมและไม่เลือกปฏิบัติ รวมถึงการสั่งการให้ทำธุระส่วนตัวหรือทำในสิ่งที่ไม่ถูกต้อง",
        "จัดทำรายละเอียดของตำแหน่งงาน (job description) และเกณฑ์การประเมินผลการปฏิบัติงานอย่างชัดเจนและเปิดเผย "
        "รวมทั้งเปิดรับฟังความคิดเห็นของผู้ที่เกี่ยวข้องเพื่อปรับปรุงประสิทธิภาพการปฏิบัติงาน",
    ),
    "การใช้ทรัพย์สินของราชการ": (
        "เป็นคะแนนจากการประเมินการรับรู้ของบุคลากรภายในหน่วยงานต่อการใช้ทรัพย์สินของราชการ "
        "ในประเด็นการนำทรัพย์สินของราชการไปเป็นของตนเองหรือให้ผู้อื่น และการขอยืมทรัพย์สินของราชการ "
        "ทั้งโดยบุคลากรภายในและบุคคลภายนอก ซึ่งต้องมีขั้นตอนการขออนุญาตที่ชัดเจนและสะดวก",
        "จัดทำคู่มือและระเบียบการใช้ทรัพย์สินของราชการ สร้างระบบการกำกับดูแลและติดตามตรวจสอบการยืม-คืน "
        "และการลงโทษอย่างเคร่งครัด แล้วเผยแพร่ให้บุคลากรรับทราบและนำไปปฏิบัติ",
    ),
    "การแก้ไขปัญหาการทุจริต": (
        "เป็นคะแนนจากการประเมินการรับรู้ของบุคลากรภายในหน่วยงานต่อการแก้ไขปัญหาการทุจริตของหน่วยงาน "
        "ในประเด็นการให้ความสำคัญของผู้บริหารสูงสุดในการต่อต้านการทุจริตอย่างจริงจัง การปรับปรุงการทำงาน"
        "เพื่อลดความเสี่ยงการทุจริต และการเปิดโอกาสให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในการตรวจสอบ",
        "เสริมสร้างวัฒนธรรมการทำงานเพื่อประโยชน์สูงสุดของส่วนรวม จัดทำมาตรการป้องกันและระบบติดตามตรวจสอบ"
        "พฤติกรรมการทุจริตอย่างชัดเจนและเปิดเผย และเปิดให้ประชาชนมีส่วนร่วมแสดงความคิดเห็นและติดตามตรวจสอบ"
        "การทำงานของหน่วยงานได้โดยง่าย",
    ),
    "คุณภาพการดำเนินงาน": (
        "เป็นคะแนนจากการประเมินการรับรู้ของผู้รับบริการ ผู้มาติดต่อ หรือผู้มีส่วนได้ส่วนเสียภายนอก"
        "ต่อคุณภาพการดำเนินงานของหน่วยงาน ในประเด็นการปฏิบัติหน้าที่ของเจ้าหน้าที่ตามมาตรฐาน ขั้นตอน "
        "และระยะเวลาที่กำหนดไว้อย่างเคร่งครัด เท่าเทียม และไม่เลือกปฏิบัติ",
        "ประชาสัมพันธ์ระบบและขั้นตอนการให้บริการด้านต่าง ๆ อย่างทั่วถึง "
        "และส่งเสริมการฝึกอบรมเพิ่มพูนทักษะและความรู้เกี่ยวกับการปฏิบัติงานอย่างสม่ำเสมอ",
    ),
    "ประสิทธิภาพการสื่อสาร": (
        "เป็นคะแนนจากการประเมินการรับรู้ของผู้รับบริการ ผู้มาติดต่อ หรือผู้มีส่วนได้ส่วนเสียภายนอก"
        "ต่อประสิทธิภาพการสื่อสารของหน่วยงาน ในประเด็นการเผยแพร่ข้อมูลต่อสาธารณชน "
        "ช่องทางการรับฟังความคิดเห็น และช่องทางการร้องเรียน",
        "จัดทำสื่อประชาสัมพันธ์และเปิดเผยข้อมูลบนเว็บไซต์หลักของหน่วยงานให้เข้าถึงได้ง่าย "
        "และมีช่องทางปฏิสัมพันธ์แลกเปลี่ยนข้อมูลข่าวสารกับประชาชนอย่างชัดเจนและต่อเนื่อง",
    ),
    "การปรับปรุงระบบการทำงาน": (
        "เป็นคะแนนจากการประเมินการรับรู้ของผู้รับบริการ ผู้มาติดต่อ หรือผู้มีส่วนได้ส่วนเสียภายนอก"
        "ต่อการปรับปรุงระบบการทำงานของหน่วยงาน ในประเด็นการปรับปรุงการปฏิบัติงานของเจ้าหน้าที่"
        "และกระบวนการทำงาน รวมถึงการนำเทคโนโลยีมาใช้เพื่อให้เกิดความสะดวกรวดเร็วยิ่งขึ้น",
        "สร้างกระบวนการปรึกษาหารือระหว่างผู้บริหารและบุคลากรเพื่อทบทวนปัญหาและอุปสรรคในการปฏิบัติงาน"
        "อย่างเป็นระบบ และเปิดให้ผู้รับบริการและประชาชนมีส่วนร่วมเสนอแนะการปรับปรุงคุณภาพและมาตรฐาน"
        "การให้บริการได้โดยสะดวก",
    ),
    "การเปิดเผยข้อมูล": (
        "เป็นคะแนนจากการเผยแพร่ข้อมูลที่เป็นปัจจุบันบนเว็บไซต์ของหน่วยงาน เพื่อเปิดเผยข้อมูลต่าง ๆ ของหน่วยงานให้สาธารณชนได้รับทราบ",
        "เผยแพร่ข้อมูลพื้นฐาน การบริหารงาน งบประมาณ การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ "
        "การบริหารทรัพยากรบุคคล ข่าวประชาสัมพันธ์ ช่องทางการปฏิสัมพันธ์กับผู้รับบริการ และการให้บริการ"
        "ผ่านระบบ e-Service ในหัวข้อที่เข้าถึงและสืบค้นได้โดยง่าย ผ่าน URL บนเว็บไซต์หลักของหน่วยงานโดยตรง",
    ),
    "การป้องกันการทุจริต": (
        "เป็นคะแนนจากการเผยแพร่ข้อมูลที่เป็นปัจจุบันบนเว็บไซต์ของหน่วยงาน "
        "เพื่อเปิดเผยการดำเนินการเพื่อป้องกันการทุจริตของหน่วยงานให้สาธารณชนได้รับทราบ",
        "จัดประชุมเตรียมความพร้อมก่อนเข้ารับการประเมิน ITA วิเคราะห์ผลการประเมินของปีที่ผ่านมาเพื่อกำหนด"
        "แนวทางการปรับปรุง จัดทำมาตรการภายในและกำกับติดตามการนำไปปฏิบัติอย่างเป็นรูปธรรม "
        "และพัฒนาทักษะของบุคลากรผู้ดูแลเว็บไซต์ให้ปรับปรุงข้อมูลได้รวดเร็วและเป็นปัจจุบัน",
    ),
}
GENERIC_RECOMMENDATION = "ทบทวนผลการประเมินในตัวชี้วัดนี้ร่วมกับผู้เกี่ยวข้อง กำหนดแนวทางการปรับปรุงที่ชัดเจน และติดตามผลอย่างต่อเนื่อง"


def score(value: Decimal | None) -> str:
    """๙๗.๕๗; "–" when there is no score."""
    return thai.thai_number(value)


def plain(value: Decimal) -> str:
    """85.00 → ๘๕, 87.50 → ๘๗.๕๐: whole numbers without decimals, as the documents write them."""
    return thai.thai_number(value, 0) if value == value.to_integral_value() else thai.thai_number(value)


def thai_list(parts: Sequence[str]) -> str:
    """["ก", "ข", "ค"] → "ก ข และ ค"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    last = parts[-1]
    return " ".join(parts[:-1]) + (" และ " if last.startswith("(") else " และ") + last


def indicator_label(row: IndicatorRow) -> str:
    return f"ตัวชี้วัดที่ {thai.thai_digits(row.number)} {row.name}"


def item_label(item: ZeroItem) -> str:
    return f"ข้อ {thai.thai_digits(item.code)} {item.name}"


def background(fiscal_year: int, indicators: list[IndicatorRow]) -> list[str]:
    """ความเป็นมา: what the ITA is, which year of it this is, and what the report holds."""
    year = thai.thai_digits(fiscal_year)
    nth, online = fiscal_year - FIRST_YEAR + 1, fiscal_year - FIRST_ONLINE_YEAR + 1
    first = (
        "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้พัฒนาเครื่องมือการประเมิน"
        "เชิงบวกเพื่อเป็นมาตรการป้องกันการทุจริต และเป็นกลไกในการสร้างความตระหนักให้หน่วยงานภาครัฐดำเนินงาน"
        "อย่างโปร่งใสและมีคุณธรรม โดยใช้ชื่อว่า “การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"(Integrity and Transparency Assessment : ITA)” การประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year}"
    )
    if nth > 1:
        first += f" นับเป็นปีที่ {thai.thai_digits(nth)} ของการดำเนินการ"
    if online > 1:
        first += (
            f" และเป็นปีที่ {thai.thai_digits(online)} ที่ประเมินในรูปแบบออนไลน์ผ่านระบบเทคโนโลยีสารสนเทศ"
            "รองรับการประเมิน (Integrity and Transparency Assessment System : ITAS)"
        )
    first += " ส่งผลให้หน่วยงานภาครัฐตระหนักถึงการบริหารงานอย่างมีคุณธรรมและให้ความสำคัญกับความโปร่งใสขององค์กรมากยิ่งขึ้น"
    listed = thai_list([f"({thai.thai_digits(i + 1)}) {row.name}" for i, row in enumerate(indicators)])
    second = (
        f"รายงานฉบับนี้วิเคราะห์ผลคะแนนจากตัวชี้วัดทั้ง {thai.thai_digits(len(indicators))} ตัวชี้วัด ได้แก่ {listed} "
        "ซึ่งประเมินจากการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal) การรับรู้ของผู้รับบริการ ผู้มาติดต่อ "
        "หรือผู้มีส่วนได้ส่วนเสียภายนอก (External) และการเผยแพร่ข้อมูลที่เป็นปัจจุบันบนเว็บไซต์ของหน่วยงาน "
        "(Open Data) เพื่อให้เห็นจุดแข็งและจุดที่ต้องพัฒนา และนำไปจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
        "ภายในหน่วยงานต่อไป"
    )
    return [first, second]


def change_sentence(change: Decimal | None, previous: Decimal | None, previous_year: int | None) -> str:
    """เมื่อเทียบกับปีงบประมาณ พ.ศ. ๒๕๖๓ ซึ่งได้ ๙๐.๐๐ คะแนน เพิ่มขึ้น ๗.๕๗ คะแนน ("" without a previous year)."""
    if change is None or previous is None or previous_year is None:
        return ""
    when = f"เมื่อเทียบกับปีงบประมาณ พ.ศ. {thai.thai_digits(previous_year)} ซึ่งได้ {score(previous)} คะแนน"
    if change == 0:
        return f"{when} คะแนนเท่าเดิม"
    return f"{when} {'เพิ่มขึ้น' if change > 0 else 'ลดลง'} {score(abs(change))} คะแนน"


def overall(
    *,
    agency_name: str,
    fiscal_year: int,
    total: Decimal | None,
    grade: str,
    reported: bool,
    pass_mark: Decimal,
    reason: str = "",
    confirmed: bool = True,
) -> str:
    """The total and its rating in one sentence, with why that rating (its rule) and how far the
    total is from the pass mark; a rating from a rule not yet confirmed says so."""
    subject = (
        f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{agency_name} "
        f"ประจำปีงบประมาณ พ.ศ. {thai.thai_digits(fiscal_year)}"
    )
    if total is None:
        return f"{subject} ยังไม่มีคะแนนรวมในระบบ เนื่องจากคะแนนรายตัวชี้วัดไม่ครบ"
    source = " (คะแนนตามที่ประกาศ)" if reported else ""
    text = f"{subject} โดยภาพรวมได้คะแนน {score(total)} คะแนน{source}"
    if grade:
        text += f" ซึ่งถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานระดับ {grade}"
        if reason:
            text += f" ({reason})"
        if not confirmed:
            text += f" ({UNCONFIRMED})"
    if total >= pass_mark:
        return f"{text} ผ่านเกณฑ์เป้าหมาย ({plain(pass_mark)} คะแนนขึ้นไป)"
    return f"{text} ยังไม่ผ่านเกณฑ์เป้าหมาย ({plain(pass_mark)} คะแนนขึ้นไป) โดยต่ำกว่าเกณฑ์ {score(pass_mark - total)} คะแนน"


def ranking(indicators: list[IndicatorRow]) -> str:
    """เมื่อพิจารณาตามตัวชี้วัดพบว่า … from the highest score to the lowest."""
    scored = sorted((r for r in indicators if r.score is not None), key=lambda r: (-r.score, r.number))
    if not scored:
        return "ยังไม่มีคะแนนรายตัวชี้วัดในระบบ"
    phrases = [f"ตัวชี้วัด{r.name} ได้คะแนนร้อยละ {score(r.score)}" for r in scored]
    text = f"เมื่อพิจารณาตามตัวชี้วัดพบว่า {phrases[0]}"
    if len(phrases) > 2:
        text += f" รองลงมา คือ {' '.join(phrases[1:-1])}"
    if len(phrases) > 1:
        text += f" และตัวชี้วัดที่ได้คะแนนน้อยที่สุด คือ {phrases[-1]}"
    missing = [indicator_label(r) for r in indicators if r.score is None]
    if missing:
        text += f" ส่วน{thai_list(missing)} ไม่มีคะแนนในระบบ"
    return text


def conclusion(indicators: list[IndicatorRow]) -> str:
    """สรุปได้ว่า จุดแข็งที่ได้คะแนนสูงสุด … ส่วนจุดที่ต้องพัฒนาเนื่องจากได้คะแนนต่ำสุด …"""
    scored = [r for r in indicators if r.score is not None]
    if len(scored) < 2:
        return ""
    best = max(scored, key=lambda r: (r.score, -r.number))
    worst = min(scored, key=lambda r: (r.score, r.number))
    first = "จุดแข็งที่หน่วยงานได้คะแนนสูงสุด" if best.status == STRENGTH else "ตัวชี้วัดที่หน่วยงานได้คะแนนสูงสุด"
    text = f"สรุปได้ว่า {first}เท่ากับร้อยละ {score(best.score)} คือ {indicator_label(best)}"
    lowest = f"{indicator_label(worst)} ได้คะแนนร้อยละ {score(worst.score)}"
    if worst.status == STRENGTH:
        return f"{text} และทุกตัวชี้วัดผ่านเกณฑ์ โดยตัวชี้วัดที่ได้คะแนนต่ำสุด คือ {lowest}"
    return f"{text} ส่วนจุดที่ต้องพัฒนาเนื่องจากได้คะแนนต่ำสุด คือ {lowest}"


def indicator_paragraph(
    row: IndicatorRow,
    *,
    description: str,
    pass_mark: Decimal,
    zero_items: list[ZeroItem],
    previous_year: int | None,
) -> str:
    """One strength or weakness, as seed 001 §3 writes it: score, what it measures, verdict, advice."""
    assert row.score is not None
    parts = [f"{indicator_label(row)} โดยรวมได้คะแนนร้อยละ {score(row.score)}", description]
    zeros = thai_list([item_label(z) for z in zero_items])
    if row.status == STRENGTH:
        if row.score >= 100:
            verdict = "ผลคะแนนดังกล่าวเป็นคะแนนเต็ม"
        else:
            verdict = f"ผลคะแนนดังกล่าวสูงกว่าเกณฑ์ {plain(pass_mark)} คะแนน อยู่ {score(row.score - pass_mark)} คะแนน"
        if row.tool in RESPONDENTS:
            who = RESPONDENTS[row.tool]
            verdict += f" สะท้อนให้เห็นว่า{who}รับรู้ถึงการดำเนินงานด้าน{row.name}ของหน่วยงานในเชิงบวก"
        elif zero_items:
            verdict += f" แสดงว่าหน่วยงานเปิดเผยข้อมูลได้ครบถ้วนเป็นส่วนใหญ่ ยังขาด{zeros}"
        else:
            verdict += " แสดงว่าหน่วยงานเปิดเผยข้อมูลในตัวชี้วัดนี้ได้ครบถ้วนตามเกณฑ์"
    else:
        verdict = f"ผลคะแนนดังกล่าวต่ำกว่าเกณฑ์ {plain(pass_mark)} คะแนน อยู่ {score(pass_mark - row.score)} คะแนน"
        if row.score < pass_mark / 2:
            verdict += " ถือว่าได้คะแนนต่ำมาก"
        if zero_items:
            verdict += f" เนื่องจากมีข้อที่ไม่ได้คะแนน จำนวน {thai.thai_digits(len(zero_items))} ข้อ คือ {zeros}"
        lowest = min((s for s in row.sub_indicators if s.score is not None), key=lambda s: s.score, default=None)
        if lowest is not None and lowest.score < pass_mark and len(row.sub_indicators) > 1:
            verdict += (
                f" โดยตัวชี้วัดย่อยที่ได้คะแนนต่ำสุด คือ ตัวชี้วัดย่อยที่ {thai.thai_digits(lowest.code)} "
                f"{lowest.name} ได้ {score(lowest.score)} คะแนน"
            )
    parts.append(verdict)
    parts.append(change_sentence(row.change, row.previous, previous_year))
    advice = INDICATOR_TEXTS.get(row.name, ("", GENERIC_RECOMMENDATION))[1]
    if row.status == STRENGTH and row.score >= 100:
        parts.append(f"เพื่อรักษาผลการประเมินให้อยู่ในระดับนี้ในปีถัดไป หน่วยงานควร{advice}อย่างต่อเนื่อง")
    elif row.status == STRENGTH:
        parts.append(f"อย่างไรก็ตาม เพื่อให้ผลการประเมินในปีถัดไปดียิ่งขึ้น หน่วยงานควร{advice}")
    else:
        parts.append(f"ดังนั้น จากผลคะแนนข้างต้น หน่วยงานควร{advice}")
    return " ".join(p for p in parts if p)


def indicator_description(row: IndicatorRow, topics: list[tuple[str, list[str]]]) -> str:
    """What the indicator's score measures; OIT indicators list their sub-indicators and groups
    from the year's catalogue: "ใน ๕ ประเด็น คือ (๑) ข้อมูลพื้นฐาน ได้แก่ … (๒) …"."""
    if row.name in INDICATOR_TEXTS:
        base = INDICATOR_TEXTS[row.name][0]
    elif row.tool in RESPONDENTS:
        base = f"เป็นคะแนนจากการประเมินการรับรู้ของ{RESPONDENTS[row.tool]}ต่อ{row.name}ของหน่วยงาน"
    else:
        base = f"เป็นคะแนนจากการเผยแพร่ข้อมูลที่เป็นปัจจุบันบนเว็บไซต์ของหน่วยงานด้าน{row.name}"
    if row.tool in RESPONDENTS or not topics:
        return base
    listed = thai_list(
        [
            f"({thai.thai_digits(n)}) {name}" + (f" ได้แก่ {thai_list(groups)}" if groups and groups != [name] else "")
            for n, (name, groups) in enumerate(topics, start=1)
        ]
    )
    return f"{base} ใน {thai.thai_digits(len(topics))} ประเด็น คือ {listed}"


def numbers(values: Sequence[str]) -> str:
    """["๙", "๑๐"] → "๙ และ ๑๐" (numbers keep the space before and after และ)."""
    return values[0] if len(values) == 1 else " ".join(values[:-1]) + " และ " + values[-1]


def tool_paragraph(
    *, name: str, code: str, score_value: Decimal | None, grade: str, pass_mark: Decimal, zero_count: int
) -> str:
    """ผลการประเมินตามแบบวัด… (IIT) ได้ … คะแนน [อยู่ในระดับ …] ซึ่งผ่าน/ต่ำกว่าเกณฑ์เป้าหมาย … มีดังนี้"""
    subject = f"ผลการประเมินตาม{name} ({code})"
    if score_value is None:
        return f"{subject} ไม่มีคะแนนในระบบ ประเด็นที่ควรพัฒนาในแต่ละตัวชี้วัด มีดังนี้"
    text = f"{subject} ได้ {score(score_value)} คะแนน"
    if grade:  # a tool has its own letter only in the bands years (2564–2565)
        text += f" อยู่ในระดับ {grade}"
    target = f"เกณฑ์เป้าหมาย ({plain(pass_mark)} คะแนนขึ้นไป)"
    if score_value >= pass_mark:
        return f"{text} ซึ่งผ่าน{target} อย่างไรก็ตาม ประเด็นที่ควรพัฒนาต่อไปในแต่ละตัวชี้วัด มีดังนี้"
    text += f" ซึ่งต่ำกว่า{target} อยู่ {score(pass_mark - score_value)} คะแนน"
    if zero_count:
        text += f" เนื่องจากมีข้อที่ไม่ได้คะแนน จำนวน {thai.thai_digits(zero_count)} ข้อ"
    return f"{text} ประเด็นที่ต้องพัฒนาในแต่ละตัวชี้วัด มีดังนี้"


def recommendation(row: IndicatorRow, zero_items: list[ZeroItem]) -> list[str]:
    """The advice for one indicator, plus the zero-scored items to put right."""
    lines = [INDICATOR_TEXTS.get(row.name, ("", GENERIC_RECOMMENDATION))[1]]
    if zero_items:
        codes = numbers([thai.thai_digits(z.code) for z in zero_items])
        lines.append(
            f"แก้ไขข้อที่ไม่ได้คะแนน ได้แก่ ข้อ {codes} ตามความคิดเห็นของผู้ตรวจ "
            "และเผยแพร่บนเว็บไซต์หลักของหน่วยงานให้ครบถ้วนก่อนการประเมินครั้งถัดไป"
        )
    return lines


def items_intro(oit: list[IndicatorRow], *, total: int, full: int, zero: int, other: int) -> str:
    """The sentence before the item table: the OIT indicators' scores and how the items scored."""
    labels = numbers([thai.thai_digits(r.number) for r in oit])
    scores = numbers([score(r.score) for r in oit])
    text = (
        f"ตัวชี้วัดที่ {labels} เป็นการตรวจการเปิดเผยข้อมูลสาธารณะบนเว็บไซต์หลักของหน่วยงาน "
        f"ได้คะแนนร้อยละ {scores}{' ตามลำดับ' if len(oit) > 1 else ''} "
        f"จากการตรวจทั้งหมด {thai.thai_digits(total)} ข้อ ได้คะแนนเต็ม {thai.thai_digits(full)} ข้อ"
    )
    if other:
        text += f" ได้คะแนนบางส่วน {thai.thai_digits(other)} ข้อ"
    text += f" และไม่ได้คะแนน {thai.thai_digits(zero)} ข้อ" if zero else " โดยไม่มีข้อที่ไม่ได้คะแนน"
    return f"{text} รายละเอียดผลการตรวจรายข้อพร้อมความคิดเห็นของผู้ตรวจ มีดังนี้"


def fixes_summary(
    *,
    count: int,
    oit: Decimal | None,
    oit_new: Decimal | None,
    total: Decimal | None,
    total_new: Decimal | None,
    grade_new: str,
    pass_mark: Decimal,
) -> str:
    """What the scores would be with every zero-scored item put right (this year's weights)."""
    if oit is None or oit_new is None:
        return ""
    text = f"หากแก้ไขได้ครบทั้ง {thai.thai_digits(count)} ข้อ คะแนน OIT จะเพิ่มขึ้นจาก {score(oit)} เป็น {score(oit_new)} คะแนน"
    if total is not None and total_new is not None:
        text += f" และคะแนนรวมจะเพิ่มขึ้นจาก {score(total)} เป็น {score(total_new)} คะแนน"
        text += f" ระดับ {grade_new}" if grade_new else ""
        if total < pass_mark <= total_new:
            text += f" ซึ่งผ่านเกณฑ์เป้าหมาย ({plain(pass_mark)} คะแนนขึ้นไป)"
    return f"{text} ทั้งนี้ คำนวณด้วยน้ำหนักของเครื่องมือในปีนี้"


def guidance(
    *,
    next_year: int,
    weaknesses: list[IndicatorRow],
    lowest: IndicatorRow | None,
    zero_items: list[ZeroItem],
    website_weak: bool,
) -> list[tuple[str, list[str]]]:
    """แนวทางการดำเนินงานเพื่อยกระดับ: (topic, points), chosen by what the results show."""
    year = thai.thai_digits(next_year)
    first = [
        f"จัดประชุมซักซ้อมความเข้าใจภายในหน่วยงานเกี่ยวกับแนวทางการดำเนินงาน "
        f"เพื่อเตรียมความพร้อมก่อนการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year}"
    ]
    if weaknesses:
        first.append(
            f"กำหนดมาตรการเพื่อแก้ไขจุดที่ต้องพัฒนา ได้แก่ {thai_list([indicator_label(r) for r in weaknesses])} "
            "พร้อมผู้รับผิดชอบ ระยะเวลา และวิธีการกำกับติดตามผลให้ชัดเจน"
        )
    elif lowest is not None:
        first.append(f"กำหนดมาตรการเพื่อรักษาระดับผลการประเมิน โดยเฉพาะ{indicator_label(lowest)} ซึ่งได้คะแนนต่ำสุด")
    first.append(
        "ดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต และสรุปผลการดำเนินการ ปัญหา อุปสรรค และข้อเสนอแนะ "
        "ไว้เป็นหลักฐานสำหรับการประเมินครั้งถัดไป"
    )
    topics = [("วิเคราะห์ผลการประเมิน ITA และจัดทำมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", first)]
    if website_weak or zero_items:
        web = [
            "จัดสรรงบประมาณพัฒนาเว็บไซต์ของหน่วยงานให้พร้อมเปิดเผยข้อมูลได้อย่างเป็นปัจจุบันและรวดเร็ว",
            "พัฒนาทักษะความรู้ของบุคลากรผู้ดูแลเว็บไซต์ให้ปรับปรุงข้อมูลบนเว็บไซต์ได้อย่างมีประสิทธิภาพ",
        ]
        if zero_items:
            codes = numbers([thai.thai_digits(z.code) for z in zero_items])
            web.append(f"มอบหมายผู้รับผิดชอบเปิดเผยข้อมูลตามข้อ {codes} บนเว็บไซต์หลักของหน่วยงานให้ครบถ้วนและเป็นปัจจุบัน")
        topics.append(("พัฒนาระบบเว็บไซต์และเพิ่มศักยภาพบุคลากรในการดูแลระบบ", web))
    perceived = [r for r in weaknesses if r.tool in RESPONDENTS]
    if perceived:
        topics.append(
            (
                "ยกระดับการรับรู้ของผู้มีส่วนได้ส่วนเสีย",
                [
                    f"ดำเนินการตามข้อเสนอแนะของ{indicator_label(r)} และสื่อสารผลการดำเนินการให้"
                    f"{RESPONDENTS[r.tool]}รับทราบอย่างต่อเนื่อง"
                    for r in perceived
                ],
            )
        )
    topics.append(
        (
            "ผู้บริหารท้องถิ่นกำกับดูแลและติดตามผล",
            ["กำกับดูแลให้มีการดำเนินการตามแนวทางข้างต้นในทุกตัวชี้วัด และติดตามความก้าวหน้าในรอบ ๖ เดือนและรอบ ๑๒ เดือน"],
        )
    )
    return topics
