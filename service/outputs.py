"""Write a recording's output folder (``DIR/<recording_id>/``) as DESIGN.md specifies.

Files are written to temporary names and renamed into place, so an interrupted run
never leaves a half-written ``result.json`` that looks complete.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from redaction.types import RedactedTranscript

SCHEMA_VERSION = "1"


def atomic_write(path: Path, data: bytes | str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(tmp, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def timestamp(seconds: float, vtt: bool = False) -> str:
    ms = int(round(seconds * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    if vtt:
        return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
    return f"{h:d}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def transcript_txt(transcript: RedactedTranscript) -> str:
    return "".join(f"[{timestamp(s.start)}] {s.text}\n" for s in transcript.segments)


def transcript_vtt(transcript: RedactedTranscript) -> str:
    parts = ["WEBVTT", ""]
    for s in transcript.segments:
        parts += [str(s.id + 1), f"{timestamp(s.start, True)} --> {timestamp(s.end, True)}",
                  s.text, ""]
    return "\n".join(parts)


def summary_markdown(result: dict[str, Any]) -> str:
    summary = result["summary"]
    starts = {s["id"]: s["start"] for s in result["redacted_transcript"]["segments"]}
    rec = result["recording"]
    lines = [
        f"# Draft incident summary — recording {rec['id']}",
        "",
        f"> {summary['disclosure']}",
        "",
        "## Narrative",
        "",
        summary["narrative"],
        "",
    ]
    facts = [f for f in summary.get("facts", []) if f.get("supported")]
    if facts:
        lines += ["## Statements and their sources", ""]
        for fact in facts:
            cites = " ".join(f"[{timestamp(starts[i])}]" for i in fact["segment_ids"] if i in starts)
            lines.append(f"- {fact['text']} {cites}".rstrip())
        lines.append("")
    lines += [
        "---",
        f"Model: {summary['model']} · prompt sha256 {summary['prompt_sha256'][:12]}… · "
        f"audio {rec['duration_s']:.1f} s · file sha256 {rec['sha256'][:12]}…",
        "",
    ]
    return "\n".join(lines)


def write_result_dir(
    out_dir: Path,
    result: dict[str, Any],
    transcript: RedactedTranscript,
    redacted_wav: bytes | None = None,
    raw_transcript: dict[str, Any] | None = None,
) -> Path:
    """Write every output file; return the recording folder."""
    folder = out_dir / result["recording"]["id"]
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / "transcript.txt", transcript_txt(transcript))
    atomic_write(folder / "transcript.vtt", transcript_vtt(transcript))
    atomic_write(folder / "summary.md", summary_markdown(result))
    if redacted_wav is not None:
        atomic_write(folder / "audio.redacted.wav", redacted_wav)
    raw_path = folder / "transcript.raw.json"
    if raw_transcript is not None:
        atomic_write(raw_path, json.dumps(raw_transcript, indent=2, ensure_ascii=False))
    elif raw_path.exists():
        raw_path.unlink()  # a rerun without --include-raw must not leave raw text behind
    # result.json last: its presence marks the folder complete.
    atomic_write(folder / "result.json", json.dumps(result, indent=2, ensure_ascii=False))
    return folder
