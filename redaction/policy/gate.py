"""The identification-refusal gate: deny rules, allow-list, classifier, then the LLM judge.

Why layered: the cheap layers decide what is clear (a rule for crisp violations, the
allow-list for the product's everyday work, the classifier where it is confident) and
only the rest pays for an LLM call. What the classifier is unsure of, and any request
that is not English, goes to the judge. Without a judge (no model, engine down) those
requests are refused and the reason says so: the gate fails closed.

Every layer reads the same normalised text; a request is split into clauses so one bad
ask cannot hide inside a long benign one. Reasons name the category and the deciding
layer, never the request. Engines (the embedder inside the classifier, the judge's chat
model) are passed in by the application's composition root.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from redaction.errors import IdentificationRefused
from redaction.policy.base import Decision, RequestPolicy, allowance, refusal
from redaction.policy.classifier import RequestClassifier, Score
from redaction.policy.judge import PolicyJudge
from redaction.policy.normalize import normalize, split_clauses
from redaction.policy.rules import ALLOW_INTENTS, DENY_RULES, Rule

logger = logging.getLogger("bodycam.policy")


@dataclass(frozen=True)
class GateOptions:
    """Limits of the gate (how much of a long request the models read)."""

    max_clauses: int = 32  #: rules read everything; the models the first clauses
    memo: int = 256  #: recent decisions kept (the CLI and the pipeline check the same text)


class PolicyGate(RequestPolicy):
    """The default ``RequestPolicy``: see the module docstring for the layers."""

    def __init__(self, classifier: RequestClassifier | None, judge: PolicyJudge | None = None,
                 *, rules: Sequence[Rule] = DENY_RULES,
                 intents: Sequence[Rule] = ALLOW_INTENTS,
                 options: GateOptions | None = None) -> None:
        self.classifier = classifier
        self.judge = judge
        self.rules = tuple(rules)
        self.intents = tuple(intents)
        self.options = options or GateOptions()
        self._memo: OrderedDict[str, Decision] = OrderedDict()
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the embedder (and the judge's prefix) before the first real request."""
        if self.classifier is not None:
            self.classifier.score(["warm up"])

    def check(self, text: str) -> Decision:
        """Decide (deterministic, so a recent identical request reuses its decision)."""
        with self._lock:
            if text in self._memo:
                self._memo.move_to_end(text)
                return self._memo[text]
        decision = self._decide(text)
        with self._lock:
            self._memo[text] = decision
            while len(self._memo) > self.options.memo:
                self._memo.popitem(last=False)
        return decision

    def _decide(self, text: str) -> Decision:
        """The layers in order; uncertain without a judge, or a judge that fails, is refused."""
        if not text or not text.strip():
            return allowance("empty", 0.0, "empty request")
        clauses = [n for n in (normalize(c, placeholder="placeholder")
                               for c in split_clauses(text)) if n]
        whole = normalize(text, placeholder="placeholder")
        for clause in (*clauses, whole):
            for rule in self.rules:
                if rule.search(clause):
                    return refusal(rule.category, "rule", 1.0, f"rule {rule.id}")
        if clauses and all(any(i.fullmatch(c) for i in self.intents) for c in clauses):
            return allowance("allow-list", 0.0, "a routine product request")
        score = self._score(text, clauses)
        if score is not None:
            t = self.classifier.thresholds  # type: ignore[union-attr]
            if score.english >= t.english_from:
                if score.p_refuse < t.allow_below:
                    return allowance("classifier", score.p_refuse,
                                     f"no identification intent (p={score.p_refuse:.2f})")
                if score.p_refuse >= t.refuse_from:
                    return refusal(score.category, "classifier", score.p_refuse,
                                   f"p={score.p_refuse:.2f}")
        fallback = score.category if score is not None else "identity"
        p = score.p_refuse if score is not None else 1.0
        if self.judge is None:
            return refusal(fallback, "fail-closed", p,
                           "uncertain and no judge model is configured, so refused to be safe")
        verdict = self.judge.judge(text)
        if verdict is None:
            return refusal(fallback, "fail-closed", p,
                           "uncertain and the judge model gave no answer, so refused to be safe")
        if verdict.allowed:
            return allowance("judge", p, "the policy judge found no identification intent")
        return refusal(verdict.category or fallback, "judge", p)

    def _score(self, text: str, clauses: list[str]) -> Score | None:
        """The most refusable of the whole request and its clauses (None: no classifier)."""
        if self.classifier is None:
            return None
        plain = [normalize(c) for c in split_clauses(text)][: self.options.max_clauses]
        texts = [normalize(text), *(c for c in plain if c and len(plain) > 1)]
        scores = self.classifier.score(texts)
        best = max(scores, key=lambda s: s.p_refuse)
        return Score(best.p_refuse, best.category, min(s.english for s in scores))


