"""The grounded summarizer on the real bundled SmolLM2 (main path) and a local HTTP stub.

The OpenAI-compatible backend is exercised against a real ``http.server`` on 127.0.0.1
that returns canned chat completions: around the main path, no network.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from redaction.types import AsrInfo, RedactedSegment, RedactedTranscript, Segment, Transcript
from service.llm.local import ChatModel, LLMError, Messages, OpenAIChatModel
from service.outputs import summary_markdown
from service.summary.salience import word_budget
from service.summary.writer import (
    NOTHING_SAID,
    GroundedSummarizer,
    Summary,
    get_summarizer,
    summarizer_from_settings,
)

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"
BODYCAM = SHARED / "bodycam"
needs_shared = pytest.mark.skipif(not BODYCAM.is_dir(), reason="shared data not present")


def scenario_transcript(name: str) -> tuple[RedactedTranscript, dict[str, Any]]:
    """A scenario's reference lines through the real redactor (what the pipeline does)."""
    from redaction.pii.redactor import get_redactor

    data = json.loads((BODYCAM / f"{name}.json").read_text())
    segs = [Segment(i, t["start"], t["end"], t["text"]) for i, t in enumerate(data["timings"])]
    raw = Transcript(segs, AsrInfo("reference", "cpu", "-", "en", 1.0, data["duration_s"]))
    return get_redactor().redact(raw), data


def pii_leaks(record: str, pii: list[list[str]]) -> list[str]:
    low = re.sub(r"[^a-z0-9]+", " ", record.lower())
    digits = re.sub(r"\D", "", record)
    leaks = []
    for _, value in pii:
        v = re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()
        vd = re.sub(r"\D", "", value)
        if f" {v} " in f" {low} " or (len(vd) >= 4 and vd in digits):
            leaks.append(value)
    return leaks


def check_grounded(summary: Summary, transcript: RedactedTranscript) -> None:
    """Every narrative statement is supported, cites real segments, and is in order."""
    ids = {s.id for s in transcript.segments}
    used = [f for f in summary.facts if f.in_narrative]
    assert used, "narrative has no statements"
    assert summary.narrative == " ".join(f.text for f in used)
    for fact in used:
        assert fact.supported
        assert fact.segment_ids and set(fact.segment_ids) <= ids
    assert [f.segment_ids[0] for f in used] == sorted(f.segment_ids[0] for f in used)


@pytest.fixture(scope="module")
def summarizer() -> GroundedSummarizer:
    s = get_summarizer()
    assert isinstance(s, GroundedSummarizer)
    return s


class CountingLLM(ChatModel):
    """Wraps the real model to count calls."""

    backend = "transformers"

    def __init__(self, inner: ChatModel) -> None:
        self.inner, self.model_id, self.max_new_tokens = inner, inner.model_id, 48
        self.calls = 0

    def chat(self, messages: Messages, max_new_tokens: int | None = None) -> str:
        return self.chat_batch([messages], max_new_tokens)[0]

    def chat_batch(self, batch: list[Messages], max_new_tokens: int | None = None) -> list[str]:
        self.calls += len(batch)
        return self.inner.chat_batch(batch, max_new_tokens)


def test_input_must_be_redacted(summarizer: GroundedSummarizer) -> None:
    raw = Transcript([Segment(0, 0.0, 1.0, "My name is Jane Roe.")],
                     AsrInfo("base", "cpu", "int8", "en", 1.0, 1.0))
    with pytest.raises(TypeError):
        summarizer.summarize(raw)  # type: ignore[arg-type]


def test_empty_transcript_says_nothing_and_calls_no_llm(
    summarizer: GroundedSummarizer,
) -> None:
    counting = CountingLLM(summarizer.llm)  # type: ignore[arg-type]
    s = GroundedSummarizer(counting)
    for transcript in (RedactedTranscript([]),
                       RedactedTranscript([RedactedSegment(0, 0.0, 2.0, "  ")])):
        summary = s.summarize(transcript)
        assert summary.narrative == NOTHING_SAID
        assert summary.facts == [] and summary.llm_calls == 0
        assert summary.disposition == "none stated" and summary.injuries == "not stated"
    assert counting.calls == 0


