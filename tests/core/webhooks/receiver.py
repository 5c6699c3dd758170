"""A real webhook receiver for tests: an HTTP server on loopback, in a thread, that verifies every
message's signature with the ``standardwebhooks`` library and answers as the test scripts it."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    """One request as the receiver saw it."""

    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool
    payload: dict | None
    at: float


class Receiver:
    """``receiver.secret = …`` to verify; ``receiver.answers = [500, 200]`` scripts the status
    codes (then ``default``); ``receiver.delay`` makes each answer wait. Only requests to its own
    random path count: a message queued by an earlier test for a port now reused gets 404."""

    def __init__(self, port: int) -> None:
        self.secret: str | None = None
        self.answers: list[int] = []
        self.default = 200
        self.delay = 0.0
        self.headers_out: dict[str, str] = {}
        self.answer_body = b"ok"
        self.received: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                payload, verified = None, False
                if receiver.secret:
                    try:
                        payload = Webhook(receiver.secret).verify(body, headers)
                        verified = True
                    except WebhookVerificationError:
                        verified = False
                with receiver._lock:
                    receiver.received.append(Received(self.path, headers, body, verified, payload, time.time()))
                    status = receiver.answers.pop(0) if receiver.answers else receiver.default
                if receiver.delay:
                    time.sleep(receiver.delay)
                try:
                    self.send_response(status)
                    for name, value in receiver.headers_out.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(receiver.answer_body)))
                    self.end_headers()
                    self.wfile.write(receiver.answer_body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender went away (a killed worker)

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.path = f"/hooks/{uuid.uuid4().hex}"
        self.url = f"http://127.0.0.1:{port}{self.path}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Receiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def ids(self) -> list[str]:
        """The ``webhook-id`` of every request received, in order."""
        with self._lock:
            return [r.headers["webhook-id"] for r in self.received]


def running(port: int) -> Iterator[Receiver]:
    """A started receiver, stopped when the generator closes."""
    receiver = Receiver(port).start()
    try:
        yield receiver
    finally:
        receiver.stop()
