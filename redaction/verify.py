"""Verified redaction: listen to the bleeped audio again and count what is still audible.

Text redaction can be right while the audio span is wrong (a word timestamp drifts, a
number is said again later). So the redacted audio is transcribed with the same
transcriber and every distinct redacted value is looked for in that new transcript.
Only counts and entity types come out; the values stay in memory and are never logged.

Only padded windows around each redaction are transcribed again (``PAD_S`` either side,
overlapping windows merged): that is where a value could still be heard, and it costs a
few seconds per redaction instead of a second full ASR pass. ``whole=True`` keeps the
old full pass (for measuring the difference).

Comparison is normalised: lower case; numbers and identifiers by their digits and
letters (spoken digits count: "five five five" is "555"); a person counts as audible
when any of their name words is heard; anything else when all its words are heard in
order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from redaction.audio import merge_spans
from redaction.pii.recognizers.spoken import NUMBER_WORD, parse_digits
from redaction.pii.redactor import name_parts
from redaction.types import Audio, RedactedTranscript, Transcript

_PLACEHOLDER = re.compile(r"\[[A-Z_]+_\d+\]")
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER_WORD = re.compile(rf"^{NUMBER_WORD}$|^(?:double|triple)$", re.IGNORECASE)
ID_TYPES = frozenset(
    {"PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "US_BANK_NUMBER", "US_DRIVER_LICENSE",
     "LICENSE_PLATE", "US_PASSPORT", "US_ITIN", "IBAN_CODE", "IP_ADDRESS", "MEDICAL_LICENSE"}
)
MIN_ID_CHARS = 4  # shorter fragments match by chance
#: Seconds of audio kept either side of a redaction: word timestamps drift by a few
#: hundred ms, and the recogniser needs some context to hear a word at all.
PAD_S = 1.5

#: Reads the bleeped audio's samples [start, end).
BleepedReader = Callable[[int, int], np.ndarray]


@dataclass(frozen=True)
class RedactionCheck:
    """How many distinct redacted values are still heard in the redacted audio."""

    residual: int
    checked: int
    residual_types: tuple[str, ...] = field(default=())
    residual_by_type: dict[str, int] = field(default_factory=dict)
    windows: int = 0  # audio windows transcribed again
    audio_s: float = 0.0  # seconds of audio they hold

    def to_dict(self) -> dict[str, Any]:
        return {"residual": self.residual, "checked": self.checked,
                "residual_types": list(self.residual_types),
                "residual_by_type": dict(sorted(self.residual_by_type.items())),
                "windows": self.windows, "audio_s": round(self.audio_s, 3)}


def redacted_values(transcript: Transcript, redacted: RedactedTranscript) -> list[tuple[str, str]]:
    """(entity_type, original value) for each placeholder, recovered by alignment.

    The redacted text is the original with spans swapped for placeholders, so the
    literal text between placeholders pins each value down. Works for any ``Redactor``.
    """
    originals = {s.id: s.text for s in transcript.segments}
    by_segment: dict[int, list[Any]] = {}
    for r in redacted.redactions:
        by_segment.setdefault(r.segment_id, []).append(r)
    out: list[tuple[str, str]] = []
    for seg in redacted.segments:
        reds = sorted(by_segment.get(seg.id, []), key=lambda r: r.start)
        original = originals.get(seg.id)
        if not reds or original is None:
            continue
        out.extend(_align(original, seg.text, reds))
    return out


def _align(original: str, text: str, reds: list[Any]) -> list[tuple[str, str]]:
    pieces: list[str] = []
    types: list[str] = []
    cursor = 0
    for r in reds:
        literal = text[cursor : r.start]
        cursor = r.end
        if pieces and not literal:
            continue  # adjacent placeholders: one value between the same literals
        pieces.append(literal)
        types.append(r.entity_type)
    pieces.append(text[cursor:])
    pattern = "".join(
        re.escape(p) + ("(.+?)" if i < len(types) else "") for i, p in enumerate(pieces)
    )
    m = re.fullmatch(pattern, original, re.DOTALL)
    if m is None:
        return []
    return [(etype, m.group(i + 1)) for i, etype in enumerate(types)]


def _words(text: str) -> list[str]:
    """Lower-case words with spoken numbers turned into digits ("five five" -> "55")."""
    out: list[str] = []
    run: list[str] = []
    for w in _WORD.findall(text.lower()):
        if w.isdigit() or _NUMBER_WORD.match(w):
            run.append(w)
            continue
        if run:
            digits = parse_digits(run)
            if digits:
                out.append(digits)
            run = []
        out.append(w)
    if run and (digits := parse_digits(run)):
        out.append(digits)
    return out


def _compact(words: Iterable[str]) -> str:
    return "".join(words)


@dataclass(frozen=True)
class _Probe:
    entity_type: str
    kind: str  # "name", "id" or "words"
    key: tuple[str, ...]


def _probe(entity_type: str, value: str) -> _Probe | None:
    words = _words(value)
    if not words:
        return None
    if entity_type == "PERSON":
        parts = tuple(sorted(name_parts(value)))
        return _Probe(entity_type, "name", parts) if parts else None
    compact = _compact(words)
    if entity_type in ID_TYPES or (
        sum(c.isdigit() for c in compact) >= MIN_ID_CHARS and len(words) <= 3
    ):
        return _Probe(entity_type, "id", (compact,)) if len(compact) >= MIN_ID_CHARS else None
    return _Probe(entity_type, "words", tuple(words))


def _audible(
    probe: _Probe, heard_words: list[str], heard_set: set[str], heard_compact: str
) -> bool:
    if probe.kind == "name":
        return any(p in heard_set for p in probe.key)
    if probe.kind == "id":
        return probe.key[0] in heard_compact
    n = len(probe.key)
    return any(tuple(heard_words[i : i + n]) == probe.key for i in range(len(heard_words) - n + 1))


def residual_values(values: Iterable[tuple[str, str]], heard_text: str) -> RedactionCheck:
    """Count the distinct ``values`` still present in ``heard_text`` (normalised)."""
    return residual_in(values, [heard_text])


def residual_in(values: Iterable[tuple[str, str]], heard_texts: Iterable[str]) -> RedactionCheck:
    """Count the distinct ``values`` heard in any of ``heard_texts`` (each matched alone,
    so words either side of a window boundary never join into a false match)."""
    probes = list(dict.fromkeys(p for v in values if (p := _probe(*v)) is not None))
    found: set[_Probe] = set()
    for text in heard_texts:
        heard = _words(_PLACEHOLDER.sub(" ", text))
        heard_set, heard_compact = set(heard), _compact(heard)
        found.update(p for p in probes if _audible(p, heard, heard_set, heard_compact))
    residual = [p for p in probes if p in found]
    by_type = Counter(p.entity_type for p in residual)
    return RedactionCheck(
        residual=len(residual),
        checked=len(probes),
        residual_types=tuple(sorted(by_type)),
        residual_by_type=dict(by_type),
    )


def check_windows(
    redacted: RedactedTranscript, duration_s: float, pad_s: float = PAD_S
) -> list[tuple[float, float]]:
    """The padded, merged spans around every redaction, clipped to the recording."""
    padded = [(max(0.0, r.start_s - pad_s), min(duration_s, r.end_s + pad_s))
              for r in redacted.redactions]
    return merge_spans(padded, gap=pad_s)


def check_redaction(
    transcriber: Any,
    audio: Audio,
    redacted_samples: np.ndarray | BleepedReader,
    transcript: Transcript,
    redacted: RedactedTranscript,
    *,
    pad_s: float = PAD_S,
    whole: bool = False,
) -> RedactionCheck:
    """Re-transcribe the bleeped audio around each redaction and count audible values.

    ``transcriber`` is a ``service.asr.whisper.Transcriber`` (the one that made
    ``transcript``); its ``transcribe_quick`` is used when it has one (one decoding pass,
    no word timestamps: only the words matter here). ``redacted_samples`` are the
    bleeped samples, or a function reading a range of them (a long recording is never
    held whole). With nothing redacted it costs nothing.
    """
    values = redacted_values(transcript, redacted)
    if not values:
        return RedactionCheck(residual=0, checked=0)
    read = (redacted_samples if callable(redacted_samples)
            else lambda a, b: np.asarray(redacted_samples[a:b], dtype=np.float32))
    quick = getattr(transcriber, "transcribe_quick", None)
    language = transcript.info.language

    def listen(clip: Audio) -> Transcript:
        return quick(clip, language) if quick else transcriber.transcribe(clip)

    sr = audio.sample_rate
    spans = ([(0.0, audio.duration_s)] if whole
             else check_windows(redacted, audio.duration_s, pad_s))
    clips = [c for s, e in spans if (c := read(round(s * sr), round(e * sr))).size]
    heard: list[str] = []
    for pack in _packs([len(c) for c in clips], sr):
        heard.extend(_listen_pack(listen, audio, [clips[i] for i in pack]))
    check = residual_in(values, heard)
    return replace(check, windows=len(clips), audio_s=sum(e - s for s, e in spans))


#: Windows are transcribed together, up to one recogniser input (Whisper: 30 s), with a
#: short silence between them; each segment is then given back to its window.
PACK_S = 28.0
GAP_S = 0.5


def _packs(lengths: list[int], sample_rate: int) -> list[list[int]]:
    """Consecutive window indices grouped so each group fits in ``PACK_S``."""
    packs: list[list[int]] = []
    total = 0.0
    for i, n in enumerate(lengths):
        seconds = n / sample_rate
        if packs and total + GAP_S + seconds <= PACK_S:
            packs[-1].append(i)
            total += GAP_S + seconds
        else:
            packs.append([i])
            total = seconds
    return packs


def _listen_pack(listen: Callable[[Audio], Transcript], audio: Audio,
                 clips: list[np.ndarray]) -> list[str]:
    """One transcription for the clips joined by silences; the text of each clip."""
    sr = audio.sample_rate
    gap = np.zeros(int(GAP_S * sr), dtype=np.float32)
    joined = np.concatenate([part for c in clips for part in (c, gap)][:-1])
    bounds, t = [], 0.0
    for c in clips:
        bounds.append((t, t + len(c) / sr))
        t += len(c) / sr + GAP_S
    texts: list[list[str]] = [[] for _ in clips]
    for seg in listen(replace(audio, samples=joined, release=None)).segments:
        middle = (seg.start + seg.end) / 2
        # The window holding the segment's middle (the nearest one for a middle in a gap).
        index = min(range(len(bounds)),
                    key=lambda i: 0.0 if bounds[i][0] <= middle <= bounds[i][1]
                    else min(abs(middle - bounds[i][0]), abs(middle - bounds[i][1])))
        texts[index].append(seg.text)
    return [" ".join(t) for t in texts]
