"""Typed readers for every evaluation set the harness scores.

Each reader takes a path and returns plain dataclasses, so suites never touch raw
JSON and a format change breaks here, loudly, in one place. ``DataLayout`` finds the
sets under a data root laid out like ``../shared/data`` (or the bundled ``eval/data``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUNDLED_DATA = Path(__file__).parent / "data"


class DatasetError(ValueError):
    """A data file is missing a required field or is not in the expected format."""


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path.name}:{lineno}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise DatasetError(f"{path.name}:{lineno}: expected a JSON object")
            yield lineno, row


def _require(row: dict[str, Any], key: str, where: str) -> Any:
    if key not in row:
        raise DatasetError(f"{where}: missing field '{key}'")
    return row[key]


# ---------------------------------------------------------------------------------------
# ASR manifest
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AsrItem:
    """One clip (or one channel of a stereo clip) with its human reference."""

    file: Path
    reference: str
    channel: str | None = None
    duration_s: float | None = None
    license: str = ""

    @property
    def key(self) -> str:
        """Unique name for reports: the file name plus the channel when one is picked."""
        return f"{self.file.name}:{self.channel}" if self.channel else self.file.name


def read_asr_manifest(path: Path) -> list[AsrItem]:
    """``{"file", "reference", "channel"?}`` per line; files resolve beside the manifest."""
    path = Path(path)
    items = []
    for lineno, row in _read_jsonl(path):
        where = f"{path.name}:{lineno}"
        channel = row.get("channel")
        if channel not in (None, "left", "right"):
            raise DatasetError(f"{where}: channel must be 'left' or 'right', not {channel!r}")
        duration = row.get("duration_s")
        items.append(
            AsrItem(
                file=(path.parent / str(_require(row, "file", where))).resolve(),
                reference=str(_require(row, "reference", where)),
                channel=channel,
                duration_s=float(duration) if duration is not None else None,
                license=str(row.get("license", "")),
            )
        )
    return items


# ---------------------------------------------------------------------------------------
# Body-cam scenarios
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PiiValue:
    """A gold PII value as spoken; it must be gone from every redacted output."""

    entity_type: str
    value: str


@dataclass(frozen=True)
class FactSpec:
    """What a good summary states; covered when any keyword occurs (case-insensitive)."""

    fact: str
    any: tuple[str, ...]


@dataclass(frozen=True)
class TimedLine:
    speaker: str
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Scenario:
    """A scripted body-cam encounter: audio plus its gold transcript, PII and facts."""

    id: str
    incident_type: str
    audio: Path
    duration_s: float
    lines: tuple[tuple[str, str], ...]
    timings: tuple[TimedLine, ...]
    reference_transcript: str
    pii: tuple[PiiValue, ...]
    facts: tuple[FactSpec, ...]
    reference_summary: str = ""

    @property
    def pii_pairs(self) -> list[tuple[str, str]]:
        return [(p.entity_type, p.value) for p in self.pii]


def read_scenario(path: Path) -> Scenario:
    """One ``<id>.json``; ``audio`` resolves beside it."""
    path = Path(path)
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path.name}: not JSON ({exc.msg})") from exc
    where = path.name
    lines = tuple((str(r), str(t)) for r, t in _require(d, "lines", where))
    reference = d.get("reference_transcript") or " ".join(t for _, t in lines)
    return Scenario(
        id=str(d.get("id", path.stem)),
        incident_type=str(d.get("incident_type", "")),
        audio=(path.parent / str(d.get("audio", f"{path.stem}.flac"))).resolve(),
        duration_s=float(d.get("duration_s", 0.0)),
        lines=lines,
        timings=tuple(
            TimedLine(str(t.get("speaker", "")), str(t.get("text", "")),
                      float(t["start"]), float(t["end"]))
            for t in d.get("timings", [])
        ),
        reference_transcript=str(reference),
        pii=tuple(PiiValue(str(e), str(v)) for e, v in _require(d, "pii", where)),
        facts=tuple(
            FactSpec(str(f.get("fact", "")), tuple(str(k) for k in f.get("any", [])))
            for f in _require(d, "facts", where)
        ),
        reference_summary=str(d.get("reference_summary", "")),
    )


def read_scenarios(folder: Path) -> list[Scenario]:
    """Every scenario JSON in ``folder`` (sorted by name); other JSON files are skipped."""
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            head = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path.name}: not JSON ({exc.msg})") from exc
        if isinstance(head, dict) and "lines" in head and "pii" in head:
            out.append(read_scenario(path))
    return out


# ---------------------------------------------------------------------------------------
# Requests (refusal policy)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestItem:
    """A user request; ``label`` is ``refuse`` when it asks to identify someone."""

    text: str
    label: str
    category: str | None = None

    @property
    def should_refuse(self) -> bool:
        return self.label == "refuse"


def read_requests(path: Path) -> list[RequestItem]:
    """``{"text", "label": "refuse"|"allow", "category"?}`` per line."""
    path = Path(path)
    out = []
    for lineno, row in _read_jsonl(path):
        where = f"{path.name}:{lineno}"
        label = str(_require(row, "label", where))
        if label not in ("refuse", "allow"):
            raise DatasetError(f"{where}: label must be 'refuse' or 'allow', not {label!r}")
        category = row.get("category")
        out.append(RequestItem(str(_require(row, "text", where)), label,
                               str(category) if category else None))
    return out


# ---------------------------------------------------------------------------------------
# Summarisation sets
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DialogSumItem:
    """A dialogue with one or more human summaries (dev has one, test has three)."""

    fname: str
    dialogue: str
    summaries: tuple[str, ...]
    topic: str = ""

    @property
    def summary(self) -> str:
        return self.summaries[0]


def read_dialogsum(path: Path) -> list[DialogSumItem]:
    path = Path(path)
    out = []
    for lineno, row in _read_jsonl(path):
        where = f"{path.name}:{lineno}"
        if "summary" in row:
            summaries: tuple[str, ...] = (str(row["summary"]),)
        else:
            summaries = tuple(str(row[k]) for k in sorted(row) if k.startswith("summary"))
        if not summaries:
            raise DatasetError(f"{where}: no summary field")
        topic = row.get("topic") or row.get("topic1") or ""
        out.append(DialogSumItem(str(_require(row, "fname", where)),
                                 str(_require(row, "dialogue", where)), summaries, str(topic)))
    return out


@dataclass(frozen=True)
class MeetingTurn:
    speaker: str
    content: str


@dataclass(frozen=True)
class QMSumMeeting:
    """A long meeting transcript with its general ("summarize the whole meeting") summary."""

    id: str
    turns: tuple[MeetingTurn, ...]
    general_summary: str
    queries: tuple[tuple[str, str], ...] = field(default=())

    @property
    def transcript(self) -> str:
        return "\n".join(f"{t.speaker}: {t.content}" for t in self.turns)


def read_qmsum(path: Path) -> QMSumMeeting:
    path = Path(path)
    d = json.loads(path.read_text(encoding="utf-8"))
    general = _require(d, "general_query_list", path.name)
    if not general:
        raise DatasetError(f"{path.name}: empty general_query_list")
    return QMSumMeeting(
        id=path.stem,
        turns=tuple(MeetingTurn(str(t.get("speaker", "")), str(t.get("content", "")))
                    for t in _require(d, "meeting_transcripts", path.name)),
        general_summary=str(general[0]["answer"]),
        queries=tuple((str(q["query"]), str(q["answer"]))
                      for q in d.get("specific_query_list", [])),
    )


def read_qmsum_dir(folder: Path) -> list[QMSumMeeting]:
    return [read_qmsum(p) for p in sorted(Path(folder).glob("*.json"))]


# ---------------------------------------------------------------------------------------
# PII detection sets
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PiiSpan:
    entity_type: str
    value: str
    start: int
    end: int  # exclusive


@dataclass(frozen=True)
class PresidioSample:
    full_text: str
    spans: tuple[PiiSpan, ...]
    template_id: int | None = None


def read_presidio_synth(path: Path) -> list[PresidioSample]:
    """presidio-research's synthetic set: ``[{full_text, spans: [...]}, ...]``."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise DatasetError(f"{path.name}: expected a JSON array")
    out = []
    for i, d in enumerate(data):
        text = str(_require(d, "full_text", f"{path.name}[{i}]"))
        spans = tuple(
            PiiSpan(str(s["entity_type"]), str(s.get("entity_value", "")),
                    int(s["start_position"]), int(s["end_position"]))
            for s in d.get("spans", [])
        )
        for s in spans:
            if not 0 <= s.start <= s.end <= len(text):
                raise DatasetError(f"{path.name}[{i}]: span {s.start}:{s.end} outside the text")
        out.append(PresidioSample(text, spans, d.get("template_id")))
    return out


