"""Named schools, employers and workplaces: they identify a person as a surname does.

Why: "her son goes to <Name> Middle School" or "she works at <Name> Credit Union" points
at one person among few. A named school or college is redacted wherever it is said; a
named bank, clinic, shop or firm when work or study is said next to it (Presidio's
context enhancer). Generic ones ("the school", "the bank", "the local high school")
have no name word and are kept.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

# Head nouns of a school's name; of a workplace's name (kept unless work is said).
SCHOOL_HEADS = ("high school", "middle school", "elementary school", "elementary",
                "primary school", "junior high", "high", "academy", "college", "university",
                "school", "preparatory", "prep", "charter school", "day school")
WORK_HEADS = ("credit union", "bank", "hospital", "clinic", "medical center", "pharmacy",
              "inc", "llc", "corp", "corporation", "company", "co", "logistics",
              "industries", "partners", "foods", "motors", "construction",
              "plumbing", "insurance", "bakery", "diner", "cafe", "café", "restaurant",
              "market", "auto body", "manufacturing",
              "dental", "realty", "salon", "studio", "garage", "daycare", "warehouse",
              "distribution", "transport", "trucking", "hardware", "grill", "pizza",
              "church", "temple", "mosque", "synagogue")
# Words before a head noun that name no particular place.
GENERIC_WORDS = frozenset(
    {"the", "a", "an", "this", "that", "my", "his", "her", "their", "our", "your", "its",
     "local", "public", "community", "state", "city", "county", "high", "middle",
     "elementary", "junior", "senior", "night", "big", "little", "new", "old", "same",
     "other", "another", "catholic", "charter", "private", "nearby", "main", "regional",
     "district", "kids", "kid's", "kids'", "some", "any", "one", "first", "second",
     "grade", "medical", "dental", "animal", "urgent", "care", "emergency", "health",
     "police", "fire", "gas", "grocery", "convenience", "corner", "liquor", "pawn",
     "thrift", "dollar", "food", "coffee", "shopping", "strip", "auto", "car", "body",
     "summer", "sunday", "day", "bible", "driving", "law", "nursing", "beauty", "trade",
     "vocational", "technical", "art", "music", "dance", "boarding", "online", "real",
     "estate", "insurance", "savings", "national", "federal", "general", "memorial",
     "children's", "womens", "women's", "mens", "men's", "family", "walk", "in", "and",
     "of", "at", "for", "to", "from", "near", "by", "former"}
)
_WORK_CUE = ("work", "job", "employ", "shift", "boss", "manager", "coworker", "hired",
             "fired", "teach", "student", "attend", "enrolled", "grade", "class")


def _alts(words: tuple[str, ...]) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"[ ]+")
                    for w in sorted(words, key=len, reverse=True))


_NAME = r"(?:[A-Z][\w'’&.-]*[ ]+(?:(?:and|of|&)[ ]+)?){1,4}"
_NAME_LOWER = r"(?:[a-z][\w'’&-]*[ ]+){1,3}"
_CUE = (r"(?<=(?i:\b(?:works?|worked|working|employed|job|shift|teaches|teach|taught|"
        r"goes|go|went|attends?|attending|enrolled|student|students|sophomore|freshman|"
        r"junior|senior|grader)\b[ ]+(?:at|for|to|in|over\s+at|down\s+at)[ ]+(?:the[ ]+)?))")


_WORK_AT = (r"(?<=(?i:\b(?:works?|worked|working|employed|job|shift|hired|fired)\b[ ]+"
            r"(?:at|for|by|with|over\s+at|down\s+at)[ ]+(?:the[ ]+)?))")


class NamedOrganizationRecognizer(PatternRecognizer):
    ENTITY = "NAMED_ORGANIZATION"

    def __init__(self) -> None:
        school = _alts(SCHOOL_HEADS)
        work = _alts(WORK_HEADS)
        work_title = _alts((*tuple(h.title() for h in WORK_HEADS), "LLC", "CO", "INC"))
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            patterns=[
                Pattern("named school", rf"\b{_NAME}(?:{school.title()}|{school})\b", 0.6),
                # The head capitalised as part of the name ("… Credit Union"), not "… and bank".
                Pattern("named workplace", rf"\b{_NAME}(?:{work_title})\b\.?", 0.3),
                Pattern("lower-case after a cue",
                        rf"{_CUE}{_NAME_LOWER}(?i:{school}|{work})\b", 0.6),
                # Any capitalised name right after "works at / employed by …".
                Pattern("capitalised after a work cue",
                        rf"{_WORK_AT}(?:[A-Z][\w'’&.-]*)(?:[ ]+(?:(?:and|of|&)[ ]+)?"
                        rf"[A-Z][\w'’&.-]*){{0,3}}", 0.6),
            ],
            context=list(_WORK_CUE),
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """A name needs one word that is no generic word and no head noun."""
        heads = {w for h in SCHOOL_HEADS + WORK_HEADS for w in h.split()}
        words = [w.lower().strip(".") for w in pattern_text.split()]
        return not any(w not in GENERIC_WORDS and w not in heads for w in words)
