"""The claim check: is one narrative sentence backed by the transcript lines it cites?

Why per sentence and against its own citations: a draft is reviewed sentence by
sentence, and a sentence that is true of the recording but cites the wrong lines cannot
be checked by the officer either. Cheap checks run first and need no model: the
sentence cites lines that exist; every number, redaction label and proper noun in it
occurs in those lines; it is not a loop ("the left right side of the left right side")
or a runaway; it does not repeat an earlier sentence; no first or second person outside
quotes (report register). Then the model answers a constrained yes/no: "do these lines
support every part of the sentence?", with the numbered transcript as the cached
prefix. A sentence that fails any check is not put in the narrative.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from redaction.types import RedactedSegment
from service.llm.base import ChatModel, LLMError
from service.summary import prompt
from service.summary.check import INSERT, PLACEHOLDER, numbers, tokens

log = logging.getLogger("bodycam.summary.claims")

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-zÀ-ÿ]+)*|\d+")
_CAPITALISED = re.compile(r"(?<![\w\[])[A-ZÀ-Þ][\wÀ-ÿ'’]*")
_SPEAKER_LABEL = re.compile(r"\b[A-Z]{2,}_\d+\b(?!\])")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_FIRST_SECOND = re.compile(r"\b(I|I'm|I've|I'll|me|my|we|we're|us|our|you|you're|your)\b")
# Report words that may be capitalised mid-sentence without appearing in the lines.
_REPORT_WORDS = frozenset((
    "officer", "officers", "dispatch", "dispatcher", "speaker", "caller", "driver", "unit",
    "sergeant", "deputy", "insert", "am", "pm",
))


@dataclass
class ClaimVerdict:
    """Why a sentence was accepted or rejected (kept in result.json facts)."""

    supported: bool
    reasons: list[str] = field(default_factory=list)
    model_checked: bool = False


@dataclass(frozen=True)
class CheckOptions:
    max_words: int = 60  # a longer "sentence" is a runaway
    max_repeats: int = 2  # the same 3-word run more often than this is a loop
    duplicate_overlap: float = 0.8  # word overlap with an earlier sentence


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def degeneration(text: str, options: CheckOptions | None = None) -> str | None:
    """A loop or runaway: repeated word runs, too many words. None when the text is fine."""
    options = options or CheckOptions()
    words = _words(INSERT.sub(" ", text))
    if len(words) > options.max_words:
        return f"runaway sentence ({len(words)} words)"
    for n in (3, 4, 5):
        counts: dict[tuple[str, ...], int] = {}
        for i in range(len(words) - n + 1):
            gram = tuple(words[i:i + n])
            counts[gram] = counts.get(gram, 0) + 1
            limit = options.max_repeats if n == 3 else 1
            if counts[gram] > limit:
                return "repeats itself (a loop of the same words)"
    return None


def duplicates(text: str, earlier: Sequence[str], overlap: float) -> bool:
    mine = set(_words(text))
    for other in earlier:
        theirs = set(_words(other))
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= overlap:
            return True
    return False


def hard_problems(
    sentence: str,
    cited: Sequence[RedactedSegment],
    earlier: Sequence[str] = (),
    options: CheckOptions | None = None,
) -> list[str]:
    """Every reason the sentence fails the model-free checks (empty: it passes them)."""
    options = options or CheckOptions()
    problems: list[str] = []
    text = sentence.strip()
    if not text:
        return ["empty sentence"]
    if not cited:
        return ["cites no transcript line"]
    if (loop := degeneration(text, options)) is not None:
        problems.append(loop)
    if duplicates(text, earlier, options.duplicate_overlap):
        problems.append("repeats an earlier sentence")
    body = INSERT.sub(" ", text)  # an [INSERT: …] gap is a request to the officer, not a claim
    speakers = {s.speaker for s in cited if s.speaker}
    for label in set(_SPEAKER_LABEL.findall(body)):
        if label not in speakers:
            problems.append(f"a speaker label ({label}) that the cited lines do not have")
        body = body.replace(label, "the speaker")
    source = " ".join(s.text for s in cited)
    if not set(PLACEHOLDER.findall(body)) <= set(PLACEHOLDER.findall(source)):
        problems.append("a redaction label that the cited lines do not have")
    if not numbers(body) <= numbers(source):
        problems.append("a number that the cited lines do not have")
    known = {w.lower() for w in tokens(source)} | {
        w.lower() for s in cited if s.speaker for w in re.split(r"[_\W]+", s.speaker) if w
    } | _REPORT_WORDS
    for m in _CAPITALISED.finditer(PLACEHOLDER.sub(" ", body)):
        before = body[: m.start()].rstrip()
        if not before or before[-1] in ".!?:;\"“(-•":
            continue  # a sentence or quotation starts here
        word = m.group().lower().rstrip("'’s")
        if m.group() != "I" and word not in known and m.group().lower() not in known:
            problems.append(f"a name or place ('{m.group()}') that the cited lines do not have")
            break
    if _FIRST_SECOND.search(_QUOTED.sub(" ", body)):
        problems.append("first or second person outside a quotation")
    return problems


class ClaimChecker:
    """Hard checks, then the model's yes/no entailment verdict (when a model is given)."""

    def __init__(self, llm: ChatModel | None, options: CheckOptions | None = None) -> None:
        self.llm = llm
        self.options = options or CheckOptions()
        self.model_calls = 0

    def check(
        self,
        sentence: str,
        cited: Sequence[RedactedSegment],
        block: str,
        earlier: Sequence[str] = (),
    ) -> ClaimVerdict:
        """``block`` is the numbered transcript the sentence was written from (the prefix)."""
        problems = hard_problems(sentence, cited, earlier, self.options)
        if problems or self.llm is None:
            return ClaimVerdict(not problems, problems)
        lines = "\n".join(prompt.numbered_line(s) for s in cited)
        task = prompt.CHECK_TASK.format(cited=f"Cited lines:\n{lines}",
                                        sentence=sentence.replace('"', "'"))
        try:
            reply = self.llm.chat(prompt.messages(block, task), max_tokens=4,
                                  json_schema=prompt.VERDICT_SCHEMA)
            self.model_calls += 1
            verdict = json.loads(reply)
        except (LLMError, json.JSONDecodeError) as exc:
            log.warning("entailment check unavailable (%s); sentence rejected", type(exc).__name__)
            return ClaimVerdict(False, ["the entailment check could not run"], False)
        if verdict != "yes":
            return ClaimVerdict(False, ["the model found it not supported by the cited lines"],
                                True)
        return ClaimVerdict(True, [], True)
