"""Report fields a records system needs, from the redaction labels in the transcript.

Why a rule here and not the model: which placeholder types establish which field is a
fixed, typed mapping (an address label is the location; a plate label is the vehicle).
Where the recording has no such label the field becomes an ``[INSERT: …]`` gap for the
officer. Incident type, disposition and injuries come from the model (``writer``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from redaction.types import RedactedSegment
from service.summary.check import PLACEHOLDER

# Report fields and the placeholder types that would establish them.
REPORT_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("location", ("LOCATION", "STREET_ADDRESS", "ADDRESS")),
    ("date and time", ()),
    ("case number", ()),
    ("reporting officer and badge number", ()),
    ("involved persons", ("PERSON",)),
    ("vehicle", ("LICENSE_PLATE", "VIN")),
)


@dataclass
class FieldValue:
    """A report field and the segments it rests on (empty when not established)."""

    value: str
    segment_ids: list[int] = field(default_factory=list)


def report_fields(segments: Sequence[RedactedSegment]) -> dict[str, FieldValue]:
    """Fields a report needs: a redaction label where the audio said it, else a placeholder."""
    out: dict[str, FieldValue] = {}
    for name, types in REPORT_FIELDS:
        labels: list[str] = []
        ids: list[int] = []
        for seg in segments:
            for ph in PLACEHOLDER.findall(seg.text):
                if ph[1:].rsplit("_", 1)[0] in types and ph not in labels:
                    labels.append(ph)
                    ids.append(seg.id)
        if labels:
            out[name] = FieldValue(", ".join(labels[:4]) + " (redacted)", sorted(set(ids)))
        else:
            out[name] = FieldValue(f"[INSERT: {name}]")
    return out
