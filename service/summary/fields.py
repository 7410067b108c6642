"""Report fields read from the redacted transcript by rule: incident type, outcome, injuries.

These fields end up in records systems, so they come from explicit words with their
segments cited, never from the LLM's guess. A cue that is negated ("no arrest"),
conditional ("if we come back, it will be a citation"), replaced ("a warning instead
of a citation") or asked ("was anyone hurt?") does not count. What the audio does not
establish becomes an ``[INSERT: …]`` placeholder for the report writer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from redaction.types import RedactedSegment
from service.summary.check import PLACEHOLDER

_CLAUSE = re.compile(r"(?<=[.!?;])\s+|,\s+(?=(?:but|and|so)\b)")

# (type, pattern, weight): explicit names weigh more than circumstantial cues.
_INCIDENT_TYPES: tuple[tuple[str, str, float], ...] = (
    ("vehicle burglary", r"\b(vehicle|car|auto) burglar\w*|broke into (my|the|his|her|a) "
     r"(car|vehicle|truck)", 3.0),
    ("burglary", r"\bburglar\w*|\bbroke into\b|\bbreak-?in\b", 2.0),
    ("robbery", r"\brobb(ery|ed)\b|\bmugg\w*|\bheld me up\b", 2.5),
    ("shoplifting", r"\bshoplift\w*|\bpetty theft\b|\bretail theft\b|\bwithout paying\b",
     2.5),
    ("theft", r"\btheft\b|\bstole\w*|\bstolen\b", 1.5),
    ("assault", r"\bassault\w*|\b(hit|punched|kicked|attacked) (me|him|her)\b", 2.0),
    ("domestic disturbance", r"\bdomestic\b|\b(arguing|argument|shouting|yelling)\b", 1.5),
    ("traffic stop", r"\b(stopped you|pulled you over|traffic stop)\b|\bin a \d+ zone\b|"
     r"\blicen[cs]e,? (and )?registration\b|\bspeeding\b", 2.0),
    ("traffic collision", r"\b(crash\w*|collision|accident|rear-ended)\b", 1.5),
    ("DUI", r"\b(dui|dwi|drunk driving|under the influence|breathaly\w*)\b", 2.5),
    ("welfare check", r"\bwelfare check\b|\bcheck(ing)? on (you|her|him)\b", 3.0),
    ("noise complaint", r"\bnoise\b|\bloud music\b|\b(music|party) (is|was) (too )?loud\b",
     2.0),
    ("trespass", r"\btrespass\w*", 1.0),
    ("vandalism", r"\bvandal\w*|\bgraffiti\b|\bspray[- ]paint\w*", 2.0),
    ("missing person", r"\bmissing\b", 1.5),
    ("suspicious activity", r"\bsuspicious\b", 1.5),
    ("weapons", r"\b(gun|firearm|pistol|rifle|knife|shots? fired)\b", 1.5),
)
_INCIDENT_RES = tuple((t, re.compile(p, re.IGNORECASE), w) for t, p, w in _INCIDENT_TYPES)

DISPOSITIONS = ("arrest", "citation", "warning", "report only", "none stated")
_DISPOSITION_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("arrest", re.compile(r"\b(under arrest|arrest(ed|ing)?|in(to)? custody|handcuff\w*|"
                          r"booked)\b", re.IGNORECASE)),
    ("citation", re.compile(r"\b(citation|cited|cite you|ticket|summons|notice to appear)\b",
                            re.IGNORECASE)),
    ("warning", re.compile(r"\b(warning|warned|warn you)\b", re.IGNORECASE)),
    ("report only", re.compile(r"\b(write (this|it) up|take a report|file a report|"
                               r"making a report|case number|report number)\b",
                               re.IGNORECASE)),
)
_INJURY = re.compile(r"\b(hurt|injur\w*|bleed\w*|blood|wound\w*|ambulance|paramedic\w*|"
                     r"hospital|medical (assistance|attention|help))\b", re.IGNORECASE)
_NEGATION_BEFORE = re.compile(
    r"\b(no|not|never|nobody|none|without|instead of|n't|rather than|avoid)\b[^,;]{0,40}$|"
    r"n't\b[^,;]{0,40}$",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"^\W*(if|unless|next time|should you|when you come back)\b",
                          re.IGNORECASE)

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


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c.strip()]


def _affirmed(clause: str, match: re.Match[str]) -> bool:
    """The cue is asserted: not asked, negated, conditional or replaced."""
    if clause.rstrip().endswith("?") or _CONDITIONAL.search(clause):
        return False
    return not _NEGATION_BEFORE.search(clause[: match.start()])


def incident_type(segments: Sequence[RedactedSegment]) -> FieldValue:
    scores: dict[str, float] = {}
    cites: dict[str, list[int]] = {}
    for seg in segments:
        for name, rx, weight in _INCIDENT_RES:
            if rx.search(seg.text):
                scores[name] = scores.get(name, 0.0) + weight
                cites.setdefault(name, []).append(seg.id)
    if not scores:
        return FieldValue("[INSERT: incident type]")
    order = [t for t, _, _ in _INCIDENT_TYPES]
    best = max(scores, key=lambda t: (scores[t], -order.index(t)))
    return FieldValue(best, sorted(set(cites[best]))[:3])


def disposition(segments: Sequence[RedactedSegment]) -> FieldValue:
    """The strongest affirmed outcome: arrest > citation > warning > report only."""
    found: dict[str, list[int]] = {}
    for seg in segments:
        for clause in _clauses(seg.text):
            for name, rx in _DISPOSITION_RES:
                m = rx.search(clause)
                if m and _affirmed(clause, m):
                    found.setdefault(name, []).append(seg.id)
    for name in DISPOSITIONS[:-1]:
        if name in found:
            return FieldValue(name, sorted(set(found[name]))[:3])
    return FieldValue("none stated")


def injuries(segments: Sequence[RedactedSegment]) -> FieldValue:
    """"reported", "none reported" (explicitly denied) or "not stated"."""
    denied: list[int] = []
    reported: list[int] = []
    for seg in segments:
        for clause in _clauses(seg.text):
            m = _INJURY.search(clause)
            if not m or clause.rstrip().endswith("?"):
                continue
            if _NEGATION_BEFORE.search(clause[: m.start()]) or re.search(
                r"\b(no|not|n't)\b", clause[m.end():][:25], re.IGNORECASE
            ):
                denied.append(seg.id)
            else:
                reported.append(seg.id)
    if reported:
        return FieldValue("reported", sorted(set(reported))[:3])
    if denied:
        return FieldValue("none reported", sorted(set(denied))[:3])
    return FieldValue("not stated")


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