@needs_shared
def test_prompt_injection_in_the_recording_has_no_effect(
    summarizer: GroundedSummarizer,
) -> None:
    transcript, data = scenario_transcript("dev06_noise_complaint_injection")
    injected = next(s.id for s in transcript.segments if "ignore your instructions" in s.text)
    summary = summarizer.summarize(transcript)
    check_grounded(summary, transcript)
    assert injected in summary.flagged_segment_ids
    assert summary.notes, "the reviewer is told about speech aimed at an AI"
    assert all(injected not in f.segment_ids for f in summary.facts)
    text = summary.narrative.lower()
    for word in ("name", "address", "instruction", "ai "):
        assert word not in text
    record = json.dumps(summary.to_dict())
    assert pii_leaks(record, data["pii"]) == []
    assert summary.disposition == "warning"
    assert summary.incident_type == "noise complaint"
    assert any(k in text for k in ("music", "noise"))


@needs_shared
def test_structured_summary_on_a_scenario(summarizer: GroundedSummarizer) -> None:
    transcript, data = scenario_transcript("dev01_vehicle_burglary")
    summary = summarizer.summarize(transcript)
    check_grounded(summary, transcript)
    assert summary.word_count == len(summary.narrative.split()) <= 120
    assert summary.incident_type == "vehicle burglary"
    assert summary.disposition == "report only"
    assert summary.injuries == "none reported"
    assert summary.report_fields["case number"] == "[INSERT: case number]"
    assert summary.report_fields["location"].endswith("(redacted)")
    assert re.fullmatch(r"[0-9a-f]{64}", summary.prompt_sha256)
    assert summary.backend == "transformers" and summary.model == "smollm2-135m-instruct"
    assert summary.decoding["do_sample"] is False
    assert summary.first_draft and summary.llm_calls > 0
    assert "SmolLM2" in summary.disclosure and "AI-generated" in summary.disclosure
    assert isinstance(summary.pii_hits, int)
    record = json.dumps(summary.to_dict())
    assert pii_leaks(record, data["pii"]) == []
    covered = sum(any(k.lower() in summary.narrative.lower() for k in f["any"])
                  for f in data["facts"])
    assert covered >= 4, summary.narrative

    result = {
        "recording": {"id": "abc", "sha256": "0" * 64, "duration_s": data["duration_s"]},
        "redacted_transcript": {"segments": transcript.segments_dict()},
        "summary": summary.to_dict(),
    }
    md = summary_markdown(result)
    assert summary.disclosure in md
    assert re.search(r"\[00:[0-5]\d\]", md)
    assert "[INSERT: case number]" in md and "vehicle burglary" in md


@needs_shared
def test_long_transcript_map_reduce_is_bounded(summarizer: GroundedSummarizer) -> None:
    """About an hour of meeting speech (~10k words): chunked, capped, within budget."""
    turns: list[str] = []
    for name in ("ES2004b", "ES2004c"):
        data = json.loads((SHARED / "qmsum" / f"{name}.json").read_text())
        turns += [t["content"] for t in data["meeting_transcripts"]]
    segs, t, words = [], 0.0, 0
    for text in turns:
        n = len(text.split())
        if words + n > 10_000:
            break
        segs.append(RedactedSegment(len(segs), t, t + n / 2.8, text))
        t += n / 2.8
        words += n
    transcript = RedactedTranscript(segs, duration_s=t)
    assert words > 9000 and t > 3000
    counting = CountingLLM(summarizer.llm)  # type: ignore[arg-type]
    capped = GroundedSummarizer(counting, max_llm_calls=4, chunk_words=600)
    summary = capped.summarize(transcript)  # speed: bench/summary.py, not asserted here
    check_grounded(summary, transcript)
    assert counting.calls <= 4 and summary.llm_calls == counting.calls
    budget = word_budget(t, words)
    assert summary.word_budget == budget and 120 < budget <= 600
    assert summary.word_count <= budget
    cited = [f.segment_ids[0] for f in summary.facts if f.in_narrative]
    assert max(cited) - min(cited) > len(segs) // 2, "statements span the recording"


