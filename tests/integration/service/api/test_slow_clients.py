"""Slow and vanishing clients against the real uvicorn server, configured as ``serve`` runs it.

The server runs in a thread of this process (no models: workers off), over loopback
sockets, with one-second deadlines so the test takes seconds.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from service.api import create_app
from service.cli.serve import server_config
from service.store import Store, open_store

HOST = "127.0.0.1"
BOUNDARY = "bodycam-test-boundary"


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Live:
    port: int
    key: str
    store: Store
    log: Records


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, api_settings, make_keys) -> Iterator[Live]:
    data_dir = tmp_path_factory.mktemp("slow-clients")
    settings = api_settings(data_dir, header_timeout_s=1.0, body_idle_timeout_s=1.0,
                            keep_alive_s=1.0)
    store = open_store(data_dir)
    key = make_keys(store).officer
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(server_config(create_app(settings, start_workers=False), settings,
                                          host=HOST, port=port, log_level="info"))
    thread = threading.Thread(target=server.run, name="uvicorn-under-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    records = Records()
    loggers = [logging.getLogger(n) for n in ("bodycam", "uvicorn.error")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(records)
        logger.setLevel(logging.INFO)
    try:
        yield Live(port, key, store, records)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(records)
            logger.setLevel(level)
        server.should_exit = True
        thread.join(15)


def _connect(live: Live) -> socket.socket:
    sock = socket.create_connection((HOST, live.port), timeout=10)
    return sock


def _read_until_closed(sock: socket.socket, limit_s: float) -> bytes:
    sock.settimeout(limit_s)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except TimeoutError:
        raise AssertionError(f"the server kept the connection open for {limit_s} s") from None
    except ConnectionResetError:
        pass
    return data


def _upload_head(live: Live, length: int) -> bytes:
    part = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
            "filename=\"clip.wav\"\r\nContent-Type: application/octet-stream\r\n\r\n")
    return (f"POST /v1/recordings HTTP/1.1\r\nHost: {HOST}\r\n"
            f"Authorization: Bearer {live.key}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Content-Length: {length}\r\n\r\n{part}").encode()


def _parts(live: Live) -> list[Path]:
    return list(live.store.evidence.incoming_dir.glob("*.part"))


def _errors(live: Live) -> list[str]:
    return [r.getMessage() for r in live.log.records if r.levelno >= logging.ERROR]


def test_slow_headers_are_cut_off_with_408(live: Live) -> None:
    socks = [_connect(live) for _ in range(30)]
    started = time.monotonic()
    for sock in socks:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")

    def trickle(sock: socket.socket) -> None:
        try:
            for _ in range(20):
                sock.sendall(b"X-Slow: 1\r\n")
                time.sleep(0.25)
        except OSError:
            return  # closed by the server, as it should be

    threads = [threading.Thread(target=trickle, args=(s,), daemon=True) for s in socks]
    for thread in threads:
        thread.start()
    answers = [_read_until_closed(sock, 4.0) for sock in socks]
    elapsed = time.monotonic() - started
    for sock in socks:
        sock.close()
    assert all(a.startswith(b"HTTP/1.1 408 ") for a in answers), answers[0][:80]
    assert b'"code": "request_timeout"' in answers[0]
    assert elapsed < 5.0  # every one cut at about the 1 s deadline, not after the trickle


def test_a_prompt_request_is_unaffected(live: Live) -> None:
    with _connect(live) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert _read_until_closed(sock, 5.0).startswith(b"HTTP/1.1 200 ")


def test_stalled_upload_body_is_408_and_leaves_no_partial_file(live: Live) -> None:
    with _connect(live) as sock:
        sock.sendall(_upload_head(live, 1_000_000) + b"RIFF" + bytes(20_000))
        answer = _read_until_closed(sock, 6.0)
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert b'"request_timeout"' in answer
    assert _parts(live) == []


def test_disconnect_mid_upload_is_clean(live: Live) -> None:
    before = len(live.log.records)
    with _connect(live) as sock:
        sock.sendall(_upload_head(live, 1_000_000) + b"RIFF" + bytes(200_000))
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(
            "disconnected" in r.getMessage() for r in live.log.records[before:]):
        time.sleep(0.1)
    messages = [r.getMessage() for r in live.log.records[before:]]
    assert any("client disconnected during POST /v1/recordings" in m for m in messages), messages
    assert _errors(live) == []
    assert _parts(live) == []
