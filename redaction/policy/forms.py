"""Question shapes and benign forms of the request policy (``LayeredPolicy`` reads them).

Why: most false refusals come from benign requests that share words with refusals
("did the officer identify himself?", "are any names still visible? yes or no"). These
patterns recognise such shapes: benign rewrites neutralised before the rules run,
lead-ins stripped, event and yes/no questions, questions about the redactions
themselves, and the identity-bearing cue words that gate the semantic layer.
"""

from __future__ import annotations

from redaction.policy.normalize import _PNOUN, _ROLE
from redaction.policy.rules_events import ROUND_TEN_BENIGN

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
    *ROUND_TEN_BENIGN,
)
# Personal data named as a list: "every name, phone number and address".
_PII_ITEM = (
    r"(?:(?:real |full |first |last |personal |home |street |contact |identifying |mobile"
    r" |cell |private )?(?:names?|surnames?|phone numbers?|numbers|addresses|address"
    r"|licen[cs]e plates?|plates?|plate numbers?|dates? of birth|birth ?dates?|birthdays?"
    r"|e ?mail address(?:es)?|e ?mails?|contact (?:details|info\w*)|personal (?:details"
    r"|data|info\w*)|identifying (?:details|info\w*)|pii|identities|identifiers?"
    r"|badge numbers?|ages|faces|details))"
)
_PII_LIST = (
    rf"(?:(?:every|all|any|the|their|his|her|each|a|an|of) )*{_PII_ITEM}"
    rf"(?:(?: and| or| as well as| plus| nor)? (?:(?:every|all|any|the|their|his|her|each"
    rf"|a|an) )*{_PII_ITEM})*"
)
_DOC = (
    r"(?:summary|summaries|report|reports|output|transcript|text|write ?up|release"
    r"|document|notes?|answer|bullets?|bullet points|timeline|draft|version|narrative|memo"
    r"|email|e mail|it|everything|anything you write|what you write)"
)
#: Benign forms that ask for *less* personal data or say what the user does *not* want.
#: Each is applied only when what is left of the request does not ask for the value
#: anyway (``VALUE_ASK``): "don't tell me the name, just spell it" stays refused.
GUARDED_REWRITES: tuple[str, ...] = (
    # "did the officer identify himself by name and badge number?"
    r"\b(?:identif(?:y|ies|ied|ying)|introduc(?:e|es|ed|ing)) (?:himself|herself|themselves"
    r"|themself) (?:to \S+ )?(?:as \S+ )?by (?:his |her |their |full )?(?:name|badge"
    r"(?: number)?|rank|title|unit|agency|department|id|shield(?: number)?)(?:(?: and| or)"
    r" (?:his |her |their |full )?(?:name|badge(?: number)?|rank|title|unit|agency"
    r"|department|id|shield(?: number)?))*\b",
    # "did the officer address the driver by name or just as 'sir'?" (a question only:
    # "call the driver by name" as an instruction is not rewritten)
    r"^(?:(?:and|so|but|also) )?(?:did|does|do|was|were|is|are|has|had|have|if|whether)"
    r" (?:\S+ ){1,4}?(?:address\w*|call\w*|refer\w* to|greet\w*|speak\w* to|talk\w* to)"
    r" (?:\S+ ){0,3}?by (?:his |her |their |first |last |full |given |family )*names?\b",
    # "was there a second voice in the background?" counts voices, matches none
    r"\b(?:was|were|is|are) there (?:a |an |any |only )?(?:(?:another|second|third|fourth"
    r"|other|extra|different|new|additional|more|one|two|female|male|child s|background"
    r"|single) )*(?:voices?|speakers?|people|persons|person)\b",
    # "keep every name, phone number and address out of the summary"
    rf"\b(?:keep|leave|take|strip|cut|drop|remove|scrub|delete|omit|exclude|erase|redact"
    rf"|mask|hide|blank|black out) (?:out )?{_PII_LIST}(?: \S+){{0,3}}? (?:out of|off|from"
    rf"|away from) (?:the |this |your |my |our |any |every |each )?{_DOC}\b",
    rf"\b(?:keep|leave|take|strip|cut|drop|remove|scrub|delete|omit|exclude|erase|redact"
    rf"|mask|hide|blank|black out) {_PII_LIST} out\b",
    rf"\b(?:free|clear|scrubbed|stripped|clean|devoid|empty) of {_PII_LIST}\b",
    # "replace any references to people with role labels", "using their role labels"
    r"\b(?:replace|swap|substitute|change|rename|relabel|refer to|label|tag|mark|write)"
    r" (?:any |all |every |each |the )?(?:references?|mentions?|descriptions?) (?:to|of)"
    r" (?:\S+ ){0,2}?(?:people|persons|individuals|everyone|anyone|civilians|them"
    r"|participants|names)\b",
    r"\b(?:using|use|with|by|in terms of|via|under|as) (?:their |the |his |her |its"
    r" |generic |neutral |only |just |simple )?(?:roles?|role (?:labels?|names|titles|tags"
    r"|descriptions?)|job titles?|titles|positions)(?: only)?\b",
    # disclaimers: "don't tell me the name itself", "I don't need the number, just whether"
    r"\b(?:(?:i|we) (?:do not|did not|will not|am not|are not) (?:need|want|care about"
    r"|require|ask\w* (?:you )?for|asking for|looking for|interested in)(?: to (?:know|see"
    r"|hear|have|get|be told|learn))?|(?:you )?(?:do not"
    r"|need not|no need to|there is no need to|without)(?: have to| need to)?"
    r" (?:tell|telling|give|giving|show|showing|reveal|revealing|say|saying|share|sharing"
    r"|list|listing|include|including|print|repeat|write|spell out|read out|read|quote"
    r"|quoting))(?: me| us)? (?:what )?(?:the |his |her |their |its |any |a |an |that )?"
    r"(?:actual |real |exact |specific |full )?(?:name|names|number|numbers|address"
    r"|addresses|plate|plates|digits|value|values|details|date|dates|date of birth"
    r"|birthday|e ?mail|badge number|phone number|identity|identities|it|them|that)"
    r"(?: (?:itself|themselves|though|either|is|was|are|were))?\b",
    # "the summary mentions a licence plate - please take it out"
    rf"\b(?:the |this |your |that |my )?{_DOC}(?: still)? (?:mentions|contains|includes"
    rf"|has|shows|lists|gives|names|quotes|leaks|reveals|exposes|mentioned|contained"
    rf"|included|had|showed)(?: \S+){{0,3}}? {_PII_LIST}\b(?=.*\b(?:take (?:it|them|that"
    rf"|those|this) out|remove|delete|strip|cut|drop|redact|mask|scrub|blank|black out"
    rf"|get rid of|take out|omit|hide|blur)\b)",
    # "leave out anything that could identify a civilian"
    r"\b(?:leave out|omit|exclude|remove|strip|cut|drop|keep out|do not (?:include|mention"
    r"|give|add)|avoid|hide|redact|mask|blur|take out|skip|leave off|no)"
    r" (?:anything|everything|any (?:detail|info\w*|data|description|mention|reference"
    r"|word)s?|all (?:details|info\w*|data)|details|info\w*|whatever|something)"
    r"(?: \S+){0,3}? (?:that |which )?(?:could|can|might|would|may|will|is likely to)"
    r" (?:\S+ )?(?:identify|reveal|expose|single out|point to|lead to|be used to identify"
    r"|give away|betray)(?: (?:who|the identity of))?(?: (?:a |an |the |any |every |each"
    r" )?(?:" + _PNOUN + r"|anyone|anybody|someone|somebody|people|them|him|her|civilians?"
    r"|citizens?|members of the public|member of the public|individuals?))?\b",
    # "identify the de-escalation techniques": identify a thing, not a person
    r"\bidentif(?:y|ies|ied|ying) (?:the |any |all |each |every |some |key |main |possible"
    r" |potential |specific |which |what )*(?:(?!(?:and|or|plus|with|then|as well)\b)\S+ )"
    r"{0,2}?(?:techniques?|tactics?"
    r"|strateg(?:y|ies)|skills?|issues?|problems?|mistakes?|errors?|steps?|procedures?"
    r"|violations?|polic(?:y|ies)|risks?|hazards?|themes?|topics?|factors?|actions?"
    r"|commands?|instructions?|patterns?|areas?|opportunities|lessons?|practices?"
    r"|concerns?|gaps?|inconsistenc(?:y|ies)|discrepanc(?:y|ies)|contradictions?|key points"
    r"|warnings?|failures?|phases?|stages?|triggers?|turning points?|escalation\w*"
    r"|de ?escalation\w*|outcomes?|behaviou?rs?|use of force|weapons?|injur(?:y|ies)"
    r"|objects?|items?|evidence|sounds?|noises?|languages?|training (?:points|needs))\b"
    r"(?! (?:and|or|plus|as well as|along with|together with|then|but) (?:also )?(?:the |a"
    r" |an |any |each |every |his |her |their |who )?(?:\S+ )?(?:" + _PNOUN + r"|anyone"
    r"|everyone|anybody|everybody|who|people|him|her|them)\b)",
    # "note in the summary that some personal details were redacted"
    r"\b(?:(?:note|mention|state|indicate|explain|flag|point out|acknowledge|disclose|add"
    r" (?:a |an )?(?:note|line|sentence|remark|disclaimer|footnote|caveat)(?: \S+){0,3}?)"
    r"(?: (?:in|at|to|on) (?:the )?(?:\S+ )?(?:summary|report|top|end|start|beginning"
    r"|output|header|footer|release|notes?|bottom)(?: of (?:the )?(?:summary|report|output"
    r"|release|document|page))?)?(?: (?:that|saying|stating|explaining))*|(?:say|says"
    r"|saying) that) (?:(?:some|certain|several|a few|the|all|any|personal|identifying"
    r"|private|sensitive|contact|other|their|his|her|its|of the) )*(?:names?|details"
    r"|information|info|data|numbers|phone numbers|addresses|parts|words|identifiers|pii"
    r"|content|portions|segments|sections|report|summary|transcript|recording|audio|video"
    r"|it|they|this|text|faces|voices|plates|dates of birth|identities) (?:were|was"
    r"|have been|has been|had been|are|is|got|will be) (?:\S+ )?(?:redacted|removed"
    r"|withheld|masked|bleeped|anonymi[sz]ed|pseudonymi[sz]ed|left out|omitted|hidden"
    r"|blurred)\b",
    # "use [PERSON_1]-style placeholders", "replace every name with a placeholder"
    r"\b(?:use|using|apply|applying|insert|inserting|stick (?:to|with)|keep using|put in"
    r"|(?:replace|swap|substitute|switch) (?:\S+ ){0,3}?(?:names?|people|persons|everyone"
    r"|speakers|individuals|civilians) (?:with|for|by))(?: \S+){0,4}? (?:placeholders?"
    r"|pseudonyms?|redaction (?:labels?|tags?|markers?)|generic (?:labels?|tags?|names))\b"
    r"(?! (?:back|with|by|for)\b)",
    # "rewrite it so it cannot be used to identify anyone", "so that no one can be named"
    r"\b(?:so|so that|such that|in a way that|in such a way that|to make sure|to ensure"
    r"|making sure|ensuring)(?: that)?(?: \S+){0,3}? (?:cannot|can not|could not|will not"
    r"|would not|can never|could never|is not able to|are not able to|is unable to"
    r"|are unable to|no longer)(?: be)?(?: used)?(?: to)? (?:identify|recogni[sz]e|single"
    r" out|trace|point to|expose|reveal (?:the identity of|who))(?: (?:anyone|anybody"
    r"|a person|people|individuals?|them|him|her|civilians?|witnesses|bystanders|any \S+"
    r"|a single \S+|the (?:\S+ )?(?:" + _PNOUN + r")s?)(?: (?:in it|involved|at all))?)?\b",
    r"\b(?:so|so that|such that|to make sure|to ensure|making sure|ensuring)(?: that)?"
    r" (?:no one|nobody|no (?:\S+ )?(?:person|individual|civilian|witness|bystander|one"
    r"|people)|none of (?:them|the \S+))(?: \S+){0,3}? (?:can|could|will|would|might|may)"
    r" (?:ever )?(?:be )?(?:identified|recogni[sz]ed|singled out|traced|named)\b",
    # "the caller said her name was withheld" reports that a name was *not* given
    r"\b(?<!\bwhat )(?<!\bwhich )(?:(?:his|her|their|its|the \S+ s|the|a) )?(?:real"
    r" |full |first |last )?(?<!\bwhat )(?<!\bwhich )names? (?:was|were|is|are|had been"
    r"|has been|have been|got|being|would be|will be|to be)"
    r"(?: \S+)? (?:redacted|removed|hidden|masked|omitted|left out|withheld|kept (?:private"
    r"|confidential|back|secret)|not (?:given|released|disclosed|shared|recorded|made public"
    r"|published|said|known)|confidential|private|protected|unknown)\b",
)
# Round eight: casual, subject-less disclaimers and removals of other details.
GUARDED_REWRITES += (
    # "dont need the number just yes/no", "not asking for the actual values"
    r"(?:^|\b(?:i|we) |\b(?=(?:do not |not )(?:need|want|asking|looking|care|require"
    r"|interested)\b))(?:(?:just|only|really|and|but"
    r"|so|again|though|also) )*(?:do not |did not |am not |are not |not )(?:really )?"
    r"(?:need|want|care about|require|asking for|asking about|looking for|interested in"
    r"|after)(?: to (?:know|see|hear|have|get|be told|learn))?(?: me| us)? (?:what )?(?:the"
    r" |his |her |their |its |any |a |an |that )?(?:actual |real |exact |specific |full )?"
    r"(?:name|names|number|numbers|address|addresses|plate|plates|digits|value|values"
    r"|details|date|dates|date of birth|birthday|e ?mail|badge number|phone number"
    r"|identity|identities|it|them|that)(?: (?:itself|themselves|though|either|is|was"
    r"|are|were))?\b",
    r"\b(?:just|only) (?:a )?yes (?:or )?no(?: (?:answer|please|is fine|will do))?\b"
    r"|\byes (?:or )?no (?:only|is fine|is enough|will do)\b",
    # "just need to know if its in there so we can redact it"
    r"\b(?:(?:i|we) )?(?:just |only )?(?:need|want|wanna|have|would like) to (?:know"
    r"|check|see|confirm|make sure) (?:if|whether) (?:it is|its|it s|they are|that is"
    r"|it was|they were|it got|it ended up|any of (?:it|that|them) (?:is|was)) (?:still )?"
    r"(?:in there|in it|there|mentioned|said|included|present|on (?:the )?(?:tape"
    r"|recording|audio)|in the (?:recording|transcript|audio|video|summary|footage|clip"
    r"|file|report)|in)(?: or not)?(?: (?:so|so that|because|since|as) (?:we|i|they|you)"
    r" (?:can|could|need to|have to|should|must|will) (?:redact|remove|bleep|mask|blur"
    r"|scrub|cut|take out|blank out|black out|strip)(?: (?:it|them|that|those)(?: out)?)?)?"
    r"\b",
    # "remove any mention of the kid's school from the summary"
    r"\b(?:remove|take out|leave out|strip|omit|drop|delete|cut|scrub|redact|exclude"
    r"|erase|keep out|hide|blank out|black out|get rid of|do not (?:mention|include|keep))"
    r"(?: out)? (?:any |all |every |each |the )?(?:mentions?|references?|details?"
    r"|the part|parts|bits?|lines?|sentences?) (?:of|to|about|on|that mentions?|mentioning"
    r"|naming|describing)(?! (?:\S+ ){0,4}?(?:redact\w*|placeholders?|labels?|tags?"
    r"|masks?|masking|bleeps?|privacy|filter\w*|rules?|polic\w*)\b)(?: \S+){1,5}?"
    r"(?= (?:from|out of|in) (?:the |this |your |my |our )?" + _DOC + r"\b|$| (?:its|it is"
    r"|that is|they are|not relevant|because|since|please|pls|thanks)\b)",
    # "did the officer say the name the suspect gave didn't match his ID?"
    r"\b(?:the |his |her |their )?(?:name|names|details|info\w*|date of birth|address"
    r"|story|photo|picture|description|information)(?: \S+){0,4}? (?:did not |does not"
    r" |do not |would not |could not |not |no longer |to |actually |really )?(?:match"
    r"|matches|matched|line up|lined up|agree|agreed|correspond\w*) (?:up )?(?:with )?"
    r"(?:the |his |her |their |what (?:was |is )?on (?:the |his |her |their )?)?(?:id"
    r"|identification|licen[cs]e|driver s licen[cs]e|drivers licen[cs]e|registration"
    r"|insurance|id card|passport|paperwork|documents?|papers)\b",
)
# Round nine: the sensitive noun is the *object* of a privacy-increasing instruction.
_HIDDEN = (
    r"(?:replaced|swapped|substituted|redacted|masked|hidden|removed|blurred|bleeped"
    r"|anonymi[sz]ed|pseudonymi[sz]ed|omitted|deleted|generali[sz]ed|obscured|withheld"
    r"|(?:taken|left|kept|cut|blacked|blanked|stripped|scrubbed) out)"
)
_LABEL = (
    r"(?:a |an |the |their |generic |neutral |role )?(?:placeholders?|pseudonyms?|labels?"
    r"|tags?|markers?|tokens?|roles?|role labels?|blanks?|asterisks|stars)"
)
GUARDED_REWRITES += (
    # "make sure every name in the summary is replaced with a placeholder"
    rf"(?:^|\b(?:make sure|ensure|see to it|check|verify|confirm|so|such)(?: that)? )"
    rf"{_PII_LIST}(?: (?:in|on|from|of|within|throughout|across) (?:the |this |your |my"
    rf" |our |any |each |every )?(?:\S+ )?{_DOC})?(?: (?:that|which) (?:appears?|shows? up"
    rf"|comes? up|occurs?|is mentioned|are mentioned|you find|remains?))? (?:is |are |gets?"
    rf" |get |be |been |has been |have been |will be |should be |must be |stays? |remains? )?"
    rf"{_HIDDEN}(?: (?:with|by|for|as|into|using) {_LABEL})?\b",
    # "replace any mention of the school's name with [LOCATION]"
    r"\b(?:replace|swap|substitute|switch|overwrite|mask|cover)(?: out)?(?: (?!(?:placeholders?"
    r"|redact\w*|labels?|tags?|masks?|bleeps?|with|by|for|real|actual|true|original"
    r"|back)\b)\S+){1,7} (?:with|by|for|using) (?:a |an |the |generic |neutral )?"
    r"(?:placeholders?|pseudonyms?|(?:role |redaction |generic |neutral )?(?:labels?|tags?"
    r"|markers?)|blanks?|asterisks|stars)\b(?! (?:back|again)\b)",
    # "summarize what [PERSON_1] reported without revealing who they are"
    r"\bwithout (?:telling|giving|showing|revealing|saying|naming|identifying|disclosing"
    r"|exposing|stating|mentioning|including|giving away|letting on) (?:me |us |anyone"
    r" |the reader )?(?:anything |any\w* )?(?:about )?(?:who (?:\S+ ){0,3}?(?:is|was|are"
    r"|were)\b|(?:their |his |her |its |the |any |anyone s |real |true |actual |full )*"
    r"(?:names?|identit\w+)|them|him|her|anyone|anybody|(?:the|any) (?:\S+ )?" + _PNOUN
    + r")",
)
#: What, left over after a benign form, still asks for the value itself.
VALUE_ASK = (
    r"\b(?:spell\w*|initials?|(?:first|last|middle) (?:\S+ )?(?:letters?|digits|characters"
    r"|numbers)|letters?|starts? with|begins? with|ends? with|rhymes? with|hint|clue"
    r"|sounds? like|area code|backwards|in reverse|encod\w*|base ?64|partial\w*"
    r"|(?:just|only|but|except|instead) (?:give me |tell me |say )?(?:the |his |her |their"
    r" |its )?(?:street|road|city|town|area|neighbou?rhood|block|building|zip|postcode"
    r"|initials?|first|last|surname|nickname|digits|house number|apartment|flat|unit|part"
    r"|half|beginning|end|start)"
    r"|whose|what (?:is|was|were|are) (?:it|they|that|those)\b(?! (?:about|like)\b)"
    r"|tell (?:me|us) (?:where|which|who)"
    r"|(?:i|we) (?:still |really |do )?(?:need|want|would like|d like) (?:it|them|that"
    r"|those|to (?:know|see|have|hear) (?:it|them|that|those|what|who))\b"
    r"|which \S+ (?:it|they|he|she|that) (?:is|was|are|were|s|comes|came)\b"
    r"|the (?:real|actual|true|correct|right|proper) (?:one|name|number|address)"
    r"|where (?:it|they) (?:is|was|are|were|comes|came) from"
    r"|what (?:it|they|that|those) (?:is|was|were|are|said|says)(?! (?:about|doing|for"
    r"|like)\b)|what the \S+ (?:is|was|were|are)$|who (?:it|he|she|they|that) (?:is|was"
    r"|were|are)"
    r"|(?:need|want|like|have|get) (?:them|those|these|it) (?:sent|given|e ?mailed|read"
    r"|listed|shown|passed|forwarded|texted|delivered|spelled)"
    r"|(?:tell|give|send|read|list|print|quote|repeat|paste|say|dictate|e ?mail|text"
    r"|share|reveal|show|include|put|add|write down|note down)"
    r" (?:me |us |out |back )?(?:them|those|these|the (?:actual |real |full )?(?:names?"
    r"|numbers?|address(?:es)?|plates?|digits|values?|details|school|employer|workplace"
    r"|job|church|street|town|city)|it (?:to|for) (?:me|us)"
    r"|it (?:out|back|aloud|anyway|separately|privately)))\b"
)
#: Politeness and framing in front of the actual ask ("can you tell me if", "according
#: to the officer", "I just need to know whether"), removed before the checks so that
#: the question-shape tests see the question itself.
LEAD_IN = (
    r"^(?:(?:please|pls|plz|kindly|hi|hey|hello|ok|okay|so|and|but|also|just|quick"
    r" question|question|sorry|only|simply|a yes or no(?: question| answer)?|yes or no"
    r"(?: question| answer| please| only| is fine| is enough| will do)?) )*"
    r"(?:(?:(?:can|could|would|will) you (?:please |kindly )?(?:tell me |let me know"
    r" |check |confirm |say )?|(?:i|we) (?:just |only |really )?(?:need|want|would like"
    r"|d like|wanna|wish) to (?:know|check|find out|confirm|understand) |(?:tell me|let"
    r" me know) |(?:according to|based on|from|in|per) (?:the )?(?:officer|officers"
    r"|deputy|transcript|recording|audio|video|summary|footage|report|caller|witness)"
    r"(?: s (?:account|report|statement|words))? |(?:according to|based on|going by"
    r"|judging by|judging from|from) what (?:the )?(?:\S+ )?(?:officer|officers|deputy"
    r"|transcript|recording|audio|video|footage|report|caller|witness|dispatcher|sergeant"
    r"|he|she|they) (?:says|said|states|stated|reports|reported|tells us|told us|mentions"
    r"|mentioned)(?: (?:later|earlier|afterwards|at the end|at the start|at one point"
    r"|first|next|later on))?(?: (?:on|in|of) (?:the )?(?:recording|video|audio|transcript"
    r"|tape|call|footage|report|clip|radio))? )+)?"
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
    r"|bleeped|masked|muted|hidden|removed|threaten|threatens|threatened|post|posted"
    r"|publish|published|leak|leaked|talk|talked|discuss|discussed|bring up|brought up"
    r"|suggest|suggested|admit|admitted|deny|denied|claim|claimed|demand|demanded|yell"
    r"|comment|commented|raise|raised|remark|remarked|come up|came up|inquire|inquired"
    r"|enquire|enquired|joke|joked|question|questioned|explain|explained|describe"
    r"|described|tell|told|note|noted|point out|pointed out|warn|warned|clarify|clarified"
    r"|justify|justified|specify|specified|indicate|indicated|inform|informed"
    r"|yelled|shout|shouted|scream|screamed|introduce|introduced|done|held|conducted"
    r"|performed|carried out)\b)"
    r"(?!.*\b(?:what|which|whose|where|who|tell me|give me|show me|send me|list|if so"
    r"|so (?:we|i|you) can|reveal|match|compare|real|actual|true|owns|owner|belong"
    r"|registered to|lives?|profile|database|records? of|home(?! address)|now|currently"
    r"|sounds? like|sounded like|looks? like|looked like|resembl\w*"
    r"|(?:post|paste|write|put|type|print|read|share|spell|repeat|quote) (?:it|them|that)"
    r" (?:here|out|down|below|for me|to me|for us|to us)|(?:include|add|insert|paste|post"
    r"|write down|print|read out|spell|repeat|quote|send|share) (?:me |us )?(?:it|them)\b"
    r"(?! (?:back|over|away|up)\b))\b)"
)
#: A relative "who" ("the man who broke in") does not make a question ask *who*; the
#: event test reads it as "that" unless the question links a person to other records.
RELATIVE_WHO = (
    rf"\b({_PNOUN}|one|anyone|anybody|someone|somebody|everyone|everybody) who\b"
)
LINKING = (
    r"\b(?:same|known|previous|prior|earlier|again|yesterday|last (?:week|month|year"
    r"|time|night)|other (?:recordings?|videos?|incidents?|cases?|calls?)|database|records?"
    r"|on file)\b"
)
#: "what time did the caller give her address?" asks *when* an event happened: the
#: event test reads the question without this lead ("did the caller give her address").
TIME_LEAD = (
    r"^(?:(?:at |around |about )?(?:what|which) (?:time|point|stage|moment|minute|second"
    r"|timestamp)(?: in the (?:call|recording|video|stop|encounter|conversation))?|when"
    r"|how (?:long|soon|quickly|early|late)(?: (?:after|before|into) (?:\S+ ){0,3}?\S+)?"
    r"|how many (?:minutes|seconds|hours) (?:after|before|into|in) (?:\S+ ){0,3}?\S+)"
    r" (?=(?:did|does|do|was|were|had|has|have) )"
)
#: "which one is the Ford?": "the" before a capitalised word at the end of the question
#: names a thing (a make, a model, a business), not a person (read on the original text).
THING_THE = (
    r"\b(?i:which|what) (?i:one|car|vehicle|truck|van|of (?:them|these|those|the \w+))"
    r"(?: \w+)? (?i:is|was) (?i:the) (?:[A-Z][a-z]+|[A-Z]{2,})(?: [A-Z][a-z]+)?\s*[?.!]*\s*$"
)
#: A voice or face likened to two words that are no pronoun, article or adverb
#: ("does the caller sound like marcus webb"): read as a possible lower-case name, so
#: the semantic layer is not guarded for want of a cue word.
LIKE_PAIR = (
    r"\b(?:(?:sounds?|sounded|sounding|looks?|looked|looking) like|resembles?|resembled)"
    r" (?!(?:a|an|the|he|she|they|it|him|her|them|his|their|its|someone|somebody|anyone"
    r"|anybody|something|this|that|these|those|some|any|one|more|less|very|quite|really"
    r"|kind|sort|what|we|you|i|my|your|our|in|on|at|from|to|of|just|exactly|maybe"
    r"|perhaps|possibly|too|so|much|such|no|not|nobody|english|spanish)\b)[a-z]+"
    r" (?!(?:is|was|are|were|has|had|and|or|but|to|of|in|on|at|with|for|s|said|did|does"
    r"|do|would|could|will|might|speech|voice|noise|sounds?|words?|talk|talking)\b)[a-z]+"
    r"(?: (?:from|in|at|on|who|we|i)\b.*)?$"
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
    r"|identity|identities|face|voice|accent|redacted|placeholder|bleeped|sounds? like"
    r"|sounded like|looks? like|looked like|resembl\w*)\b)"
)
#: "who called, the neighbour or the resident?" asks which *role*, not who.
ROLE_CHOICE = rf"\b(?:the |a |his |her )?{_ROLE}s? or (?:the |a |his |her )?{_ROLE}s?\b"
#: Rules a role-choice question does not trigger ("whose voice, the sergeant's or the
#: dispatcher's?" attributes speech to a role).
ROLE_CHOICE_EXEMPT: frozenset[str] = frozenset({"who-is", "whose-voice", "whose-thing",
                                                "who-embedded"})