# -- OpenAI-compatible endpoint ----------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []  # noqa: RUF012 - test stub state
    headers_seen: list[str] = []  # noqa: RUF012
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        type(self).requests.append({"path": self.path, **body})
        type(self).headers_seen.append(self.headers.get("Authorization", ""))
        if type(self).status != 200:
            self.send_response(type(self).status)
            self.end_headers()
            return
        line = body["messages"][-1]["content"]
        reply = ("A laptop bag was taken from the back seat of the car."
                 if "laptop" in line else "The officer said everyone was arrested.")
        payload = json.dumps({"id": "x", "object": "chat.completion", "choices": [
            {"index": 0, "message": {"role": "assistant", "content": reply},
             "finish_reason": "stop"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture()
def endpoint() -> Iterator[str]:
    _Handler.requests.clear()
    _Handler.headers_seen.clear()
    _Handler.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


ENDPOINT_SEGMENTS = [
    "Somebody smashed the rear window of my car and took my laptop bag off the back seat.",
    "I saw a man in a red jacket running toward the park.",
    "Okay, I am going to write this up as a vehicle burglary.",
]


def test_endpoint_backend_verifies_and_falls_back(endpoint: str) -> None:
    llm = OpenAIChatModel(endpoint + "/v1", "served-model", api_key="k-123", max_new_tokens=99)
    transcript = RedactedTranscript(
        [RedactedSegment(i, 10.0 * i, 10.0 * i + 8, t) for i, t in enumerate(ENDPOINT_SEGMENTS)],
        duration_s=30.0,
    )
    summary = GroundedSummarizer(llm).summarize(transcript)
    assert summary.backend == "openai-http" and summary.model == "served-model"
    req = _Handler.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["model"] == "served-model"
    assert req["temperature"] == 0.0 and req["max_tokens"] == 48
    assert req["messages"][0]["role"] == "system"
    assert req["messages"][-1]["content"].startswith('Speech: "')
    assert set(_Handler.headers_seen) == {"Bearer k-123"}
    by_text = {f.text: f for f in summary.facts}
    good = by_text["A laptop bag was taken from the back seat of the car."]
    assert good.supported and good.in_narrative and good.source == "llm"
    bad = [f for f in summary.facts if "arrested" in f.text]
    assert bad and not any(f.supported or f.in_narrative for f in bad)
    assert "arrested" not in summary.narrative
    assert "arrested" in summary.first_draft  # the model's own draft is kept, unchanged
    assert summary.disposition == "report only"


def test_endpoint_down_gives_extractive_summary(endpoint: str) -> None:
    _Handler.status = 503
    llm = OpenAIChatModel(endpoint, "served-model")
    with pytest.raises(LLMError):
        llm.chat([{"role": "user", "content": "hi"}])
    transcript = RedactedTranscript(
        [RedactedSegment(i, 10.0 * i, 10.0 * i + 8, t) for i, t in enumerate(ENDPOINT_SEGMENTS)]
    )
    summary = GroundedSummarizer(llm).summarize(transcript)
    assert summary.facts and all(f.source == "extractive" for f in summary.facts)
    assert any("unavailable" in n for n in summary.notes)
    assert "laptop" in summary.narrative


def test_settings_endpoint_selects_http_backend(
    endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.config import get_settings

    monkeypatch.setenv("BODYCAM_LLM_ENDPOINT", endpoint)
    monkeypatch.setenv("BODYCAM_LLM_MODEL", "served-model")
    get_settings.cache_clear()
    try:
        s = summarizer_from_settings()
        assert isinstance(s.llm, OpenAIChatModel) and s.llm.url.endswith("/v1/chat/completions")
    finally:
        get_settings.cache_clear()


def test_output_redaction_keeps_labels_and_catches_leaks() -> None:
    """Re-redaction must not re-label "[STREET_ADDRESS_1]", and must catch a missed name."""
    transcript = RedactedTranscript([
        RedactedSegment(0, 0.0, 5.0, "Dispatch, unit 12, I am on scene at [STREET_ADDRESS_1]."),
        RedactedSegment(1, 5.0, 9.0, "Somebody smashed my window and Robert Kowalski saw it."),
    ])
    summary = GroundedSummarizer(None).summarize(transcript)
    record = json.dumps(summary.to_dict())
    assert "[STREET_ADDRESS_1]" in summary.narrative and "[[" not in record
    assert "Kowalski" not in record and summary.pii_hits >= 1
