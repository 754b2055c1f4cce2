"""The Content-Security-Policy: its header on every page, and pages that need nothing it forbids.

The header only helps if the pages do not need 'unsafe-inline': no inline <script>, no on…= handlers,
no javascript: links, no style="…" or <style> (style-src 'self'), no htmx attribute that needs eval.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.safestring import mark_safe

from ita_portal.templatetags.inline_svg import presentation_attributes
from tests.reports.memo_support import new_memo


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class _InlineCode(HTMLParser):
    """Collects everything in a page that a strict policy would block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script_open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on") or name in {"hx-vars", "style"}:
                self.problems.append(f"<{tag} {name}=…>")
            if value and value.strip().lower().startswith(("javascript:", "js:")) and name != "content":
                self.problems.append(f"<{tag} {name}={value[:30]}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            inline = "src" not in named and named.get("type") != "application/json"
            self._script_open = "inline <script>" if inline else None

    def handle_data(self, data: str) -> None:
        if self._script_open and data.strip():
            self.problems.append(f"{self._script_open}: {data.strip()[:40]}")
            self._script_open = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_open = None


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.problems


def test_the_checker_finds_what_the_policy_would_block():
    page = (
        '<script>alert(1)</script><script src="/static/x.js"></script><script type="application/json">{}</script>'
        '<button onclick="go()">x</button><a href="javascript:go()">y</a><p style="color:red">z</p>'
        "<style>p{}</style><div hx-on:click=\"go()\"></div><div hx-vals='js:{a: 1}'></div>"
    )
    assert inline_code(page) == [
        "inline <script>: alert(1)",
        "<button onclick=…>",
        "<a href=javascript:go()>",
        "<p style=…>",
        "<style> element",
        "<div hx-on:click=…>",
        "<div hx-vals=js:{a: 1}>",
    ]


def test_chart_styles_become_presentation_attributes():
    svg = (
        '<svg id="c" viewBox="0 0 1 1"><defs><style type="text/css">#c *{stroke-linejoin: round; stroke-linecap: butt}'
        '</style></defs><path d="M 0 0" fill="red" style="fill: #1d7a3a; stroke: #000000"/>'
        "<text style=\"font-size: 9px; font-family: 'Sarabun'; text-anchor: middle\">ก</text></svg>"
    )
    assert presentation_attributes(svg).startswith("&lt;svg")  # markup not marked safe is escaped, not trusted
    converted = presentation_attributes(mark_safe(svg))
    assert inline_code(converted) == []
    assert '<svg id="c" viewBox="0 0 1 1" stroke-linejoin="round" stroke-linecap="butt">' in converted
    assert '<path d="M 0 0" fill="#1d7a3a" stroke="#000000"/>' in converted  # the style won over fill="red"
    assert '<text font-size="9px" font-family="\'Sarabun\'" text-anchor="middle">ก</text>' in converted


@pytest.fixture
def pages(thungpho, demo):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    plan = agency.plans.get(fiscal_year=2566)
    measure = plan.measures.order_by("number").first()
    wangprachan = demo["วังประจัน"]
    admin = get_user_model().objects.create_superuser("security.admin", "admin@example.go.th", "x")
    return {
        "legal": [
            reverse("home"),
            reverse("measures:plan", args=[agency.pk, 2566]),
            reverse("measures:measure", args=[measure.pk]),
            reverse("measures:measure_edit", args=[measure.pk]),
            reverse("measures:progress", args=[measure.pk, 12]),
            reverse("reports:documents", args=[agency.pk]),
            reverse("reports:memo", args=[memo.pk]),
            reverse("reports:memos", args=[agency.pk]),
        ],
        "wangprachan.coord": [reverse("assessments:analysis", args=[wangprachan.pk, 2564])],
        "admin": [
            reverse("admin:index"),
            reverse("admin:auth_user_changelist"),
            reverse("admin:auth_user_change", args=[admin.pk]),
            reverse("admin:axes_accessattempt_changelist"),
        ],
        None: [reverse("login"), reverse("admin:login")],
        "_users": {"legal": users["legal"], "admin": admin},
        "_memo": reverse("reports:memo", args=[memo.pk]),
    }


def test_every_page_sends_a_policy_without_inline_scripts_and_needs_none(client, pages):
    users = pages.pop("_users")
    memo_page = pages.pop("_memo")  # it shows its PDF in an <object>
    checked = 0
    for who, urls in pages.items():
        client.logout()
        if who == "wangprachan.coord":
            client.force_login(get_user_model().objects.get(username=who))
        elif who:
            client.force_login(users[who])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            directives = policy(response)
            assert directives["script-src"] == ["'self'"], url
            assert directives["style-src"] == ["'self'"], url
            assert directives["object-src"] == (["'self'"] if url == memo_page else ["'none'"]), url
            assert directives["frame-ancestors"] == ["'none'"], url
            assert directives["default-src"] == ["'self'"] and directives["base-uri"] == ["'self'"], url
            assert directives["form-action"] == ["'self'"], url
            assert inline_code(response.content.decode()) == [], url
            checked += 1
    assert checked == 15


def test_the_analysis_page_draws_its_charts_without_inline_styles(client, demo):
    client.force_login(get_user_model().objects.get(username="wangprachan.coord"))
    html = client.get(reverse("assessments:analysis", args=[demo["วังประจัน"].pk, 2564])).content.decode()
    assert html.count('class="chart-svg"') == 2
    assert 'fill="#1d7a3a"' in html  # a strength bar keeps its colour, as an attribute


def test_the_memo_pdf_may_be_framed_by_the_portal_only(client, thungpho):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    client.force_login(users["legal"])
    response = client.get(reverse("reports:memo_pdf", args=[memo.pk]))
    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, db):
    html = client.get(reverse("login")).content.decode()
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false, '
        '"allowScriptTags": false}\'>' in html
    )


def test_referrer_and_opener_policies_are_sent(client, db):
    response = client.get(reverse("login"))
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
