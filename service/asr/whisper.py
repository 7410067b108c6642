"""Speech recognition behind a small ``Transcriber`` interface.

The default backend is faster-whisper: word timestamps (redaction needs audio spans),
Silero VAD (body-cam audio is mostly silence and wind), and
``condition_on_previous_text=False`` (stops one misheard name repeating for minutes).
On a GPU it runs float16 through ``BatchedInferencePipeline``; on CPU int8 on all cores.
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, replace

from redaction.types import AsrInfo, Audio, Segment, Transcript, Word
from service import logger
from service.asr.windows import WindowOptions, windows
from service.config import Settings
from service.errors import ModelNotAvailableError
from service.registry import resolve_asr_model

#: Below this, a detected language is not trusted for the windows that follow.
LANGUAGE_TRUST = 0.5


@dataclass(frozen=True)
class AsrOptions:
    model: str = "base"
    device: str = "auto"
    compute_type: str = "auto"
    beam_size: int = 5
    cpu_threads: int = 0
    language: str | None = None
    vad_filter: bool = True
    batch_size: int = 8
    window_s: float = 180.0  # audio per faster-whisper call: memory follows this

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> AsrOptions:
        values: dict[str, object] = {
            "model": settings.asr_model,
            "device": settings.asr_device,
            "compute_type": settings.asr_compute_type,
            "beam_size": settings.asr_beam_size,
            "cpu_threads": settings.asr_cpu_threads,
            "window_s": settings.asr_window_s,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def pick_device(device: str, compute_type: str) -> tuple[str, str]:
    """Resolve ``auto`` to (cuda, float16) when a CUDA device exists, else (cpu, int8)."""
    if device == "auto":
        import ctranslate2

        device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if compute_type == "auto":
        compute_type = "float16" if device == "cuda" else "int8"
    return device, compute_type


class Transcriber(ABC):
    """Turns decoded audio into segments. Implementations load their model once."""

    @abstractmethod
    def transcribe_iter(self, audio: Audio) -> tuple[Iterator[Segment], AsrInfo]:
        """Start transcription; segments are produced lazily as decoding advances."""

    def transcribe(self, audio: Audio) -> Transcript:
        segments, info = self.transcribe_iter(audio)
        return Transcript(segments=list(segments), info=info)

    def transcribe_quick(self, audio: Audio, language: str | None = None) -> Transcript:
        """Words only, one decoding pass, in ``language`` when given: for re-checks where
        timing and polish don't matter (verification). Defaults to ``transcribe``."""
        return self.transcribe(audio)


_MODELS: dict[tuple[str, str, str, int], object] = {}
_MODELS_LOCK = threading.Lock()


def _load_whisper(path: str, device: str, compute_type: str, threads: int) -> object:
    key = (path, device, compute_type, threads)
    with _MODELS_LOCK:
        if key not in _MODELS:
            from faster_whisper import WhisperModel

            try:
                _MODELS[key] = WhisperModel(
                    path, device=device, compute_type=compute_type, cpu_threads=threads
                )
            except (OSError, ValueError, RuntimeError) as exc:
                if "CUDA" in str(exc) or device == "cuda":
                    raise ModelNotAvailableError(
                        f"ASR model could not start on {device}/{compute_type}; "
                        "set BODYCAM_ASR_DEVICE=cpu"
                    ) from exc
                raise ModelNotAvailableError(
                    f"ASR model '{path}' is not available offline; use 'base' or 'tiny.en' "
                    "(bundled) or a local CTranslate2 directory"
                ) from exc
            logger.info("loaded ASR model on %s/%s", device, compute_type)
        return _MODELS[key]


