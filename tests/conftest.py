"""Suite-wide setup: an isolated data dir per run, a shared model cache across runs, and
the REST fixtures (settings, keys per role, one real pipeline shared by every app).

Models are real (see DESIGN.md); assembling the bundled whisper ``base`` costs a second,
so its cache lives in the repo's ignored ``.bodycam/cache`` and is reused.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.config import Settings
from service.pipeline import Pipeline
from service.store import Store

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SHARED_DATA = REPO.parent / "shared" / "data"

os.environ.setdefault("BODYCAM_CACHE_DIR", str(REPO / ".bodycam" / "cache"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TQDM_DISABLE", "1")
# The pipeline, API and batch tests run the real LLM path (llama.cpp, grammar-constrained
# JSON, the claim check) on the bundled SmolLM2-135M: the default 1.5B model writes at a
# few tokens a second on CPU, so it runs only in tests/integration/summary (one session
# fixture, one short transcript).
os.environ.setdefault("BODYCAM_LLM_MODEL", "smollm2-135m-instruct")


@pytest.fixture(scope="session", autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    from service.config import get_settings

    os.environ["BODYCAM_DATA_DIR"] = str(tmp_path_factory.mktemp("bodycam-data"))
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


# -- REST fixtures: apps that only test the HTTP surface run without workers, so they
# never load a model; the real pipeline loads once per session when a test needs it.

# Short generations keep the suite fast; the API does not judge summary quality.
TEST_LLM_TOKENS = 48


@dataclass
class Keys:
    officer: str
    officer2: str
    reviewer: str
    auditor: str
    admin: str
    raw_reviewer: str

    @staticmethod
    def header(key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}


def _make_keys(store: Store) -> Keys:
    def new(role: str, *scopes: str) -> str:
        return store.keys.create(role, scopes)[1]

    return Keys(new("officer"), new("officer"), new("reviewer"), new("auditor"), new("admin"),
                new("reviewer", "evidence:raw"))


@pytest.fixture(scope="session")
def make_keys() -> Callable[[Store], Keys]:
    """One key per role (two officers) in a store."""
    return _make_keys


@pytest.fixture(scope="session")
def api_settings() -> Callable[[Path], Settings]:
    def build(data_dir: Path, **overrides: object) -> Settings:
        return Settings(data_dir=data_dir, llm_max_new_tokens=TEST_LLM_TOKENS,
                        **overrides)  # type: ignore[arg-type]

    return build


@pytest.fixture(scope="session")
def real_pipeline(tmp_path_factory: pytest.TempPathFactory,
                  api_settings: Callable[..., Settings]) -> Pipeline:
    pipeline = Pipeline(api_settings(tmp_path_factory.mktemp("pipeline")))
    pipeline.load_models()
    return pipeline


def _upload(client: TestClient, key: str, path: Path, **data: str) -> dict:
    with open(path, "rb") as fh:
        response = client.post("/v1/recordings", files={"file": (path.name, fh)}, data=data,
                               headers=Keys.header(key))
    assert response.status_code == 202, response.text
    return response.json()


@pytest.fixture(scope="session")
def upload() -> Callable[..., dict]:
    """POST a file to /v1/recordings and return the 202 body."""
    return _upload


def client_for(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def serve() -> Callable[[FastAPI], Iterator[TestClient]]:
    """Run an app's lifespan around a TestClient (errors come back as responses)."""
    return client_for


@pytest.fixture(scope="session")
def auth() -> Callable[[str], dict[str, str]]:
    return Keys.header
