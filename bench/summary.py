"""Summary latency per minute of audio and peak memory (not part of the test suite).

    .venv/bin/python bench/summary.py --data /work/shared/data [--long-minutes 60]

Summarizes the six body-cam scenarios (reference lines through the real redactor) and a
long meeting transcript built from QMSum (about ``--long-minutes`` of speech) with the
default summarizer, in this one process, and prints model load time, seconds per audio
minute for each, and the process's peak RSS.
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


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def scenario_transcripts(data: Path) -> list[tuple[str, RedactedTranscript]]:
    from redaction.pii.redactor import get_redactor
    from redaction.types import AsrInfo, Segment, Transcript

    out = []
    for path in sorted((data / "bodycam").glob("*.json")):
        d = json.loads(path.read_text())
        segs = [Segment(i, t["start"], t["end"], t["text"]) for i, t in enumerate(d["timings"])]
        raw = Transcript(segs, AsrInfo("reference", "cpu", "-", "en", 1.0, d["duration_s"]))
        out.append((path.stem, get_redactor().redact(raw)))
    return out


def long_transcript(data: Path, minutes: float) -> RedactedTranscript:
    """QMSum meetings back to back at 2.8 words/s until ``minutes`` of speech."""
    segs: list[RedactedSegment] = []
    t = 0.0
    for path in sorted((data / "qmsum").glob("*.json")):
        for turn in json.loads(path.read_text())["meeting_transcripts"]:
            n = len(turn["content"].split())
            if t + n / 2.8 > minutes * 60:
                return RedactedTranscript(segs, duration_s=t)
            segs.append(RedactedSegment(len(segs), t, t + n / 2.8, turn["content"]))
            t += n / 2.8
    return RedactedTranscript(segs, duration_s=t)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--long-minutes", type=float, default=60.0)
    parser.add_argument("--llm-model", default=None)
    args = parser.parse_args(argv)

    from service.config import get_settings
    from service.summary.writer import get_summarizer

    settings = get_settings()
    summarizer = get_summarizer(args.llm_model or settings.llm_model,
                                settings.llm_max_new_tokens, endpoint=settings.llm_endpoint,
                                api_key=settings.llm_api_key)
    rss0 = peak_rss_mb()
    t0 = time.perf_counter()
    llm = getattr(summarizer, "llm", None)
    if llm is not None and hasattr(llm, "load"):
        llm.load()
    load_s = time.perf_counter() - t0
    scenarios = scenario_transcripts(args.data)
    from service.embeddings import embed

    embed(["warm up"])  # the embedding model loads once; not part of per-recording latency
    rows = []
    for name, transcript in [*scenarios,
                             ("qmsum-long", long_transcript(args.data, args.long_minutes))]:
        t0 = time.perf_counter()
        summary = summarizer.summarize(transcript)
        secs = time.perf_counter() - t0
        minutes = transcript.duration_s / 60.0
        rows.append((name, minutes, secs, summary.llm_calls, summary.word_count))
        print(f"{name:34s} {minutes:6.1f} min audio  {secs:7.1f} s  "
              f"{secs / minutes:6.1f} s/audio-min  llm calls {summary.llm_calls:3d}  "
              f"words {summary.word_count}", flush=True)
    short = [r for r in rows if r[0] != "qmsum-long"]
    per_min = sum(r[2] for r in short) / sum(r[1] for r in short)
    print(f"\nmodel: {summarizer.model_id}; LLM load {load_s:.1f} s; "
          f"RSS before load {rss0:.0f} MB")
    print(f"body-cam scenarios: {per_min:.1f} s of summarizing per audio minute "
          f"(mean over {len(short)})")
    long = rows[-1]
    print(f"long ({long[1]:.0f} min): {long[2]:.1f} s total, {long[2] / long[1]:.2f} s per "
          f"audio minute, {long[3]} LLM calls")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
