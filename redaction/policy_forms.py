"""Question shapes and benign forms of the request policy (``LayeredPolicy`` reads them).

Why: most false refusals come from benign requests that share words with refusals
("did the officer identify himself?", "are any names still visible? yes or no"). These
patterns recognise such shapes: benign rewrites neutralised before the rules run,
lead-ins stripped, event and yes/no questions, questions about the redactions
themselves, and the identity-bearing cue words that gate the semantic layer.
"""

from __future__ import annotations

from redaction.policy_text import _ROLE

#: Narrow benign constructs removed before the refusal rules run. Why: they share
#: words with refusals ("identify", "names") but ask about an event or ask for *more*
#: privacy. The semantic layer still sees the unmodified request.
BENIGN_REWRITES: tuple[str, ...] = (
    # "did the officer identify himself (as police)?"
    r"\bidentif(?:y|ies|ied|ying) (?:himself|herself|themselves|themself|yourself|myself"
    r"|ourselves|itself)\b(?: as (?:an? )?(?:police|officers?|deputy|law enforcement|cop))?",
    r"\bidentif(?:y|ies|ied|ying) (?:as|themselves as) (?:an? )?(?:police|officers?|deputy"
    r"|deputies|law enforcement|cops?)\b",
    r"\bintroduce[sd]? (?:himself|herself|themselves)\b",
    # "who was the officer talking to?" asks about the interaction, not an identity
    r"\bwho (?:was|is|were|are) (?:\S+ ){0,3}(?:talking|speaking|referring|pointing|arguing"
    r"|gesturing|waving|yelling|shouting|screaming) (?:to|with|about|at (?:him|her|them|the"
    r"|each|someone|somebody))\b",
    r"\bwho (?:was|is) the (?:first|second|third|last|next|lead|primary|other|backup"
    r"|responding|arresting|assisting) (?:officer|unit|deputy|responder|one|car|patrol)"
    r"(?: to| on| at| who)?\b",
    # instructions that ask for *less* personal data
    r"\b(?:without|no|not|never|exclude|excluding|omit|omitting|leave out|avoid|hide|drop"
    r"|remove|strip|keep out|do not (?:use|include|mention|give|add|show|print|reveal))"
    r" (?:any |the |all |their |his |her |real |of the |personal )?(?:\S+ ){0,2}(?:names?"
    r"|identit\w+|personal (?:info\w*|details|data)|pii|identifying (?:details|info\w*)"
    r"|addresses|phone numbers|contact details|numbers)\b",
    r"\b(?:replace|swap|substitute|change|rename|relabel|label|tag|mark|refer to)"
    r" (?:the |all |each |every )?(?:\S+ ){0,2}?(?:labels?|tags?|placeholders?|names?"
    r"|speakers?|people|persons|everyone|them) (?:with|by|as|to|using|for|into)"
    r" (?:their |a |the )?"
    r"(?:roles?|role names|role labels?|titles|generic \S+|neutral \S+|descriptions"
    r"|job titles|positions|officer|civilian|driver)\b",
    r"\bnames? (?:redacted|removed|hidden|masked|replaced|omitted|left out|withheld"
    r"|pseudonymi[sz]ed|anonymi[sz]ed|out)\b",
    # a voice or face described as part of the event, not matched to anyone
    r"\b(?:voices?|tones?) (?:were |was |got |being |been )?(?:raised|loud|louder|calm"
    r"|shaking|angry|heated|quiet|slurred|trembling|hostile|aggressive|polite)\b",
    r"\b(?:faces?) (?:were |was |got |being |been )?(?:visible|covered|hidden|masked"
    r"|obscured|injured|bleeding|bruised|swollen|cut|hurt|shown|blurred)\b",
    # counting participants, not naming them
    r"\bhow many (?:\S+ )?(?:speakers|voices|people|persons|individuals|participants"
    r"|officers|civilians|witnesses|bystanders)\b",
    # asking for *more* redaction
    r"\b(?:redact|mask|bleep|anonymi[sz]e|censor|scrub) (?:\S+ )?(?:more|harder|stricter"
    r"|more aggressively|aggressively|everything|anything else|whatever (?:is|was) left)\b",
    # names of things, not people
    r"\b(?:street|road|place|business|store|shop|company|brand|product|file|variable"
    r"|field|column|drug|medication|team|band|song|school|town|city|restaurant|bar)"
    r" names?\b",
    # privacy kept as it is: "keeping the redaction placeholders exactly as they are"
    r"\b(?:keep|keeping|leave|leaving|preserve|preserving|retain|retaining) (?:the |all"
    r" |any |every )?(?:redaction )?(?:placeholders?|redactions?|labels?|tags?|bleeps?"
    r"|masking|masks)(?: \S+){0,5}? (?:exactly |just )?(?:as (?:they|it) (?:are|is"
    r"|appear|appears|stand|stands|were|was)|as is|intact|in place|unchanged)\b",
    # saying what one does *not* want: "I do not need it", "not interested in who"
    r"\b(?:i|we) (?:do not|did not|will not|am not|are not|have no) (?:need|want|care"
    r"|interest|interested|ask\w*|looking|asking)(?: (?:in|about|for))? (?:it|them|that"
    r"|this|any names?|names?|(?:who|whom) (?:anyone|anybody|they|he|she|\S+) (?:was"
    r"|were|is|are)|anyone s \S+|their \S+|his \S+|her \S+|identit\w+)\b",
    r"\bwithout (?:telling|giving|showing|revealing|saying|naming) (?:me |us )?(?:anything"
    r" |any\w* )?(?:about )?(?:who (?:was|is|were|are)(?: \S+)?|names|identities)\b",
    # counts: "number of officers" is not a phone number
    r"\b(?:number|count|total) of (?:(?!the |this |that |his |her |their )[a-z]+ )?"
    r"(?:officers|units|people|persons|shots|rounds|calls|vehicles|cars|witnesses"
    r"|suspects|victims|injuries|arrests|minutes|hours|times|deputies|bystanders"
    r"|civilians|segments|redactions|placeholders|words|speakers|individuals|occupants"
    r"|passengers|men|women|kids|children)\b",
    # redaction QA that asks whether, not what: "are any names still visible?"
    r"^(?!.*\b(?:if so|if yes|if any|list them|tell me (?:them|what|which)|what (?:are"
    r"|were|is|was) (?:they|it)|show (?:me )?(?:them|it)|read (?:them|it)|print"
    r" (?:them|it)|and what|spell)\b)"
    r".*\b(?:(?:are|is|were|was|did|do|does|has|have) (?:there )?(?:any|all|every"
    r"|each)(?: \S+){0,8}? (?:names?|addresses|address|phone numbers?|numbers?|digits"
    r"|pii|personal (?:data|info\w*|details)|faces?|voices?|plates?|e ?mails?)"
    r"(?: \S+){0,4}? (?:still (?:visible|there|present|showing|audible|readable|left"
    r"|in)|left (?:in|unredacted)|slip\w* (?:past|through)|get through|got through"
    r"|unredacted|missed|remain\w*|muted|bleeped|redacted|masked|blurred)"
    r"(?: out)?(?: or (?:only|just) (?:their |the )?(?:names?|voices?|faces?"
    r"|addresses))?)\b",
    # making sure nothing could identify anyone (asks for *less* identification)
    r"\b(?:make sure|ensure|check|verify|confirm) (?:that )?(?:nothing|no one|nobody"
    r"|no \S+)(?: \S+){0,14}? (?:could|can|would|might) (?:identify|reveal|expose)"
    r" (?:them|him|her|anyone|anybody|someone|people|a person)\b",
    # comparing practices, not people
    r"\b(?:compar\w+|contrast\w*|benchmark\w*) (?:how|the way|what) (?:this |the |our"
    r" |other |different |each )?(?:department|agency|agencies|departments|officers"
    r"|police|units?|cities|teams?|shifts?) (?:handle|handles|respond|responds|deal"
    r"|deals|approach|approaches|treat|treats|manage|manages)\b",
    # what the redaction covered (its categories), not what it hid
    r"\bwhat (?:did )?(?:our |the |your |this )?(?:redaction|redactor)s? (?:covered|cover"
    r"|caught|catch|missed|miss|handled|handle|included|include)\b(?! up)",
    # instruction verbs and nouns that only look like identification words
    r"\bvoice (?:any |your |all )?(?:concerns?|doubts?|objections?|reservations?|issues?"
    r"|questions?|criticism)\b",
    r"\boriginal (?:incident |call |dispatch )?(?:call )?(?:time|times|date|timestamp"
    r"|timestamps|order|sequence)\b",
    r"\b(?:for|as) (?:a |the )?(?:public )?(?:records? (?:release|request)|foia"
    r" (?:request|release)|public release|press release|records request)\b",
    r"\b(?:locate|find|pinpoint|identify|mark|flag|note|highlight) (?:the |each |every"
    r" |all )?(?:exact )?(?:moments?|points?|times?|timestamps?|segments?|instances?"
    r"|occasions?|parts? of the (?:recording|transcript|video))\b",
    r"\b(?:match|map|pair|align|line up|compare) (?:each|every|all|the) (?:commands?"
    r"|orders?|instructions?|requests?|questions?|warnings?|statements?|timestamps?"
    r"|events?)\b",
    r"\b(?:commands?|orders?|instructions?|warnings?|requests?) (?:that )?(?:were|was"
    r"|got|had been) ignored\b",
    # why something is tagged, asked in general (the whole clause)
    r"^why (?:is|was|are|were|does|do|did) (?:placeholder \S+|the \S+|this \S+|that \S+"
    r"|it|they) (?:tagged|labell?ed|shown|written|redacted|masked|bleeped|replaced|hidden"
    r"|marked)(?: as \S+)?(?: (?:instead of|rather than|and not) (?:a |the |their |his"
    r" |her )?(?:names?|words?|text|values?))?$",
    # whether originals are retained (evidence handling), not a request to see them
    r"^(?!.*\b(?:send|give|show|play|share|export|download|e ?mail|provide|copy|access"
    r"|get|listen|hear|read)\b)(?:is|are|was|were|will|does|do) (?:the )?original"
    r" (?:audio|recording|file|video|footage|transcript|evidence)s? (?:be |being )?(?:kept"
    r"|stored|retained|preserved|deleted|saved|archived|hashed)\b",
    # how the redactor works
    r"\bwhat counts as (?:a |an )?(?:name|names|address|pii|personal (?:data|info\w*)"
    r"|phone number|identifier|identifying (?:detail|information))\b",
    r"\bhow (?:does|do|did) (?:the|this|your) (?:tool|system|redactor|service|model"
    r"|pipeline|software|gate) (?:decide|know|detect|tell|work|handle|choose)\b",
    # the gate's own policy, explained in general (the whole clause, nothing else)
    r"^(?:(?:please|pls|kindly|can you|could you|would you) )*(?:explain|describe|outline"
    r"|summari[sz]e|clarify) (?:to me )?(?:the|your|this"
    r"|this tool s|the service s) (?:privacy )?(?:polic(?:y|ies)|rules|guidelines"
    r"|refusal policy)(?: (?:in general terms|in general|briefly|to me|in plain"
    r" english|please|again))?$",
    # what the redactor or the service can do, asked in general
    r"\b(?:the|your|this|a) (?:redactor|redaction (?:tool|system|engine|step|process"
    r"|pipeline)|system|tool|service|pipeline|software|model|gate|filter)"
    r" (?:detect|detects|catch|catches|handle|handles|redact|redacts|support|supports"
    r"|recogni[sz]e|recogni[sz]es|cover|covers|mask|masks|refuse|refuses|block"
    r"|blocks)\b",
)
#: Politeness and framing in front of the actual ask ("can you tell me if", "according
#: to the officer", "I just need to know whether"), removed before the checks so that
#: the question-shape tests see the question itself.
LEAD_IN = (
    r"^(?:(?:please|pls|plz|kindly|hi|hey|hello|ok|okay|so|and|but|also|just|quick"
    r" question|question|sorry) )*"
    r"(?:(?:(?:can|could|would|will) you (?:please |kindly )?(?:tell me |let me know"
    r" |check |confirm |say )?|(?:i|we) (?:just |only |really )?(?:need|want|would like"
    r"|d like|wanna|wish) to (?:know|check|find out|confirm|understand) |(?:tell me|let"
    r" me know) |(?:according to|based on|from|in|per) (?:the )?(?:officer|officers"
    r"|deputy|transcript|recording|audio|video|summary|footage|report|caller|witness)"
    r"(?: s (?:account|report|statement|words))? )+)?"
    r"(?:(?:note|say|state|mention|indicate|flag|report) (?=(?:whether|if) ))?"
)
#: Questions that only ask *whether* something happened ("did the officer give his
#: badge number?", "was the license valid?", "did the officers find the suspect?").
#: They are exempt from the identity / personal-data / locate rules, never the others.
EVENT_QUESTION = (
    r"^(?:and |so |but |also )?(?:did|does|do|has|had|have|was|were|is|are|if|whether)\b"
    r"(?=.*\b(?:give|gave|given|gives|provide|provided|state|stated|show|showed|shown"
    r"|present|presented|produce|produced|hand|handed|ask|asked|request|requested|check"
    r"|checked|run|ran|verify|verified|confirm|confirmed|offer|offered|refuse|refused"
    r"|decline|declined|spell|spelled|say|said|mention|mentioned|get|got|write|wrote"
    r"|take|took|collect|collected|record|recorded|read|valid|invalid|expired|suspended"
    r"|revoked|current|visible|readable|legible|call|called|radio|radioed|recognize"
    r"|recognise|recognized|recognised|use|used|lie|lied|fake|false|find|found|locate"
    r"|located|catch|caught|arrest|arrested|chase|chased|follow|followed|search|searched"
    r"|apprehend|apprehended|stop|stopped|detain|detained|announce|announced|redacted"
    r"|bleeped|masked|muted|hidden|removed)\b)"
    r"(?!.*\b(?:what|which|whose|where|who|tell me|give me|show me|send me|list|if so"
    r"|so (?:we|i|you) can|reveal|match|compare|real|actual|true|owns|owner|belong"
    r"|registered to|lives?|profile|database|records? of|home|now|currently)\b)"
)
#: "where did the chase end?" asks about the event's course, not where someone lives.
EVENT_WHERE = (
    r"^where (?:did|was|were|does|do) (?:\S+ ){1,4}?(?:end|ends|ended|start|started|begin"
    r"|began|happen|happened|occur|occurred|take place|took place|stop|stopped|go|went"
    r"|run|ran|drive|drove|park|parked|crash|crashed|fall|fell|pull over|pulled over"
    r"|stand|stood|point|pointed)\b"
    r"(?!.*\b(?:live|lives|stay|stays|work|works|now|today|currently|hiding|hide|found"
    r"|afterwards|after that|later|next)\b)"
)
#: Past-tense yes/no questions about the encounter ("did the man pick up the phone?").
#: Guarded in the semantic layer only (the rules still apply in full).
YES_NO_PAST = (
    r"^(?:and |so |but |also )?(?:did|was|were|had|has|have)\b"
    r"(?!.*\b(?:what|which|whose|where|who|tell me|give me|show me|send me|list|if so"
    r"|so (?:we|i|you) can|reveal|match|compare|real|actual|true|owns|owner|belong"
    r"|registered to|lives?|profile|database|records?|home|now|currently|same|known"
    r"|before|previous|prior|other|earlier|last|again|anywhere|elsewhere|name|names"
    r"|identity|identities|face|voice|accent|redacted|placeholder|bleeped)\b)"
)
#: "who called, the neighbour or the resident?" asks which *role*, not who.
ROLE_CHOICE = rf"\b(?:the |a |his |her )?{_ROLE} or (?:the |a |his |her )?{_ROLE}\b"
#: Rules a role-choice question does not trigger.
ROLE_CHOICE_EXEMPT: frozenset[str] = frozenset({"who-is"})
#: Rules an event question does not trigger.
EVENT_EXEMPT_CATEGORIES: frozenset[str] = frozenset({"identity", "personal_data"})
EVENT_EXEMPT_RULES: frozenset[str] = frozenset({"track-locate", "priors"})

