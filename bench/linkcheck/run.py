"""Wall time of checking 300 links on one slow website, and the most requests it saw at once
(run by hand: .venv/bin/python bench/linkcheck/run.py [urls] [seed]).

A local ThreadingHTTPServer on 127.0.0.1 answers every page after a random 200–2,000 ms (seeded,
drawn per URL so the total work does not depend on the order) and counts the requests in flight.
All URLs are on that one host, so per_host (8) is what bounds the run: about
urls × 1.1 s / 8 ≈ 41 s for 300. The default policy is used except allow_private (the server is on
loopback). Target: under 60 s, and the maximum concurrency never above per_host. Stops by itself.
"""

from __future__ import annotations

import http.server
import random
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from oit.linkcheck import Policy, check_urls  # noqa: E402 — after the path is set

BODY = "<!doctype html><html><body><h1>ประกาศ ปีงบประมาณ ๒๕๖๙</h1></body></html>".encode()


class SlowSite(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, delays: dict[str, float]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.delays = delays
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.served = 0


class Handler(http.server.BaseHTTPRequestHandler):
    server: SlowSite

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server
        with site.lock:
            site.active += 1
            site.max_active = max(site.max_active, site.active)
        try:
            time.sleep(site.delays.get(self.path, 0.2))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
        finally:
            with site.lock:
                site.active -= 1
                site.served += 1


def main(count: int = 300, seed: int = 14) -> int:
    rng = random.Random(seed)
    paths = [f"/oit/o{number:03d}.html" for number in range(count)]
    delays = {path: rng.uniform(0.2, 2.0) for path in paths}
    site = SlowSite(delays)
    thread = threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    policy = Policy(allow_private=True)
    port = site.server_address[1]
    urls = [f"http://127.0.0.1:{port}{path}" for path in paths]
    try:
        started = time.monotonic()
        reports = check_urls(urls, agency_domain="127.0.0.1", fiscal_year=2569, policy=policy)
        elapsed = time.monotonic() - started
    finally:
        site.shutdown()
        site.server_close()
    ok = sum(report.ok for report in reports.values())
    ideal = sum(delays.values()) / policy.per_host
    print(f"{count} URLs on one host, delays 200–2,000 ms (seed {seed}, sum {sum(delays.values()):.1f} s)")
    print(f"policy: per_host={policy.per_host} workers={policy.workers} timeout={policy.timeout:g}s")
    print(f"wall time {elapsed:.1f} s (sum of delays / per_host = {ideal:.1f} s); {ok}/{count} ok")
    print(f"served {site.served}; max concurrent requests seen by the server: {site.max_active}")
    passed = elapsed < 60 and site.max_active <= policy.per_host and ok == count
    print("target (< 60 s, concurrency <= per_host, all ok):", "met" if passed else "NOT met")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(*(int(arg) for arg in sys.argv[1:3])))
