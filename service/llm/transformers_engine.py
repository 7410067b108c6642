"""The GPU / Hugging Face engine: any causal LM through transformers, greedy decoding.

Why keep it beside llama.cpp: it runs any Hugging Face id or local directory, and on a
GPU it decodes in bf16 (fp16 where bf16 is missing). On CPU it also loads a GGUF file
(de-quantised to fp32: slow and large; bench/summary.py compares it with llama.cpp).
transformers has no grammar, so a ``json_schema`` reply is parsed and validated here
and an off-schema reply raises ``LLMError``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.llm.base import ChatStats, LLMError, Messages
from service.llm.jsonschema import parse_reply

log = logging.getLogger("bodycam.llm.transformers")

_JSON_HINT = "Reply with one JSON value only, matching this JSON schema: {schema}"


@dataclass(frozen=True)
class TransformersOptions:
    """``source`` is a HF id or directory; ``gguf_file`` a GGUF file inside it."""

    source: str
    name: str
    threads: int
    gguf_file: str | None = None
    offline: bool = True


@contextlib.contextmanager
def _quiet_gguf() -> Iterator[None]:
    """transformers draws a bare tqdm bar while de-quantising GGUF; keep stderr clean."""
    try:
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:
        yield
        return
    original = getattr(gguf_utils, "tqdm", None)
    gguf_utils.tqdm = lambda iterable, *args, **kwargs: iterable
    try:
        yield
    finally:
        gguf_utils.tqdm = original


class TransformersChatModel:
    engine = "transformers"

    def __init__(self, options: TransformersOptions) -> None:
        self.options = options
        self.name = options.name
        self.stats = ChatStats()
        self.load_seconds = 0.0
        self._loaded: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    def load(self) -> tuple[Any, Any]:
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> tuple[Any, Any]:
        if self._loaded is not None:
            return self._loaded
        import os

        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        t0 = time.perf_counter()
        hf_logging.disable_progress_bar()
        o = self.options
        if o.offline:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        torch.set_num_threads(o.threads)
        kwargs: dict[str, Any] = {"gguf_file": o.gguf_file} if o.gguf_file else {}
        cuda = torch.cuda.is_available()
        if cuda:
            dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        else:
            dtype = torch.float32
        try:
            with _quiet_gguf():
                tok = AutoTokenizer.from_pretrained(o.source, **kwargs)
                model = AutoModelForCausalLM.from_pretrained(o.source, dtype=dtype, **kwargs)
        except (OSError, ValueError) as exc:
            raise LLMError(f"LLM '{self.name}' could not be loaded ({type(exc).__name__})") \
                from exc
        if cuda:
            model = model.to("cuda")
        model.eval()
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token
        self.load_seconds = time.perf_counter() - t0
        log.info("loaded %s with transformers (%s) in %.1f s", self.name, dtype,
                 self.load_seconds)
        self._loaded = (tok, model)
        return self._loaded

    def chat(
        self,
        messages: Messages,
        *,
        max_tokens: int = 256,
        json_schema: dict | None = None,
        stop: list[str] | None = None,
    ) -> str:
        import json

        import torch

        if json_schema is not None:
            hint = _JSON_HINT.format(schema=json.dumps(json_schema, separators=(",", ":")))
            messages = [*messages[:-1], {**messages[-1],
                                         "content": f"{messages[-1]['content']}\n\n{hint}"}]
        with self._lock:
            tok, model = self._load_locked()
            prompt = tok.apply_chat_template(messages, add_generation_prompt=True,
                                             tokenize=False)
            enc = tok(prompt, return_tensors="pt", add_special_tokens=False).to(model.device)
            t0 = time.perf_counter()
            with torch.inference_mode():
                out = model.generate(**enc, max_new_tokens=max_tokens, do_sample=False,
                                     pad_token_id=tok.pad_token_id)
            new = out[0, enc["input_ids"].shape[1]:]
            self.stats.calls += 1
            self.stats.prompt_tokens += int(enc["input_ids"].shape[1])
            self.stats.completion_tokens += int(new.shape[0])
            self.stats.seconds += time.perf_counter() - t0
        text = tok.decode(new, skip_special_tokens=True)
        for s in stop or ():
            text = text.split(s, 1)[0]
        if json_schema is not None:
            return parse_reply(text, json_schema)
        return text.strip()
