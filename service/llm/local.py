"""Chat-model backends for the summarizer: local transformers or an OpenAI-compatible server.

Both take chat messages and return text, so the summarizer never cares where the model
runs. Local models are loaded once per process and shared; an endpoint (vLLM,
llama.cpp server, Ollama) is used instead when ``settings.llm_endpoint`` is set.
Decoding is greedy everywhere: a draft that changes between runs cannot be audited.
"""

from __future__ import annotations

import contextlib
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any, ClassVar

from service import logger
from service.errors import ModelNotAvailableError
from service.registry import DEFAULT_LLM, SMOLLM_GGUF, resolve_llm_model

Messages = list[dict[str, str]]


class LLMError(Exception):
    """The model could not produce an answer (endpoint down, bad reply). Callers fall back."""


class ChatModel(ABC):
    """A chat LLM. ``chat_batch`` lets local backends decode several prompts at once."""

    model_id: str
    backend: str
    max_new_tokens: int

    @abstractmethod
    def chat(self, messages: Messages, max_new_tokens: int | None = None) -> str: ...

    def chat_batch(
        self, batch: list[Messages], max_new_tokens: int | None = None
    ) -> list[str]:
        return [self.chat(m, max_new_tokens) for m in batch]

    def decoding(self) -> dict[str, Any]:
        return {"do_sample": False, "temperature": 0.0, "max_new_tokens": self.max_new_tokens}

    def describe(self) -> str:
        """Model name as shown in the disclosure line."""
        return self.model_id


def _display_name(model_id: str) -> str:
    if model_id in (DEFAULT_LLM, "default", "smollm2"):
        return f"{DEFAULT_LLM} ({SMOLLM_GGUF})"
    return model_id


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


class TransformersChatModel(ChatModel):
    """A causal LM through transformers: the bundled GGUF, a HF id or a local directory.

    fp32 on CPU (GGUF weights are de-quantised on load), bf16 on GPUs that support it,
    fp16 otherwise. Weights are cached per model id for the life of the process.
    """

    backend = "transformers"
    _cache: ClassVar[dict[str, tuple[Any, Any]]] = {}
    _lock = threading.Lock()
    _gen_lock = threading.Lock()

    def __init__(self, model: str = DEFAULT_LLM, max_new_tokens: int = 160) -> None:
        self.model_id = model
        self.max_new_tokens = max_new_tokens

    def describe(self) -> str:
        return _display_name(self.model_id)

    def load(self) -> tuple[Any, Any]:
        with self._lock:
            if self.model_id not in self._cache:
                self._cache[self.model_id] = self._load_uncached()
            return self._cache[self.model_id]

    def _load_uncached(self) -> tuple[Any, Any]:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        where, gguf = resolve_llm_model(self.model_id)
        if gguf or os.path.isdir(where):
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # bundled / local: never fetch
        kwargs: dict[str, Any] = {"gguf_file": gguf} if gguf else {}
        cuda = torch.cuda.is_available()
        if cuda:
            dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        else:
            dtype = torch.float32
        try:
            with _quiet_gguf():
                tok = AutoTokenizer.from_pretrained(where, **kwargs)
                model = AutoModelForCausalLM.from_pretrained(where, dtype=dtype, **kwargs)
        except (OSError, ValueError) as exc:
            raise ModelNotAvailableError(
                f"LLM '{self.model_id}' could not be loaded ({type(exc).__name__})"
            ) from exc
        if cuda:
            model = model.to("cuda")
        model.eval()
        tok.padding_side = "left"  # batched decoder-only generation pads on the left
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token
        logger.info("loaded LLM %s (%s)", self.model_id, dtype)
        return tok, model

    def chat(self, messages: Messages, max_new_tokens: int | None = None) -> str:
        return self.chat_batch([messages], max_new_tokens)[0]

    def chat_batch(
        self, batch: list[Messages], max_new_tokens: int | None = None
    ) -> list[str]:
        if not batch:
            return []
        import torch

        tok, model = self.load()
        prompts = [
            tok.apply_chat_template(m, add_generation_prompt=True, tokenize=False) for m in batch
        ]
        enc = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        enc = {k: v.to(model.device) for k, v in enc.items()}
        with self._gen_lock, torch.inference_mode():
            out = model.generate(
                **enc,
                max_new_tokens=max_new_tokens or self.max_new_tokens,
                do_sample=False,
                pad_token_id=tok.pad_token_id,
            )
        new = out[:, enc["input_ids"].shape[1] :]
        return [t.strip() for t in tok.batch_decode(new, skip_special_tokens=True)]


class OpenAIChatModel(ChatModel):
    """``POST {endpoint}/v1/chat/completions`` on vLLM, llama.cpp server, Ollama, …"""

    backend = "openai-http"

    def __init__(
        self,
        endpoint: str,
        model: str,
        api_key: str | None = None,
        max_new_tokens: int = 160,
        timeout_s: float = 120.0,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.model_id = model
        self.api_key = api_key
        self.max_new_tokens = max_new_tokens
        self.timeout_s = timeout_s

    @property
    def url(self) -> str:
        base = self.endpoint
        if base.endswith("/chat/completions"):
            return base
        if not base.endswith("/v1"):
            base += "/v1"
        return base + "/chat/completions"

    def chat(self, messages: Messages, max_new_tokens: int | None = None) -> str:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model_id,
            "messages": messages,
            "max_tokens": max_new_tokens or self.max_new_tokens,
            "temperature": 0.0,
            "stream": False,
        }
        try:
            resp = httpx.post(self.url, json=body, headers=headers, timeout=self.timeout_s)
            resp.raise_for_status()
            content = resp.json()["choices"][0]["message"]["content"]
        except httpx.HTTPStatusError as exc:
            raise LLMError(f"LLM endpoint answered HTTP {exc.response.status_code}") from exc
        except httpx.HTTPError as exc:
            raise LLMError(f"LLM endpoint unreachable ({type(exc).__name__})") from exc
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMError("LLM endpoint returned an unexpected body") from exc
        if not isinstance(content, str):
            raise LLMError("LLM endpoint returned no text")
        return content.strip()


_MODELS: dict[tuple[str, str | None, int], ChatModel] = {}
_MODELS_LOCK = threading.Lock()


def get_chat_model(
    model: str = DEFAULT_LLM,
    endpoint: str | None = None,
    api_key: str | None = None,
    max_new_tokens: int = 160,
) -> ChatModel:
    """One backend object per (model, endpoint, budget) per process."""
    key = (model, endpoint, max_new_tokens)
    with _MODELS_LOCK:
        if key not in _MODELS:
            if endpoint:
                _MODELS[key] = OpenAIChatModel(endpoint, model, api_key, max_new_tokens)
            else:
                _MODELS[key] = TransformersChatModel(model, max_new_tokens)
        return _MODELS[key]
