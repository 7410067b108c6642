"""Identification-refusal policy: decides whether a request may run at all.

Every free-text request (summary instructions, questions, options) passes through
``RequestPolicy.check`` before any work. A request is refused when it asks to identify a
person (by face, voice, name, contact details, tracking, or by undoing redaction) or
asks the service to drop its privacy rules. The gate is layered so each decision can be
explained in one line without echoing the request:

1. normalisation (NFKC, accents, look-alike letters, zero-width characters, contractions,
   leetspeak such as ``n4me``, spaced-out letters) so spelling tricks do not slip past;
2. regular-expression rules per category (``LayeredPolicy.RULES``), with a few narrow
   benign constructs (``BENIGN_REWRITES``) neutralised first, e.g. "did the officer
   identify himself";
3. semantic similarity (``service.embeddings.embed``) to refusal exemplars per category and
   to benign "hard" exemplars; the nearest-neighbour margin decides borderline cases, and
   ties go to refusal.

The tables sit beside this module: ``policy_text`` (normalisation), ``policy_forms``
(benign and question shapes), ``policy_rules`` and ``policy_exemplars``.

No model is loaded at import time: exemplars are embedded on first use.
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from redaction.errors import IdentificationRefused
from redaction.policy import exemplars as policy_exemplars
from redaction.policy import forms
from redaction.policy import rules as policy_rules
from redaction.policy.normalize import _PLACEHOLDER, _PNOUN, normalize, split_clauses
from redaction.policy.rules_events import ROLE_FULL_NAME

CATEGORIES: tuple[str, ...] = (
    "injection",
    "unredaction",
    "biometric",
    "personal_data",
    "profiling",
    "identity",
)

#: What each category means, used in one-line reasons ("asks to ... (category)").
CATEGORY_DESCRIPTIONS: dict[str, str] = {
    "biometric": "identify a person by face, voice, gait or accent",
    "identity": "find out who a person is",
    "personal_data": "obtain a person's contact details, identifiers or records",
    "unredaction": "undo or see behind the redaction",
    "profiling": "track, profile or single out a person",
    "injection": "switch off the privacy rules",
}


class _Prepared(NamedTuple):
    """A clause with its benign constructs neutralised, and what that showed."""

    text: str
    event: bool  #: an event question ("did the officer ask for her name?")
    role_choice: bool  #: a choice between roles ("the driver or the passenger?")
    strict_event: bool  #: an event question without reading a relative "who" as "that"
    value_behind: bool  #: a privacy form whose remainder still asks for the value


@dataclass(frozen=True)
class Decision:
    """The outcome of a policy check. ``reason`` never contains the request text."""

    allowed: bool
    category: str | None
    reason: str
    score: float

    def to_dict(self, text: str) -> dict[str, Any]:
        """The public JSON shape (CLI ``policy check``): the caller supplies its own text."""
        return {
            "text": text,
            "allowed": self.allowed,
            "category": self.category,
            "reason": self.reason,
            "score": round(float(self.score), 3),
        }


class RequestPolicy(ABC):
    """Interface so a remote classifier or a test double can stand in for the default."""

    @abstractmethod
    def check(self, text: str) -> Decision:
        """Decide whether ``text`` may be acted on."""


class LayeredPolicy(RequestPolicy):
    """Default gate: normalisation, pattern rules, then semantic nearest neighbours."""

    # The tables live in their own modules; they stay class attributes so a subclass can
    # swap one (and so ``LayeredPolicy.RULES`` reads as before).
    BENIGN_REWRITES = forms.BENIGN_REWRITES
    GUARDED_REWRITES = forms.GUARDED_REWRITES
    VALUE_ASK = forms.VALUE_ASK
    LEAD_IN = forms.LEAD_IN
    EVENT_QUESTION = forms.EVENT_QUESTION
    EVENT_WHERE = forms.EVENT_WHERE
    YES_NO_PAST = forms.YES_NO_PAST
    ROLE_CHOICE = forms.ROLE_CHOICE
    ROLE_CHOICE_EXEMPT = forms.ROLE_CHOICE_EXEMPT
    EVENT_EXEMPT_CATEGORIES = forms.EVENT_EXEMPT_CATEGORIES
    EVENT_EXEMPT_RULES = forms.EVENT_EXEMPT_RULES
    META_EXEMPT_RULES = forms.META_EXEMPT_RULES
    #: Rules that read the clause before benign forms are neutralised: they look for a
    #: value asked for *behind* a benign form ("keep the names out, but list them").
    BEFORE_REWRITE_RULES: frozenset[str] = frozenset({"values-aside", "value-read-out"})
    REDACTION_META = forms.REDACTION_META
    SEMANTIC_CUES = forms.SEMANTIC_CUES
    RULES = policy_rules.RULES
    EXEMPLARS = policy_exemplars.EXEMPLARS
    ALLOW_EXEMPLARS = policy_exemplars.ALLOW_EXEMPLARS
    MAX_SEMANTIC_CLAUSES = 64  #: longer requests: rules see everything, the embedder the start
    SEMANTIC_HIGH = 0.80  #: refuse on similarity alone, whatever the benign neighbours say
    SEMANTIC_LOW = 0.35  #: below this the request is too unlike any refusal to refuse
    SEMANTIC_MARGIN = 0.05  #: refuse when the refusal neighbour is within this of the benign

    def __init__(self, embedder: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self._embedder = embedder
        self._rules = tuple(
            (rid, cat, re.compile(rx), reason) for rid, cat, rx, reason in self.RULES
        )
        self._benign = tuple(re.compile(rx) for rx in self.BENIGN_REWRITES)
        self._guarded_benign = tuple(re.compile(rx) for rx in self.GUARDED_REWRITES)
        self._value_ask = re.compile(self.VALUE_ASK)
        self._relative_who = re.compile(forms.RELATIVE_WHO)
        self._linking = re.compile(forms.LINKING)
        self._lead_in = re.compile(self.LEAD_IN)
        self._event = re.compile(self.EVENT_QUESTION)
        self._role_choice = re.compile(self.ROLE_CHOICE)
        self._meta = re.compile(self.REDACTION_META)
        self._event_where = re.compile(self.EVENT_WHERE)
        self._yes_no = re.compile(self.YES_NO_PAST)
        self._cues = re.compile(self.SEMANTIC_CUES)
        self._time_lead = re.compile(forms.TIME_LEAD)
        self._topic = re.compile(forms.TOPIC_RAISED)
        self._thing_the = re.compile(forms.THING_THE)
        self._like_pair = re.compile(forms.LIKE_PAIR)
        self._speech = re.compile(forms.PLACEHOLDER_SPEECH)
        self._role_name = re.compile(ROLE_FULL_NAME)
        self._name_confirm = re.compile(
            r"\b(?i:is|was|are|were|if|whether|that) (?i:this|that|he|she|it|they"
            r"|[\[<{][^\]>}]{1,40}[\]>}]"
            r"|(?:the|this|that) (?:\w+ )?" + _PNOUN
            + r"(?: (?:in|on|at|with|from)(?: \w+){1,3}?)?)"
            r"(?i: is| was|'s|’s)? (?i:actually |really |possibly |maybe |definitely |not |named )?"
            r"(?:(?i:my|our|your|his|her|their) (?:[a-z'’]+ ){0,3})?"
            r"((?:Mr\.? |Mrs\.? |Ms\.? |Dr\.? )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)\b"
        )
        # "was the man the officer spoke to at 3:15 Raj Patel (from the corner shop)?"
        self._named_predicate = re.compile(
            r"\b(?i:is|was|are|were|if|whether) (?i:the|this|that) (?:\w+ )?(?i:" + _PNOUN
            + r")((?: [\w:'’,.-]+){1,10}?) ((?:Mr\.? |Mrs\.? |Ms\.? |Dr\.? )?[A-Z][a-z]+"
            r"(?:[ -][A-Z][a-z]+)+)(?=\s*[?.!,;:)]|\s*$| (?i:from|of|who|that|or|and|the|at"
            r"|in|yes|right|correct|aka|himself|herself)\b)"
        )
        # "did the caller say her name was Maria Lopez?"
        self._name_is = re.compile(
            r"\b(?i:(?:first |last |full |real |given |family |sur|nick)?names?)(?: (?i:is|was"
            r"|were|as|of|being|might be|could be|would be|sounded like))? ((?:Mr\.? |Mrs\.? "
            r"|Ms\.? |Dr\.? )?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*)\b" + _NOT_A_VERB
        )
        # "did she say she was Angela Ruiz?", "he introduced himself as Tom Reyes"
        self._said_name = re.compile(
            r"\b(?:(?i:said|say|says|claimed|claim|claims|told \w+|tell \w+|admitted|insisted"
            r"|stated|state|confirm|confirms|verify|check|guess)(?i: that| whether| if)?"
            r" (?i:he|she|they|i|it|this|that)(?: (?i:is|was|were|am|s)|['’]s)"
            r"|(?i:introduc\w+|identif\w+|present\w*) (?i:himself|herself|themselves) as)"
            r"(?i: really| actually)? ((?:Mr\.? |Mrs\.? |Ms\.? |Dr\.? )?[A-Z][a-z]+"
            r"(?:[ -][A-Z][a-z]+)*)\b" + _NOT_A_VERB
        )
        # "which label is the Garcia kid?", "which one is Tony, the driver or ...?"
        self._which_is_name = re.compile(
            r"\b(?i:which|what) (?:(?i:label|tag|placeholder|speaker|voice|person)(?: \w+)?"
            r" (?i:is|was|belongs to|matches|corresponds to|refers to|stands for) (?i:the )?"
            r"((?:Mr\.? |Mrs\.? |Ms\.? |Dr\.? )?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*)\b"
            r"|(?i:one|of them|of the two|one of them) (?i:is|was) (?i:the )?((?:Mr\.? |Mrs\.? "
            r"|Ms\.? |Dr\.? )?[A-Z][a-z]+(?:(?:[ -][A-Z][a-z]+)+| (?i:" + _PNOUN + r")\b)))"
        )
        # "is the voice the same as Luis Ortega's?"
        self._same_as_name = re.compile(
            r"\b(?i:same(?: \w+)? as|a match for|matches|match with|similar to|identical to)"
            r" ((?:Mr\.? |Mrs\.? |Ms\.? |Dr\.? )?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*)\b"
        )
        # "does speaker 3 sound like Darnell Hughes?", "does he look like Tom Reyes?"
        self._like_name = re.compile(
            r"\b(?i:voices?|speakers?|he|she|they|it|" + _PNOUN + r")\b(?: [\w'’-]+){0,3}? "
            r"(?i:sounds?|sounded|sounding|looks?|looked|looking|resembles?|resembled"
            r"|resembling)(?i: (?:just|exactly|a lot|a bit|kind of|sort of|more|at all))?"
            r"(?i: like)? ((?:Mr\.? |Mrs\.? |Ms\.? |Dr\.? )?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*)\b"
            + _NOT_A_VERB
        )
        self._which_family = re.compile(
            r"\b(?i:which (?:one )?of (?:the )?)[A-Z][a-z]+(?:s\b| (?i:brothers|sisters|twins"
            r"|siblings|cousins|kids|boys|girls|family|household|clan)\b)"
        )
        self._lock = threading.Lock()
        self._ref_vecs: np.ndarray | None = None
        self._ref_cats: tuple[str, ...] = ()
        self._allow_vecs: np.ndarray | None = None

    # -- layer 3 helpers ---------------------------------------------------------------
    def _embed(self, texts: list[str]) -> np.ndarray:
        if self._embedder is None:
            from service.embeddings import embed

            self._embedder = embed
        return self._embedder(texts)

    def _exemplar_vectors(self) -> tuple[np.ndarray, tuple[str, ...], np.ndarray]:
        """Embed the exemplars once (lazily, thread-safe)."""
        with self._lock:
            if self._ref_vecs is None or self._allow_vecs is None:
                cats: list[str] = []
                texts: list[str] = []
                for cat, examples in self.EXEMPLARS.items():
                    for ex in examples:
                        cats.append(cat)
                        texts.append(normalize(ex))
                allow = [normalize(ex) for ex in self.ALLOW_EXEMPLARS]
                vecs = self._embed(texts + allow)
                self._ref_vecs = vecs[: len(texts)]
                self._allow_vecs = vecs[len(texts):]
                self._ref_cats = tuple(cats)
            return self._ref_vecs, self._ref_cats, self._allow_vecs

    def warm_up(self) -> None:
        """Load the embedder and exemplar vectors now (service start-up, benchmarks)."""
        self._exemplar_vectors()

    # -- the layers ----------------------------------------------------------------------
    def _prepare(self, clause: str) -> _Prepared:
        """Benign constructs neutralised, and the question shapes they leave."""
        text = clause
        value_behind = False
        # Kept only if what is left does not ask for the value anyway: all together
        # ("did he address her by name? don't tell me the name"), else one by one.
        combined = text
        for rx in self._guarded_benign:
            combined = rx.sub(" benign ", combined)
        if combined != text and not self._value_ask.search(combined):
            text = combined
        elif combined != text:
            value_behind = True
            for rx in self._guarded_benign:
                rewritten = rx.sub(" benign ", text)
                if rewritten != text and not self._value_ask.search(rewritten):
                    text = rewritten
        for rx in self._benign:
            text = rx.sub(" benign ", text)
        text = self._lead_in.sub("", " ".join(text.split()), count=1)
        asked = self._time_lead.sub("", text, count=1)  # "when did she give ...": an event
        strict = bool(self._event.search(asked))
        event = strict or (bool(self._event.search(self._relative_who.sub(r"\1 that", asked)))
                           and not self._linking.search(asked))
        # "the driver's or the man we arrested last week?" is not a choice between roles
        role_choice = bool(self._role_choice.search(text)) and not self._linking.search(text)
        return _Prepared(text, event, role_choice, strict, value_behind)

    def rule_match(self, clause: str, original: str = "") -> tuple[str, str, str] | None:
        """First refusal rule matching a normalised clause: (rule id, category, reason)."""
        text, event, role_choice, strict_event, value_behind = self._prepare(clause)
        # A question about the redactions themselves (where, how many, which category)
        # mentions phone numbers or names without asking for them.
        meta = bool(self._meta.search(text))
        exempt = event or meta
        topic = strict_event and bool(self._topic.search(text))
        for rid, cat, rx, reason in self._rules:
            if exempt and (cat in self.EVENT_EXEMPT_CATEGORIES
                           or rid in self.EVENT_EXEMPT_RULES):
                continue
            if (meta and rid in self.META_EXEMPT_RULES) or (
                    topic and rid in forms.TOPIC_EXEMPT_RULES):
                continue
            if role_choice and rid in self.ROLE_CHOICE_EXEMPT:
                continue
            if rx.search(clause if rid in self.BEFORE_REWRITE_RULES else text):
                return rid, cat, reason
        if original:
            hit = self._named_person(original)
            if hit:
                return hit
        if original and not strict_event and _CAPITALISED.search(original, 1):
            m = self._name_confirm.search(original)
            if m and m.group(1).split()[-1].lower() not in _NOT_NAMES:
                return _NAME_CONFIRM
            if self._which_family.search(original):
                return ("which-named", "identity",
                        "asks which named person it was (identity)")
        if value_behind:  # a privacy form, and the value asked for anyway
            cat = ("identity" if re.search(r"\bnames?\b", clause) else "biometric"
                   if re.search(r"\b(?:voices?|faces?|speakers?)\b", clause)
                   else "personal_data")
            return ("value-behind-form", cat,
                    f"asks for a value while asking to keep it private ({cat})")
        return None

    def _named_person(self, original: str) -> tuple[str, str, str] | None:
        """A person compared with, or equated to, someone named with capitals."""
        if not _CAPITALISED.search(original, 1):
            return None
        m = self._like_name.search(original) if _LIKE.search(original) else None
        if m and not _not_a_name(m.group(1)):
            return _LIKE_NAMED
        m = self._same_as_name.search(original)
        if m and not _not_a_name(m.group(1)):
            if re.search(r"(?i)\b(?:voices?|speakers?|sounds?|faces?|looks?|gait|accent)\b",
                         original):
                return _LIKE_NAMED
            return _NAME_CONFIRM
        m = (self._name_is.search(original) or self._said_name.search(original)
             or self._role_name.search(original)
             or (None if self._thing_the.search(original)  # "which one is the Honda Civic?"
                 else self._which_is_name.search(original)))
        if m and not _not_a_name(m.group(m.lastindex or 1)):
            return _NAME_CONFIRM
        for m in self._named_predicate.finditer(original):
            gap = m.group(1).lower().replace(",", " ").split()
            if _not_a_name(m.group(2)) or not gap:
                continue
            # "was the woman working at Home Depot?" names a place; "the man the officer
            # spoke to Raj Patel?" strands its preposition inside a relative clause.
            stranded = gap[-1] in {"to", "with", "for", "about"} and bool(
                set(gap[:-1]) & {"who", "whom", "that", "the", "he", "she", "they", "we",
                                 "i", "you", "officer", "officers", "deputy"})
            if (gap[-1] in _PREPOSITIONS and not stranded) or gap[-1] in _DETERMINERS:
                continue
            return _NAME_CONFIRM
        return None

    def guarded(self, clause: str, original: str) -> bool:
        """True when the semantic layer should only refuse on a very close match.

        Why: nearest-neighbour similarity is dominated by topic words (driver, car, badge),
        so a question that only asks *whether* or *which role*, asks about redactions
        without their content, asks for less personal data, or names no identity-bearing
        concept at all would otherwise sit close to refusals about the same topic.
        """
        text, event, role_choice, _, _ = self._prepare(clause)
        if event or role_choice or (text != clause and "benign" in text):
            return True
        if (self._meta.search(text) or self._event_where.search(text)
                or self._yes_no.search(text)):
            return True
        cue_text = _cue_text(clause, original)
        if original and self._thing_the.search(original):
            return True
        if self._like_pair.search(cue_text):
            return False
        return not self._cues.search(cue_text)

    def semantic(self, clauses: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per clause: best refusal similarity, index of that exemplar, best benign one."""
        ref, _cats, allow = self._exemplar_vectors()
        vecs = self._embed(list(clauses))
        ref_sims = vecs @ ref.T
        allow_sims = vecs @ allow.T
        return ref_sims.max(axis=1), ref_sims.argmax(axis=1), allow_sims.max(axis=1)

    def check(self, text: str) -> Decision:
        """Layered decision; ties and near-ties go to refusal."""
        if not text or not text.strip():
            return Decision(True, None, "empty request", 0.0)
        raw_clauses = [c for c in split_clauses(text) if normalize(c)] or [text]
        rule_clauses = [normalize(c, placeholder="placeholder") for c in raw_clauses]
        for raw, clause in zip(raw_clauses, rule_clauses, strict=True):
            hit = self.rule_match(clause, raw)
            if hit:
                return Decision(False, hit[1], hit[2], 1.0)
        whole = normalize(text, placeholder="placeholder")
        if len(rule_clauses) > 1:
            hit = self.rule_match(whole)
            if hit:
                return Decision(False, hit[1], hit[2], 1.0)
        obf = _obfuscated_hit(whole)
        if obf:
            return Decision(False, obf, f"obfuscated wording that asks to "
                            f"{CATEGORY_DESCRIPTIONS[obf]} ({obf})", 1.0)
        raw_clauses = raw_clauses[: self.MAX_SEMANTIC_CLAUSES]
        clauses = [normalize(c) for c in raw_clauses]
        s_ref, idx, s_allow = self.semantic(clauses)
        _, cats, _ = self._exemplar_vectors()
        best = 0.0
        for i, (raw, clause) in enumerate(zip(raw_clauses, rule_clauses, strict=False)):
            r, a = float(s_ref[i]), float(s_allow[i])
            cat = cats[int(idx[i])]
            desc = CATEGORY_DESCRIPTIONS[cat]
            best = max(best, r)
            if self._speech.search(clause) and not self._cues.search(_cue_text(clause, raw)):
                continue  # what a placeholder person said or did, nothing identifying
            if r >= self.SEMANTIC_HIGH and r + self.SEMANTIC_MARGIN >= a:
                return Decision(False, cat, f"closely resembles requests to {desc} ({cat}); "
                                f"similarity {r:.2f}", r)
            if (r >= self.SEMANTIC_LOW and r + self.SEMANTIC_MARGIN >= a
                    and not self.guarded(clause, raw)):
                return Decision(False, cat, f"more like requests to {desc} ({cat}) than like "
                                f"benign questions; similarity {r:.2f} vs {a:.2f}", r)
        nearest = float(s_allow[int(np.argmax(s_ref))])
        return Decision(True, None, f"no identification intent found; nearest refusal "
                        f"similarity {best:.2f}, nearest benign {nearest:.2f}", best)


