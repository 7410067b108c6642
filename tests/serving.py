"""Starting a real ``bodycam serve`` process for the tests that need one (shared helpers)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def serve_command() -> list[str]:
    """The installed ``bodycam serve``, else the module entry point."""
    exe = shutil.which("bodycam", path=str(Path(sys.executable).parent))
    return [exe, "serve"] if exe else [sys.executable, "-m", "service.cli.serve", "serve"]


def wait_healthy(proc: subprocess.Popen, base: str, log: Path, timeout_s: float = 300) -> None:
    """Poll ``/healthz`` until it answers 200; fail with the log's tail if the server dies."""
    deadline = time.monotonic() + timeout_s
    while True:
        assert proc.poll() is None, log.read_text()[-2000:]
        assert time.monotonic() < deadline, "the server did not start"
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
