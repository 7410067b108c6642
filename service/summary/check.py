"""Check that a generated statement says nothing its cited transcript segments do not.

A small model paraphrases loosely and sometimes invents, so every statement passes hard
checks (numbers, redaction placeholders, capitalised names, no questions, optionally no
first or second person), clause-level checks (each clause supported, negation kept, a
request, plan or condition not restated as a fact) and a support check (content words
found in the sources, or a close MiniLM paraphrase when most are). What fails is never
shown as a finding; the summarizer falls back to the speaker's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*?_\d+\]")
INSERT = re.compile(r"\[INSERT:[^\]]*\]")
_TOKEN = re.compile(r"\[[A-Z][A-Z_]*?_\d+\]|\[INSERT:[^\]]*\]|\d+|[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENT = re.compile(r"(?<=[.!?])\s+")
_CAPITALISED = re.compile(r"(?<![\w\[])[A-Z][A-Za-z'’]*")
_CLAUSE = re.compile(r"(?<=[.!?;:])\s+|,\s*|\s+(?:but|and|because|so|although|though)\s+")

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _wordset(
    """a an the and or but if then so of to in on at for with from by as into onto over
    under about after before during while than that this these those there here it its
    is are was were be been being am do does did done have has had having will would
    shall should can could may might must i me my mine we us our ours you your yours he
    him his she her hers they them their theirs who whom whose which what when where why
    how all any each every some such own same very just also too only up down out off
    again once more most other both few much many s t ll re ve d m o y oh okay ok yes
    yeah alright well um uh hmm hey please thank thanks sir ma'am maam mr mrs ms miss"""
)
# Words a neutral narrative adds around what was said; they need no support.
FRAME_WORDS = _wordset(
    """said say says stated state states told tell reported report asked ask explained
    advised indicated mentioned noted described added replied responded answered
    confirmed speaker speakers person persons people someone somebody individual
    recording recorded reply answer"""
)
# Clause openers skipped before looking for an imperative verb.
_VOCATIVES = _wordset(
    "okay ok alright so well now sir ma'am maam mr mrs ms miss officer please hey and then "
    "just right look listen"
)
_IMPERATIVE_VERBS = _wordset(
    "turn keep step slow call stay get put give show stop come go sit stand move leave take "
    "hand let open drop wait tell calm listen hold back face place remain return bring "
    "walk pull drive park"
)
# Words marking a request, plan or condition in what was said ...
_MODAL_SOURCE = _wordset(
    "will 'll would should must need needs please if unless gonna going shall can "
    "could may might i'll we'll you'll he'll she'll they'll it'll"
)
# ... and the statement words that keep it one (instead of reporting it as done).
_MODAL_STATEMENT = _wordset(
    "will would should must need needs needed going gonna if unless can could may might "
    "asked told instructed directed ordered requested advised warned planned intended "
    "to said stated"
)
NEGATIONS = _wordset("no not never nobody none nothing neither nor without cannot n't nowhere")
_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | {w: 10 * (i + 2) for i, w in enumerate(_TENS)}
_SCALES = {"hundred": 100, "thousand": 1000}

# Statements that talk about the task instead of the encounter (prompt echoes, refusals).
_META = re.compile(
    r"\b(transcript|line|sentence|instructions?|as an ai|language model|summar(y|ize))\b",
    re.IGNORECASE,
)


_FIRST_SECOND = re.compile(
    r"\b(i|i'm|i've|i'll|i'd|me|my|mine|myself|we|we're|we've|we'll|us|our|ours|you|"
    r"you're|you've|you'll|your|yours)\b",
    re.IGNORECASE,
)
_SAYING = (r"(?:said|says|stated|states|told|tells|reported|reports|asked|asks|explained|"
           r"advised|indicated|mentioned|noted|described|added|replied|responded|answered|"
           r"confirmed|agreed)")
# "The speaker <verb>" where the verb is not one of saying, or "the speaker said they
# <verb>": either way the speaker is made the one who did something.
_SPEAKER_ACTS = re.compile(
    rf"\bspeakers?\b(?!\s+(?:also\s+|then\s+|later\s+)?(?:{_SAYING}|was asked|were asked)\b)"
    rf"|\bspeakers?\s+(?:also\s+)?{_SAYING}\s+(?:that\s+)?(?:they|he|she)\b",
    re.IGNORECASE,
)
# ... which is only a restatement when the source clause has a first-person subject.
_FIRST_SUBJECT = re.compile(r"\b(i|i'm|i've|i'd|i'll|we|we're|we've|we'd|we'll)\b",
                            re.IGNORECASE)