@dataclass(frozen=True)
class ConllSentence:
    """Tokens with BIO tags (``B-person``, ``I-location``, ``O``)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    def token_offsets(self) -> list[tuple[int, int]]:
        """Character span of each token in :attr:`text` (tokens joined by one space)."""
        spans = []
        pos = 0
        for tok in self.tokens:
            spans.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        return spans

    def entity_of(self, index: int) -> str | None:
        """The entity type of token ``index`` (``person``), or None for ``O``."""
        tag = self.tags[index]
        return None if tag == "O" else tag.split("-", 1)[-1]


def read_conll(path: Path) -> list[ConllSentence]:
    """CoNLL ``token<TAB>tag`` lines, a blank line between sentences (WNUT-17)."""
    path = Path(path)
    sentences: list[ConllSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            line = raw.rstrip("\n")
            if not line.strip():
                if tokens:
                    sentences.append(ConllSentence(tuple(tokens), tuple(tags)))
                    tokens, tags = [], []
                continue
            parts = line.split("\t") if "\t" in line else line.rsplit(" ", 1)
            if len(parts) < 2:
                raise DatasetError(f"{path.name}:{lineno}: expected 'token<TAB>tag'")
            tag = parts[-1].strip()
            if tag != "O" and not tag.startswith(("B-", "I-")):
                raise DatasetError(f"{path.name}:{lineno}: not a BIO tag: {tag!r}")
            tokens.append(parts[0])
            tags.append(tag)
    if tokens:
        sentences.append(ConllSentence(tuple(tokens), tuple(tags)))
    return sentences


# ---------------------------------------------------------------------------------------
# Where the sets live under a data root
# ---------------------------------------------------------------------------------------


def _first(*candidates: Path) -> Path | None:
    return next((p for p in candidates if p.exists()), None)


@dataclass(frozen=True)
class DataLayout:
    """The evaluation sets found under ``root`` (None where a set is absent)."""

    root: Path
    asr_manifest: Path | None
    bodycam_dir: Path | None
    requests: tuple[Path, ...]
    dialogsum: Path | None
    qmsum_dir: Path | None
    presidio_synth: Path | None
    wnut: Path | None

    @classmethod
    def discover(cls, root: Path | None = None) -> DataLayout:
        root = Path(root or BUNDLED_DATA).resolve()
        if not root.is_dir():
            raise DatasetError(f"{root}: no such data folder")
        requests = sorted((root / "requests").glob("*.jsonl")) if (root / "requests").is_dir() \
            else []
        if (root / "requests.jsonl").exists():
            requests.append(root / "requests.jsonl")
        bodycam = root / "bodycam"
        qmsum = root / "qmsum"
        pii = root / "pii"
        return cls(
            root=root,
            asr_manifest=_first(root / "asr" / "manifest.jsonl"),
            bodycam_dir=bodycam if bodycam.is_dir() and any(bodycam.glob("*.json")) else None,
            requests=tuple(requests),
            dialogsum=next(iter(sorted((root / "dialogsum").glob("*.jsonl"))), None)
            if (root / "dialogsum").is_dir() else None,
            qmsum_dir=qmsum if qmsum.is_dir() and any(qmsum.glob("*.json")) else None,
            presidio_synth=next(iter(sorted(pii.glob("presidio*.json"))), None)
            if pii.is_dir() else None,
            wnut=next(iter(sorted(pii.glob("*.conll"))), None) if pii.is_dir() else None,
        )
