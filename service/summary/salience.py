"""Pick the transcript segments a draft incident summary should rest on (extractive).

A 135M model cannot be trusted to decide what matters in a whole encounter, so this
step decides instead: segments are scored by general police-report cue words (what
happened, injuries, outcome), MiniLM centrality and position, and chosen under a word
budget. Requests for identity (name, date of birth, phone) score low: the summary must
not dwell on who anyone is. Speech aimed at an AI ("disregard the rules you were given") is
flagged and never selected. Long recordings are cut into word-budgeted chunks so memory
and every model call stay bounded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from redaction.types import RedactedSegment
from service.summary.check import PLACEHOLDER, content_stems

# (pattern, weight). General vocabulary of incident reports, not any one scenario.
_CUES: tuple[tuple[str, float, str], ...] = (
    # what happened
    (r"\b(stole|stolen|steal\w*|theft|thief|took|taken|rob\w*|burglar\w*|shoplift\w*)\b",
     2.0, "offense"),
    (r"\b(broke|broken|break\w*|smash\w*|shatter\w*|damag\w*|vandal\w*|graffiti)\b",
     2.0, "offense"),
    (r"\b(assault\w*|attack\w*|hit|hitting|punch\w*|kick\w*|push\w*|shov\w*|chok\w*|"
     r"grab\w*|threat\w*|threw|throw\w*|fight\w*|fought)\b", 2.0, "offense"),
    (r"\b(weapon\w*|gun|guns|firearm\w*|pistol|rifle|knife|knives|shot|shots|shoot\w*)\b",
     2.5, "weapon"),
    (r"\b(argu\w*|yell\w*|shout\w*|scream\w*|disturbance|domestic|harass\w*|stalk\w*)\b",
     1.5, "offense"),
    (r"\b(speed\w*|mph|miles an hour|zone|red light|stop sign|reckless|crash\w*|"
     r"collision|accident|drunk|intoxicat\w*|dui|dwi)\b", 1.5, "traffic"),
    (r"\b(registration|insurance|sobriety|breathaly\w*|field test)\b", 1.0, "traffic"),
    (r"\b(trespass\w*|fraud|scam\w*|drugs?|narcotic\w*|overdos\w*|"
     r"missing|suspicious|noise|loud|music|complain\w*|alarm|fire)\b",
     1.5, "offense"),
    (r"\b(call(ed)?|report(ed)?|dispatch\w*) (about|because|for|that)\b", 1.0, "reason"),
    # who/what was seen (no identities: clothing, direction, objects, amounts)
    (r"\b(jacket|shirt|hoodie|hat|cap|wearing|mask\w*|tattoo\w*|ran|running|fled|"
     r"toward|towards)\b", 1.5, "description"),
    (r"(\$\s?\d|\bdollars?\b|\bcents?\b|\bworth\b|\bvalue\b|\bmerchandise\b|"
     r"\brecovered\b|\bgot everything back\b)", 1.5, "property"),
    (r"\b(car|vehicle|truck|bike|bicycle|wallet|purse|phone|laptop|bag|window|door|"
     r"house|apartment|store)\b", 0.5, "object"),
    # injuries / medical
    (r"\b(hurt|injur\w*|bleed\w*|blood|wound\w*|pain|ambulance|paramedic\w*|ems|"
     r"hospital|medical|medication\w*|unconscious|health\w*|alert)\b", 2.0, "injury"),
    # outcome
    (r"\b(arrest\w*|custody|handcuff\w*|booked|jail)\b", 2.5, "outcome"),
    (r"\b(citation\w*|cite|cited|ticket\w*|summons|court|warning\w*|warned)\b",
     2.5, "outcome"),
    (r"\b(write (this|it) up|take a report|file a report|case number|report number|"
     r"released|transport\w*|tow|towed|towing|impound\w*|separate\w*|notified|notify|"
     r"no further action|leave the premises|stay (at|with))\b", 1.5, "outcome"),
    (r"\b(fine|okay|safe|cooperative|calm)\b", 0.5, "state"),
)
_CUE_RES = tuple((re.compile(p, re.IGNORECASE), w, k) for p, w, k in _CUES)

# Asking for or giving identity details: the summary must not be about who anyone is.
_IDENTITY = re.compile(
    r"\b(your name|my name|full name|date of birth|birthday is|born on|phone number|"
    r"email|e-mail|address|license number|plate|"
    r"identification|id on you|social security|spell (it|that))\b",
    re.IGNORECASE,
)
_PLEASANTRY = re.compile(
    r"^\W*(thank(s| you)|hello|hi|good (morning|afternoon|evening|night)|okay|ok|"
    r"alright|all right|yes|yeah|no|sure|understood|i understand|sorry)\W*$",
    re.IGNORECASE,
)
# Speech addressed to an AI system inside the recording (prompt injection).
INJECTION = re.compile(
    r"(\b(ignore|disregard|forget|override)\b[^.?!]{0,40}\b(instructions?|rules|prompt|"
    r"guidelines|programming)\b)|\bsystem prompt\b|\byou are now\b|"
    r"(\b(ai|a\.i\.|artificial intelligence|language model|chatbot|chat ?gpt|llm|"
    r"summari[sz]er|summari[sz]ing)\b[^.?!]{0,80}\b(write|list|include|output|say|reveal|"
    r"print|name)\b)",
    re.IGNORECASE,
)


@dataclass
class ScoredSegment:
    """One segment with its salience and what drove it."""

    segment: RedactedSegment
    score: float
    cues: list[str] = field(default_factory=list)
    injection: bool = False
    question: bool = False
    words: int = 0


def cue_score(text: str) -> tuple[float, list[str]]:
    kinds: list[str] = []
    total = 0.0
    for rx, weight, kind in _CUE_RES:
        if rx.search(text):
            total += weight
            kinds.append(kind)
    return min(total, 6.0), kinds


def is_question(text: str) -> bool:
    parts = [p for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p]
    return bool(parts) and all(p.rstrip().endswith("?") for p in parts if len(p.split()) > 1)


def score_segments(
    segments: Sequence[RedactedSegment],
    embeddings: np.ndarray | None = None,
    query: np.ndarray | None = None,
) -> list[ScoredSegment]:
    """Score every segment; ``query`` (a reviewer's instructions, embedded) boosts matches."""
    n = len(segments)
    if embeddings is not None and n > 1:
        sims = embeddings @ embeddings.T
        centrality = (sims.sum(axis=1) - 1.0) / (n - 1)
    else:
        centrality = np.zeros(n, dtype=np.float32)
    out: list[ScoredSegment] = []
    for i, seg in enumerate(segments):
        text = seg.text.strip()
        cues, kinds = cue_score(text)
        stems = content_stems(PLACEHOLDER.sub(" ", text))
        score = cues + 1.5 * float(centrality[i]) + 0.6 * min(len(stems), 10) / 10
        if i == 0:
            score += 0.5
        if i >= n - 2:
            score += 0.5
        if query is not None and embeddings is not None:
            score += 3.0 * max(0.0, float(embeddings[i] @ query))
        if _IDENTITY.search(text):
            score -= 2.5
        if not stems or _PLEASANTRY.match(text):
            score -= 3.0
        elif len(stems) < 2 and not kinds:
            score -= 1.5
        question = is_question(text)
        if question:
            score *= 0.5
        injection = bool(INJECTION.search(text))
        out.append(ScoredSegment(seg, score, kinds, injection, question, len(text.split())))
    return out


def select(
    scored: Sequence[ScoredSegment],
    word_budget: int,
    *,
    must: Sequence[int] = (),
    embeddings: np.ndarray | None = None,
    min_score: float = 0.5,
    redundancy: float = 0.9,
) -> list[ScoredSegment]:
    """Highest-scoring segments whose renderings fit ``word_budget``, in spoken order.

    Segments in ``must`` (those grounding the incident type, outcome, injuries) go first.
    A segment nearly identical to one already chosen (cosine > ``redundancy``) is skipped.
    """
    index = {s.segment.id: i for i, s in enumerate(scored)}
    order = [index[m] for m in must if m in index]
    rest = sorted(range(len(scored)), key=lambda i: -scored[i].score)
    chosen: list[int] = []
    used = 0
    for i in [*order, *rest]:
        cand = scored[i]
        if i in chosen or cand.injection:
            continue
        if i not in order and cand.score < min_score:
            continue
        cost = estimated_words(cand)
        if used + cost > word_budget and chosen:
            continue
        if (embeddings is not None and chosen
                and float(np.max(embeddings[chosen] @ embeddings[i])) > redundancy):
            continue
        chosen.append(i)
        used += cost
    return [scored[i] for i in sorted(chosen)]


def estimated_words(s: ScoredSegment) -> int:
    """Rough length of the rendered sentence: condensed text is shorter than speech."""
    return min(s.words, 30) + 3


def word_budget(duration_s: float, n_words: int) -> int:
    """Narrative length: up to 120 words for about a minute, growing slowly with length."""
    minutes = max(duration_s / 60.0, n_words / 150.0)
    if minutes <= 1.5:
        # a short exchange gets a short summary: at most nine tenths of what was said
        return int(min(120, max(40, 0.9 * n_words)))
    return int(min(600, 120 * (minutes / 1.5) ** 0.5))


def chunk(segments: Sequence[RedactedSegment], max_words: int) -> list[list[RedactedSegment]]:
    """Consecutive segments grouped into chunks of at most ``max_words`` words."""
    chunks: list[list[RedactedSegment]] = []
    current: list[RedactedSegment] = []
    count = 0
    for seg in segments:
        n = len(seg.text.split())
        if current and count + n > max_words:
            chunks.append(current)
            current, count = [], 0
        current.append(seg)
        count += n
    if current:
        chunks.append(current)
    return chunks