_SECOND = re.compile(r"\b(you|you're|you've|you'll|your)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


_IRREGULAR_PAIRS = (
    "kept keep took take taken take threw throw thrown throw broke break broken break "
    "stole steal stolen steal ran run saw see seen see went go gone go came come gave give "
    "given give told tell said say left leave brought bring bought buy caught catch fought "
    "fight felt feel found find got get gotten get had have heard hear held hold knew know "
    "known know lost lose made make met meet paid pay sat sit sent send shot shoot spoke "
    "speak spoken speak stood stand thought think understood understand woke wake wore wear "
    "worn wear wrote write written write drove drive driven drive fell fall fallen fall "
    "began begin begun begin ate eat eaten eat hid hide hidden hide bit bite bitten bite "
    "struck strike flew fly flown fly led lead fled flee"
)
_IRREGULAR = dict(zip(_IRREGULAR_PAIRS.split()[::2], _IRREGULAR_PAIRS.split()[1::2],
                      strict=True))


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match smashed/smash, injuries/injured, took/take."""
    w = _norm(word)
    if w.endswith("n't"):
        return "not"
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    w = re.sub(r"'s$", "", w)
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", ""), ("ly", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: len(w) - len(suffix)] + repl
    return w


FRAME_STEMS = frozenset(stem(w) for w in FRAME_WORDS)


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    n = min(len(a), len(b))
    return n >= 5 and a[:5] == b[:5]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stop words, numbers or placeholders)."""
    out = []
    for tok in tokens(text):
        low = _norm(tok)
        if tok.startswith("[") or tok.isdigit() or low in STOPWORDS or low in NUMBER_WORDS:
            continue
        if low in NEGATIONS or low.endswith("n't") or len(low) < 2:
            continue
        out.append(stem(low))
    return out


def numbers(text: str) -> set[int]:
    """Every number in ``text``, digits or words ("fifty two" -> 52; "10:30" -> 10, 30)."""
    found: set[int] = set()
    run: list[str] = []

    def flush() -> None:
        if run:
            found.add(_words_to_int(run))
            # the parts too: "fifty two" may be cited as "52" or as "fifty" and "two"
            found.update(NUMBER_WORDS[w] for w in run if w in NUMBER_WORDS)
            run.clear()

    for tok in tokens(text):
        low = _norm(tok)
        if (low in NUMBER_WORDS and low != "one") or (run and low in _SCALES):
            # "one" alone is too often a pronoun ("no one", "the one") to check as a number
            run.append(low)
            continue
        flush()
        if tok.isdigit():
            found.add(int(tok))
    flush()
    return found


def _words_to_int(words: list[str]) -> int:
    total, current = 0, 0
    for w in words:
        if w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
        else:
            current += NUMBER_WORDS[w]
    return total + current


def is_negated(text: str) -> bool:
    return any(_norm(t) in NEGATIONS or _norm(t).endswith("n't") for t in tokens(text))


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.split(text) if c and c.strip()]


def negation_agrees(statement: str, sources: Sequence[str]) -> bool:
    """Each clause of the statement has the polarity of the source clause it restates.

    Clause level, because "No visible injuries, no arrest" turned into "Visible injuries,
    no arrest" is still negated as a whole.
    """
    return not any("negation" in r for r in clause_problems(statement, sources))


def _is_directive(clause: str) -> bool:
    """A request, plan or condition: "turn it off", "if it happens again", "I will write"."""
    words = [_norm(t) for t in tokens(clause) if not t.startswith("[")]
    while words and words[0] in _VOCATIVES:
        words = words[1:]
    if words and words[0] in _IMPERATIVE_VERBS:
        return True
    return any(w in _MODAL_SOURCE for w in words) or "going to" in " ".join(words)


def _keeps_modality(clause: str) -> bool:
    return any(_norm(t) in _MODAL_STATEMENT for t in tokens(clause))


