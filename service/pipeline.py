"""The whole job for one file: decode → transcribe → redact → summarize → write.

Stages report progress through a callback (the CLI draws a bar, the API stores it on
the job). The policy gate runs on user instructions before any evidence is touched.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from redaction.audio import bleep_reader, write_bleeped
from redaction.pii.redactor import Redactor, get_redactor
from redaction.types import Audio, RedactedTranscript, Transcript
from service import logger
from service.asr.whisper import AsrOptions, Transcriber, get_transcriber
from service.config import Settings, get_settings
from service.llm.base import ChatModel
from service.media import decode as media
from service.outputs import SCHEMA_VERSION, write_result_dir
from service.registry import LlmConfig, LlmLoader
from service.speakers.stage import SpeakerResult, SpeakerStage
from service.summary.extractive import ExtractiveSummarizer
from service.summary.writer import NarrativeWriter, Summarizer, Summary
from service.types import Timings

if TYPE_CHECKING:
    from redaction.policy.gate import PolicyGate

ProgressFn = Callable[[str, float], None]


def _no_progress(stage: str, fraction: float) -> None:
    return None


@dataclass
class ProcessOptions:
    instructions: str | None = None
    include_raw: bool = False
    bleep_mode: str | None = None  # "tone" or "silence"; None = Settings.redaction_tone
    accept_partial: bool = False  # a truncated file is processed (and marked) instead of refused
    #: Called just before anything is written; raises to stop (a batch worker checks that
    #: its batch still holds the output folder's lock).
    before_write: Callable[[], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProcessResult:
    folder: Path
    result: dict[str, Any]
    transcript: Transcript
    redacted: RedactedTranscript
    summary: Summary


@lru_cache(maxsize=1)
def llm_loader() -> LlmLoader:
    """The process's one model cache: every caller with the same config shares one model."""
    return LlmLoader()


def llm_config(settings: Settings, model: str | None = None) -> LlmConfig:
    return LlmConfig(
        model=model or settings.llm_model, cache_dir=settings.resolved_cache_dir(),
        engine=settings.llm_engine, endpoint=settings.llm_endpoint,
        api_key=settings.llm_api_key, threads=settings.llm_threads, n_ctx=settings.llm_ctx,
        prompt_cache_mb=settings.llm_prompt_cache_mb,
    )


def chat_model(settings: Settings | None = None, model: str | None = None) -> ChatModel:
    """The shared ChatModel for ``model`` (default ``settings.llm_model``); loads lazily.

    Raises ``ModelNotAvailableError`` when the name resolves to nothing installed.
    """
    return llm_loader().get(llm_config(settings or get_settings(), model))


NO_LLM = frozenset(("none", "extractive"))


def build_summarizer(
    settings: Settings, model: str | None = None, redactor: Redactor | None = None
) -> Summarizer:
    """The narrative writer on the shared model; ``none`` is the extractive draft only."""
    fallback = ExtractiveSummarizer(redactor=redactor)
    name = model or settings.llm_model
    llm = None if name in NO_LLM else chat_model(settings, name)
    return NarrativeWriter(llm, fallback, redactor=redactor)