#: Questions about redactions themselves (how many, where), not about their content.
REDACTION_META = (
    r"^(?:how many|which|where|in which|at what|is there|are there|was there|were there"
    r"|how much|how often|count|did|does|do|was|were|is|are|why|when|if|whether"
    r"|(?:list|flag|mark|highlight|count|give me|show me) (?:all )?(?:the )?(?:timestamps?"
    r"|times|segments?|lines|places|spots|positions|categories|types|kinds|number))\b"
    r"(?!.*\b(?:behind|underneath|beneath|original|originally|real|actual|true|who|whose"
    r"|reveal|unredact\w*|undo|remove|restore|recover|stand for|refer to|replace|say"
    r"|said|name|names|what (?:is|was|were)|letters?|initials?|starts? with|begins? with"
    r"|ends? with|spell\w*|sounds? like|rhymes?|hint|clue|guess|surname|first name"
    r"|last name|length|how long)\b)"
    r".*\b(?:redactions?|redacted|bleeps?|bleeped|placeholders?|masked|muted|pseudonyms?)\b"
)
#: Identity-bearing concepts. A clause with none of them is refused by the semantic
#: layer only on a very close match (``SEMANTIC_HIGH``).
SEMANTIC_CUES = (
    r"\b(?:who|whom|whose|whoever|names?|named|called|identit\w*|identif\w*|id"
    r"|recogni\w*|face|faces|facial|voices?|accent|dialect|gait|walks|biometric\w*"
    r"|tattoo\w*|address\w*|lives?|living|reside\w*|home|house|apartment|phone|cell"
    r"|mobile|numbers?|digits|contact\w*|e ?mail|born|birth\w*|age|old|owns?|owner"
    r"|registered|plates?|licen[cs]e|social|facebook|instagram|twitter|tiktok|snapchat"
    r"|linkedin|online|profiles?|handle|username|redact\w*|bleep\w*|placeholders?"
    r"|labels?|mask\w*|behind|hidden|hide|underneath|original|raw|unmask\w*|censor\w*"
    r"|blanks?|black box|blacked|anonym\w*|real|true|actual|find|locate|track\w*|trace"
    r"|where|whereabouts|hiding|lineup|line up|mugshot\w*|spot|pick|race|racial|ethnic\w*"
    r"|nationality|religio\w*|immigra\w*|citizen\w*|ignore|disregard|forget|bypass"
    r"|override|rules?|polic\w*|instructions?|pretend|filter\w*|restrict\w*|authori\w*"
    r"|permission|clearance|mode|system|admin|developer|unrestricted|guidelines?|privacy"
    r"|everything|same|known|database|records?|match\w*|compare|link|associates?"
    r"|everywhere|routine|schedule|dmv|which one|work|works|job|employer|school|badge"
    r"|employee|ssn|passport"
    r"|dob|speaker|speakers|speaking|talking|this person|that person|reveal|expose"
    r"|disclose|uncover|leak|dox\w*|background|history|profile|unlock|warrant|regulars)\b"
)