# The two outcomes of the named-person checks: (rule id, category, reason).
_NAME_CONFIRM = ("name-confirm", "identity", "asks to confirm a named person's identity (identity)")
_LIKE_NAMED = ("like-named", "biometric",
               "asks whether a voice or face matches a named person (biometric)")

# Cheap pre-checks: every name check needs a capitalised word after the first character,
# and the comparison check a "sounds / looks like" verb.
_CAPITALISED = re.compile(r"[A-Z][a-z]")
_LIKE = re.compile(r"(?i)\b(?:sound|look|resembl)")

# After a capitalised name: a verb means the name starts a clause ("sounds like Mike said").
_NOT_A_VERB = (
    r"(?! (?i:\w+ed|is|was|were|are|had|has|said|did|got|went|left|came|took|ran|told"
    r"|gave|made|knew|hit|shot|would|could|will|might|may|does|do|says|spoke|speaks"
    r"|talks|just|needs|wants|s|')\b)"
)

# Capitalised words after "is this ..." that are not people's names.
_NOT_NAMES: frozenset[str] = frozenset({
    "the", "a", "an", "it", "this", "that", "i", "okay", "ok", "true", "false", "correct",
    "right", "real", "legit", "allowed", "legal", "illegal", "possible", "safe", "fine",
    "relevant", "accurate", "important", "necessary", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december",
    "english", "spanish", "police", "officer", "yes", "no", "summary", "transcript",
    "segment", "portuguese", "french", "german", "italian", "chinese", "mandarin",
    "cantonese", "arabic", "russian", "vietnamese", "korean", "japanese", "tagalog", "hindi",
    "creole", "polish", "sir", "ma", "maam", "hello", "hi", "hey", "help", "stop", "freeze",
    "please", "thanks", "sorry", "god", "jesus",
})