class FasterWhisperTranscriber(Transcriber):
    def __init__(self, options: AsrOptions, cache_dir: os.PathLike[str] | str) -> None:
        from pathlib import Path

        self.options = options
        self.device, self.compute_type = pick_device(options.device, options.compute_type)
        self.threads = options.cpu_threads or available_cores()
        self.model_path = resolve_asr_model(options.model, Path(cache_dir))
        self._model = _load_whisper(self.model_path, self.device, self.compute_type, self.threads)
        self._batched = None
        if self.device == "cuda":
            from faster_whisper import BatchedInferencePipeline

            self._batched = BatchedInferencePipeline(model=self._model)

    def transcribe_iter(self, audio: Audio) -> tuple[Iterator[Segment], AsrInfo]:
        """Transcribe window by window; the first window's call also detects the language."""
        spans = windows(audio, WindowOptions(window_s=self.options.window_s))
        first = next(spans, (0, 0))
        raw, info = self._run(audio.window(*first), self.options.language)
        asr_info = AsrInfo(
            model=self.options.model,
            device=self.device,
            compute_type=self.compute_type,
            language=info.language,
            language_probability=float(info.language_probability),
            duration_s=audio.duration_s,
        )
        language = self.options.language or (
            info.language if info.language_probability >= LANGUAGE_TRUST else None)

        def segments() -> Iterator[Segment]:
            yield from _shift(_convert(raw), 0.0)
            for start, end in spans:
                more, _ = self._run(audio.window(start, end), language)
                yield from _shift(_convert(more), start / audio.sample_rate)

        return _renumber(segments()), asr_info

    def transcribe_quick(self, audio: Audio, language: str | None = None) -> Transcript:
        """No word timestamps and no temperature fallback: bleeped audio makes Whisper
        retry at five temperatures, which cost more than the first pass itself."""
        language = self.options.language or language
        raw, info = self._run(audio.window(0, len(audio.samples)), language,
                              word_timestamps=False, temperature=0.0)
        segments = list(_renumber(_convert(raw)))
        return Transcript(segments, AsrInfo(self.options.model, self.device, self.compute_type,
                                            info.language, float(info.language_probability),
                                            audio.duration_s))

    def _run(self, samples: object, language: str | None, *, word_timestamps: bool = True,
             **extra: object) -> tuple[Iterator[object], object]:
        kwargs: dict[str, object] = {
            "beam_size": self.options.beam_size,
            "word_timestamps": word_timestamps,
            "vad_filter": self.options.vad_filter,
            "condition_on_previous_text": False,
            "language": language,
            **extra,
        }
        if self._batched is not None:
            return self._batched.transcribe(samples, batch_size=self.options.batch_size,
                                            **kwargs)
        return self._model.transcribe(samples, **kwargs)


def _shift(segments: Iterator[Segment], offset: float) -> Iterator[Segment]:
    """Put a window's segments back on the recording's clock."""
    for seg in segments:
        if offset:
            seg = replace(
                seg, start=seg.start + offset, end=seg.end + offset,
                words=tuple(replace(w, start=w.start + offset, end=w.end + offset)
                            for w in seg.words))
        yield seg


def _renumber(segments: Iterator[Segment]) -> Iterator[Segment]:
    for index, seg in enumerate(segments):
        yield replace(seg, id=index) if seg.id != index else seg


def _convert(raw_segments: Iterator[object]) -> Iterator[Segment]:
    """Renumber from 0 and keep only segments with text (VAD can leave empty ones)."""
    index = 0
    for seg in raw_segments:
        text = seg.text.strip()
        if not text:
            continue
        words = tuple(
            Word(start=float(w.start), end=float(w.end), word=w.word,
                 probability=float(w.probability))
            for w in (seg.words or ())
        )
        yield Segment(
            id=index,
            start=float(seg.start),
            end=float(seg.end),
            text=text,
            words=words,
            avg_logprob=float(seg.avg_logprob),
            no_speech_prob=float(seg.no_speech_prob),
        )
        index += 1


_TRANSCRIBERS: dict[AsrOptions, Transcriber] = {}


def get_transcriber(options: AsrOptions, cache_dir: os.PathLike[str] | str) -> Transcriber:
    """One transcriber per option set per process (loading a model takes seconds)."""
    with _MODELS_LOCK:
        cached = _TRANSCRIBERS.get(options)
    if cached is not None:
        return cached
    transcriber = FasterWhisperTranscriber(options, cache_dir)
    with _MODELS_LOCK:
        _TRANSCRIBERS[options] = transcriber
    return transcriber
