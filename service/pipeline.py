"""The whole job for one file: decode → transcribe → redact → summarize → write.

Stages report progress through a callback (the CLI draws a bar, the API stores it on
the job). The policy gate runs on user instructions before any evidence is touched.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import soundfile as sf

from redaction.audio import bleep
from redaction.pii.redactor import Redactor, get_redactor
from redaction.types import Audio, RedactedTranscript, Transcript
from service import logger
from service.asr.whisper import AsrOptions, Transcriber, get_transcriber
from service.config import Settings, get_settings
from service.media import decode as media
from service.outputs import SCHEMA_VERSION, write_result_dir
from service.summary.writer import Summarizer, Summary, get_summarizer
from service.types import Timings

if TYPE_CHECKING:
    from redaction.policy.gate import PolicyGate

ProgressFn = Callable[[str, float], None]


def _no_progress(stage: str, fraction: float) -> None:
    return None


@dataclass
class ProcessOptions:
    instructions: str | None = None
    asr_model: str | None = None
    llm_model: str | None = None
    include_raw: bool = False
    bleep_mode: str = "tone"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProcessResult:
    folder: Path
    result: dict[str, Any]
    transcript: Transcript
    redacted: RedactedTranscript
    summary: Summary


class Pipeline:
    """Holds the loaded engines so a worker processes many files with one model load."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transcriber: Transcriber | None = None,
        redactor: Redactor | None = None,
        summarizer: Summarizer | None = None,
        asr_model: str | None = None,
        llm_model: str | None = None,
        policy: PolicyGate | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self._policy = policy
        self.asr_options = AsrOptions.from_settings(self.settings, model=asr_model)
        self._transcriber = transcriber
        self._redactor = redactor
        self._summarizer = summarizer
        self.llm_model = llm_model or self.settings.llm_model

    @property
    def transcriber(self) -> Transcriber:
        if self._transcriber is None:
            self._transcriber = get_transcriber(
                self.asr_options, self.settings.resolved_cache_dir()
            )
        return self._transcriber

    @property
    def redactor(self) -> Redactor:
        if self._redactor is None:
            self._redactor = get_redactor()
        return self._redactor

    @property
    def summarizer(self) -> Summarizer:
        if self._summarizer is None:
            self._summarizer = get_summarizer(
                self.llm_model, self.settings.llm_max_new_tokens,
                endpoint=self.settings.llm_endpoint, api_key=self.settings.llm_api_key,
            )
        return self._summarizer

    @property
    def policy(self) -> PolicyGate:
        if self._policy is None:
            self._policy = get_policy()
        return self._policy

    def load_models(self) -> None:
        """Load every model now (servers call it at start-up, not on the first request)."""
        _ = self.transcriber, self.redactor, self.summarizer

    def decode(self, path: Path) -> Audio:
        return media.load(path, max_duration_s=self.settings.max_duration_s)

    def transcribe(self, audio: Audio, progress: ProgressFn = _no_progress) -> Transcript:
        segments_iter, info = self.transcriber.transcribe_iter(audio)
        segments = []
        duration = max(audio.duration_s, 1e-6)
        for seg in segments_iter:
            segments.append(seg)
            progress("transcribe", min(1.0, seg.end / duration))
        progress("transcribe", 1.0)
        return Transcript(segments=segments, info=info)

    def process(
        self,
        path: Path,
        out_dir: Path,
        options: ProcessOptions | None = None,
        progress: ProgressFn = _no_progress,
    ) -> ProcessResult:
        options = options or ProcessOptions()
        if options.instructions:
            from redaction.policy.gate import enforce

            enforce(options.instructions, self.policy)
        timings = Timings()

        t0 = time.perf_counter()
        progress("decode", 0.0)
        audio = self.decode(path)
        timings.decode_s = time.perf_counter() - t0
        logger.info("decoded recording %s (%.1f s)", audio.recording_id, audio.duration_s)

        t0 = time.perf_counter()
        transcript = self.transcribe(audio, progress)
        timings.asr_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        progress("redact", 0.0)
        redacted = self.redactor.redact(transcript)
        bleeped = bleep(audio.samples, audio.sample_rate,
                        [(r.start_s, r.end_s) for r in redacted.redactions],
                        mode=options.bleep_mode)
        wav = _encode_wav(bleeped, audio.sample_rate)
        timings.redact_s = time.perf_counter() - t0
        redaction_check = None
        if options.extra.get("verify_redaction",
                             getattr(self.settings, "verify_redaction", True)):
            # One more ASR pass over the bleeped audio: is any redacted value still heard?
            from redaction.verify import check_redaction

            t0 = time.perf_counter()
            progress("redact", 0.5)
            redaction_check = check_redaction(
                self.transcriber, audio, bleeped, transcript, redacted
            ).to_dict()
            timings.extra["verify_s"] = time.perf_counter() - t0
            logger.info("redaction check: %d of %d redacted values still audible",
                        redaction_check["residual"], redaction_check["checked"])

        t0 = time.perf_counter()
        progress("summarize", 0.0)
        summary = self.summarizer.summarize(redacted, options.instructions)
        timings.summarize_s = time.perf_counter() - t0
        progress("write", 0.0)

        result = build_result(audio, transcript, redacted, summary, timings,
                              redaction_check=redaction_check)
        folder = write_result_dir(
            out_dir, result, redacted, redacted_wav=wav,
            raw_transcript=transcript.to_dict() if options.include_raw else None,
        )
        progress("done", 1.0)
        return ProcessResult(folder, result, transcript, redacted, summary)


