"""Screenshot the main pages in headless Chromium (run by hand: `make screenshots`).

Starts nothing itself: point it at a running portal (`make run`) with BASE_URL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
OUT = Path(os.environ.get("SCREENSHOT_DIR", "docs/screenshots"))
PASSWORD = "ita-demo-2567"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
            page = browser.new_page(viewport=viewport)
            errors: list[str] = []
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{BASE_URL}/login/")
            page.screenshot(path=OUT / f"login-{name}.png", full_page=True)
            for username in ("thungpho.legal", "satun.overseer"):
                page.goto(f"{BASE_URL}/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(f"{BASE_URL}/")
                page.screenshot(path=OUT / f"home-{username}-{name}.png", full_page=True)
                scroll = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
                print(f"{name} {username}: title={page.title()!r} horizontal-scroll={scroll}")
                page.click("text=ออกจากระบบ")
            print(f"{name}: console errors: {errors or 'none'}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
