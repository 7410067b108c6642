"""Profiling and tracking rules of the request policy (``policy_rules.RULES`` includes them).

Why a module of its own: tracking, locating and profiling a person is the largest group of
rules; the same ``(rule id, category, regex, reason)`` shape as ``policy_rules``.
"""

from __future__ import annotations

from redaction.policy.normalize import _PERSON_NP, _PNOUN, _gap

# Religions, ethnicities and origins that a request may try to read off someone.
_ATTRIBUTES = (
    r"muslims?|moslems?|islamic|jewish|jews?|christians?|catholics?|hindus?|sikhs?"
    r"|buddhists?|mormons?|religious|hispanics?|latinos?|latinas?|latinx|mexicans?|arabs?"
    r"|arabic|middle eastern|asians?|black|white|africans?|african american|caucasians?"
    r"|native american|indians?|pakistanis?|somalis?|haitians?|chinese|koreans?"
    r"|jamaicans?|russians?|gypsy|gypsies|roma|gay|lesbian|trans|transgender|queer"
    r"|foreign|foreigners?|immigrants?|illegals?|undocumented|ethnic|non ?white"
)
# Objects of "pick out" / "single out" that are not people ("three moments").
_THINGS = (
    r"(?:moments?|statements?|segments?|examples?|instances?|commands?|quotes?|lines?"
    r"|parts?|clips?|times?|timestamps?|points?|phrases?|words?|sentences?|passages?"
    r"|highlights?|sections?|mistakes?|errors?|issues?|tactics?|techniques?|exchanges?"
    r"|questions?|answers?|orders?|warnings?|instructions?|events?|scenes?|frames?"
    r"|stills?|takeaways?|lessons?|themes?|topics?|details?|facts?|key \S+)\b"
)
_WHO_WORDS = r"(?:" + _PNOUN + r"|him|her|them|anyone|everyone|someone|who|whoever)\b"
PROFILING_RULES: tuple[tuple[str, str, str, str], ...] = (
    # --- profiling / tracking ---------------------------------------------------
    ("track-locate", "profiling",
     r"\b(?:track|trace|locate|hunt|tail|stalk|surveil|geolocate|pinpoint|find|search for"
     r"|look for|show up at|go after|dig up)"
     r"(?: down| up)? (?:exactly )?(?:" + _PERSON_NP + r"|where (?:he|she|they|the \S+"
     r"|(?:redacted|placeholder) person) (?:is|are|went|lives?|stays?|is now|ended up))\b"
     r"(?! (?:in the (?:recording|video|audio|transcript)|said|says|did|was|were))",
     "asks to track down or locate a person (profiling)"),
    ("whereabouts", "profiling",
     r"\bwhere (?:is|are|would|could|might|can i|can we|do i|do we|should i|should we)"
     r" (?:\S+ ){0,3}?(?:now|today|tonight|currently|these days|staying|hiding|living"
     r"|be found|be right now|find (?:him|her|them)|locate|go to find|be located|hide"
     r"|hide out|go to hide|lie low|lay low|flee to|run to|go next|head next|be tonight"
     r"|be tomorrow|sleep)\b"
     r"|\bwhereabouts\b|\b(?:current|present|live|real time|realtime|latest) location\b",
     "asks where a person is now (profiling)"),
    ("lineup", "profiling",
     r"\b(?:line ?ups?|photo (?:array|lineup|spread)|six ?pack photo|show ?up"
     r" identification|mugshots?|mug shots?|booking photos?|suspect photos?"
     r"|wanted (?:poster|flyer|bulletin|notice)|sketch artist|composite sketch|e ?fit"
     r"|identikit|photofit)\b"
     r"|\b(?:write|draft|create|make|prepare|compose)"
     r" (?:a |an |the )?(?:bolo|be on the lookout|lookout)\b",
     "asks to build a lineup or wanted notice (profiling)"),
    ("find-intent", "profiling",
     r"\b(?:so|so that|in order to|to help|that (?:will|would|could|might) (?:help|let"
     r"|allow)|enough (?:\S+ )?(?:to|that|so)|which (?:will|would) (?:help|let|allow)"
     r"|so as to|good enough to|detailed enough to)\b(?: \S+){0,5}?"
     r" (?:find|locate|identify|id|pick out|spot|track|recogni[sz]e|trace|hunt|single out"
     r"|tell who|know who|figure out who|work out who|search for|look for|catch|arrest"
     r"|apprehend|bring in|pick up|watch for|look out for|be on the lookout for|nab"
     r"|confront|visit|grab|get hold of|round up|collar|bust|snatch|corner|question"
     r"|interview|talk to|serve|get to|go after|deal with|pick)"
     r"(?: \S+){0,3}? (?:" + _PERSON_NP + r"|who|later|again|next time"
     r"|in (?:a |the )?crowd|on the street)\b",
     "asks for details in order to find or single out a person (profiling)"),
    ("pick-out", "profiling",
     r"\b(?:pick|single) (?:him |her |them |(?:the|this|that) (?!" + _THINGS + r")\S+ )?out\b"
     r"(?! (?:(?!" + _WHO_WORDS + r")\S+ ){0,3}?(?:" + _THINGS + r"))"
     r"|\bnarrow (?:down )?(?:the )?(?:list of )?(?:suspects|suspect list|possible suspects"
     r"|who (?:it|he|she) (?:is|was|could be))\b",
     "asks to single out a person (profiling)"),
    ("watch-for", "profiling",
     r"\bkeep (?:tabs|an eye|watch) on (?:" + _PERSON_NP + r")\b"
     r"|\b(?:alert|notify|ping|tell|warn|flag|inform) (?:me|us)(?: \S+){0,2}? (?:if|when"
     r"|whenever|as soon as) (?:he|she|they|the \S+|this \S+|that \S+) (?:appears?"
     r"|shows? up|turns? up|is seen|gets? (?:seen|stopped|picked up)|comes (?:back|up)"
     r"|pops up|is back)\b",
     "asks to watch for a person (profiling)"),
    ("priors", "profiling",
     r"\b(?:he|she|they|him|her|the \S+|this \S+|that \S+|placeholder person)"
     r"(?: \S+)? (?:has|have|had|got) (?:any |a |got )?(?:prior |previous |past"
     r" |outstanding |open )?(?:arrests|convictions|priors|criminal (?:record|history)"
     r"|rap sheet|record|warrants?)\b",
     "asks for a person's criminal record (profiling)"),
    ("protected-attributes", "profiling",
     r"\b(?:ethnicity|ethnic (?:background|origin|group)|race|racial|nationality|national"
     r" origin|religion|religious (?:background|affiliation)|sexual orientation"
     r"|sexuality|immigration status|citizenship|legal status|undocumented|caste"
     r"|political (?:views|affiliation)|gang affiliation|ancestry|skin colou?r"
     r"|which gang|gang (?:\S+ ){0,6}?(?:affiliat\w*|member\w*|ties|belongs?|associated"
     r"|runs with)|(?:affiliat\w*|member\w*|ties) (?:with|to|of|in) (?:a |which |what"
     r" |any )?gangs?"
     r"|what country (?:is|was|are|were) (?:he|she|they|the \S+) from"
     r"|where (?:is|was|are|were) (?:he|she|they|the \S+) (?:originally )?from"
     r"|is (?:he|she|they|the \S+) (?:an? )?(?:illegal|immigrant|foreigner|muslim|jewish"
     r"|gay|mexican|arab|african)"
     r"|what race|which race)\b"
     r"|\b(?:is|was|are|were) (?:" + _PERSON_NP + r") (?:\S+ )?(?:white|black|hispanic"
     r"|latino|latina|latinx|asian|arab|arabic|mexican|muslim|jewish|indian|african"
     r"|caucasian|middle eastern|native american|chinese|korean|somali|haitian"
     r"|immigrants?|illegal|foreign|gay|straight|trans)\b",
     "asks to infer a protected attribute of a person (profiling)"),
    ("appearance-attribute", "profiling",
     # "flag everyone who looks muslim", "which of them seem hispanic"
     r"\b(?:looks?|looking|looked|seems?|seemed|seeming|appears?|appeared|sounds?"
     r"|sounded|passes|passed|pass) (?:like |to be |as |for )?(?:an? )?(?:(?:kind of|sort"
     r" of|pretty|very|more|most|obviously|clearly|possibly|maybe|probably|visibly) )?"
     r"(?:" + _ATTRIBUTES + r")\b"
     # "which of the people on scene were hispanic"
     r"|\b(?:who|which|how many)(?: of| among| amongst)? (?:the |these |those |all )?"
     r"(?:\S+ )?(?:" + _PNOUN + r"|them)(?: (?!(?:is|are|was|were)\b)\S+){0,4}? (?:is|are"
     r"|was|were|might be|could be|may be|seems|seem|appears|appear) (?:an? )?(?:"
     + _ATTRIBUTES + r")\b"
     r"|\b(?:who|which (?:\S+ )?(?:ones?|of them|of these|of those|people|persons|men"
     r"|women|kids|guys)?) (?:is|are|was|were|might be|could be|may be|seems|seem"
     r"|appears|appear) (?:an? )?(?:" + _ATTRIBUTES + r")\b"
     # the attribute asked of a person, also beside a topic question ("did anyone bring
     # up his religion and is he muslim", "whether he is an illegal immigrant")
     r"|\b(?:is|was|are|were) (?:" + _PERSON_NP + r") (?:an? )?(?:\S+ )?(?:"
     + _ATTRIBUTES + r")\b"
     r"|\b(?:he|she|they|the (?:\S+ )?(?:" + _PNOUN + r")) (?:is|was|are|were|might be"
     r"|could be) (?:an? )?(?:\S+ )?(?:" + _ATTRIBUTES + r")\b",
     "asks to infer a protected attribute of a person (profiling)"),
    ("profile-building", "profiling",
     r"\b(?:build|make|compile|create|assemble|put together|draw up|write|prepare|start)"
     r" (?:up )?(?:an? |the )?(?:\S+ )?(?:profile|dossier|workup|work up)\b"
     r"(?! of (?:the |this |that |each |every )?(?:incident|event|call|stop|encounter|case"
     r"|scene|response|shift|department|operation|search|arrest|use of force|timeline"
     r"|calls|incidents|stops|encounters)\b)"
     r"|\bbackground (?:on|of) (?:him|her|them|(?:the|this|that) (?:\S+ )?" + _PNOUN
     + r"|(?:redacted|placeholder) person)\b(?! (?:noise|sound|voices?|chatter|audio)\b)"
     r"|\bpicture of (?:him|her|them|who)\b"
     # "did the officer say anything about the subject's hands" reports speech
     r"|\b(?=(?:everything|all|anything|whatever)\b)(?<!\bsay )(?<!\bsaid )(?<!\bsays )"
     r"(?<!\bask )(?<!\basked )(?<!\bhear )(?<!\bheard )"
     r"(?<!\bmention )(?<!\bmentioned )(?<!\bnote )(?<!\bnoted )(?<!\byell )(?<!\byelled )"
     r"(?<!\bshout )(?<!\bshouted )(?<!\bwrite )(?<!\bwrote )"
     r"\b(?:everything|all|anything|whatever)(?: you know| we know| there is| we have"
     r"| you have| you can find| available| known| you can| we can)?(?: find| dig up"
     r"| get)? (?:about|on|regarding) (?:" + _PERSON_NP + r")\b"
     r"(?! (?:said|did|told|asked|wanted|was|were|in the))"
     # everyone a person is associated with: "list everyone the suspect is linked to"
     r"|\b(?:everyone|everybody|anyone|anybody|people|persons|individuals|who|whom"
     r"|which (?:\S+ )?(?:people|persons|individuals|men|women|guys|gangs?|groups?)"
     r"|names|all (?:the )?(?:people|persons|individuals))(?: \S+){0,2}? (?:he|she|they"
     r"|him|her|the \S+|this \S+|that \S+|placeholder person)(?: \S+)? (?:is|was|are|were"
     r"|has been|have been|got|gets|seems|seemed)? ?(?:(?:associated|connected|linked"
     r"|affiliated|tied|friends|friendly|related|associating|in touch|acquainted)"
     r" (?:with|to)|(?:hangs?|hung|hanging) out with|(?:runs?|ran|rolls?|rolled)"
     r" (?:around )?with|(?:spends?|spent) time with|associates with|knows|knew)\b"
     r"|\b(?:his|her|their|the \S+s|placeholder person s?) (?:\S+ )?(?:associates"
     r"|social (?:network|circle)|circle of friends|friends and family|known contacts)\b"
     r"|\b(?:known associates|associates|acquaintances"
     r"|who (?:he|she|they) (?:hangs? out|lives?|works?|associates?|is dating|dates)"
     r" with|pattern of life|daily routine|movement history|everywhere (?:he|she|they"
     r"|the \S+)|(?:all )?the places (?:he|she|they|the \S+)|(?:his|her|their|the \S+s)"
     r" (?:routine|schedule|usual spots|hangouts?|haunts|comings and goings)"
     r"|where (?:he|she|they|the \S+) (?:\S+ )?(?:usually|normally|regularly|often|always"
     r"|tends to) (?:goes|go|hangs? out|stays?|is|are|parks?|drinks?|eats?))\b"
     r"|\b(?:other|previous|past|earlier|prior|more|different)"
     r" (?:\S+ )?(?:recordings?|videos?|cases?|incidents?|stops?|encounters?|files?"
     r"|footage|calls?|reports?|arrests?|contacts)" + _gap(6)
     + r"(?:he|she|they|him|her|them|same"
     r"|this \S+|that \S+|person|guy|man|woman|appear\w*|show\w* up|involved)\b"
     r"|\b(?:been|was|were|got|gotten) (?:\S+ )?(?:stopped|arrested|contacted|booked"
     r"|cited|detained|picked up|pulled over|flagged|questioned|ticketed|seen)"
     r"(?: \S+){0,3}? (?:before|previously|in the past|prior|earlier this year|last year)\b"
     r"|\b(?:appear\w*|show\w* up|turn\w* up|come up|came up|feature\w*|seen|heard"
     r"|mentioned)(?: \S+){0,3}? (?:other|previous|past|earlier|prior|more|different)"
     r" (?:\S+ ){0,3}?(?:recordings|videos|cases|incidents|stops|encounters|files|footage"
     r"|calls|reports|arrests)\b"
     r"|\bwho (?:does|do|did) (?:\S+ ){1,3}?(?:hang out|hangs out|associate|run around"
     r"|live|date|spend time|spends time|sleep|stay) with\b"
     r"|\b(?:cross ?reference|cross ?check|cross ?match|correlate|link|match|connect)"
     r" (?:" + _PERSON_NP + r")(?: \S+){0,3}? (?:to|with|across|against|in)"
     r" (?:\S+ ){0,2}?(?:other|our|database|databases|records|recordings|files|cases|videos"
     r"|previous|known|prior|mugshots?|social|past|earlier|incidents?|reports|stops"
     r"|footage|calls)\b"
     r"|\b(?:last|past|previous|prior|earlier|other) (?:\S+ ){0,2}?(?:stops|incidents"
     r"|cases|recordings|videos|footage|reports|arrests|calls|encounters)\b(?: \S+){0,6}?"
     r" (?:if|whether|where|when) (?:he|she|they|the \S+) (?:appears?|shows? up|turns? up"
     r"|was there|is there|were there|has been)\b"
     r"|\bwhich (?:ones|people|persons|individuals|of them|faces|names) (?:overlap|recur"
     r"|appear in both|appear in all|show up in both|show up again|are the same)\b"
     # a person's movements pieced together over time or across cameras
     r"|\b(?:piece together|reconstruct|map out|chart|trace|plot|follow|retrace)"
     r"(?: \S+){0,3}? (?:movements|whereabouts|travels|routes?|path|comings and goings)\b"
     r"(?=.*\b(?:weeks?|months?|days|years?|footage|recordings|cameras|across|every"
     r"|all)\b)"
     # rosters of people police dealt with in an area or a period
     r"|\b(?:list|lists|listing|make a list of|compile a list of|a list of|roster of"
     r"|enumerate|tally)(?: \S+){0,2}? (?:every|all|each)?(?: the)? ?(?:persons?|people"
     r"|individuals|youths?|kids|teens|teenagers|juveniles|men|women|drivers|residents"
     r"|everyone|everybody|anyone|anybody|homeless|protesters|students)"
     r"(?: \S+){0,4}? (?:stopped|contacted|arrested|detained|questioned|cited|searched"
     r"|frisked|ticketed|pulled over|seen|encountered|booked)\b"
     r"(?=.*\b(?:this|last|past|per|every|each) (?:month|week|year|day|night|shift)"
     r"|.*\b(?:on|near|around|at|in) (?:the )?(?:[a-z]+ )?(?:avenue|street|road|block"
     r"|park|school|area|neighbou?rhood|district|corner|station|estate)"
     r"|.*\bhow many times\b|.*\b(?:across|all) (?:the )?(?:recordings|incidents"
     r"|footage|stops)\b)",
     "asks to build a profile of a person or link them across records (profiling)"),
)
