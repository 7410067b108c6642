"""The CPU engine: a GGUF model through llama.cpp (llama-cpp-python), greedy decoding.

Why llama.cpp: quantised weights stay quantised (the 1.5B model is 1.1 GB in memory,
not 6 GB of fp32 as in transformers), and consecutive prompts that share a prefix reuse
its KV cache, so a fixed system prompt plus transcript is evaluated once for the writer,
the claim check and the field extraction. With ``json_schema`` the reply is constrained
by a grammar built from the schema, so it always parses. Threads are passed explicitly:
llama.cpp slows badly when its threads outnumber free cores.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.llm.base import ChatStats, LLMError, Messages, TruncatedReply

log = logging.getLogger("bodycam.llm.llamacpp")


@dataclass(frozen=True)
class LlamaCppOptions:
    """How to load one GGUF file; ``threads`` is required (no guessing inside the engine)."""

    model_path: Path
    name: str
    threads: int
    n_ctx: int = 4096
    n_batch: int = 256
    prompt_cache_mb: int = 256  # keep KV states of recent prefixes (0 = only the last one)
    seed: int = 0


class LlamaCppChatModel:
    """One loaded ``llama_cpp.Llama``; calls are serialised (a context is single-sequence)."""

    engine = "llama.cpp"

    def __init__(self, options: LlamaCppOptions) -> None:
        self.options = options
        self.name = options.name
        self.stats = ChatStats()
        self.load_seconds = 0.0
        self._llm: Any = None
        self._lock = threading.Lock()
        self._grammars: dict[str, Any] = {}

    def load(self) -> Any:
        """Load the weights once (callers at start-up, or the first ``chat``)."""
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> Any:
        if self._llm is not None:
            return self._llm
        try:
            import llama_cpp
        except ImportError as exc:
            raise LLMError("llama-cpp-python is not installed") from exc
        t0 = time.perf_counter()
        o = self.options
        try:
            llm = llama_cpp.Llama(
                model_path=str(o.model_path), n_ctx=o.n_ctx, n_batch=o.n_batch,
                n_threads=o.threads, n_threads_batch=o.threads, seed=o.seed,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise LLMError(f"llama.cpp could not load {self.name} ({type(exc).__name__})") \
                from exc
        if o.prompt_cache_mb > 0:
            llm.set_cache(llama_cpp.LlamaRAMCache(capacity_bytes=o.prompt_cache_mb << 20))
        self.load_seconds = time.perf_counter() - t0
        log.info("loaded %s with llama.cpp (%d threads, ctx %d) in %.1f s",
                 self.name, o.threads, o.n_ctx, self.load_seconds)
        self._llm = llm
        return llm

    def _grammar(self, schema: dict) -> Any:
        import llama_cpp

        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            self._grammars[key] = llama_cpp.LlamaGrammar.from_json_schema(key, verbose=False)
        return self._grammars[key]

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` under this model's tokenizer (prompt budgeting)."""
        with self._lock:
            llm = self._load_locked()
            return len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def chat(
        self,
        messages: Messages,
        *,
        max_tokens: int = 256,
        json_schema: dict | None = None,
        stop: list[str] | None = None,
    ) -> str:
        with self._lock:
            llm = self._load_locked()
            grammar = self._grammar(json_schema) if json_schema else None
            t0 = time.perf_counter()
            try:
                out = llm.create_chat_completion(
                    messages=messages, max_tokens=max_tokens, temperature=0.0, top_k=1,
                    top_p=1.0, min_p=0.0, repeat_penalty=1.0, stop=stop or [],
                    grammar=grammar, seed=self.options.seed,
                )
            except ValueError as exc:  # e.g. the prompt does not fit the context window
                raise LLMError(f"llama.cpp rejected the prompt ({exc.__class__.__name__})") \
                    from exc
            self._account(out.get("usage", {}), time.perf_counter() - t0)
        log.debug("chat: %s prompt + %s generated tokens in %.1f s",
                  out.get("usage", {}).get("prompt_tokens"),
                  out.get("usage", {}).get("completion_tokens"), time.perf_counter() - t0)
        text = out["choices"][0]["message"].get("content") or ""
        if json_schema is not None:
            try:
                json.loads(text)
            except json.JSONDecodeError as exc:  # only when max_tokens cut the JSON short
                raise TruncatedReply("the reply was cut off before its JSON was complete",
                                     text) from exc
        return text.strip()

    def _account(self, usage: dict[str, int], seconds: float) -> None:
        self.stats.calls += 1
        self.stats.prompt_tokens += int(usage.get("prompt_tokens", 0))
        self.stats.completion_tokens += int(usage.get("completion_tokens", 0))
        self.stats.seconds += seconds