def _encode_wav(samples: Any, sample_rate: int) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, samples, sample_rate, format="WAV", subtype="PCM_16")
    return buf.getvalue()


def build_result(
    audio: Audio,
    transcript: Transcript,
    redacted: RedactedTranscript,
    summary: Summary,
    timings: Timings,
    redaction_check: dict[str, Any] | None = None,
) -> dict[str, Any]:
    info = transcript.info
    result = {
        "schema_version": SCHEMA_VERSION,
        "recording": {
            "id": audio.recording_id,
            "sha256": audio.sha256,
            "filename": audio.filename,
            "duration_s": round(audio.duration_s, 3),
            "size_bytes": audio.size_bytes,
            "sample_rate": audio.original_sample_rate,
            "channels": audio.original_channels,
            "container": audio.container,
        },
        "asr": {
            "model": info.model,
            "device": info.device,
            "compute_type": info.compute_type,
            "language": info.language,
            "language_probability": round(info.language_probability, 3),
        },
        "redacted_transcript": {"segments": redacted.segments_dict()},
        "redactions": [
            {
                "segment_id": r.segment_id,
                "entity_type": r.entity_type,
                "label": r.label,
                "start": r.start,
                "end": r.end,
                "start_s": round(r.start_s, 3),
                "end_s": round(r.end_s, 3),
                "score": round(r.score, 3),
            }
            for r in redacted.redactions
        ],
        "summary": summary.to_dict(),
        "timings": timings.to_dict(),
    }
    if redaction_check is not None:
        # Counts only: how many distinct redacted values a second ASR pass still heard.
        result["redaction_check"] = redaction_check
    return result


class _LazyChat:
    """Loads the judge's chat model on its first call, so a gate that never needs the
    judge never loads 1 GB; a load failure surfaces as an error the judge fails closed on."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._engine: Any = None

    def chat(self, messages: Any, *, max_tokens: int, json_schema: Any = None,
             stop: Any = None) -> str:
        if self._engine is None:
            from service.llm.policy_chat import LlamaCppChat, resolve_judge_model

            path = resolve_judge_model(self._settings.policy_judge_model,
                                       self._settings.resolved_cache_dir())
            self._engine = LlamaCppChat(path, threads=self._settings.policy_judge_threads)
        return self._engine.chat(messages, max_tokens=max_tokens, json_schema=json_schema,
                                 stop=stop)


def build_policy(settings: Settings | None = None, *, judge: bool | None = None,
                 chat: Any = None) -> PolicyGate:
    """The identification-refusal gate: shipped classifier weights over the bundled MiniLM,
    and the LLM judge (``chat``, else the bundled Qwen2.5 1.5B via llama.cpp, loaded on
    first use) unless ``judge`` or ``BODYCAM_POLICY_JUDGE`` turns it off (fail closed)."""
    from redaction.policy.classifier import RequestClassifier, Weights
    from redaction.policy.gate import PolicyGate
    from redaction.policy.judge import PolicyJudge
    from service.embeddings import embed

    settings = settings or get_settings()
    use_judge = settings.policy_judge if judge is None else judge
    engine = (chat or _LazyChat(settings)) if use_judge else None
    return PolicyGate(RequestClassifier(Weights.load(), embed),
                      PolicyJudge(engine) if engine is not None else None)


@lru_cache(maxsize=1)
def get_policy() -> PolicyGate:
    """The process-wide gate (its models load on first use)."""
    return build_policy()
