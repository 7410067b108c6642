"""Base for Presidio ``PatternRecognizer``s that read the normalised spoken form.

Why: the patterns, validators and context words stay plain Presidio; only the text they
see is the canonical spoken form (``redaction.pii.spoken_forms``), and each hit is mapped
back to the transcript words it came from. Presidio's own context enhancer then scores
the hits with the recognizer's ``context`` words, read around the original words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.pii.recognizers.spoken import VEHICLE_MAKES, VEHICLE_MODELS

# One identifier written as the canonical groups of its chunks: "6 W X 339".
ID_RUN = r"(?<![A-Za-z0-9])[A-Z0-9]+(?: [A-Z0-9]+)*(?![A-Za-z0-9])"
# A whole identifier said without a cue: five characters or more, not a record number
# ("report # 25-11807", "case 24 1183").
NOT_RECORD = (r"(?<!(?:(?i:\b(?:report|case|incident|badge|citation|event|cad|reference"
              r"|ticket|file|unit|no\.?|number))|#)\W{0,3}(?:[A-Z0-9]+ )*)")
LONG_ID_RUN = NOT_RECORD + r"(?=(?:[A-Z0-9] ?){5,})" + ID_RUN


def has_vehicle_word(value: str) -> bool:
    """A make or model inside the run ("BMW X5", "F 150") makes it a car, not a plate."""
    return any(w.lower() in VEHICLE_MAKES or w.lower() in VEHICLE_MODELS
               for w in value.split())


def compact(value: str) -> str:
    """The characters of a canonical identifier, without the chunk spaces."""
    return value.replace(" ", "")


def cue_before(words: Sequence[str], window: int = 60) -> str:
    """A look-behind: one of ``words`` at most ``window`` characters before the match.

    The window crosses a question mark and a segment break on purpose: the cue is in the
    question, the value in the answer.
    """
    alts = "|".join(sorted((regex.escape(w).replace(r"\ ", r"\s+") for w in words),
                           key=len, reverse=True))
    return rf"(?<=(?i:\b(?:{alts}))\b.{{0,{window}}}?)"


class SpokenPatternRecognizer(PatternRecognizer):
    """A PatternRecognizer over the canonical spoken form, hits mapped back to the text."""

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[Sequence[tuple[str, str, float]]] = ()  # (name, regex, score)
    CONTEXT: ClassVar[Sequence[str]] = ()

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            patterns=[Pattern(n, r, s) for n, r, s in self.PATTERNS],
            context=list(self.CONTEXT),
            # Canonical identifiers are upper case; cue words carry their own (?i:).
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Match over the spoken form; return spans of the original ``text``."""
        # Imported here: spoken_forms reads this package's word tables.
        from redaction.pii.spoken_forms import spoken_form

        form = spoken_form(text)
        results = super().analyze(form.text, entities, None, regex_flags)
        for r in results:
            r.start, r.end = form.original_span(r.start, r.end)
        return results