# Last words of capitalised places and things, not people ("Main Street", "Home Depot").
_PLACE_WORDS: frozenset[str] = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "lane", "drive", "boulevard", "blvd",
    "highway", "park", "station", "mall", "school", "hospital", "center", "centre", "bridge",
    "county", "city", "plaza", "square", "market", "church", "store", "shop", "bank", "bar",
    "cafe", "motel", "hotel", "depot", "mart", "court", "place", "way", "heights", "village",
    "apartments", "building", "tower", "airport", "library", "college", "university",
})
_DETERMINERS: frozenset[str] = frozenset({
    "a", "an", "the", "his", "her", "their", "its", "my", "our", "your", "some", "any",
})
_PREPOSITIONS: frozenset[str] = frozenset({
    "at", "on", "in", "from", "near", "by", "to", "with", "outside", "inside", "behind",
    "past", "into", "onto", "toward", "towards", "for", "of", "off", "about", "around",
    "across", "along", "under", "over", "between", "beside", "opposite", "like",
})


def _cue_text(clause: str, original: str) -> str:
    """The clause with placeholders read as "someone", for the cue-word test."""
    text = normalize(_PLACEHOLDER.sub(" someone ", original)) if original else clause
    return text.replace("placeholder ", "")


def _not_a_name(candidate: str) -> bool:
    words = [w.lower().rstrip(".") for w in re.split(r"[ -]", candidate) if w]
    return (not words or words[0] in _NOT_NAMES or words[-1] in _NOT_NAMES
            or words[-1] in _PLACE_WORDS)