def clause_problems(statement: str, sources: Sequence[str]) -> list[str]:
    """Clause by clause: unsupported content, flipped negation, a request made a fact.

    Each statement clause is matched to the source clause sharing most content words.
    """
    src_clauses = [c for src in sources for c in clauses(src)]
    problems: list[str] = []
    for clause in clauses(statement):
        stems = set(content_stems(clause)) - FRAME_STEMS
        if not stems:
            continue
        top = max((_overlap(stems, c) for c in src_clauses), default=0)
        if top * 2 < len(stems):
            problems.append("a clause has no support in the sources")
            continue
        best = [c for c in src_clauses if _overlap(stems, c) == top]
        if is_negated(clause) not in {is_negated(c) for c in best}:
            problems.append("negation differs from the source")
        if all(_is_directive(c) for c in best) and not _keeps_modality(clause):
            problems.append("states as fact what was a request, plan or condition")
        if _SPEAKER_ACTS.search(clause) and not any(
            _FIRST_SUBJECT.search(c) and not _SECOND.search(c) for c in best
        ):
            problems.append("makes the speaker the actor of what someone else did")
    return list(dict.fromkeys(problems))


def _overlap(stems: set[str], clause: str) -> int:
    other = set(content_stems(clause))
    return sum(1 for s in stems if any(_same(s, t) for t in other))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text.strip()) if s.strip()]


@dataclass
class Verdict:
    """Why a statement was accepted or rejected (kept for tests and the eval)."""

    supported: bool
    coverage: float = 0.0
    similarity: float = 0.0
    reasons: list[str] = field(default_factory=list)


Similarity = Callable[[str, Sequence[str]], float]


def embedding_similarity(statement: str, sources: Sequence[str]) -> float:
    """Best cosine similarity of the statement to any source sentence (MiniLM)."""
    from service.embeddings import embed

    cands = [s for src in sources for s in sentences(src)] + [" ".join(sources)]
    vecs = embed([statement, *cands])
    return float(np.max(vecs[1:] @ vecs[0])) if len(cands) else 0.0


def verify(
    statement: str,
    sources: Sequence[str],
    *,
    similarity: Similarity | None = embedding_similarity,
    third_person: bool = False,
    min_coverage: float = 0.8,
    paraphrase_coverage: float = 0.6,
    paraphrase_similarity: float = 0.7,
) -> Verdict:
    """Is every claim in ``statement`` backed by ``sources`` (the cited segments' text)?"""
    reasons: list[str] = []
    text = statement.strip()
    joined = " ".join(sources)
    if not text or not sources:
        return Verdict(False, reasons=["empty"])
    if text.endswith("?"):
        reasons.append("question")
    if third_person and _FIRST_SECOND.search(_QUOTED.sub(" ", text)):
        reasons.append("first or second person outside a quotation")
    if _META.search(text):
        reasons.append("talks about the task, not the encounter")
    if not set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(joined)):
        reasons.append("placeholder not in the sources")
    if not numbers(text) <= numbers(joined):
        reasons.append("number not in the sources")
    source_words = {_norm(t) for t in tokens(joined)}
    for m in _CAPITALISED.finditer(text):
        before = text[: m.start()].rstrip()
        starts_sentence = not before or before[-1] in ".!?:\"“"
        if not starts_sentence and m.group() != "I" and _norm(m.group()) not in source_words:
            reasons.append("name or place not in the sources")
            break
    stems = content_stems(text)
    claim = [s for s in stems if s not in FRAME_STEMS]
    if not claim:
        reasons.append("no content")
        return Verdict(False, reasons=reasons)
    src_stems = set(content_stems(joined))
    hits = sum(1 for s in claim if any(_same(s, t) for t in src_stems))
    coverage = hits / len(claim)
    reasons += clause_problems(text, sources)
    sim = 0.0
    if coverage < min_coverage:
        if coverage >= paraphrase_coverage and similarity is not None:
            sim = similarity(text, sources)
            if sim < paraphrase_similarity:
                reasons.append(f"weak paraphrase (coverage {coverage:.2f}, cosine {sim:.2f})")
        else:
            reasons.append(f"words not in the sources (coverage {coverage:.2f})")
    return Verdict(not reasons, coverage, sim, reasons)
