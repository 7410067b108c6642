"""Answer a question about one recording from its *redacted* transcript, with citations.

Shared by ``bodycam ask`` and the REST ``/questions`` route. Only the redacted segments
in ``result.json`` are read (never ``transcript.raw.json``). The same engine and the
same prompt prefix as the narrative answer it as cited JSON (a transcript too long for
one prompt is cut to the segments most similar to the question), and the answer passes
the same claim check against the lines it cites. When no model is available, or its
answer fails the check, the answer is the most relevant speaker's own words; when
nothing relevant was said it is exactly ``NOT_STATED``. Callers run the identification
policy on the question first.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from redaction.types import RedactedSegment
from service.errors import BadRequestError, NotFoundError
from service.llm.base import ChatModel, LLMError
from service.summary import prompt
from service.summary.check import content_stems
from service.summary.claims import ClaimChecker
from service.summary.extractive import render_extractive
from service.summary.output_redaction import TextRedactor, redact_text
from service.summary.salience import is_question

log = logging.getLogger("bodycam.summary.ask")

NOT_STATED = "Not stated in the recording."
MAX_PROMPT_WORDS = 900  # beyond this, only the retrieved segments go into the prompt
_QUESTION_WORDS = frozenset((
    "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "happen",
    "anyone", "anyth", "someone", "someth", "was", "were", "did", "does", "do", "is",
    "are", "any", "there", "tell",
))


@dataclass
class Citation:
    segment_id: int
    start: float


@dataclass
class Answer:
    question: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    supported: bool = False
    method: str = "none"  # "llm" | "extractive" | "none"

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer,
                "citations": [asdict(c) for c in self.citations],
                "supported": self.supported, "method": self.method}


def load_result(result_dir: Path) -> dict[str, Any]:
    """``RESULT_DIR/result.json`` (a path to the file itself is accepted too)."""
    path = result_dir if result_dir.name == "result.json" else result_dir / "result.json"
    if not result_dir.exists():
        raise NotFoundError(f"{result_dir.name}: no such result folder")
    if not path.is_file():
        raise NotFoundError(f"{result_dir.name}: no result.json in this folder")
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequestError(
            f"{path.name}: not a readable result ({type(exc).__name__})"
        ) from None
    segments_from_result(result)  # validates the shape
    return result


def segments_from_result(result: dict[str, Any]) -> list[RedactedSegment]:
    try:
        raw = result["redacted_transcript"]["segments"]
        return [RedactedSegment(int(s["id"]), float(s["start"]), float(s["end"]),
                                str(s["text"]), s.get("speaker") or None) for s in raw]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadRequestError(
            f"result.json has no usable redacted transcript ({type(exc).__name__})"
        ) from None


def _keywords(text: str) -> set[str]:
    return {s for s in content_stems(text) if s not in _QUESTION_WORDS}


def retrieve(
    question: str, segments: list[RedactedSegment], k: int = 3, min_score: float = 0.3
) -> list[tuple[RedactedSegment, float]]:
    """The ``k`` segments most relevant to the question, best first, above ``min_score``."""
    from service.embeddings import embed

    usable = [s for s in segments if s.text.strip()]
    if not usable:
        return []
    vecs = embed([question, *[s.text for s in usable]])
    sims = vecs[1:] @ vecs[0]
    keys = _keywords(question)
    score: dict[int, float] = {}
    for pos, (seg, sim) in enumerate(zip(usable, sims, strict=True)):
        shared = len(keys & set(content_stems(seg.text)))
        value = float(sim) + 0.12 * min(shared, 3)
        if is_question(seg.text):
            # A question asked on camera is not an answer; the reply that follows may be.
            value *= 0.8
            if pos + 1 < len(usable):
                score[pos + 1] = max(score.get(pos + 1, 0.0), value * 0.95)
        score[pos] = max(score.get(pos, 0.0), value)
    ranked = sorted(score, key=lambda p: -score[p])
    return [(usable[p], score[p]) for p in ranked[:k] if score[p] >= min_score]


def _cite(segments: list[RedactedSegment]) -> list[Citation]:
    return [Citation(s.id, round(s.start, 3)) for s in sorted(segments, key=lambda s: s.start)]


def answer_question(
    result: dict[str, Any],
    question: str,
    summarizer: Any = None,
    *,
    redact: bool = True,
    redactor: TextRedactor | None = None,
) -> dict[str, Any]:
    """``{"question", "answer", "citations": [{"segment_id", "start"}], "supported"}``.

    The caller has already passed ``question`` through the identification policy.
    ``summarizer`` lends its model (``summarizer.llm``); None means extractive only.
    """
    question = question.strip()
    if not question:
        raise BadRequestError("the question is empty")
    segments = [s for s in segments_from_result(result) if s.text.strip()]
    if not segments:
        return Answer(question, NOT_STATED).to_dict()
    llm: ChatModel | None = getattr(summarizer, "llm", None)
    answer = _llm_answer(question, segments, llm) if llm is not None else None
    if answer is None:
        answer = _extractive_answer(question, segments)
    if redact and answer.method != "none":
        if redactor is None:
            from redaction.pii.redactor import get_redactor

            redactor = get_redactor()
        answer.answer, _ = redact_text(redactor, answer.answer)
    return answer.to_dict()


def _llm_answer(question: str, segments: list[RedactedSegment],
                llm: ChatModel) -> Answer | None:
    """A checked model answer, ``NOT_STATED``, or None to fall back to quotation."""
    if sum(len(s.text.split()) for s in segments) > MAX_PROMPT_WORDS:
        hits = retrieve(question, segments, k=8, min_score=0.0)
        shown = sorted((s for s, _ in hits), key=lambda s: s.start)
    else:
        shown = segments
    block = prompt.transcript_block(shown)
    task = prompt.ASK_TASK.format(question=question.replace('"', "'"))
    try:
        data = json.loads(llm.chat(prompt.messages(block, task), max_tokens=120,
                                   json_schema=prompt.ANSWER_SCHEMA))
    except (LLMError, json.JSONDecodeError) as exc:
        log.warning("model answer unavailable (%s); quoting instead", type(exc).__name__)
        return None
    text = str(data.get("answer", "")).strip()
    by_id = {s.id: s for s in shown}
    cited = [by_id[int(i)] for i in dict.fromkeys(data.get("lines", [])) if int(i) in by_id]
    if not text or NOT_STATED.lower().rstrip(".") in text.lower():
        return Answer(question, NOT_STATED, [], True, "llm")
    verdict = ClaimChecker(llm).check(text, cited, block)
    if not verdict.supported:
        log.info("model answer failed the claim check: %s", "; ".join(verdict.reasons))
        return None
    return Answer(question, text, _cite(cited), True, "llm")


def _extractive_answer(question: str, segments: list[RedactedSegment]) -> Answer:
    hits = [(s, sc) for s, sc in retrieve(question, segments) if not is_question(s.text)]
    if not hits or hits[0][1] < 0.45:
        return Answer(question, NOT_STATED)
    best = hits[0][0]
    text = render_extractive(best) or best.text.strip()
    return Answer(question, text, _cite([best]), True, "extractive")


def format_answer(answer: dict[str, Any]) -> str:
    """Answer text followed by ``[mm:ss]`` citations, for the terminal."""
    from service.outputs import timestamp

    cites = " ".join(f"[{timestamp(c['start'])}]" for c in answer["citations"])
    return f"{answer['answer']} {cites}".rstrip()
