"""Round-ten shapes of the request policy: event questions that share words with refusals.

Why: a blind batch found benign questions about *how* something was said (a raised
voice, a calm tone), what a role *reported* about the incident ("what did the shop owner
say was taken?"), the quality of the audio ("where the audio is unclear") and *which kind
of place* an event happened in ("at the caller's home or on the street?"). These are
benign rewrites (``policy_forms.BENIGN_REWRITES`` appends them): the rules no longer see
them, and the semantic layer treats the clause as guarded. ``ROLE_FULL_NAME`` is the
opposite kind: "is the driver John Miller, the guy we arrested?" is a name confirmation
even with an appositive after the name.
"""

from __future__ import annotations

from redaction.policy.normalize import _PNOUN, _ROLE

_WHO = rf"(?:the |a |an |his |her |their |that |this )?(?:\S+ )?(?:{_PNOUN}|{_ROLE})"
_PLACE = (
    r"(?:home|house|residence|apartment|flat|place|property|yard|garden|driveway|porch"
    r"|street|road|sidewalk|pavement|car|vehicle|park|parking lot|car park|store|shop"
    r"|station|alley|building|inside|outside|indoors|outdoors|elsewhere|somewhere else)"
)
_AT = r"(?:at|in|inside|outside|on|near|by|from|out)"
_QUALITY = (
    r"(?:unclear|inaudible|muffled|garbled|distorted|noisy|faint|choppy|crackly|patchy"
    r"|too quiet|drowned out|cut(?:s|ting)? out|drops? out|dropping out"
    r"|hard to (?:hear|make out|understand|follow))"
)

ROUND_TEN_BENIGN: tuple[str, ...] = (
    # manner of speaking: an event, not a voice print
    r"\b(?:rais\w*|lower\w*) (?:his|her|their|its|the|a|my|your) voices?\b"
    r"|\b(?:tone of (?:\S+ )?voice|(?:calm|loud|raised|angry|quiet|soft|stern|firm|shaky"
    r"|trembling|normal|level|agitated|aggressive|polite|friendly|hostile|sharp|harsh"
    r"|calmer|louder|quieter) (?:tone|voice)s?)\b(?! (?:match|belong|sound)\w*)",
    # reported speech about the events: "what did the shop owner say was taken?"
    r"\bwhat (?:did|does|do|had|has) " + _WHO + r" (?:say|said|claim|claimed|report"
    r"|reported|tell \S+|told \S+|think|thought)(?: that)? (?:\S+ )?(?:was|were|had been"
    r"|has been|have been|got|went|is|are) (?:taken|stolen|missing|damaged|broken|destroyed"
    r"|lost|happened|going on|wrong|moved|thrown|smashed|grabbed|used)\b",
    # audio quality: "where the audio is unclear", "any inaudible stretches"
    r"\b(?:the )?(?:audio|sound|recording|speech|words|talking|dialogue|conversation|radio"
    r"|it|footage|mic|microphone) (?:is|was|are|were|gets|got|becomes|became|goes|went"
    r"|sounds|sounded)(?: \S+)? " + _QUALITY + r"\b"
    r"|\b(?:unclear|inaudible|muffled|garbled|distorted|noisy|choppy|faint|poor|bad|low"
    r"|quiet|crackly) (?:audio|sound|sections?|parts?|passages?|segments?|stretches"
    r"|moments|bits|spots|quality|speech|words|stretch)\b"
    r"|\b(?:gaps?|dropouts?|drop outs?|static|background noise|wind noise|crosstalk"
    r"|distortion|hiss) in (?:the )?(?:audio|sound|recording|footage)\b",
    # a choice of place type: "at the caller's home or on the street"
    r"\b" + _AT + r" (?:the |a |an |his |her |their )?(?:\S+ )?" + _PLACE
    + r" or (?:" + _AT + r" )?(?:the |a |an |his |her |their )?(?:\S+ )?" + _PLACE
    + r"\b(?! address)",
)

#: "is the driver John Miller, the guy we arrested last month?"
ROLE_FULL_NAME = (
    r"\b(?i:is|was) (?i:the|this|that) (?:\w+ )?(?i:" + _PNOUN + r"|" + _ROLE + r")"
    r" ((?:Mr\.? |Mrs\.? |Ms\.? |Dr\.? )?[A-Z][a-z]+[ -][A-Z][a-z]+)"
    r"(?=\s*(?:[,?.!;:)]|$| (?i:the|a|an|who|whom|that|from|aka|or|yes|right)\b))"
)