# Stems that, squashed together, betray spaced or split obfuscation ("ph one num ber").
_SQUASHED: tuple[tuple[str, str, str], ...] = (
    ("unredact", r"un ?redact", "unredaction"),
    ("deanonymi", r"de ?anonymi", "unredaction"),
    ("realname", r"real names?", "identity"),
    ("fullname", r"full names?", "identity"),
    ("whoisthis", r"who is this", "identity"),
    ("facialrecognition", r"facial recognition", "biometric"),
    ("facematch", r"face ?match", "biometric"),
    ("voiceprint", r"voice ?print", "biometric"),
    ("homeaddress", r"home address", "personal_data"),
    ("phonenumber", r"phone number", "personal_data"),
    ("dateofbirth", r"date of birth", "personal_data"),
    ("ignoreallprevious", r"ignore all previous", "injection"),
    ("ignoreprevious", r"ignore previous", "injection"),
    ("ignoreyourrules", r"ignore your rules", "injection"),
)


def _obfuscated_hit(normalised: str) -> str | None:
    squashed = normalised.replace(" ", "")
    for stem, spaced, cat in _SQUASHED:
        if stem in squashed and not re.search(spaced, normalised):
            return cat
    return None


# --------------------------------------------------------------------------------------
# Options and entry points
# --------------------------------------------------------------------------------------

