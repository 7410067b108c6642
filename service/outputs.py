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
    ms = round(seconds * 1000)
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    if vtt:
        return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
    return f"{h:d}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def transcript_txt(transcript: RedactedTranscript) -> str:
    """``[mm:ss] OFFICER: text`` per segment (no label when diarization did not run)."""
    return "".join(f"[{timestamp(s.start)}] {f'{s.speaker}: ' if s.speaker else ''}{s.text}\n"
                   for s in transcript.segments)


def transcript_vtt(transcript: RedactedTranscript) -> str:
    """WebVTT cues; a known speaker is a voice span (``<v OFFICER>text``)."""
    parts = ["WEBVTT", ""]
    for s in transcript.segments:
        text = f"<v {s.speaker}>{s.text}" if s.speaker else s.text
        parts += [str(s.id + 1), f"{timestamp(s.start, True)} --> {timestamp(s.end, True)}",
                  text, ""]
    return "\n".join(parts)


def cited_narrative(result: dict[str, Any]) -> str:
    """The narrative with each sentence's ``[mm:ss]`` citations (bullets if so laid out)."""
    summary = result["summary"]
    starts = {s["id"]: s["start"] for s in result["redacted_transcript"]["segments"]}
    used = [f for f in summary.get("facts", []) if f.get("in_narrative")]
    if not used:
        return summary["narrative"]
    parts = [f"{f['text']} " + " ".join(f"[{timestamp(starts[i])}]"
                                          for i in f["segment_ids"] if i in starts)
             for f in used]
    if summary.get("layout") == "bullets":
        return "\n".join(f"- {p.rstrip()}" for p in parts)
    return " ".join(p.rstrip() for p in parts)


def summary_markdown(result: dict[str, Any]) -> str:
    """summary.md: the cited narrative, report fields and the AI disclosure line.

    Each narrative sentence is followed by the ``[mm:ss]`` start of the segments it rests
    on. Statements that failed verification stay in result.json only.
    """
    summary = result["summary"]
    starts = {s["id"]: s["start"] for s in result["redacted_transcript"]["segments"]}
    rec = result["recording"]

    def cites(ids: list[int]) -> str:
        return " ".join(f"[{timestamp(starts[i])}]" for i in ids if i in starts)

    facts = summary.get("facts", [])
    in_narrative = [f for f in facts if f.get("in_narrative")]
    narrative = cited_narrative(result)
    lines = [
        f"# Draft incident summary — recording {rec['id']}",
        "",
        f"> {summary['disclosure']}",
        "",
    ]
    if result.get("truncated"):
        declared = rec.get("declared_duration_s")
        of = f" of the {declared:.1f} s it declares" if declared else ""
        lines += [f"> **Partial recording:** the file is cut off; only {rec['duration_s']:.1f} s"
                  f"{of} could be read.", ""]
    lines += [
        "## Narrative",
        "",
        narrative,
        "",
    ]
    field_cites = summary.get("field_citations", {})
    fields = [("Incident type", "incident_type"), ("Disposition", "disposition"),
              ("Injuries", "injuries")]
    rows = [(label, summary[key], field_cites.get(key, [])) for label, key in fields
            if summary.get(key)]
    rows += [(name[:1].upper() + name[1:], value, field_cites.get(name, []))
             for name, value in summary.get("report_fields", {}).items()]
    if rows:
        lines += ["## Report fields", ""]
        lines += [f"- **{label}:** {value} {cites(ids)}".rstrip() for label, value, ids in rows]
        lines.append("")
    if not in_narrative:
        supported = [f for f in facts if f.get("supported")]
        if supported:
            lines += ["## Statements and their sources", ""]
            lines += [f"- {f['text']} {cites(f['segment_ids'])}".rstrip() for f in supported]
            lines.append("")
    if summary.get("notes"):
        lines += ["## Notes", ""]
        lines += [f"- {note}" for note in summary["notes"]]
        lines.append("")
    backend = summary.get("backend")
    lines += [
        "---",
        f"Model: {summary['model']}"
        f"{f' ({backend})' if backend and backend != summary['model'] else ''} · prompt "
        f"{summary.get('prompt_version', '?')} sha256 {summary['prompt_sha256'][:12]}… · "
        f"audio {rec['duration_s']:.1f} s · file sha256 {rec['sha256'][:12]}…",
        "",
    ]
    return "\n".join(lines)


def write_result_dir(
    out_dir: Path,
    result: dict[str, Any],
    transcript: RedactedTranscript,
    redacted_wav: bytes | Path | None = None,
    raw_transcript: dict[str, Any] | None = None,
) -> Path:
    """Write every output file; return the recording folder.

    ``redacted_wav`` is the WAV's bytes, or a finished file in the folder (streamed there
    by the caller, fsynced and renamed into place here).
    """
    folder = out_dir / result["recording"]["id"]
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / "transcript.txt", transcript_txt(transcript))
    atomic_write(folder / "transcript.vtt", transcript_vtt(transcript))
    atomic_write(folder / "summary.md", summary_markdown(result))
    if isinstance(redacted_wav, Path):
        with open(redacted_wav, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(redacted_wav, folder / "audio.redacted.wav")
    elif redacted_wav is not None:
        atomic_write(folder / "audio.redacted.wav", redacted_wav)
    raw_path = folder / "transcript.raw.json"
    if raw_transcript is not None:
        atomic_write(raw_path, json.dumps(raw_transcript, indent=2, ensure_ascii=False))
    elif raw_path.exists():
        raw_path.unlink()  # a rerun without --include-raw must not leave raw text behind
    # result.json last: its presence marks the folder complete.
    atomic_write(folder / "result.json", json.dumps(result, indent=2, ensure_ascii=False))
    return folder
