"""Speakers evaluation: DER, officer-vs-not accuracy by speech time, speaker counts.

    python -m eval.speakers_eval --data ../shared/data [--own DIR] [--asr-model M]

Recordings: the shared bodycam scenarios (gold per-line speakers and times in their
JSON), the project's own rendered encounters (``tests/data/speakers/render.py``, same
format), ``asr/leopard_diarization_test.wav`` (three speakers; the manifest gives each
speaker's words but no times, so reference times come from aligning those words to the
ASR word timestamps) and the two-channel ``asr/fw_stereo_diarization.wav`` (one talker
per channel; reference speech per channel from ASR words on that channel alone).

DER is computed the way pyannote.metrics does (no collar, overlap kept): missed speech
+ false alarm + confusion over reference speech, on a 10 ms grid, after the one-to-one
speaker mapping that minimises confusion. The "one speaker" baseline labels all
reference speech as a single speaker (perfect speech detection, no diarization).

Officer accuracy: over the reference speech time, whether the output segment covering
it says officer (``OFFICER``; "lenient" also counts ``SPEAKER_1``, the unsure officer)
exactly when the reference speaker is the officer. Time no output segment covers is
left out and reported as coverage.
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import re
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

STEP = 0.01


@dataclass(frozen=True)
class DerResult:
    der: float
    missed: float
    false_alarm: float
    confusion: float
    reference_s: float

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in self.__dict__.items()}


def _grid(turns: Sequence[tuple[float, float, str]], n: int, names: list[str]) -> np.ndarray:
    grid = np.zeros((n, len(names)), dtype=bool)
    for start, end, spk in turns:
        grid[round(start / STEP):round(end / STEP), names.index(spk)] = True
    return grid


def der(reference: Sequence[tuple[float, float, str]],
        hypothesis: Sequence[tuple[float, float, str]]) -> DerResult:
    """Both sides as ``(start_s, end_s, speaker)``; speaker names need not match."""
    from scipy.optimize import linear_sum_assignment

    end = max([e for _, e, _ in [*reference, *hypothesis]], default=0.0)
    n = round(end / STEP) + 1
    ref_names = sorted({s for *_, s in reference})
    hyp_names = sorted({s for *_, s in hypothesis})
    ref = _grid(reference, n, ref_names)
    hyp = _grid(hypothesis, n, hyp_names)
    n_ref = ref.sum(axis=1)
    n_hyp = hyp.sum(axis=1)
    total = float(n_ref.sum()) * STEP
    if total == 0:
        return DerResult(0.0, 0.0, float(n_hyp.sum()) * STEP, 0.0, 0.0)
    missed = float(np.maximum(n_ref - n_hyp, 0).sum()) * STEP
    false_alarm = float(np.maximum(n_hyp - n_ref, 0).sum()) * STEP
    correct = 0.0
    if hyp_names:
        overlap = ref.astype(np.float32).T @ hyp.astype(np.float32)  # (ref, hyp) frames
        rows, cols = linear_sum_assignment(-overlap)
        correct = float(overlap[rows, cols].sum()) * STEP
    confusion = float(np.minimum(n_ref, n_hyp).sum()) * STEP - correct
    return DerResult((missed + false_alarm + confusion) / total, missed / total,
                     false_alarm / total, confusion / total, total)


Turn = tuple[float, float, str]
OFFICER_LABELS = {"OFFICER"}
LENIENT_LABELS = {"OFFICER", "SPEAKER_1"}
_WORD = re.compile(r"[a-z0-9']+")


def one_speaker(reference: Sequence[Turn]) -> list[Turn]:
    """The baseline: all reference speech, one speaker."""
    return [(s, e, "all") for s, e, _ in reference]


def officer_accuracy(reference: Sequence[Turn], segments: Sequence[Turn],
                     officer_roles: set[str]) -> tuple[float, float, float]:
    """(strict, lenient, coverage) by reference speech time; see the module docstring."""
    end = max([e for _, e, _ in [*reference, *segments]], default=0.0)
    n = round(end / STEP) + 1
    ref_speech = np.zeros(n, dtype=bool)
    ref_officer = np.zeros(n, dtype=bool)
    for s, e, spk in reference:
        ref_speech[round(s / STEP):round(e / STEP)] = True
        if spk in officer_roles:
            ref_officer[round(s / STEP):round(e / STEP)] = True
    covered = np.zeros(n, dtype=bool)
    strict = np.zeros(n, dtype=bool)
    lenient = np.zeros(n, dtype=bool)
    for s, e, label in segments:
        a, b = round(s / STEP), round(e / STEP)
        covered[a:b] = True
        strict[a:b] = label in OFFICER_LABELS
        lenient[a:b] = label in LENIENT_LABELS
    mask = ref_speech & covered
    if not mask.any():
        return 0.0, 0.0, 0.0
    return (float((strict[mask] == ref_officer[mask]).mean()),
            float((lenient[mask] == ref_officer[mask]).mean()),
            float(mask.sum() / max(ref_speech.sum(), 1)))


def words_to_turns(words: Sequence[tuple[float, float, str]], gap_s: float = 0.5) -> list[Turn]:
    """Merge consecutive same-speaker words into turns (pauses under ``gap_s`` bridged)."""
    turns: list[Turn] = []
    for s, e, spk in sorted(words):
        if turns and turns[-1][2] == spk and s - turns[-1][1] <= gap_s:
            turns[-1] = (turns[-1][0], max(turns[-1][1], e), spk)
        else:
            turns.append((s, e, spk))
    return turns


def align_reference(asr_words: Sequence[tuple[float, float, str]],
                    reference: Sequence[tuple[str, str]]) -> list[Turn]:
    """Reference turns from per-speaker text: align its words to timed ASR words.

    ``reference`` is ``[(speaker, text), …]`` in spoken order. Matched ASR words take the
    speaker of the reference word they match; unmatched ones the previous word's speaker.
    """
    ref_tokens = [(tok, spk) for spk, text in reference for tok in _WORD.findall(text.lower())]
    hyp_tokens = [" ".join(_WORD.findall(w.lower())) for _, _, w in asr_words]
    matcher = difflib.SequenceMatcher(a=[t for t, _ in ref_tokens], b=hyp_tokens,
                                      autojunk=False)
    speaker: list[str | None] = [None] * len(asr_words)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            speaker[block.b + k] = ref_tokens[block.a + k][1]
    last = ref_tokens[0][1] if ref_tokens else "?"
    timed = []
    for (s, e, _), spk in zip(asr_words, speaker, strict=True):
        last = spk or last
        timed.append((s, e, last))
    return words_to_turns(timed)


@dataclass
class Row:
    name: str
    kind: str
    duration_s: float
    n_ref: int
    n_hyp: int
    der: float
    der_one: float
    strict: float | None
    lenient: float | None
    coverage: float | None
    speakers_s: float
    labels: str

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def _words(transcript: Any) -> list[tuple[float, float, str]]:
    return [(w.start, w.end, w.word) for s in transcript.segments for w in s.words]


def _score(pipeline: Any, path: Path, name: str, kind: str, reference: list[Turn],
           officer_roles: set[str] | None) -> Row:
    audio = pipeline.decode(path)
    transcript = pipeline.transcribe(audio)
    t0 = time.perf_counter()
    labelled, found = pipeline.diarize(path, audio, transcript)
    spent = time.perf_counter() - t0
    hyp = [(t.start, t.end, str(t.speaker)) for t in found.turns] if found else []
    segs = [(s.start, s.end, s.speaker or "") for s in labelled.segments]
    strict = lenient = coverage = None
    if officer_roles is not None:
        strict, lenient, coverage = officer_accuracy(reference, segs, officer_roles)
    return Row(name, kind, audio.duration_s, len({s for *_, s in reference}),
               len(found.speakers) if found else 0, der(reference, hyp).der,
               der(reference, one_speaker(reference)).der, strict, lenient, coverage, spent,
               " ".join(s.label for s in found.speakers) if found else "")


def scenario_rows(pipeline: Any, folder: Path, kind: str) -> list[Row]:
    rows = []
    for meta_path in sorted(folder.glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if "timings" not in meta:
            continue
        audio = folder / meta.get("audio", meta_path.with_suffix(".flac").name)
        reference = [(float(t["start"]), float(t["end"]), str(t["speaker"]))
                     for t in meta["timings"]]
        roles = set(meta.get("officer_roles", ["officer"]))
        rows.append(_score(pipeline, audio, meta_path.stem, kind, reference, roles))
    return rows


def leopard_row(pipeline: Any, asr_dir: Path) -> Row | None:
    path = asr_dir / "leopard_diarization_test.wav"
    manifest = asr_dir / "manifest.jsonl"
    if not path.is_file() or not manifest.is_file():
        return None
    item = next((json.loads(line) for line in manifest.read_text().splitlines()
                 if line.strip() and json.loads(line).get("file") == path.name), None)
    if not item or not item.get("speaker_segments"):
        return None
    transcript = pipeline.transcribe(pipeline.decode(path))
    reference = align_reference(_words(transcript), [(s["speaker"], s["text"])
                                                     for s in item["speaker_segments"]])
    return _score(pipeline, path, path.stem, "leopard", reference, None)


def stereo_row(pipeline: Any, asr_dir: Path) -> Row | None:
    from service.media import decode as media

    path = asr_dir / "fw_stereo_diarization.wav"
    if not path.is_file():
        return None
    words = []
    for side in ("left", "right"):
        transcript = pipeline.transcribe(media.load(path, channel=side))
        words += [(s, e, side) for s, e, _ in _words(transcript)]
    reference = [t for side in ("left", "right")
                 for t in words_to_turns([w for w in words if w[2] == side])]
    return _score(pipeline, path, path.stem, "stereo", reference, None)


def render_own(out_dir: Path) -> Path:
    """Render the project's own encounters (espeak-ng + sox) into ``out_dir``."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "tests" / "data" / "speakers" / "render.py"
    spec = importlib.util.spec_from_file_location("bodycam_render_speakers", script)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main([str(out_dir)])
    return out_dir


