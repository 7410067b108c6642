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
        # A named school, employer or workplace of a person (output as ORGANIZATION);
        # spaCy's ORGANIZATION findings (firms in general, agencies) stay kept.
        "NAMED_ORGANIZATION",
    }
)

# Kept on purpose: DATE_TIME (incident times: "tonight around nine"), NRP, AGE (adult
# ages: "twenty years old"), MONEY (amounts), ORGANIZATION, and generic places. A date
# is only redacted as DATE_OF_BIRTH, when a birth word comes before it.
KEEP: frozenset[str] = frozenset({"DATE_TIME", "NRP", "AGE", "MONEY", "ORGANIZATION"})

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

# Titles, roles and relatives: spaCy sometimes tags them alone ("Daughter notified" as a
# person, "MS" as a place); they identify no one. Checked for every type, while the
# place words above are not checked for PERSON ("Ms. Park" is a person).
GENERIC_PERSON_TERMS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "mister", "madam", "sir", "ma'am", "maam",
        "officer", "dispatch", "sergeant", "lieutenant", "deputy", "detective", "captain",
        "trooper", "chief", "police", "police department", "the police",
        "daughter", "son", "mother", "father", "mom", "dad", "wife", "husband", "brother",
        "sister", "grandma", "grandpa", "grandmother", "grandfather", "aunt", "uncle",
        "cousin", "boyfriend", "girlfriend", "neighbor", "neighbour", "manager", "resident",
        "suspect", "victim", "witness", "driver", "passenger", "caller", "partner", "host",
        "security", "medic", "paramedic", "ai", "unit", "backup",
    }
)

# Merge recognizer-specific names into the entity types used in outputs.
CANONICAL: dict[str, str] = {"ADDRESS": "STREET_ADDRESS", "DOB": "DATE_OF_BIRTH",
                              "NAMED_ORGANIZATION": "ORGANIZATION"}


@dataclass(frozen=True)
class EntityPolicy:
    """Which entity types are redacted, which are kept, and how sure a finding must be.

    A type in ``keep`` is never redacted, even if also listed in ``redact``.
    ``generic_terms`` are place words kept unless tagged PERSON; ``generic_person_terms``
    (titles, roles, relatives) are kept whatever type they were given.
    """

    redact: frozenset[str] = REDACT_BY_DEFAULT
    keep: frozenset[str] = KEEP
    generic_terms: frozenset[str] = GENERIC_TERMS
    generic_person_terms: frozenset[str] = GENERIC_PERSON_TERMS
    min_score: float = 0.35
    per_entity_min_score: dict[str, float] = field(
        default_factory=lambda: {"URL": 0.5, "US_BANK_NUMBER": 0.4, "US_PASSPORT": 0.4}
    )

    def __hash__(self) -> int:  # dict field: hash by identity (policies are long-lived)
        return id(self)

    def detect_entities(self) -> frozenset[str]:
        """Entity types to ask the analyzer for (including recognizer-specific aliases)."""
        return self.redact | set(CANONICAL)

    def canonical(self, entity_type: str) -> str:
        """The output type for a recognizer's type (``ADDRESS`` -> ``STREET_ADDRESS``)."""
        return CANONICAL.get(entity_type, entity_type)

    def should_redact(self, entity_type: str, score: float, value: str) -> bool:
        """Whether one finding is redacted under this policy."""
        etype = self.canonical(entity_type)
        # A recognizer's own type decides first: NAMED_ORGANIZATION is redacted while the
        # ORGANIZATION it is output as stays kept for spaCy's findings.
        chosen = entity_type in self.redact and entity_type not in self.keep
        if not chosen and (etype in self.keep or etype not in self.redact):
            return False
        if score < self.per_entity_min_score.get(etype, self.min_score):
            return False
        term = value.strip().lower().strip(".,!?")
        if term in self.generic_person_terms:
            return False
        return etype == "PERSON" or term not in self.generic_terms


@lru_cache(maxsize=1)
def default_entity_policy() -> EntityPolicy:
    """The shared default policy (one instance, so per-policy caches stay warm)."""
    return EntityPolicy()