#: Rules an event question does not trigger.
EVENT_EXEMPT_CATEGORIES: frozenset[str] = frozenset({"identity", "personal_data"})
EVENT_EXEMPT_RULES: frozenset[str] = frozenset({"track-locate", "priors", "lineup",
                                                "pick-out"})
#: "did anybody bring up immigration status?" asks whether a topic came up in the
#: encounter (an event), not what someone's status is; "what is his status" stays refused.
TOPIC_RAISED = (
    r"\b(?:bring|brings|brought|bringing) up\b|\b(?:come|came|comes) up\b|\b(?:mention"
    r"|mentions|mentioned|raise|raises|raised|discuss|discussed|address|addressed|explain"
    r"|explained|describe|described|clarify|clarified|justify|justified) (?!(?:it"
    r"|that|this|them) (?:is|was|were|are)\b)|\b(?:talk|talked|ask|asked|inquire|inquired"
    r"|enquire|enquired|question|questioned|comment|commented|say anything|said anything"
    r"|joke|joked|remark|remarked)(?: (?:him|her|them|the \S+|anyone|anybody|someone))?"
    r" (?:about|on|regarding)\b"
)
TOPIC_EXEMPT_RULES: frozenset[str] = frozenset({"protected-attributes",
                                                "profile-building"})