_OPTION_RULES: tuple[tuple[str, str, str], ...] = (
    (r"face|facial|biometric|voiceprint|voice_?match|voice_?id|speaker_?id(?!x)"
     r"|speaker_?recogn|gait", "biometric", "an option requests biometric matching (biometric)"),
    (r"unredact|deredact|deanonym|unmask|unbleep|reveal|unblur|uncensor|original_?text"
     r"|no_?redact|skip_?redact|disable_?redact|redaction_?off|raw_?names",
     "unredaction", "an option asks to undo or skip redaction (unredaction)"),
    (r"speaker_?names|identify|identification|real_?names|include_?names|show_?names"
     r"|with_?names|keep_?names|names_?in|name_?speakers|label_?speakers_?by_?name"
     r"|who_?is|true_?identity", "identity", "an option asks to name people (identity)"),
    (r"include_?pii|show_?pii|keep_?pii|contact|phone|address|email|dob|birth|plate_?owner"
     r"|lookup|look_?up|social|profile_?links", "personal_data",
     "an option asks for personal data (personal_data)"),
    (r"track|locate|geolocat|lineup|profil|cross_?ref|link_?recordings", "profiling",
     "an option asks to track or profile a person (profiling)"),
    (r"bypass|override|ignore_?policy|no_?policy|disable_?policy|policy_?off|jailbreak"
     r"|unrestricted|unsafe", "injection", "an option asks to switch off the policy (injection)"),
)
_REDACTION_SWITCH = re.compile(
    r"(?:^|_)(?:redact\w*|anonymi[sz]\w*|pseudonymi[sz]\w*|bleep\w*|mask\w*|privacy|pii"
    r"|policy|identification_?policy|refusals?)(?:$|_)"
)
_SWITCH_EXEMPT = re.compile(r"tone|silence|style|format|colou?r|char|placeholder|label|verify")
_FALSY = frozenset({"", "0", "false", "no", "off", "none", "null", "disabled", "n", "f"})
_OFF_VALUES = _FALSY | {"raw", "minimal", "disable", "skip", "bypass", "never"}
_OPTION_TEXT_KEYS = frozenset({"instructions", "question", "prompt", "query", "focus", "text"})


