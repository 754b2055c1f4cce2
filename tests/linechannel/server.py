"""A small stand-in for the LINE Messaging API, for tests (the real API cannot be reached from here).

It implements what the portal uses, as LINE's reference describes it:

- `POST /v2/bot/message/push`: `Authorization: Bearer <token>` (else 401), a JSON body with `to` and
  1–5 `messages` of type text, 1–5,000 characters (else 400); `X-Line-Retry-Key` must be a UUID (else
  400) and a key already accepted answers 409 without sending again; 200 with `sentMessages`.
- `POST /v2/bot/message/reply`: `replyToken` and messages; 200.
- `GET /v2/bot/message/quota` (`{"type": "limited", "value": n}`) and
  `GET /v2/bot/message/quota/consumption` (`{"totalUsage": n}`).

A test can queue answers for the next pushes (`fail_next(429, retry_after=7)`, `fail_next(500)`), or make
the next push be accepted but answered with a 500 (`accept_then_fail()`: the reply lost on the way back).
`sign(body, secret)` makes a webhook's X-Line-Signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

TOKEN = "test-channel-access-token"
SECRET = "0123456789abcdef0123456789abcdef"


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@dataclass
class LineApi:
    """The server's state, shared with the handler thread under a lock."""

    token: str = TOKEN
    pushes: list[dict[str, Any]] = field(default_factory=list)  # accepted pushes: to, messages, retry_key
    replies: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path) of every request
    accepted_keys: set[str] = field(default_factory=set)
    queued: list[tuple[int, dict[str, str], bool]] = field(default_factory=list)  # (status, headers, accept)
    quota_limit: int | None = 200
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, status: int, *, retry_after: int | None = None, times: int = 1) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.queued.extend([(status, headers, False)] * times)

    def accept_then_fail(self) -> None:
        """The next push is sent to the user, but the client gets a 500 (as after a lost response)."""
        self.queued.append((500, {}, True))

    @property
    def texts(self) -> list[str]:
        return [m["text"] for push in self.pushes for m in push["messages"]]


def _handler(api: LineApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet test output
            pass

        def _answer(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-line-request-id", str(uuid.uuid4()))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {api.token}":
                self._answer(401, {"message": "Authentication failed. Confirm that the access token is valid."})
                return False
            return True

        def do_GET(self) -> None:
            with api.lock:
                api.requests.append(("GET", self.path))
            if not self._authorised():
                return
            if self.path == "/v2/bot/message/quota":
                quota = {"type": "none"} if api.quota_limit is None else {"type": "limited", "value": api.quota_limit}
                self._answer(200, quota)
            elif self.path == "/v2/bot/message/quota/consumption":
                self._answer(200, {"totalUsage": len(api.pushes)})
            else:
                self._answer(404, {"message": "Not found"})

        def do_POST(self) -> None:
            with api.lock:
                api.requests.append(("POST", self.path))
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if not self._authorised():
                return
            try:
                body = json.loads(raw)
            except ValueError:
                self._answer(400, {"message": "The request body has 1 error(s)"})
                return
            if self.path == "/v2/bot/message/push":
                self._push(body)
            elif self.path == "/v2/bot/message/reply":
                if not isinstance(body.get("replyToken"), str) or _messages_error(body.get("messages")):
                    self._answer(400, {"message": "Invalid reply token"})
                    return
                with api.lock:
                    api.replies.append(body)
                self._answer(200, {"sentMessages": []})
            else:
                self._answer(404, {"message": "Not found"})

        def _push(self, body: dict[str, Any]) -> None:
            key = self.headers.get("X-Line-Retry-Key")
            if key is not None:
                try:
                    uuid.UUID(key)
                except ValueError:
                    self._answer(400, {"message": "The value for the 'X-Line-Retry-Key' header is invalid"})
                    return
            error = _messages_error(body.get("messages"))
            if not isinstance(body.get("to"), str) or not body["to"] or error:
                self._answer(400, {"message": "The request body has 1 error(s)", "details": [{"message": error}]})
                return
            with api.lock:
                if key is not None and key in api.accepted_keys:
                    self._answer(
                        409,
                        {"message": "The retry key is already accepted", "sentMessages": []},
                        {"x-line-accepted-request-id": str(uuid.uuid4())},
                    )
                    return
                status, headers, accept = api.queued.pop(0) if api.queued else (200, {}, True)
                if accept:
                    api.pushes.append({"to": body["to"], "messages": body["messages"], "retry_key": key})
                    if key is not None:
                        api.accepted_keys.add(key)
            if status == 200:
                self._answer(200, {"sentMessages": [{"id": str(len(api.pushes)), "quoteToken": "q"}]})
            elif status == 429:
                self._answer(429, {"message": "The API rate limit has been exceeded. Try again later."}, headers)
            else:
                self._answer(status, {"message": "An error occurred in the internal server."}, headers)

    return Handler


def _messages_error(messages: Any) -> str:
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return "messages: must be 1 to 5 message objects"
    for message in messages:
        if not isinstance(message, dict) or message.get("type") != "text":
            return "messages[].type: only text here"
        text = message.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= 5000:
            return "messages[].text: 1 to 5000 characters"
    return ""


@pytest.fixture
def line_api(settings) -> Iterator[LineApi]:
    """The stand-in LINE API on 127.0.0.1 (a random port), with the portal's LINE settings pointing at it."""
    api = LineApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.LINE_API_BASE = api.url
    settings.LINE_CHANNEL_ACCESS_TOKEN = TOKEN
    settings.LINE_CHANNEL_SECRET = SECRET
    settings.LINE_OA_ID = "@123abcde"
    settings.LINE_OA_ADD_URL = ""
    settings.LINE_MONTHLY_QUOTA = 200
    settings.LINE_QUOTA_RESERVE = 0
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
