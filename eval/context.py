"""What the suites of one configuration share: its config, pipeline and caches.

Why: a full run must fit in 15 minutes on a 2-core CPU. Every suite of a configuration
shares one loaded pipeline, each audio file (or channel) is decoded and transcribed at
most once (``CachingTranscriber``), and each scenario goes through the pipeline once
(``EvalContext.process``); its outcome is reused by the redaction, summary and speed
suites.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import resource
import sys
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from eval.datasets import (
    DataLayout,
    Scenario,
    read_scenarios,
)

OK, NOT_AVAILABLE, ERROR, EMPTY = "ok", "not available", "error", "no data"

Log = Callable[[str], None]


class ConfigError(ValueError):
    """A configuration file is unreadable or names an unknown option."""


# ---------------------------------------------------------------------------------------
# Configurations and options
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunConfig:
    """One column of the report: which models to evaluate. ``None`` = the service default."""

    name: str = "default"
    asr_model: str | None = None
    llm_model: str | None = None
    asr_beam_size: int | None = None
    asr_device: str | None = None
    asr_compute_type: str | None = None
    llm_max_new_tokens: int | None = None
    verify_redaction: bool | None = None  # re-transcribe bleeped audio (None = setting)


def load_config(path: Path) -> RunConfig:
    """Read a config from JSON or TOML (``{"name", "asr_model", "llm_model", ...}``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path.name}: cannot read config ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: a config is an object of options")
    known = set(RunConfig.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path.name}: unknown option(s) {', '.join(unknown)}; "
                          f"known: {', '.join(sorted(known))}")
    data.setdefault("name", path.stem)
    return RunConfig(**data)


@dataclass(frozen=True)
class Limits:
    """Caps on the slowest text sets (each item is one LLM call on CPU)."""

    dialogsum: int = 8
    qmsum: int = 1
    presidio: int | None = None
    wnut: int | None = None
    asr: int | None = None
    bodycam: int | None = None

    def with_overrides(self, overrides: dict[str, int]) -> Limits:
        unknown = set(overrides) - set(self.__dataclass_fields__)
        if unknown:
            raise ConfigError(f"unknown limit(s) {', '.join(sorted(unknown))}; "
                              f"known: {', '.join(self.__dataclass_fields__)}")
        return replace(self, **overrides)


def take(items: Sequence[Any], limit: int | None) -> list[Any]:
    return list(items if limit is None else items[:limit])


@dataclass
class SuiteResult:
    """One suite for one config: headline ``metrics`` (flat, numeric) plus report details."""

    suite: str
    status: str = OK
    metrics: dict[str, float] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


# ---------------------------------------------------------------------------------------
# Shared per-config state: one pipeline, each file transcribed once
# ---------------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _audio_key(samples: Any) -> str:
    return hashlib.blake2b(samples.tobytes(), digest_size=16).hexdigest()


def _make_caching_transcriber(factory: Callable[[], Any]) -> Any:
    """A Transcriber that runs the real one once per distinct audio and replays it after."""
    from redaction.types import AsrInfo, Audio, Segment
    from service.asr.whisper import Transcriber

    class CachingTranscriber(Transcriber):
        def __init__(self) -> None:
            self._inner: Transcriber | None = None
            self._cache: dict[str, tuple[list[Segment], AsrInfo]] = {}
            self.seconds: dict[str, float] = {}
            self.load_s = 0.0

        @property
        def inner(self) -> Transcriber:
            if self._inner is None:
                t0 = time.perf_counter()
                self._inner = factory()
                self.load_s = time.perf_counter() - t0
            return self._inner

        def transcribe_iter(self, audio: Audio) -> tuple[Iterator[Segment], AsrInfo]:
            key = _audio_key(audio.samples)
            if key not in self._cache:
                inner = self.inner
                t0 = time.perf_counter()
                segments, info = inner.transcribe_iter(audio)
                self._cache[key] = (list(segments), info)
                self.seconds[key] = time.perf_counter() - t0
            segments_list, info = self._cache[key]
            return iter(segments_list), info

        def asr_seconds(self, audio: Audio) -> float:
            return self.seconds.get(_audio_key(audio.samples), 0.0)

    return CachingTranscriber()


def _null_summarizer() -> Any:
    """Stands in for the LLM when no suite reads summaries (saves minutes of CPU)."""
    from service.summary.writer import Summary

    class NullSummarizer:
        model_id = "none"
        llm = None

        def summarize(self, transcript: Any, instructions: str | None = None) -> Summary:
            return Summary("", [], self.model_id, "", "summary not evaluated in this run")

    return NullSummarizer()