class Pipeline:
    """Holds the loaded engines so a worker processes many files with one model load."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transcriber: Transcriber | None = None,
        redactor: Redactor | None = None,
        summarizer: Summarizer | None = None,
        speakers: SpeakerStage | None = None,
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
        self._speakers = speakers
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
    def chat_model(self) -> ChatModel:
        """The LLM this pipeline's settings name (shared per process; the policy judge too)."""
        return chat_model(self.settings, self.llm_model)

    @property
    def summarizer(self) -> Summarizer:
        if self._summarizer is None:
            self._summarizer = build_summarizer(self.settings, self.llm_model, self.redactor)
        return self._summarizer

    @property
    def speakers(self) -> SpeakerStage | None:
        """The diarizer and role decision; None when ``BODYCAM_DIARIZE=false``."""
        if self._speakers is None and self.settings.diarize:
            from service.speakers.loader import build_speaker_stage

            self._speakers = build_speaker_stage(self.settings.diarizer)
        return self._speakers

    @property
    def policy(self) -> PolicyGate:
        if self._policy is None:
            self._policy = get_policy()
        return self._policy

    def load_models(self) -> None:
        """Load every model now (servers call it at start-up, not on the first request)."""
        _ = self.transcriber, self.redactor, self.summarizer, self.speakers

    def diarize(self, path: Path, audio: Audio, transcript: Transcript
                ) -> tuple[Transcript, SpeakerResult | None]:
        """Speakers on every segment and word (segments split where the speaker changes)."""
        stage = self.speakers
        if stage is None or not transcript.segments:
            return transcript, None
        channels = None
        if stage.wants_channels(audio.original_channels, audio.duration_s):
            # Two channels may be two feeds (one talker each): decode both to check.
            channels = np.stack([
                media.load(path, channel=side, max_duration_s=self.settings.max_duration_s
                           ).samples for side in ("left", "right")], axis=1)
        found = stage.run(audio.samples, transcript.segments, channels)
        return Transcript(segments=found.segments, info=transcript.info), found

    def decode(self, path: Path, accept_partial: bool = False) -> Audio:
        """Decode into a mapped scratch file: memory does not grow with the duration."""
        options = media.DecodeOptions(max_duration_s=self.settings.max_duration_s,
                                      accept_partial=accept_partial)
        return media.open_audio(path, options, work_dir=self.settings.work_dir)

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
        audio = self.decode(path, options.accept_partial)
        timings.decode_s = time.perf_counter() - t0
        logger.info("decoded recording %s (%.1f s)", audio.recording_id, audio.duration_s)

        t0 = time.perf_counter()
        transcript = self.transcribe(audio, progress)
        timings.asr_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        progress("speakers", 0.0)
        transcript, speakers = self.diarize(path, audio, transcript)
        timings.extra["speakers_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        progress("redact", 0.0)
        redacted = with_speakers(self.redactor.redact(transcript), transcript)
        mode = options.bleep_mode or ("tone" if self.settings.redaction_tone else "silence")
        spans = [(r.start_s, r.end_s) for r in redacted.redactions]
        timings.redact_s = time.perf_counter() - t0
        redaction_check = None
        if options.extra.get("verify_redaction", self.settings.verify_redaction):
            # Listen again around each redaction: is any redacted value still heard?
            from redaction.verify import check_redaction

            t0 = time.perf_counter()
            progress("redact", 0.5)
            redaction_check = check_redaction(
                self.transcriber, audio, bleep_reader(audio, spans, mode),
                transcript, redacted,
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
                              redaction_check=redaction_check, speakers=speakers)
        if options.before_write is not None:
            options.before_write()
        folder = out_dir / audio.recording_id
        folder.mkdir(parents=True, exist_ok=True)
        wav_tmp = folder / ".audio.redacted.wav.tmp"
        write_bleeped(wav_tmp, audio, spans, mode)  # streamed, window by window
        folder = write_result_dir(
            out_dir, result, redacted, redacted_wav=wav_tmp,
            raw_transcript=transcript.to_dict() if options.include_raw else None,
        )
        progress("done", 1.0)
        return ProcessResult(folder, result, transcript, redacted, summary)


def with_speakers(redacted: RedactedTranscript, transcript: Transcript) -> RedactedTranscript:
    """Carry each segment's speaker label over to its redacted counterpart (same ids)."""
    by_id = {s.id: s.speaker for s in transcript.segments}
    if not any(by_id.values()):
        return redacted
    redacted.segments = [replace(s, speaker=by_id.get(s.id)) for s in redacted.segments]
    return redacted


def build_result(
    audio: Audio,
    transcript: Transcript,
    redacted: RedactedTranscript,
    summary: Summary,
    timings: Timings,
    redaction_check: dict[str, Any] | None = None,
    speakers: SpeakerResult | None = None,
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
            "truncated": audio.truncated,
            "declared_duration_s": None if audio.declared_duration_s is None
            else round(audio.declared_duration_s, 3),
        },
        # True only with --accept-partial: the file ended before its declared end.
        "truncated": audio.truncated,
        "asr": {
            "model": info.model,
            "device": info.device,
            "compute_type": info.compute_type,
            "language": info.language,
            "language_probability": round(info.language_probability, 3),
        },
        "speakers": [s.to_dict() for s in speakers.speakers] if speakers else [],
        "redacted_transcript": {"segments": [
            {**d, "speaker": s.speaker}
            for d, s in zip(redacted.segments_dict(), redacted.segments, strict=True)]},
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
    if speakers is not None:
        result["diarization"] = {"method": speakers.method}
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
            # The same shared engine as the narrative writer when the names match: one
            # model in memory, and its prefix cache keeps the fixed policy prompt.
            self._engine = chat_model(self._settings, self._settings.policy_judge_model)
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
