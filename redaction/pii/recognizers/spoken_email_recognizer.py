"""E-mail addresses read aloud ("lena dot park 88 at example dot net").

Presidio's e-mail recognizer needs "name@host.tld". People say "at" and "dot", spell
digits with a space, and ASR mishears the middle of it. Two patterns: the spoken form
itself (local part, "at", a domain ending in a known top-level domain), and anything
between "my e-mail is" and the next domain ending, so a garbled local part still goes.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.pii.recognizers.spoken import SpokenRecognizer, keyword_pattern, nearest_family

_TLD = (
    r"(?:com|org|net|edu|gov|mil|int|io|co|us|info|biz|me|uk|ca|de|fr|es|it|nl|au|ru|"
    r"jp|cn|in|br|mx|ch|se|no|dk|fi|pl|hu|cz|at|be|ie|nz|tv|app|dev|email|mail)"
)
_WORD = r"[a-z0-9]+"
# A written dot joins the next part directly ("example.com"); ". It" with a space after is a
# sentence end ("the park closes at ten. It's late" is no address at a .it domain).
_DOT = r"(?:\s+(?:dot|period)\s+|\.(?=[a-z0-9]))"
_LOCAL_SEP = r"(?:\s+(?:dot|period|underscore|under\s+score|dash|hyphen)\s+|[._-]|\s+(?=\d))"
_AT = r"(?:\s+at\s+|\s*@\s*)"
_INTRO = r"\be-?mail(?:\s+address)?(?:\s+is|\s*'s|\s*:|,)?\s+"
_DOMAIN = rf"{_WORD}(?:{_DOT}{_WORD})*{_DOT}{_TLD}(?![a-z0-9])"


class SpokenEmailRecognizer(SpokenRecognizer):
    """Spoken e-mail addresses, and whatever follows "my e-mail is" up to a domain."""

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS: tuple[tuple[str, str, float], ...] = (
        ("spoken", rf"(?<![\w.])(?P<v>{_WORD}(?:{_LOCAL_SEP}{_WORD}){{0,6}}{_AT}{_DOMAIN})", 0.7),
        ("after e-mail word",
         rf"{_INTRO}(?P<v>[^\s.,;!?]\S*(?:\s+\S+){{0,7}}?{_DOT}{_TLD}(?:{_DOT}{_TLD})?)"
         r"(?![a-z0-9])", 0.8),
        ("after e-mail word, no domain dot",
         rf"{_INTRO}(?P<v>{_WORD}(?:{_LOCAL_SEP}{_WORD}){{0,6}}{_AT}{_WORD}(?:{_DOT}{_WORD})?)",
         0.6),
    )
    CONTEXT = ("email", "e-mail", "mail", "address", "gmail", "contact", "reach")
    WINDOW = 60
    CONTEXT_BOOST = 0.15

    def __init__(self) -> None:
        self._patterns = [(n, re.compile(p, re.IGNORECASE), s) for n, p, s in self.PATTERNS]
        self._families = {"email": keyword_pattern(self.CONTEXT)}
        super().__init__()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for name, pattern, score in self._patterns:
            for m in pattern.finditer(text):
                start, end = m.span("v")
                boosted = score
                if nearest_family(text, start, self._families, self.WINDOW):
                    boosted = min(1.0, score + self.CONTEXT_BOOST)
                results.append(self.result(self.ENTITY, start, end, boosted, name))
        return results
