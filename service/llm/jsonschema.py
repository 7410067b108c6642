"""Check a parsed reply against the small JSON-schema subset the prompts use.

Why: llama.cpp enforces a schema with a grammar while decoding, but transformers and
HTTP endpoints may not; they parse and validate here so that every engine keeps the
``ChatModel`` promise (with a schema, the reply parses and fits it) or raises.
Supported: type object/array/string/integer/number/boolean, properties, required,
items, enum, minItems/maxItems, maxLength.
"""

from __future__ import annotations

import json
from typing import Any

from service.llm.base import LLMError

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "integer": (int,),
    "number": (int, float), "boolean": (bool,),
}


def conforms(value: Any, schema: dict[str, Any]) -> bool:
    """True when ``value`` fits ``schema`` (the subset above; unknown keywords ignored)."""
    kind = schema.get("type")
    if kind is not None:
        allowed = _TYPES.get(kind, (object,))
        if not isinstance(value, allowed):
            return False
        if kind in ("integer", "number") and isinstance(value, bool):
            return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, str) and len(value) > schema.get("maxLength", len(value)):
        return False
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            return False
        item = schema.get("items")
        if item and not all(conforms(v, item) for v in value):
            return False
    if isinstance(value, dict):
        if any(k not in value for k in schema.get("required", ())):
            return False
        props = schema.get("properties", {})
        if not all(conforms(value[k], s) for k, s in props.items() if k in value):
            return False
    return True


def parse_reply(text: str, schema: dict[str, Any]) -> str:
    """The first JSON value in ``text`` re-serialised, or ``LLMError`` if none fits."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = _embedded_json(text)
    if not conforms(value, schema):
        raise LLMError("the model's reply did not match the requested schema")
    return json.dumps(value, ensure_ascii=False)


def _embedded_json(text: str) -> Any:
    """A JSON object or array inside prose ("Sure! {...}"), as models without a grammar write."""
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0:
        raise LLMError("the model's reply held no JSON")
    try:
        value, _ = json.JSONDecoder().raw_decode(text[start:])
    except json.JSONDecodeError as exc:
        raise LLMError("the model's reply was not valid JSON") from exc
    return value