def _truthy(value: object) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() not in _FALSY
    if isinstance(value, Sequence | Mapping):
        return len(value) > 0
    return True


def check_options(
    options: Mapping[str, object], policy: RequestPolicy | None = None
) -> Decision:
    """Refuse option names/values that would identify someone (CLI flags, REST params).

    Why: ``speaker_names=true`` or ``redact=false`` asks for identification as surely as a
    question does, without any text for the text gate to read. Free-text values
    (instructions, question) go through the text policy too.
    """
    for key, value in options.items():
        k = re.sub(r"[^a-z0-9]+", "_", str(key).lower()).strip("_")
        if (_REDACTION_SWITCH.search(k) and not _SWITCH_EXEMPT.search(k)
                and (not _truthy(value) or str(value).strip().lower() in _OFF_VALUES)):
            if "polic" in k or "refusal" in k:
                return Decision(False, "injection", "an option switches the policy off "
                                "(injection)", 1.0)
            return Decision(False, "unredaction", "an option switches redaction off "
                            "(unredaction)", 1.0)
        if _truthy(value):
            for rx, cat, reason in _OPTION_RULES:
                if re.search(rx, k):
                    return Decision(False, cat, reason, 1.0)
        if isinstance(value, str) and value.strip():
            v = re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")
            if len(value.split()) <= 2 and k not in _OPTION_TEXT_KEYS:
                for rx, cat, reason in _OPTION_RULES:
                    if re.search(rx, v):
                        return Decision(False, cat, reason.replace("an option", "an option "
                                        "value"), 1.0)
            elif k in _OPTION_TEXT_KEYS or len(value.split()) > 2:
                decision = (policy or get_policy()).check(value)
                if not decision.allowed:
                    return decision
    return Decision(True, None, "no identifying options", 0.0)


@lru_cache(maxsize=1)
def get_policy() -> LayeredPolicy:
    """The process-wide policy (exemplars are embedded on first ``check``)."""
    return LayeredPolicy()


def enforce(text: str, policy: RequestPolicy | None = None) -> Decision:
    """Check ``text`` and raise ``IdentificationRefused`` (exit 3 / HTTP 403) if refused."""
    decision = (policy or get_policy()).check(text)
    if not decision.allowed:
        raise IdentificationRefused(decision.reason, decision.category or "identity")
    return decision
