"""Narrative-writer speed and memory on this machine (not part of the test suite).

    .venv/bin/python bench/summary.py --data ../shared/data [--engine llama.cpp|transformers]
        [--llm-model qwen2.5-1.5b-instruct] [--threads N] [--scenarios 6] [--long-minutes 60]

Prints the model load time; prompt and generation tokens per second (two probes: a
~300-token prompt with one output token, then a short prompt with 64 output tokens);
seconds of summarizing per audio minute for the body-cam scenarios (reference lines
through the real redactor) and for one long recording made of QMSum meetings back to
back; and the process's peak RSS. Run it once per engine to compare them on one model.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from redaction.types import RedactedSegment, RedactedTranscript  # noqa: E402

PROBE_TEXT = ("The inspection covered the loading dock, the two storage rooms and the "
              "office. ") * 20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def scenario_transcripts(data: Path, limit: int) -> list[tuple[str, RedactedTranscript]]:
    from redaction.pii.redactor import get_redactor
    from redaction.types import AsrInfo, Segment, Transcript

    out = []
    for path in sorted((data / "bodycam").glob("*.json"))[:limit]:
        d = json.loads(path.read_text())
        segs = [Segment(i, t["start"], t["end"], t["text"]) for i, t in enumerate(d["timings"])]
        raw = Transcript(segs, AsrInfo("reference", "cpu", "-", "en", 1.0, d["duration_s"]))
        out.append((path.stem, get_redactor().redact(raw)))
    return out


def long_transcript(data: Path, minutes: float) -> RedactedTranscript:
    """QMSum meetings back to back at 2.8 words/s until ``minutes`` of speech."""
    segs: list[RedactedSegment] = []
    t = 0.0
    while True:
        for path in sorted((data / "qmsum").glob("*.json")):
            for turn in json.loads(path.read_text())["meeting_transcripts"]:
                n = len(turn["content"].split())
                if t + n / 2.8 > minutes * 60:
                    return RedactedTranscript(segs, duration_s=t)
                segs.append(RedactedSegment(len(segs), t, t + n / 2.8, turn["content"]))
                t += n / 2.8


def probe(llm: object) -> tuple[float, float]:
    """(prompt tokens/s, generated tokens/s) from two timed calls on fresh prompts."""
    stats = llm.stats  # type: ignore[attr-defined]
    p0, t0 = stats.prompt_tokens, time.perf_counter()
    llm.chat([{"role": "user", "content": f"{time.time()} {PROBE_TEXT}"}],  # type: ignore[attr-defined]
             max_tokens=1)
    prompt_rate = (stats.prompt_tokens - p0) / (time.perf_counter() - t0)
    c0, p0, t0 = stats.completion_tokens, stats.prompt_tokens, time.perf_counter()
    llm.chat([{"role": "user", "content": f"{time.time()} Count from 1 to 400, one "  # type: ignore[attr-defined]
               "number per line."}], max_tokens=64)
    elapsed = time.perf_counter() - t0 - (stats.prompt_tokens - p0) / prompt_rate
    return prompt_rate, (stats.completion_tokens - c0) / max(elapsed, 1e-6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--llm-model", default=None)
    parser.add_argument("--engine", default=None, help="auto | llama.cpp | transformers")
    parser.add_argument("--threads", type=int, default=None, help="default: settings")
    parser.add_argument("--scenarios", type=int, default=6)
    parser.add_argument("--long-minutes", type=float, default=60.0, help="0 = skip")
    args = parser.parse_args(argv)

    from redaction.pii.redactor import get_redactor
    from service.config import get_settings
    from service.pipeline import build_summarizer

    settings = get_settings()
    overrides = {k: v for k, v in (("llm_engine", args.engine), ("llm_threads", args.threads))
                 if v is not None}
    settings = settings.model_copy(update=overrides)
    redactor = get_redactor()
    summarizer = build_summarizer(settings, args.llm_model, redactor)
    llm = summarizer.llm
    if llm is None:
        print("no model configured (extractive only)")
        return 2
    rss0 = peak_rss_mb()
    t0 = time.perf_counter()
    llm.load()  # type: ignore[attr-defined]
    load_s = time.perf_counter() - t0
    prompt_rate, gen_rate = probe(llm)
    print(f"model {llm.name} ({getattr(llm, 'engine', '?')}, threads "
          f"{settings.llm_threads or 'all usable'}): load {load_s:.1f} s, RSS before load "
          f"{rss0:.0f} MB; prompt {prompt_rate:.1f} tok/s, generation {gen_rate:.1f} tok/s",
          flush=True)
    from service.embeddings import embed

    embed(["warm up"])  # the embedding model loads once; not part of per-recording latency
    jobs = scenario_transcripts(args.data, args.scenarios)
    if args.long_minutes:
        jobs.append(("qmsum-long", long_transcript(args.data, args.long_minutes)))
    rows = []
    for name, transcript in jobs:
        stats = llm.stats  # type: ignore[attr-defined]
        p0, c0 = stats.prompt_tokens, stats.completion_tokens
        t0 = time.perf_counter()
        summary = summarizer.summarize(transcript)
        secs = time.perf_counter() - t0
        minutes = transcript.duration_s / 60.0
        rows.append((name, minutes, secs))
        kept = sum(f.in_narrative for f in summary.facts)
        print(f"{name:34s} {minutes:6.1f} min audio  {secs:7.1f} s  "
              f"{secs / minutes:6.1f} s/audio-min  calls {summary.llm_calls:3d}  "
              f"chunks {summary.chunks}  sentences {kept}/{len(summary.facts)}  "
              f"tokens in {stats.prompt_tokens - p0} out {stats.completion_tokens - c0}",
              flush=True)
    short = [r for r in rows if r[0] != "qmsum-long"]
    if short:
        per_min = sum(r[2] for r in short) / sum(r[1] for r in short)
        print(f"body-cam scenarios: {per_min:.1f} s of summarizing per audio minute "
              f"(mean over {len(short)}; {max(r[2] for r in short):.1f} s at most)")
    if args.long_minutes:
        long = rows[-1]
        print(f"long ({long[1]:.0f} min): {long[2]:.1f} s total, {long[2] / (long[1] * 60):.3f}"
              f" x audio duration")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