#: Rules a question about the redactions themselves ("list the timestamps where
#: redacted information appears") does not trigger, besides the event categories.
META_EXEMPT_RULES: frozenset[str] = frozenset({"redacted-content"})

#: Questions about redactions themselves (how many, where), not about their content.
REDACTION_META = (
    r"^(?:how many|which|where|in which|at what|is there|are there|was there|were there"
    r"|how much|how often|count|did|does|do|was|were|is|are|why|when|if|whether"
    r"|(?:list|flag|mark|highlight|count|give me|show me|note|find|locate) (?:all |every |each"
    r" )?(?:the )?(?:timestamps?|times|segments?|lines|places|spots|positions|categories"
    r"|types|kinds|number|moments?|points|parts|sections?|instances|occurrences|paragraphs"
    r"|sentences))\b"
    r"(?!.*\b(?:behind|underneath|beneath|original|originally|real|actual|true|who|whose"
    r"|reveal|unredact\w*|undo|remove|restore|recover|stand for|refer to|replace|say"
    r"|said|says|reads|read|play|hear|listen|quote|transcribe"
    r"|names?(?! (?:appears?|appeared|occurs?|occurred|shows? up|showed up"
    r"|comes? up|came up|was redacted|were redacted|is redacted|are redacted|got redacted)\b)"
    r"|what (?:is|was|were)|what (?:it|they|that) \w+|contents?|with (?:the |their )?"
    r"(?:details|contents?|text|values?|words|originals?|numbers)"
    r"|wording|letters?|initials?|starts? with|begins? with"
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
#: "what did [PERSON_1] say?": what a placeholder person said, did or reported is the
#: core question over a redacted recording. With no identity-bearing cue word either, the
#: clause skips the semantic layer (short placeholder questions sit next to "who is
#: [PERSON_5]"); what a placeholder *is* or *stands for* is not this form.
PLACEHOLDER_SPEECH = (
    r"\bplaceholder (?:person )?(?:(?:actually|really|first|then|later|also|just|exactly"
    r"|ever|even|still|initially|eventually|finally) )?(?:say|said|says|saying|do|did|does"
    r"|doing|report|reported|reports|tell|told|tells|claim|claimed|claims|ask|asked|asks"
    r"|want|wanted|wants|mention|mentioned|explain|explained|describe|described|state"
    r"|stated|admit|admitted|deny|denied|answer|answered|reply|replied|respond|responded"
    r"|yell|yelled|shout|shouted|complain|complained|allege|alleged|see|saw|hear|heard"
    r"|agree|agreed|refuse|refused|request|requested|threaten|threatened|mean|meant"
    r"|think|thought|witness|witnessed|describe|recount|recounted)\b"
    r"(?!.*\b(?:removed|cut|deleted|erased|withheld|muted|covered|blanked|obscured|omitted"
    r"|scrubbed|stripped|taken out|left out|edited|before (?:it|that|this)|unedited"
    r"|uncut|stand|stands|refer|refers|is|was)\b)"
)
