"""Suite-wide setup: an isolated data dir per run, a shared model cache across runs.

Models are real (see DESIGN.md); assembling the bundled whisper ``base`` costs a second,
so its cache lives in the repo's ignored ``.bodycam/cache`` and is reused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SHARED_DATA = REPO.parent / "shared" / "data"

os.environ.setdefault("BODYCAM_CACHE_DIR", str(REPO / ".bodycam" / "cache"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TQDM_DISABLE", "1")


@pytest.fixture(scope="session", autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    from service.config import get_settings

    os.environ["BODYCAM_DATA_DIR"] = str(tmp_path_factory.mktemp("bodycam-data"))
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
