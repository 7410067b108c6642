"""The entity policy: what is redacted by default and what is kept for the summary.

A report needs the time of the incident, a generic place ("the park"), amounts and
adult ages; it must not carry who the people were or how to reach them. The policy is
data so an agency can tighten it without touching recognizers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

REDACT_BY_DEFAULT: frozenset[str] = frozenset(
    {
        "PERSON",
        "PHONE_NUMBER",
        "EMAIL_ADDRESS",
        "LOCATION",
        "STREET_ADDRESS",
        "US_SSN",
        "CREDIT_CARD",
        "IP_ADDRESS",
        "US_DRIVER_LICENSE",
        "US_PASSPORT",
        "US_BANK_NUMBER",
        "IBAN_CODE",
        "LICENSE_PLATE",
        "DATE_OF_BIRTH",
        "URL",
        "MEDICAL_LICENSE",
        "US_ITIN",
    }
)

# Kept on purpose: DATE_TIME (incident times), NRP, AGE, MONEY and generic places.
KEEP: frozenset[str] = frozenset({"DATE_TIME", "NRP", "AGE", "MONEY"})

# Words that spaCy tags as places or people but that identify no one.
GENERIC_TERMS: frozenset[str] = frozenset(
    {
        "the park", "park", "the store", "store", "downtown", "the station", "station",
        "the parking lot", "parking lot", "the house", "home", "the street", "street",
        "the corner", "the school", "school", "the hospital", "hospital", "the bar",
        "the mall", "mall", "the gas station", "the apartment", "apartment", "the car",
        "officer", "sir", "ma'am", "maam", "dispatch", "sergeant", "lieutenant",
        "the back", "the front", "the alley", "alley", "the yard", "the building",
        "the neighborhood", "the shelter", "the county", "the city", "the state",
    }
)

# Merge recognizer-specific names into the entity types used in outputs.
CANONICAL: dict[str, str] = {"ADDRESS": "STREET_ADDRESS", "DOB": "DATE_OF_BIRTH"}


@dataclass(frozen=True)
class EntityPolicy:
    redact: frozenset[str] = REDACT_BY_DEFAULT
    keep: frozenset[str] = KEEP
    generic_terms: frozenset[str] = GENERIC_TERMS
    min_score: float = 0.35
    per_entity_min_score: dict[str, float] = field(
        default_factory=lambda: {"URL": 0.5, "US_BANK_NUMBER": 0.4, "US_PASSPORT": 0.4}
    )

    def detect_entities(self) -> frozenset[str]:
        return self.redact | set(CANONICAL)

    def canonical(self, entity_type: str) -> str:
        return CANONICAL.get(entity_type, entity_type)

    def should_redact(self, entity_type: str, score: float, value: str) -> bool:
        etype = self.canonical(entity_type)
        if etype in self.keep or etype not in self.redact:
            return False
        if score < self.per_entity_min_score.get(etype, self.min_score):
            return False
        return value.strip().lower().strip(".,!?") not in self.generic_terms


@lru_cache(maxsize=1)
def default_entity_policy() -> EntityPolicy:
    return EntityPolicy()