@dataclass
class Processed:
    """One scenario after the whole pipeline, with true stage timings (ASR not cached)."""

    scenario: Scenario
    folder: Path
    result: dict[str, Any]
    transcript: Any
    redacted: Any
    summary: Any
    stages: dict[str, float]
    audio_s: float


class EvalContext:
    """Everything one configuration's suites share: settings, pipeline, caches."""

    def __init__(self, config: RunConfig, out_dir: Path, need_llm: bool, log: Log) -> None:
        from service.asr.whisper import AsrOptions, get_transcriber
        from service.config import get_settings
        from service.pipeline import Pipeline

        self.config = config
        self.settings = get_settings()
        self.log = log
        self.out_dir = out_dir
        self.asr_options = AsrOptions.from_settings(
            self.settings, model=config.asr_model, beam_size=config.asr_beam_size,
            device=config.asr_device, compute_type=config.asr_compute_type,
        )
        cache_dir = self.settings.resolved_cache_dir()
        self.transcriber = _make_caching_transcriber(
            lambda: get_transcriber(self.asr_options, cache_dir)
        )
        summarizer = None if need_llm else _null_summarizer()
        self.pipeline = Pipeline(self.settings, transcriber=self.transcriber,
                                 summarizer=summarizer, asr_model=config.asr_model,
                                 llm_model=config.llm_model)
        self._audio: dict[tuple[Path, str | None], Any] = {}
        self._processed: dict[str, Processed] = {}
        self.failures: dict[str, str] = {}

    def resolved(self) -> dict[str, Any]:
        return {
            "asr_model": self.asr_options.model,
            "asr_beam_size": self.asr_options.beam_size,
            "llm_model": self.pipeline.llm_model,
            "llm_endpoint": bool(self.settings.llm_endpoint),
            "verify_redaction": self.config.verify_redaction
            if self.config.verify_redaction is not None
            else self.settings.verify_redaction,
        }

    def audio(self, path: Path, channel: str | None = None) -> Any:
        from service.media import decode as media

        key = (path, channel)
        if key not in self._audio:
            self._audio[key] = media.load(path, channel=channel)
        return self._audio[key]

    def transcribe(self, path: Path, channel: str | None = None) -> tuple[Any, float, float]:
        """(transcript, true ASR seconds, audio seconds) for a file or one channel of it."""
        audio = self.audio(path, channel)
        transcript = self.transcriber.transcribe(audio)
        return transcript, self.transcriber.asr_seconds(audio), audio.duration_s

    def process(self, scenario: Scenario) -> Processed | None:
        """Run the pipeline on a scenario once; later calls reuse the outcome."""
        if scenario.id in self._processed:
            return self._processed[scenario.id]
        if scenario.id in self.failures:
            return None
        from service.errors import BodycamError

        self.log(f"  [{self.config.name}] pipeline: {scenario.id}")
        from service.pipeline import ProcessOptions

        extra = ({} if self.config.verify_redaction is None
                 else {"verify_redaction": self.config.verify_redaction})
        try:
            outcome = self.pipeline.process(scenario.audio, self.out_dir / "recordings",
                                            ProcessOptions(extra=extra))
        except (BodycamError, OSError, RuntimeError, ValueError) as exc:
            self.failures[scenario.id] = f"{type(exc).__name__}: {exc}"
            return None
        audio = self.audio(scenario.audio)
        stages = {k: float(v) for k, v in outcome.result.get("timings", {}).items()}
        stages["asr_s"] = self.transcriber.asr_seconds(audio) or stages.get("asr_s", 0.0)
        processed = Processed(scenario, outcome.folder, outcome.result, outcome.transcript,
                              outcome.redacted, outcome.summary, stages, audio.duration_s)
        self._processed[scenario.id] = processed
        return processed


# ---------------------------------------------------------------------------------------
# Optional helper modules written alongside this harness
# ---------------------------------------------------------------------------------------


def optional_helper(module: str, *names: str) -> tuple[Any, ...] | None:
    """The named functions of ``eval.<module>``, or None when it (or one) is missing."""
    try:
        mod = importlib.import_module(f"eval.{module}")
    except ImportError:
        return None
    funcs = tuple(getattr(mod, n, None) for n in names)
    return None if any(f is None for f in funcs) else funcs


def jsonable(data: Any) -> Any:
    return json.loads(json.dumps(data, default=str))


def jsonable_suite(result: SuiteResult) -> SuiteResult:
    result.details = jsonable(result.details)
    return result


def scenarios_for(layout: DataLayout, limits: Limits, shared: dict[str, Any]) -> list[Scenario]:
    if "scenarios" not in shared:
        found = read_scenarios(layout.bodycam_dir) if layout.bodycam_dir else []
        shared["scenarios"] = take(found, limits.bodycam)
    return shared["scenarios"]