# --------------------------------------------------------------------------------------
# Options (CLI flags, REST form fields) and the enforcing entry point
# --------------------------------------------------------------------------------------

_OPTION_RULES: tuple[tuple[str, str], ...] = (
    ((r"face|facial|biometric|voiceprint|voice_?match|voice_?id|speaker_?id(?!x)"
     r"|speaker_?recogn|gait"), "biometric"),
    ((r"unredact|deredact|deanonym|unmask|unbleep|reveal|unblur|uncensor|original_?text"
     r"|no_?redact|skip_?redact|disable_?redact|redaction_?off|raw_?names"), "unredaction"),
    ((r"speaker_?names|identify|identification|real_?names|include_?names|show_?names"
     r"|with_?names|keep_?names|names_?in|name_?speakers|who_?is|true_?identity"), "identity"),
    ((r"include_?pii|show_?pii|keep_?pii|contact|phone|address|email|dob|birth|plate_?owner"
     r"|lookup|look_?up|social|profile_?links"), "personal_data"),
    (r"track|locate|geolocat|lineup|profil|cross_?ref|link_?recordings", "profiling"),
    ((r"bypass|override|ignore_?policy|no_?policy|disable_?policy|policy_?off|jailbreak"
     r"|unrestricted|unsafe"), "injection"),
)
_SWITCH = re.compile(r"(?:^|_)(?:redact\w*|anonymi[sz]\w*|pseudonymi[sz]\w*|bleep\w*|mask\w*"
                     r"|privacy|pii|policy|identification_?policy|refusals?)(?:$|_)")
_SWITCH_EXEMPT = re.compile(r"tone|silence|style|format|colou?r|char|placeholder|label|verify")
_FALSY = frozenset({"", "0", "false", "no", "off", "none", "null", "disabled", "n", "f",
                    "raw", "minimal", "disable", "skip", "bypass", "never"})
_TEXT_KEYS = frozenset({"instructions", "question", "prompt", "query", "focus", "text"})


def _key(value: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(value).lower()).strip("_")


def _on(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSY
    if isinstance(value, Sequence | Mapping):
        return len(value) > 0
    return bool(value)


def check_options(options: Mapping[str, object], policy: RequestPolicy) -> Decision:
    """Refuse option names/values that would identify someone (CLI flags, REST params).

    Why: ``speaker_names=true`` or ``redact=false`` asks for identification as surely as
    a question does, without any text for the text gate to read. Free-text values
    (instructions, question) go through ``policy`` too.
    """
    for key, value in options.items():
        k = _key(key)
        if _SWITCH.search(k) and not _SWITCH_EXEMPT.search(k) and not _on(value):
            cat = "injection" if "polic" in k or "refusal" in k else "unredaction"
            return refusal(cat, "rule", 1.0, "an option switches a safeguard off")
        words = value.split() if isinstance(value, str) else []
        candidates = [k] if _on(value) else []
        if words and len(words) <= 2 and k not in _TEXT_KEYS:
            candidates.append(_key(value))
        for candidate in candidates:
            for rx, cat in _OPTION_RULES:
                if re.search(rx, candidate):
                    return refusal(cat, "rule", 1.0, "an identifying option")
        if words and (k in _TEXT_KEYS or len(words) > 2):
            decision = policy.check(str(value))
            if not decision.allowed:
                return decision
    return allowance("rule", 0.0, "no identifying options")


def enforce(text: str, policy: RequestPolicy) -> Decision:
    """Check ``text`` and raise ``IdentificationRefused`` (exit 3 / HTTP 403) if refused."""
    decision = policy.check(text)
    if not decision.allowed:
        logger.info("request refused: category=%s layer=%s", decision.category, decision.layer)
        raise IdentificationRefused(decision.reason, decision.category or "identity")
    return decision