def summarize(rows: list[Row]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in sorted({r.kind for r in rows}):
        mine = [r for r in rows if r.kind == kind]
        scored = [r for r in mine if r.strict is not None]
        dur = sum(r.duration_s for r in mine)
        out[kind] = {
            "recordings": len(mine),
            "der_mean": float(np.mean([r.der for r in mine])),
            "der_one_speaker_mean": float(np.mean([r.der_one for r in mine])),
            "count_within_one": sum(abs(r.n_hyp - r.n_ref) <= 1 for r in mine) / len(mine),
            "seconds_per_audio_min": sum(r.speakers_s for r in mine) / max(dur, 1e-9) * 60,
        }
        if scored:
            out[kind]["officer_accuracy_strict"] = float(np.mean([r.strict for r in scored]))
            out[kind]["officer_accuracy_lenient"] = float(np.mean([r.lenient for r in scored]))
            out[kind]["coverage"] = float(np.mean([r.coverage for r in scored]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.speakers_eval")
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--own", type=Path, help="own encounters (default: render them now)")
    parser.add_argument("--asr-model", default=None)
    parser.add_argument("--out", type=Path, help="write the rows and summary as JSON here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    from service.config import get_settings
    from service.pipeline import Pipeline

    settings = get_settings().model_copy(update={"diarize": True})
    pipeline = Pipeline(settings, asr_model=args.asr_model)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        own = args.own or render_own(Path(tmp))
        rows += scenario_rows(pipeline, args.data / "bodycam", "bodycam")
        rows += scenario_rows(pipeline, own, "own")
        rows += [r for r in (leopard_row(pipeline, args.data / "asr"),
                             stereo_row(pipeline, args.data / "asr")) if r]
    for r in rows:
        acc = "" if r.strict is None else (f" officer {r.strict:.3f}/{r.lenient:.3f}"
                                           f" cov {r.coverage:.2f}")
        sys.stdout.write(f"{r.kind:8} {r.name:34} ref {r.n_ref} hyp {r.n_hyp} DER {r.der:.3f}"
                         f" (one speaker {r.der_one:.3f}){acc} {r.speakers_s:.1f}s"
                         f" [{r.labels}]\n")
    summary = summarize(rows)
    summary["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    if args.out:
        args.out.write_text(json.dumps({"rows": [r.to_dict() for r in rows],
                                        "summary": summary}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
