"""Benchmark: redaction time of a one-hour transcript (about 10,000 words).

The transcript is the scripted body-cam encounters' reference lines repeated as timed
segments until it holds ``--words`` words (an hour of speech is 9,000-10,000 words).
The analyzer runs on the whole transcript at once, as in the pipeline. Target: < 10 s
on the 2-core CPU this project is built on.

    python -m bench.redact_speed --data ../shared/data
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from redaction.pii.redactor import PresidioRedactor
from redaction.types import AsrInfo, Segment, Transcript


def one_hour_transcript(bodycam_dir: Path, words: int = 10_000) -> Transcript:
    """Reference lines of every scenario, repeated and re-timed until ``words`` words."""
    lines = []
    for path in sorted(bodycam_dir.glob("*.json")):
        lines.extend(t["text"] for t in json.loads(path.read_text(encoding="utf-8"))["timings"])
    if not lines:
        raise SystemExit(f"no scenario timings under {bodycam_dir}")
    segments: list[Segment] = []
    count = 0
    t = 0.0
    while count < words:
        for text in lines:
            n = len(text.split())
            dur = n / 2.7  # about 160 words a minute
            segments.append(Segment(id=len(segments), start=t, end=t + dur, text=text))
            t += dur + 0.4
            count += n
            if count >= words:
                break
    info = AsrInfo(model="reference", device="none", compute_type="none", language="en",
                   language_probability=1.0, duration_s=t)
    return Transcript(segments=segments, info=info)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    transcript = one_hour_transcript(args.data / "bodycam", args.words)
    n_words = sum(len(s.text.split()) for s in transcript.segments)
    redactor = PresidioRedactor()
    t0 = time.perf_counter()
    redactor.warm_up()
    redactor.redact(Transcript(segments=transcript.segments[:5], info=transcript.info))
    print(f"model load + warm-up: {time.perf_counter() - t0:.1f} s")
    times = []
    cpu = []
    redactions = 0
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        redacted = redactor.redact(transcript)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        redactions = len(redacted.redactions)
    audio_min = transcript.info.duration_s / 60
    print(f"transcript: {len(transcript.segments)} segments, {n_words} words, "
          f"{audio_min:.0f} min of speech; {redactions} redactions")
    print(f"redaction time: best {min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s"
          f" wall over {args.repeat} runs (target < 10 s); CPU {min(cpu):.2f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
