"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live test server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _uploads_and_pdfs_in_a_temporary_folder(settings, tmp_path):
    """Evidence files, imports and PDFs the journeys make stay out of the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: run `bash .ci/system-deps.sh chromium` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_page(browser, live_server, viewport=DESKTOP, *, mobile: bool = False):
    """A new browser context (a person at their own device) and its page.

    `page.console_errors` collects console errors and uncaught exceptions; `page.base` is the server's URL.
    """
    context = browser.new_context(
        viewport=viewport, locale="th-TH", is_mobile=mobile, has_touch=mobile, device_scale_factor=1
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
    page.base = live_server.url
    return page


@pytest.fixture
def page(browser, live_server):
    page = open_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return _shot


def log_in(page, username: str, password: str) -> None:
    page.goto(f"{page.base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{page.base}/")


def log_out(page) -> None:
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(f"{page.base}/login/")


def assert_no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in a {widths[1]} px window"


def assert_tappable(page, button, *, full_width: bool = False) -> None:
    """On screen once scrolled to, at least 44 px high, inside the window, and nothing covers it."""
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44, box
    width = page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    if full_width:
        assert box["width"] >= width - 60, box  # the card's padding on either side
    button.click(trial=True)  # the click would land on the button itself
