"""Gold-PII leaks and kept phrases on the project's own encounter set.

Why: the scripted scenarios in ``../shared/data/bodycam`` are few, and recognizers tuned
on them can pass while failing on the next encounter. ``eval/data/pii_encounters.jsonl``
holds 200 short encounters (ASR-style lower case and written reports) with every PII value
marked and phrases that must survive redaction (times, generic places, cars, record
numbers), in six batches (ids h…, k…, m…, n…, o…, p…) each written by someone who had not seen
the recognizers. Each batch was measured once, then the recognizers were fixed by *kind* of
failure (see docs/redaction.md); the set now guards against regressions.

    python -m eval.encounter_eval [FILE] [-v]

Each encounter goes through the real transcript redactor with one segment per sentence;
a gold value leaks when ``eval.metrics.find_leaks`` still finds it in the redacted text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.metrics import find_leaks

ENCOUNTERS = Path(__file__).resolve().parent / "data" / "pii_encounters.jsonl"
_SENTENCE = re.compile(r"(?<=[.?!])\s+|\n+")


@dataclass
class EncounterResult:
    """Leaks and lost keep-phrases of one encounter (values masked only by the caller)."""

    id: str
    style: str
    gold: int
    leaked: list[tuple[str, str]] = field(default_factory=list)  # (type, value)
    keep: int = 0
    lost: list[str] = field(default_factory=list)
    redacted: str = ""


def load_encounters(path: Path = ENCOUNTERS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def redact_encounter(text: str) -> str:
    """The encounter as the pipeline would redact it: one segment per sentence."""
    from redaction.pii.redactor import get_redactor
    from redaction.types import AsrInfo, Segment, Transcript

    parts = [p.strip() for p in _SENTENCE.split(text) if p.strip()]
    segments = [Segment(i, i * 3.0, i * 3.0 + 3.0, t) for i, t in enumerate(parts)]
    info = AsrInfo("reference", "cpu", "-", "en", 1.0, len(segments) * 3.0)
    redacted = get_redactor().redact(Transcript(segments, info))
    return " ".join(s.text for s in redacted.segments)


def evaluate_encounters(rows: list[dict[str, Any]]) -> list[EncounterResult]:
    out = []
    for row in rows:
        text = redact_encounter(row["text"])
        pairs = [(p["type"], p["value"]) for p in row["pii"]]
        leaked_values = set(find_leaks(text, pairs))
        keep = list(row.get("keep", []))
        out.append(EncounterResult(
            id=row["id"], style=row.get("style", "?"), gold=len(pairs),
            leaked=[(t, v) for t, v in pairs if v in leaked_values],
            keep=len(keep), lost=[k for k in keep if k.lower() not in text.lower()],
            redacted=text,
        ))
    return out


def summarize(results: list[EncounterResult]) -> dict[str, Any]:
    """Totals and per-type leak counts (numbers only: safe for reports)."""
    per_type: dict[str, dict[str, int]] = {}
    for r in results:
        for entity, _value in r.leaked:
            per_type.setdefault(entity, {"leaked": 0})["leaked"] += 1
    keep = sum(r.keep for r in results)
    return {
        "encounters": len(results),
        "gold": sum(r.gold for r in results),
        "leaks": sum(len(r.leaked) for r in results),
        "leaks_by_type": {t: d["leaked"] for t, d in sorted(per_type.items())},
        "keep": keep,
        "kept": keep - sum(len(r.lost) for r in results),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=ENCOUNTERS)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print each failing encounter's redacted text (test data only)")
    args = parser.parse_args(argv)
    results = evaluate_encounters(load_encounters(args.file))
    for r in results:
        if r.leaked or r.lost:
            print(f"{r.id} ({r.style}): leaked {[t for t, _ in r.leaked]} "
                  f"lost keep {r.lost}")
            if args.verbose:
                print(f"    {r.redacted}")
    s = summarize(results)
    print(f"encounters {s['encounters']}: gold values {s['gold']}, leaked {s['leaks']} "
          f"{s['leaks_by_type']}; keep phrases kept {s['kept']}/{s['keep']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
