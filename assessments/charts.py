"""Charts of an assessment drawn on the server with matplotlib, as SVG text for pages and PDFs.

- Only `matplotlib.figure.Figure` is used, never pyplot, so no figure lives in a global registry.
  matplotlib's rcParams are still process-wide: every render takes `_LOCK` and sets its
  parameters inside `rc_context`, so two threads never see each other's settings.
- `svg.fonttype = "none"` keeps text as <text> in the Sarabun family: it stays searchable and
  selectable, and the browser (or WeasyPrint) shapes the Thai with the page's own Sarabun.
  matplotlib only measures the text, with the Sarabun TTF of the fontpkg-sarabun package.
- Rendering takes tens of milliseconds, so each SVG is kept in Django's cache under the
  assessment's id and `computed_at` (and the catalogue's `updated_at`): a recompute changes the
  key, and nothing has to be invalidated by hand. With the default LocMemCache each process keeps
  its own copy; with a shared cache (Redis) every worker reuses one rendering.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import fontpkg_sarabun
import matplotlib
from django.core.cache import cache
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.patches import Patch

from assessments.analysis import STRENGTH, Analysis
from ita_portal import thai

matplotlib.use("Agg")

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
for _name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"):
    fontManager.addfont(str(FONT_DIR / _name))

CACHE_VERSION = 2  # 2: no tool letter in labels years (ITA 2566 onwards)
CACHE_SECONDS = 7 * 24 * 60 * 60
INK, MUTED, GRID = "#1d2733", "#5b6775", "#d8dee6"
COLOURS = {STRENGTH: "#1d7a3a", "weakness": "#c2410c", "": "#9aa6b2"}
_LOCK = threading.Lock()
_RC = {
    "svg.fonttype": "none",
    "font.family": "Sarabun",
    "font.size": 10,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": MUTED,
    "text.color": INK,
}
_LINE_CHARS = 9  # Thai letters per line of a label under a bar (vowel and tone marks take no width)


def indicator_chart(analysis: Analysis) -> str:
    """Ten bars (one per indicator), coloured strength / weakness, with the pass mark as a dashed line."""
    return _cached("indicators", analysis, lambda: _drawn(_indicator_svg, analysis, "indicator-chart"))


def tool_chart(analysis: Analysis) -> str:
    """IIT, EIT and OIT with their weights, their letters (bands years only), and the pass mark."""
    return _cached("tools", analysis, lambda: _drawn(_tool_svg, analysis, "tool-chart"))


def _drawn(draw: Callable[[Analysis, str], str], analysis: Analysis, prefix: str) -> str:
    """Build and save the figure under the lock: text takes its font from rcParams when it is created."""
    chart_id = f"{prefix}-{analysis.assessment.pk}"
    rc = {**_RC, "svg.hashsalt": chart_id, "svg.id": chart_id}
    with _LOCK, matplotlib.rc_context(rc):
        return draw(analysis, chart_id)


def _indicator_svg(analysis: Analysis, chart_id: str) -> str:
    a = analysis.assessment
    pass_mark = float(analysis.pass_mark)
    fig = Figure(figsize=(9.6, 4.4))
    ax = fig.add_axes((0.05, 0.26, 0.87, 0.63))
    for x, row in enumerate(analysis.indicators):
        if row.score is None:
            ax.text(x, 3, "ไม่มี\nข้อมูล", ha="center", va="bottom", color=MUTED, fontsize=9, gid=f"missing-{row.number}")
            continue
        bar = ax.bar(x, float(row.score), width=0.62, color=COLOURS[row.status])[0]
        bar.set_gid(f"bar-{row.number}")
        ax.text(x, float(row.score) + 1.5, thai.thai_number(row.score), ha="center", va="bottom", fontsize=9)
    labels = [f"{thai.thai_digits(r.number)}\n{wrap_thai(r.name)}" for r in analysis.indicators]
    _axes(ax, labels, pass_mark)
    fig.legend(
        handles=[
            Patch(color=COLOURS[STRENGTH], label=f"จุดแข็ง (ตั้งแต่ {_mark(analysis)} คะแนน)"),
            Patch(color=COLOURS["weakness"], label=f"จุดที่ต้องพัฒนา (ต่ำกว่า {_mark(analysis)} คะแนน)"),
        ],
        loc="upper center",
        ncol=2,
        frameon=False,
        bbox_to_anchor=(0.5, 1.0),
    )
    title = (
        f"คะแนนรายตัวชี้วัด ITA ปีงบประมาณ พ.ศ. {thai.thai_digits(a.fiscal_year)} {a.agency.short_name} "
        f"เทียบกับเกณฑ์ {_mark(analysis)} คะแนน"
    )
    description = "; ".join(
        f"ตัวชี้วัดที่ {thai.thai_digits(r.number)} {r.name} "
        + (f"{thai.thai_number(r.score)} คะแนน ({_status_label(r.status)})" if r.score is not None else "ไม่มีข้อมูล")
        for r in analysis.indicators
    )
    return _svg(fig, chart_id=chart_id, title=title, description=description)


def _tool_svg(analysis: Analysis, chart_id: str) -> str:
    a = analysis.assessment
    pass_mark = float(analysis.pass_mark)
    fig = Figure(figsize=(5.6, 3.6))
    ax = fig.add_axes((0.1, 0.2, 0.76, 0.72))
    for x, tool in enumerate(analysis.tools):
        if tool.score is None:
            ax.text(x, 3, "ไม่มีข้อมูล", ha="center", va="bottom", color=MUTED, gid=f"missing-{tool.code}")
            continue
        status = STRENGTH if tool.score >= analysis.pass_mark else "weakness"
        ax.bar(x, float(tool.score), width=0.55, color=COLOURS[status])[0].set_gid(f"bar-{tool.code}")
        label = thai.thai_number(tool.score) + (f" ({tool.grade})" if tool.grade else "")  # no letter from 2566
        ax.text(x, float(tool.score) + 1.5, label, ha="center", va="bottom")
    labels = [f"{t.code}\nน้ำหนักร้อยละ {thai.thai_number(t.weight, 0)}" for t in analysis.tools]
    _axes(ax, labels, pass_mark)
    title = f"คะแนนรายเครื่องมือ ITA ปีงบประมาณ พ.ศ. {thai.thai_digits(a.fiscal_year)} {a.agency.short_name}"
    description = "; ".join(
        f"{t.code} น้ำหนักร้อยละ {thai.thai_number(t.weight, 0)} "
        + (f"{thai.thai_number(t.score)} คะแนน" if t.score is not None else "ไม่มีข้อมูล")
        + (f" ระดับ {t.grade}" if t.score is not None and t.grade else "")
        for t in analysis.tools
    )
    return _svg(fig, chart_id=chart_id, title=title, description=description)


def _axes(ax, labels: list[str], pass_mark: float) -> None:
    """Shared look: 0–100 scale with Thai digits, labels under the bars, the dashed pass line."""
    ax.set_ylim(0, 108)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ticks = [0, 20, 40, 60, 80, 100]
    ax.set_yticks(ticks, [thai.thai_digits(t) for t in ticks])
    ax.set_xticks(range(len(labels)), labels, fontsize=9, linespacing=1.15)
    ax.tick_params(axis="x", length=0, pad=6)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.axhline(pass_mark, color=INK, linestyle=(0, (5, 3)), linewidth=1.2, gid="pass-line")
    label = f"เกณฑ์ {thai.thai_digits(f'{pass_mark:g}')}"  # 85.0 → ๘๕
    ax.text(
        1.01, pass_mark, label, transform=ax.get_yaxis_transform(), va="center", fontweight="bold", gid="pass-label"
    )


def wrap_thai(text: str, width: int = _LINE_CHARS) -> str:
    """Break a Thai name into short lines at word boundaries, for labels under bars.

    pythainlp's dictionary holds compounds (ปฏิบัติหน้าที่ is one word); a word longer than a line
    is split again with a dictionary of short words only (ปฏิบัติ | หน้าที่).
    """
    from pythainlp.tokenize import word_tokenize

    words: list[str] = []
    for word in word_tokenize(text, keep_whitespace=False):
        if _visible_length(word) > width:
            words += word_tokenize(word, custom_dict=_short_words(), keep_whitespace=False)
        else:
            words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and _visible_length(lines[-1] + word) <= width:
            lines[-1] += word
        else:
            lines.append(word)
    return "\n".join(lines)


@functools.cache
def _short_words():
    from pythainlp.corpus.common import thai_words
    from pythainlp.util import dict_trie

    return dict_trie({word for word in thai_words() if len(word) <= 8})


def _visible_length(text: str) -> int:
    # Thai vowel and tone marks above or below a letter (U+0E31, U+0E34–U+0E3A, U+0E47–U+0E4E) take no width.
    return sum(1 for ch in text if not ("\u0e34" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e" or ch == "\u0e31"))


def _svg(fig: Figure, *, chart_id: str, title: str, description: str) -> str:
    """The figure as an inline <svg role="img"> with a Thai <title> and <desc>, no XML prolog."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    head_end = text.index(">") + 1
    head = re.sub(r'\s(width|height)="[^"]*"', "", text[:head_end])
    head = head.replace(
        "<svg", f'<svg role="img" class="chart-svg" aria-labelledby="{chart_id}-title {chart_id}-desc"', 1
    )
    labels = (
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    body = text[head_end:].replace("*{stroke-linejoin", f"#{chart_id} *{{stroke-linejoin", 1)
    return head + labels + _prefix_ids(body, chart_id)


def _prefix_ids(body: str, chart_id: str) -> str:
    """matplotlib names its groups figure_1, axes_1 …; two charts on one page must not share ids."""
    ids = set(re.findall(r'\sid="([^"]+)"', body))

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        return f"{match.group(1)}{chart_id}-{name}{match.group(3)}" if name in ids else match.group(0)

    return re.sub(r'(\sid="|url\(#|href="#)([^")]+)([")])', rename, body)


def _cached(kind: str, analysis: Analysis, render: Callable[[], str]) -> str:
    a = analysis.assessment
    computed = a.computed_at.timestamp() if a.computed_at else "never"
    key = f"assessments:chart:{CACHE_VERSION}:{kind}:{a.pk}:{computed}:{analysis.framework.updated_at.timestamp()}"
    svg = cache.get(key)
    if svg is None:
        svg = render()
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def _mark(analysis: Analysis) -> str:
    return thai.thai_digits(f"{analysis.pass_mark.normalize():f}")


def _status_label(status: str) -> str:
    return {STRENGTH: "จุดแข็ง", "weakness": "จุดที่ต้องพัฒนา"}.get(status, "")
