"""An OpenAI-compatible server (vLLM, llama.cpp server, Ollama) as a ChatModel.

Why: an agency with a GPU box serves a larger model once and points every worker at
it (``BODYCAM_LLM_ENDPOINT``). Greedy decoding (temperature 0); a ``json_schema`` goes
out as ``response_format`` (servers that enforce it return valid JSON; the reply is
validated here either way and an off-schema one raises ``LLMError``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from service.llm.base import ChatStats, LLMError, Messages
from service.llm.jsonschema import parse_reply


@dataclass(frozen=True)
class EndpointOptions:
    url: str
    name: str
    api_key: str | None = None
    timeout_s: float = 120.0


class EndpointChatModel:
    engine = "openai-http"

    def __init__(self, options: EndpointOptions) -> None:
        self.options = options
        self.name = options.name
        self.stats = ChatStats()

    @property
    def url(self) -> str:
        base = self.options.url.rstrip("/")
        if base.endswith("/chat/completions"):
            return base
        if not base.endswith("/v1"):
            base += "/v1"
        return base + "/chat/completions"

    def chat(
        self,
        messages: Messages,
        *,
        max_tokens: int = 256,
        json_schema: dict | None = None,
        stop: list[str] | None = None,
    ) -> str:
        import httpx

        o = self.options
        headers = {"Authorization": f"Bearer {o.api_key}"} if o.api_key else {}
        body: dict = {"model": o.name, "messages": messages, "max_tokens": max_tokens,
                      "temperature": 0.0, "stream": False}
        if stop:
            body["stop"] = stop
        if json_schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "reply", "schema": json_schema, "strict": True},
            }
        t0 = time.perf_counter()
        try:
            resp = httpx.post(self.url, json=body, headers=headers, timeout=o.timeout_s)
            resp.raise_for_status()
            data = resp.json()
            content = data["choices"][0]["message"]["content"]
        except httpx.HTTPStatusError as exc:
            raise LLMError(f"LLM endpoint answered HTTP {exc.response.status_code}") from exc
        except httpx.HTTPError as exc:
            raise LLMError(f"LLM endpoint unreachable ({type(exc).__name__})") from exc
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMError("LLM endpoint returned an unexpected body") from exc
        if not isinstance(content, str):
            raise LLMError("LLM endpoint returned no text")
        usage = data.get("usage") or {}
        self.stats.calls += 1
        self.stats.prompt_tokens += int(usage.get("prompt_tokens", 0) or 0)
        self.stats.completion_tokens += int(usage.get("completion_tokens", 0) or 0)
        self.stats.seconds += time.perf_counter() - t0
        if json_schema is not None:
            return parse_reply(content, json_schema)
        return content.strip()
