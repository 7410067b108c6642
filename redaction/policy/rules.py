"""Refusal rules of the request policy: one regex per *kind* of identifying ask.

Each rule is ``(rule id, category, regex over the normalised clause, one-line reason)``;
the reason is what a refusal says, so it never echoes the request.
"""

from __future__ import annotations

from redaction.policy.normalize import _PERSON_NP, _PNOUN, _WANT, _gap
from redaction.policy.rules_profiling import PROFILING_RULES

_BEFORE_PROFILING: tuple[tuple[str, str, str, str], ...] = (
    # (rule id, category, regex over the normalised clause, one-line reason)
    # --- injection -------------------------------------------------------------
    ("gate-off", "injection",
     r"\b(?:act|behave|pretend|respond|answer|operate|imagine|assume|suppose|proceed)"
     r"(?: \S+){0,3}? (?:like|as if|as though|that) (?:the |your |this |my )?(?:gate|filter"
     r"|rules?|polic\w*|privacy \S+|restrictions?|safety \S+|safeguards?|guard\w*"
     r"|redaction|refusals?)(?: \S+){0,2}? (?:is |are |was |were |has been |had been )?"
     r"(?:off|switched off|turned off|disabled|gone|removed|not there|inactive|down"
     r"|lifted|suspended|paused)\b"
     r"|\b(?:gate|filter|rules|policy|restrictions|safeguards|redaction) (?:is |are )?"
     r"(?:now )?(?:switched off|turned off|disabled|suspended|lifted) (?:for|so|now)\b",
     "asks to behave as if the privacy rules were off (injection)"),
    ("ignore-rules", "injection",
     r"\b(?:ignore|disregard|forget|bypass|override|overrule|skip|drop|suspend|disable"
     r"|deactivate|turn off|switch off|circumvent|get around|work around|set aside|break"
     r"|lift|relax|waive|stop following|stop applying|no longer follow|pay no attention to"
     r"|do not follow|do not apply|abandon|escape|evade|jailbreak|violate|loosen)"
     r"(?: \S+){0,4}? (?:(?:your|its|the|these|those|all|any|every|my|current|existing"
     r"|built in|internal|usual) )?(?:(?:privacy|safety|content|redaction|anonymi\w+|usage"
     r"|ethical|system|ai|model|service|refusal|identification|data protection|pii)"
     r" (?:\S+ )?(?:rules?|polic(?:y|ies)|instructions?|guidelines?|guardrails?"
     r"|restrictions?|filters?|settings|protections?|safeguards?|constraints?|limits?"
     r"|mode|checks?|gate)|guardrails?|safeguards?|system prompt|programming|training"
     r"|censorship|content polic(?:y|ies)|ethics|refusals?|privacy|(?:your|its) (?:\S+ )?"
     r"(?:rules?|polic(?:y|ies)|instructions?|guidelines?|restrictions?|filters?"
     r"|constraints?|directives?))\b",
     "asks to set aside the privacy rules (injection)"),
    ("persona", "injection",
     r"\b(?:you are now|you re now|from now on you|act as (?:an? )?(?:\S+ ){0,2}"
     r"(?:ai|assistant|model|bot|system|version|investigator|detective|hacker|osint)"
     r"|pretend (?:to be|you are|that you are|you have no|there are no)|role ?play as"
     r"|pretend (?:\S+ ){0,5}?(?:does not|do not|did not|doesnt|dont|never) (?:exist|apply)"
     r"|(?:rules?|polic(?:y|ies)|restrictions?|guidelines?|filters?|privacy)"
     r" (?:do not|does not|no longer|dont|doesnt) apply"
     r"|developer mode|dan mode|do anything now|jailbr[eo]a?k\w*|god mode|admin mode"
     r"|debug mode|maintenance mode|unrestricted mode|no restrictions mode|sudo"
     r"|\w+gpt|(?:respond|answer|reply|behave|speak|talk) as (?!(?:an? |the )?(?:list"
     r"|table|summary|bullets?|bullet points|paragraphs?|json|markdown|plain text"
     r"|numbered|short|brief|concise|neutral))\S+"
     r"|reveals? everything|tells? (?:me )?everything (?:it|you) (?:hears?|knows?))\b",
     "asks the service to act without its privacy rules (injection)"),
    ("unrestricted", "injection",
     r"\b(?:unrestricted|unfiltered|uncensored|unaligned|unrestrained|unlimited)"
     r" (?:ai|assistant|model|mode|bot|version of (?:yourself|you)|llm|chatbot|system"
     r"|access|answers?|responses?|output)\b"
     r"|\b(?:without|with no|no) (?:any )?(?:rules|restrictions|filters|safeguards"
     r"|guardrails|censorship|privacy (?:rules|restrictions|protections|filters|limits))\b",
     "asks for an unrestricted mode (injection)"),
    ("authority-claim", "injection",
     r"\b(?:i am|i m|im|we are|this is) (?:an? |the |your )?(?:\S+ )?(?:authori[sz]ed"
     r"|cleared|detective|officer|cop|sergeant|lieutenant|captain|chief|admin"
     r"|administrator|supervisor|prosecutor|district attorney|judge|investigator|agent"
     r"|developer|owner|operator|law enforcement|police)\b" + _gap(12) +
     r"(?:so (?:you )?(?:can|may|must|should|are allowed)|allowed|authori[sz]ed"
     r"|authori[sz]ation|clearance|permission|cleared|entitled|override|exempt|privileged"
     r"|exception|rules do not apply|unlock|need (?:the|his|her|their) (?:real )?names?)\b"
     r"|\bas (?:an? |the |your )?(?:\S+ )?(?:admin|administrator|supervisor|developer|chief"
     r"|captain|commander|owner|operator) (?:i|we)\b"
     r"|\bi (?:have|got|hold) (?:a |the |proper |full |special )?(?:warrant|clearance"
     r"|authori[sz]ation|permission|subpoena|court order|admin rights|override)\b"
     r"|\b(?:admin|administrator|system|supervisor|developer|security) override\b"
     r"|\b(?:this request is|i am|you are) (?:fully |officially )?(?:authori[sz]ed|exempt"
     r"|cleared)\b",
     "claims an authority that would lift the privacy rules (injection)"),
    ("prompt-leak", "injection",
     r"\b(?:ignore|disregard|forget|override|replace|discard|overwrite|drop)"
     r" (?:all |any |the |your |of )*(?:previous|prior|above|earlier|preceding|former"
     r"|original|existing|initial) (?:\S+ )?(?:instructions?|prompts?|directions|rules"
     r"|messages|context|guidance|commands|directives|text|input|constraints)\b"
     r"|\b(?:ignore|disregard|forget) (?:all|everything) (?:previous|prior|above|earlier"
     r"|before|you were told|else)\b"
     r"|^(?:new|updated|revised) (?:system )?(?:instructions?|prompt|directives?|rules)\b"
     r"|\bsystem (?:prompt|message|instructions?|override)\b"
     r"|\b(?:print|reveal|show|repeat|output) (?:your |the )?(?:hidden |secret )?"
     r"(?:system prompt|instructions|configuration)\b",
     "tries to replace the service's instructions (injection)"),
    # --- unredaction -----------------------------------------------------------
    ("same-voice-elsewhere", "biometric",
     r"\b(?:voice|face|speaker|person|guy|man|woman)\b(?: \S+){0,5}? (?:the )?same"
     r" (?:\S+ )?(?:guy|person|man|woman|one|voice|speaker|individual|caller|suspect)\b"
     r"(?: \S+){0,2}? (?:from|as|in|on) (?:the |a |an |that |this )?(?:last|other|previous"
     r"|earlier|another|prior|different|yesterday|old)\b",
     "asks whether a voice or face matches someone from another recording (biometric)"),
    ("unredact", "unredaction",
     r"\b(?:un ?redact\w*|de ?redact\w*|de ?anonymi[sz]\w*|re ?identif\w*|unmask\w*"
     r"|unblur\w*|unbleep\w*|un ?censor\w*|de ?pseudonymi[sz]\w*|un ?anonymi[sz]\w*"
     r"|unhide|unscrub\w*|unmute|reverse (?:the )?(?:redaction|masking"
     r"|anonymi[sz]ation|pseudonymi[sz]ation|bleep\w*|censor\w*))\b",
     "asks to reverse the redaction (unredaction)"),
    ("remove-redaction", "unredaction",
     r"\b(?:remove|undo|drop|lift|strip|take off|take out|clear|peel off|turn off|switch off"
     r"|disable|skip|stop|bypass|ignore|without|no|omit|cancel|pause|get rid of|deactivate"
     r"|do not (?:do|apply|use|perform)|less|fewer|minimal)"
     r" (?:the |all |any |your |those |these |of the )?(?:\S+ )?(?:redactions?|redacting"
     r"|bleeps?|bleeping|blur|blurring|masking|placeholders?|censoring|censorship"
     r"|black ?(?:boxes|box|bars?)|anonymi[sz]ation|pseudonyms?|pseudonymi[sz]ation"
     r"|beeps?|beeping|labels? (?:on|for) (?:the )?(?:names|people|speakers))\b"
     r"|\bdo not (?:redact|bleep|mask|censor|anonymi[sz]e|blur|scrub|pseudonymi[sz]e)\b"
     # the privacy protection itself switched off: "without any privacy filtering",
     # "with the privacy filter off", "in full with nothing hidden"
     r"|\b(?:without|with no|no|remove|skip|disable|turn off|switch off|bypass|drop|minus"
     r"|before) (?:the |any |all |your |its |of the )?(?:(?:privacy|pii|identity|name"
     r"|personal data|anonymity|redaction|data protection) )?(?:filtering|scrubbing"
     r"|sanitis\w*|sanitiz\w*)\b"
     r"|\b(?:without|with no|no|remove|skip|disable|turn off|switch off|bypass|drop|minus"
     r"|before) (?:the |any |all |your |its |of the )?(?:privacy|pii|identity|anonymity"
     r"|data protection|redaction|anonymi[sz]ation|masking) (?:filters?|protections?"
     r"|settings|safeguards?|measures|layer|step|controls?|mode|processing|pass)\b"
     r"|\b(?:privacy|pii|redaction|anonymi[sz]ation|masking|scrubbing)"
     r" (?:filters? |filtering |protections? |settings? |mode |layer |step )?(?:(?:turned"
     r"|switched|shut) off|off|disabled|bypassed|lifted)\b"
     r"|\b(?:with |and |leaving |hiding |keeping )?nothing (?:hidden|redacted|masked"
     r"|censored|bleeped|withheld|blanked|blacked out|concealed|scrubbed|filtered"
     r"|anonymi[sz]ed|held back|obscured)\b"
     r"|\b(?:hide|redact|mask|censor|bleep|withhold|blank|scrub|filter|hold back|obscure)"
     r" nothing\b"
     r"|\b(?:leave|keep) (?:the |all |any |their |everyone s |everybody s )?(?:\S+ )?"
     r"(?:names?|pii|personal (?:info\w*|details|data)|identit\w+|addresses)"
     r" (?:in|intact|visible|unredacted|unmasked|as (?:is|spoken|said))\b",
     "asks to switch off or strip the redaction (unredaction)"),
    ("before-the-bleep", "unredaction",
     r"\bwhat\b(?: \S+){0,8}? before (?:it|that|this|they|the \S+) (?:got|was|were"
     r"|had been|gets) (?:beeped|bleeped|redacted|masked|muted|censored|cut|blanked"
     r"|scrubbed)\b",
     "asks what was said under a bleep (unredaction)"),
    ("leaked-values", "unredaction",
     r"\b(?:names?|addresses|address|phone numbers?|numbers|digits|plates?|e ?mails?|pii"
     r"|personal (?:data|info\w*|details))\b.*\b(?:if so|if yes|if any|if there are"
     r"(?: any)?|and if so)(?: \S+){0,2}? (?:list|tell|give|show|read|print|send|name|spell"
     r"|quote|paste|write)(?: me| us)?(?: out)? (?:them|it|those|these|which|what)\b",
     "asks for personal data that the redaction may have missed (unredaction)"),
    ("values-aside", "unredaction",
     r"\b(?:names?|surnames?|addresses|address|phone numbers?|numbers|digits|plates?"
     r"|e ?mails?|pii|personal (?:data|info\w*|details)|contact (?:details|info\w*))\b.*"
     r"\b(?:list|tell|give|show|read|print|send|spell|quote|paste|write|e ?mail|text"
     r"|share|keep)(?: me| us)?(?: out)? (?:them|those|these|it)(?: \S+){0,2}? (?:to me"
     r"|for me|to us|for us|separately|privately|anyway|instead|afterwards|at the end"
     r"|below|in a separate \S+|in a footnote|in an appendix|off the record|on the side)\b"
     r"|\b(?:names?|surnames?|addresses|address|phone numbers?|numbers|digits|plates?"
     r"|e ?mails?|pii|personal (?:data|info\w*|details)|contact (?:details|info\w*))\b.*"
     r"\b(?:need|want|like|have|get) (?:them|those|these|it) (?:sent|given|e ?mailed|read"
     r"|listed|shown|passed|forwarded|texted|delivered|spelled)(?: out)? (?:to me|to us"
     r"|separately|privately|anyway|directly)\b"
     # "replace every name with a placeholder and send me the originals", "read it out"
     r"|\b(?:names?|surnames?|addresses|address|phone numbers?|numbers|digits|plates?"
     r"|e ?mails?|pii|personal (?:data|info\w*|details)|contact (?:details|info\w*))\b.*"
     r"\b(?:send|give|show|share|e ?mail|forward|attach|list|print)(?: me| us)? (?:the"
     r" |all the )?originals?\b",
     "asks for personal data kept out of the output to be given anyway (unredaction)"),
    ("original-text", "unredaction",
     r"\b(?:unredacted|uncensored|unedited|unfiltered|unmasked|unbleeped|unprocessed"
     r"|pre ?redaction|un ?anonymi[sz]ed|unaltered|unscrubbed|non ?redacted)\b"
     r"|\b(?:original|raw|underlying|source)"
     r" (?:\S+ )?(?:transcripts?|audio|recordings?|text|names?|footage|video|tape"
     r"|speech|file|copy|values?|data|wording)\b",
     "asks for the unredacted original (unredaction)"),
    ("behind-placeholder", "unredaction",
     r"\b(?:behind|under|underneath|beneath|beyond|in place of|instead of|replaced by"
     r"|hidden (?:by|under|behind)|covered (?:by|up by)|inside|masked by|hiding behind"
     r"|hides behind|obscured by|concealed by|beneath)"
     r" (?:the |that |this |those |these |each |every |all )?(?:\S+ )?(?:redacted|redactions?"
     r"|placeholders?|black (?:box|boxes|bars?|marks?|ink)|bleeps?|beeps?|blurs?|masks?"
     r"|censor\w*|brackets?|labels?|tokens?|asterisks?|blanks?|blacked out|pseudonyms?)\b",
     "asks what is behind a redaction (unredaction)"),
    ("placeholder-meaning", "unredaction",
     r"\b(?:redacted|placeholder) \S+(?: \S+)? (?:stand for|stands for|refer to|refers to"
     r"|represent"
     r"|represents|replaces|hides|hide|cover|covers|conceal|conceals|mask|masks|decode"
     r"|translate|map to|maps to|correspond|corresponds"
     r"|is short for|real name|actual name|true name|full name|name is|named|really is|called"
     r"|really was|actually is|actually was|truly is|is really|is actually)\b"
     r"|\bwho (?:is|was|are|were) (?:redacted \S+|placeholder)"
     r"|\bwhat (?:is|was) (?:redacted \S+(?: \S+)?|placeholder(?: person)?)$"
     # "what does [ADDRESS_1] actually say", "what was [PHONE_1] really?"
     r"|\bwhat (?:is|was|were|are) (?:the )?placeholder(?: person)? (?:actually|really"
     r"|originally|truly|exactly|supposed to be)$"
     r"|\bwhat (?:does|do|would|could|might|did|was|is) (?:the )?placeholder(?! person)"
     r"(?: \S+)?? (?:(?:actually|really|originally|truly|exactly) )?(?:say|says|read|reads"
     r"|contain|contains|spell|spells|mean|means|hide|hides|cover|covers|stand for|hold"
     r"|holds|show|shows)\b(?<!\bdid placeholder say)(?<!\bdid placeholder read)"
     r"|\b(?:correspond\w*|belong\w*|refer\w*|map\w*|match\w*|link\w*|attached|tied)"
     r" (?:to|with) (?:the )?(?:label|placeholder|token|tag|redacted|pseudonym)"
     r"|\b(?:decode|decipher|crack|resolve|translate|map|match|link|fill in)"
     + _gap(4) + r"(?:redacted|placeholders?|labels?|tokens?|pseudonyms?|blanks)\b"
     r"(?! (?:count|number|total|summary|transcript|report|version|narrative|document"
     r"|draft|copy|output|file)\b)"
     r"|\b(?:replace|swap|substitute|switch)" + _gap(4)
     + r"(?:(?:redacted|placeholder) \S+|placeholders?"
     r"|labels?|tokens?|tags?|pseudonyms?|redactions?)(?: \S+){0,3}? (?:with|by|for)"
     r" (?:the |their |his |her )?(?:real |actual |true |original |full |proper )?(?:names?"
     r"|identit\w+|people|persons|values?|data|info\w*|words?|text)\b"
     r"|\b(?:swap|switch|change|turn|put|convert|revert|restore|set|fill)" + _gap(3)
     + r"(?:placeholders?|labels?|tokens?|tags?|pseudonyms?|redactions?|blanks|brackets)"
     r" back\b"
     r"|\b(?:restore|revert|return|change|turn|set|convert|put|fill)" + _gap(6)
     + r"(?:placeholders?|tags?|labels?|tokens?|redact\w*|brackets|blanks)(?: \S+){0,2}?"
     r" (?:to|into|with|back to|by) (?:what|whatever|the (?:words?|text|values?|names?))"
     r"(?: (?:was|were|is|are|had been))?(?: actually| really| originally)? (?:said"
     r"|spoken|there|on the tape|in the recording|recorded|heard)\b"
     r"|\b(?:what|whatever|the words?|the text|the values?) (?:was|were|had been|got)"
     r" (?:there|said|written|spoken) (?:originally|before (?:the )?(?:redaction|masking"
     r"|bleep\w*))",
     "asks what a redaction placeholder stands for (unredaction)"),
    ("name-hint", "identity",
     # part of a name instead of the name: its letters, initials, what it rhymes with
     r"\b(?:what (?:does|did|would) (?:it|the name|the surname|his name|her name|their name"
     r"|that name) (?:rhyme with|start with|begin with|end with|sound like)|(?:first|last"
     r"|middle|starting|opening) (?:letter|letters|initial|initials)|initials|how many"
     r" letters|letter by letter|spell (?:it|them|the name|his name|her name|their name"
     r"|out)|rhymes? with)\b",
     "asks for part of a person's name (identity)"),
    ("value-confirm", "personal_data",
     # "yes or no: is it 555 1234?", "was the plate read out? ... but what was it"
     r"\b(?:is|was|are|were) (?:it|that|this|the (?:\S+ ){0,2}?(?:number|plate|phone|digits"
     r"|id|licen[cs]e|badge|ssn|vin|tag|address)) (?:\S+ )?\d{3,}\b(?! ?(?:am|pm|hours)\b)"
     r"|\b(?:plates?|number|address|phone|e ?mail|digits|licen[cs]e|ssn|vin|date of birth"
     r"|birthday|badge|tags?)\b(?: \S+){0,12}? (?:but|and|so|then|also|ok|okay)"
     r" (?:just )?(?:tell me )?what (?:was|is|were|are) (?:it|they|that|those)\b(?! (?:about"
     r"|like|for|replaced|used|redacted|bleeped|masked)\b)",
     "asks for the value of a number or address (personal_data)"),
    ("name-followup", "identity",
     r"\bnames?\b(?: \S+){0,12}? (?:but|and|so|then|also|ok|okay) (?:just )?(?:tell me )?"
     r"what (?:was|is|were|are) (?:it|they|that|those)\b(?! (?:about|like|for|replaced"
     r"|used|redacted|bleeped|masked)\b)",
     "asks for a person's name (identity)"),
    ("digits-hint", "personal_data",
     # part of a number instead of the number: "just the first three digits"
     r"\b(?:(?:first|last|final|middle|opening|starting) (?:\S+ )?(?:digits|characters"
     r"|numbers)(?! of\b)|area code)\b",
     "asks for part of an identifying number (personal_data)"),
    ("placeholder-value", "unredaction",
     # "include what [PHONE_1] actually was", "what [NAME] really is"
     r"\bwhat (?:the |that |this )?placeholder(?: person)? (?:actually |really |originally"
     r" |truly |in fact )?"
     r"(?:is|was|were|are)(?: (?:actually|really|originally|in reality|before (?:the )?\S+))?"
     r"(?= (?:and|then|in|at|on|please|for|so|but|as|when|if|or|under|below|above)\b|$)"
     r"|\bwhat (?:the |that |this )?placeholder (?:actually|really|originally|truly"
     r"|in fact) \S+"
     r"|\bwhat (?:the |that |this )?placeholder(?: person)? (?:actually |really |originally"
     r" |truly )?(?:stood"
     r"|stands|meant|means|referred|refers|hid|hides|covered|covers)\b"
     r"|\bplaceholder(?: person)?(?: \S+){0,4}? what (?:was|is|were) (?:it|that|this|they)"
     r" (?:actually|really|originally)\b"
     # "what the officer actually said where it shows [NAME REDACTED]"
     r"|\bwhat\b(?: \S+){0,6}? (?:(?:actually|really|originally|truly) (?:said|say|says"
     r"|spoke|was|were|is|read|reads|wrote|written)|(?:was|were) (?:said|spoken|written"
     r"|there))\b(?: \S+){0,4}? (?:where|wherever|when|whenever) (?:it|the \S+|there"
     r"|you|we|i) (?:shows?|says?|reads?|has|have|had|displays?|is|was|contains?|see"
     r"|sees) (?:a |an |the )?placeholder\b",
     "asks what a redaction placeholder actually was (unredaction)"),
    ("redacted-content", "unredaction",
     r"\b(?:what|tell|show|reveal|give|recover|restore|read|play|hear|listen|list|print"
     r"|get|retrieve|output|expose|uncover|say|spell|decode|need|want|send|bring back)"
     + _gap(4) +
     r"(?:redacted|bleeped|censored|masked|blacked out|blanked|scrubbed|beeped|muted"
     r"|anonymi[sz]ed|pseudonymi[sz]ed|blurred|hidden|withheld|obscured|removed)"
     r" (?:out )?(?:\S+ )?(?:names?|words?|parts?|bits?|portions?|text|info\w*|sections?"
     r"|segments?|values?|numbers?|address\w*|details?|content|entities|spans?"
     r"|identit\w+|audio|speech)\b"
     r"|\bwhat (?:was|were|got|did they|did you|have you|has been|had been|is being|is)"
     r"(?: \S+)? (?:redacted|bleeped|censored|masked|blacked out|blanked|scrubbed|beeped"
     r"|muted|anonymi[sz]ed|blurred)\b"
     r"|\bwho (?:got|was|were|has been|had been|is|gets) (?:\S+ )?(?:bleeped|redacted"
     r"|masked|censored|muted|anonymi[sz]ed|pseudonymi[sz]ed|blacked out|scrubbed)\b"
     r"|\b(?:version|copy|text|transcript|audio|output) (?:from )?before (?:the )?(?:\S+ )?"
     r"(?:filter\w*|redact\w*|anonymi[sz]\w*|masking|bleeping|scrubbing|processing"
     r"|privacy)\b"
     r"|\bbefore (?:it|they|the \S+|you|redaction|being) (?:\S+ )?(?:redact\w*"
     r"|anonymi[sz]\w*|bleep\w*|mask\w*|censor\w*|scrub\w*)",
     "asks for content the redaction removed (unredaction)"),
    # --- biometric -------------------------------------------------------------
    ("face-recognition", "biometric",
     r"\b(?:facial|face|faces) ?(?:recognition|rec|match\w*|search\w*|id|scan\w*"
     r"|comparison|compare|print|geometry|analysis|lookup|look up|detection)\b"
     r"|\breverse image\b|\bclearview\b|\bpimeyes\b"
     r"|\b(?:face|faces|photo|photos|picture|image|screenshot|still|headshot|mugshot)\b"
     r"(?: \S+){0,8} (?:recogni\w*|matching|lookup|search engine)\b"
     r"|\b(?:recogni[sz]e|identify|id|match|compare|run|check|search|scan|enhance)"
     + _gap(5) + r"(?:face|faces|photo|photos|picture|pictures|mugshots?|mug shots?|image"
     r"|images|headshot|still|stills|frame|frames|screenshot|screen grab)\b"
     r"(?= .*\b(?:against|with|to|through|database|system|records?|dmv|booking"
     r"|mugshots?|mug shots?|gallery|social|who|known|match)\b)",
     "asks to identify a person by face (biometric)"),
    ("voice-recognition", "biometric",
     r"\b(?:voice ?prints?|voiceprints?|speaker (?:recognition|identification|verification"
     r"|id|matching|fingerprint)|voice (?:recognition|identification|id|biometrics?|match\w*"
     r"|comparison|analysis|fingerprint|samples?|signature|profile|database)|voice to"
     r" (?:name|person|identity)|speaker embeddings?|gait (?:analysis|recognition|matching"
     r"|match|signature)|biometrics?|fingerprint (?:match\w*|search|database|him|her|them)"
     r"|iris scan|retina scan)\b"
     r"|\b(?:match|compare|recogni[sz]e|identify|id|link|tie|run|check|trace)"
     + _gap(6) + r"(?:voices?|voice recording|accent|gait|walk|walking style|way (?:he|she"
     r"|they) (?:walks?|talks?|speaks?)|tattoos?|scars?|birthmarks?)"
     r" (?:\S+ ){0,6}?(?:against|with|to|through)\b"
     r"|\b(?:his|her|their|the \S+s|this \S+s|that \S+s) (?:voice|face|walk|gait|accent"
     r"|tattoo|scar) (?:\S+ ){0,2}?(?:match\w*|compare\w*|look\w* like|sound\w* like)"
     r" (?:the|our|any|a|an|that|those|one|ones|someone|anyone)\b"
     r"|\b(?:voice|face|accent|gait|walk)" + _gap(4) + r"(?:belong|belongs)\b",
     "asks to identify a person by voice, face or gait (biometric)"),
    ("whose-voice", "biometric",
     r"\bwhose (?:voice|face|walk)\b",
     "asks whose voice or face it is (biometric)"),
    ("sounds-like-known", "biometric",
     # "does speaker 3 sound like the guy we arrested in March?"
     r"\b(?:voices?|speakers?(?: \S+)?|he|she|they|the \S+|this \S+|that \S+|placeholder"
     r"(?: person)?)(?: \S+){0,2}? (?:sound|sounds|sounded|sounding|look|looks|looked"
     r"|looking|resemble|resembles|resembled)(?: \S+)?(?: like)? (?:the|that|this|our|my"
     r"|your|one of (?:the|our|those|your)) (?:same )?(?:\S+ )?(?:guy|man|woman|person|kid"
     r"|lady|dude|one|suspect|offender|driver|girl|boy|caller|individual|voice|speaker"
     r"|people|men|guys|suspects) (?:we|i|you|they|from|arrested|booked|picked up|stopped"
     r"|caught|known|on (?:the )?(?:news|tv|file|record|wanted)|in (?:the |our )?(?:other"
     r"|last|previous|earlier|photo|video|footage|database|picture|news|system|files)"
     r"|who (?:we|i|you|they|the police|police|officers?) )\b"
     r"|\b(?:sound|sounds|sounded|look|looks|looked|resemble|resembles|resembled)(?: \S+)?"
     r"(?: like)? (?:someone|somebody|anyone|anybody|one of the (?:\S+ )?(?:guys|people|men"
     r"|women)) (?:we|i|you|the police|police) (?:know|knew|have|had|arrested|booked|met"
     r"|dealt with|picked up|stopped|caught)\b",
     "asks whether a voice or face matches someone known (biometric)"),
    ("by-feature", "biometric",
     r"\b(?:recogni[sz]e|identify|id|pick out)(?: (?:" + _PERSON_NP + r"|who))?"
     + _gap(4) +
     r"(?:by|from|using|based on|through|via) (?:(?:his|her|their|the|its) )?(?:\S+ )?"
     r"(?:face|faces|voice|voices|accent|gait|walk|speech patterns?|dialect|tattoos?"
     r"|features|appearance|looks|photo|picture|image)\b"
     r"|\b(?:tell (?:me |us )?who|know who|figure out who|work out who|determine who"
     r"|find out who|say who|guess who)" + _gap(5)
     + r"(?:by|from|using|based on|through|via|with)"
     r" (?:(?:his|her|their|the|its) )?(?:\S+ )?(?:face|faces|voice|voices|accent|gait"
     r"|walk|speech|dialect|tattoos?|appearance|looks|audio|sound|recording)\b"
     r"|\bby (?:his|her|their|the \S+s?) (?:voice|face|accent|gait|walk|looks)"
     r"(?: \S+){0,3}? (?:which|who)\b"
     r"|\b(?:from|by|judging by|judging from|based on|going by) (?:how|the way) (?:he|she"
     r"|they|the \S+) (?:talks?|speaks?|sounds?|walks?|pronounces?|says?)\b"
     r"(?=.*\b(?:from|where|who|country|local|foreign|origin|nationality|ethnic\w*|race"
     r"|age|old|identity|name|accent|immigrant)\b)"
     r"|\bthe way (?:he|she|they) (?:walks?|limps?|talks?|speaks?|moves?|runs?)"
     r"(?: \S+){0,2}? (?:match\w*|compare\w*|look\w* like|sound\w* like)\b"
     r"|\b(?:where|what country|what region|what part of \S+)" + _gap(4) + r"(?:accent"
     r"|dialect)\b|\b(?:what|which) (?:accent|dialect)\b"
     r"|\b(?:accent|dialect)(?: \S+){0,6} (?:where|what country|what region|from)\b"
     r"|\b(?:analy[sz]\w*|examine|study|fingerprint|model|profile|enhance)"
     r" (?:the |his |her |their )?(?:\S+ )?(?:gait|voice|voices|walk|face|faces|facial"
     r" features)\b"
     r"|\b(?:how old|what age|age|gender|sex|race|ethnicity|ethnic|nationality|religion"
     r"|height|weight|origin)" + _gap(8) + r"(?:based on|from|judging by|by|going by"
     r"|given) (?:(?:his|her|their|the|its) )?(?:voice|voices|accent|speech|way (?:he|she"
     r"|they) (?:talks?|speaks?|sounds?)|audio|sound)\b",
     "asks to infer who a person is from their face, voice or accent (biometric)"),
    # --- personal data ---------------------------------------------------------
    ("phone", "personal_data",
     r"\b(?:phone|cell|mobile|telephone|contact|home|work|callback|call back|cell phone"
     r"|whatsapp|signal|landline|private) ?(?:numbers?|digits)\b"
     r"|\bcontact (?:details|info\w*)\b"
     r"|\b(?:number|digits|cell|phone) (?:for|of) (?:the |this |that )?(?:\S+ )?" + _PNOUN +
     r"\b(?! of\b)"
     r"|\b(?:how (?:can|do|could|would|should) (?:i|we)|i want to|i need to|let me|help me"
     r"|so (?:i|we) can|can (?:i|we)|i would like to|we need to|we want to)"
     r" (?:\S+ )?(?:call|text|phone|ring|reach|contact|message|dm|get in touch with"
     r"|get hold of|email|write to) (?:him|her|them|the (?:\S+ )?" + _PNOUN +
     r"|(?:redacted|placeholder) person)\b",
     "asks for a person's phone or contact details (personal_data)"),
    ("address", "personal_data",
     r"\b(?:home|street|mailing|current|residential|house|apartment|exact|full|physical"
     r"|permanent|forwarding|work|last known|email|e mail|ip|private|his|her|their) address"
     r"(?:es)?\b"
     r"|\b(?:where|what street|what house|which house|which apartment|what apartment"
     r"|what building|which building|what town|what city|what neighbourhood"
     r"|what neighborhood)"
     r" (?:does|do|did|is|was|will|would|could|can|might|are|were) (?:\S+ ){1,7}?"
     r"(?:live|lives|living|stay|stays|staying|reside|resides|sleep|sleeps|work|works"
     r"|hang out|hangs out|go to school|stay at night|crash|be found|be reached)\b"
     r"|\b" + _WANT + _gap(5) + r"(?:address|addresses|addy|residence|whereabouts"
     r"|zip code|postcode|postal code|apartment number|unit number|house number)\b"
     r"|\bwhere (?:he|she|they|the \S+|(?:redacted|placeholder) person)"
     r" (?:lives?|stays?|resides?)\b"
     r"|\b(?:his|her|their|(?:the |this |that )?(?:\S+ )?" + _PNOUN + r"s?) (?:\S+ )?"
     r"(?:address(?! (?:the|him|her|them|his|their|each|every|everyone|people|me|us|you|by"
     r"|as|this|that|these|those|it|a|an|concerns?|issues?|questions?|problems?|crowd"
     r"|group)\b)|addresses|residence|home)\b"
     r"|\baddress(?:es)? (?:of|for) (?:the |this |that |his |her |their )?(?:\S+ )?"
     + _PNOUN + r"\b"
     # the value of an address, asked with which/what: "which house number did she give?"
     r"|\b(?:which|what) (?:\S+ )?(?:house|apartment|flat|unit|door|building|room|street"
     r"|mailbox|lot|trailer) (?:number|no|numbers)\b"
     r"|\b(?:which|what) (?:\S+ ){0,2}?(?:address|addresses|zip ?code|postcode|postal"
     r" code)\b(?! (?:type|types|format|formats|field|fields|categor\w+|redaction\w*"
     r"|placeholders?|labels?|tags?)\b)",
     "asks for where a person lives or can be found (personal_data)"),
    ("birth-date", "personal_data",
     r"\b(?:date of birth|birth ?date|birthday|born on|year of birth|place of birth"
     r"|birthplace|when was (?:he|she|they|the \S+|(?:redacted|placeholder) person) born"
     r"|birth year|(?:what|which) (?:year|day|date|month)(?: \S+){0,3}? born)\b",
     "asks for a person's date of birth (personal_data)"),
    ("email", "personal_data",
     r"\b(?:e ?mail|email)(?: address)?(?:es)?\b",
     "asks for a person's e-mail address (personal_data)"),
    ("online-accounts", "personal_data",
     r"\b(?:social media|facebook|instagram|twitter|tiktok|tik tok|snapchat|linkedin"
     r"|reddit|telegram|whatsapp|myspace|onlyfans|youtube channel|x account|x handle"
     r"|online (?:accounts?|profiles?|presence|footprint)|user ?names?|screen ?names?"
     r"|gamertags?|(?:social|twitter|instagram|online|user|his|her|their) handles?"
     r"|profiles? (?:online|page|link)|socials|dating (?:app|profile))\b",
     "asks for a person's online accounts (personal_data)"),
    ("government-ids", "personal_data",
     r"\b(?:ssn|social security|social insurance|national insurance|passport number"
     r"|tax id|(?:driver s |drivers |driving )?licen[cs]e (?:number|plate|id|details"
     r"|info)|dl number|id number|identification number|badge number|employee number"
     r"|plate (?:number|numbers|info|details)|licen[cs]e plates?|number plates?"
     r"|tag number|registration (?:number|details|info)|vin|vehicle identification"
     r"|credit card|card number|bank (?:account|details)|account number|inmate number"
     r"|booking number|unit number|serial number)\b"
     r"|\b(?:read|run|give|tell|what|what is|what was|list|spell|read out)"
     + _gap(4) + r"(?:plate|plates)\b"
     r"|\b(?:tags?|plates?|registration) (?:on|of|for|from) (?:the|that|this|his|her|their)"
     r" (?:\S+ ){0,2}?(?:car|van|truck|vehicle|suv|sedan|motorcycle|motorbike|bike|pickup"
     r"|jeep|coupe|hatchback|minivan|wagon|trailer|camper)\b",
     "asks for an identifying number such as a plate, ID or badge (personal_data)"),
    ("whose-thing", "personal_data",
     r"\bwhose (?:car|vehicle|truck|van|suv|motorcycle|bike|house|home|apartment|phone"
     r"|number|plate|account|place|address|wallet|bag|id|dog)\b",
     "asks who owns a vehicle, phone or property (personal_data)"),
    ("ownership", "personal_data",
     r"\b(?:who (?:owns|owned|rents|rented|leases|leased)|(?:registered|registration)"
     r" (?:owner|holder|to)|owner of (?:the"
     r" |that |this )?(?:\S+ )?(?:car|vehicle|truck|van|suv|house|home|apartment|phone"
     r"|plate|motorcycle|bike|account|property)|(?:car|vehicle|truck|van|suv|plate|phone"
     r"|house|property) (?:is |was )?(?:registered|belongs|belong|belonged) to"
     r"|who (?:is|was) (?:the )?(?:\S+ )?(?:registered )?owner"
     r"|who (?:lives|lived|resides|resided|stays|stayed|is staying|was staying|rents)"
     r" (?:at|in|there|here|next door|upstairs|downstairs))\b",
     "asks who owns a vehicle, phone or property (personal_data)"),
    ("workplace-records", "personal_data",
     r"\b(?:where (?:does|do|did|is) (?:\S+ ){1,3}?(?:work|works|employed|go to school"
     r"|study|studies)|(?:his|her|their|the (?:\S+ )?\S+s) (?:employer|workplace|school)"
     r"|(?:which|what) (?:\S+ ){0,2}?(?:does|do|did) (?:\S+ ){1,4}?(?:work|works|train"
     r"|trains|study|studies|go to) (?:at|for|in)"
     r"|(?:medical|health|immigration|financial|bank|credit|employment|school|tax)"
     r" (?:records?|history|status|information|info|files?)"
     r"|(?:criminal|arrest|police|court|dmv|driving|conviction) (?:record|records"
     r"|history|file|files)|rap sheet|priors|prior (?:arrests|convictions|record)"
     r"|dmv|ncic|nlets|clets|leads online|accurint|tlo|lexis ?nexis|people search"
     r"|warrants? (?:for|on) (?:him|her|them|the \S+)|background (?:check|info\w*"
     r"|details)|next of kin|emergency contact)\b",
     "asks for a person's records or workplace (personal_data)"),
)

_IDENTITY: tuple[tuple[str, str, str, str], ...] = (
    # --- identity --------------------------------------------------------------
    ("which-resident", "identity",
     r"\bwhich (?:\S+ ){0,2}?(?:neighbou?rs?|residents?|tenants?|roommates?|one|person"
     r"|people|man|woman|guy|lady|family|household)\b(?: \S+){0,10}?"
     r" (?:(?:in|at|from) (?:apartment |unit |flat |room |number |no |house )?\d+[a-z]?\b"
     r"(?! \d| ?(?:am|pm|hours|hrs|h|o clock|seconds|secs|minutes|mins|s)\b)"
     r"|upstairs|downstairs|next door|across the (?:hall|street)"
     r"|on the (?:\S+ )?floor)",
     "asks which resident, by where they live, it was (identity)"),
    ("known-elsewhere", "identity",
     r"\bis (?:the|that|this|he|she) (?:\S+ ){0,2}?(?:that|the) (?:same )?(?:guy|man|woman"
     r"|lady|person|kid|dude|one|girl|boy) (?:from|on|in|who was on|who was in) (?:the"
     r" |that |this )?(?:local )?(?:news|tv|television|paper|newspaper|internet|facebook"
     r"|instagram|tiktok|twitter|youtube|video|photo|picture|poster|flyer|wanted \S+"
     r"|article|story|bar|gym|church|school|neighbou?rhood)\b",
     "asks whether a person is someone known from elsewhere (identity)"),
    ("work-out-who", "identity",
     r"\b(?:work out|figure out|find out|determine|establish|deduce|infer|guess|tell me"
     r"|learn|discover|say) who (?:the|that|this) (?:\S+ )?" + _PNOUN
     + r" (?:in|with|wearing|on|from|at|near|by|driving|holding)\b",
     "asks to work out who a person is (identity)"),
    ("who-is", "identity",
     r"\bwho (?:exactly |really |actually |the hell |on earth |precisely )?(?:is|was|are"
     r"|were) (?:this|that|these|those|he|she|they|him|her|it|the|redacted|speaker|person"
     r"|voice|guy|man|woman|kid|lady|dude|individual|subject|suspect|speaking|talking"
     r"|yelling|shouting|screaming|behind|under|heard|responsible for the voice)\b"
     r"|\bwho (?:\S+ ){0,6}?(?:is|was|are|were)(?: really| actually| exactly)?$"
     r"|\bwhose (?:identity|name|names)\b",
     "asks who a person is (identity)"),
    ("who-embedded", "identity",
     # "tell me who the bystander filming was", "find out who that woman is"
     r"\bwho (?:exactly |really |actually )?(?:the|this|that|these|those|his|her|their"
     r"|our|a|an) (?:\S+ ){0,6}?(?:was|is|were|are|might be|could be|would be)\b"
     r"(?! (?:\S+ing|supposed|meant|able|allowed|about|to|with|at|for|by|in|on|from"
     r"|after|before|near|during)\b)",
     "asks who a person is (identity)"),
    ("identify-person", "identity",
     # "identify the weapons and the man holding them"
     r"\bidentif\w* (?:\S+ ){1,5}?(?:and|plus|as well as|along with|then) (?:also )?(?:the"
     r" |a |an |any |each |every )?(?:\S+ )?" + _PNOUN + r"(?= (?:who|that|holding|with|in"
     r"|wearing|driving|carrying|from|at|near|on|behind|by)\b|$)"
     r"|\b(?:identify|identifies|identified|identifying|identification|id|i d"
     r"|positively id\w*|make an id|make an identification|name|naming|recogni[sz]e"
     r"|recogni[sz]ing|put (?:a )?names? (?:to|on)|attach (?:a )?names? to"
     r"|match (?:a )?names? to|assign (?:a )?names? to|label (?:\S+ ){0,3}?with (?:their )?"
     r"(?:real |actual )?names?)(?: of)? (?:exactly )?(?:" + _PERSON_NP + r"|who"
     r"|which (?:\S+ )?(?:one|person|of)|people|speakers?|voices?|faces?|everyone"
     r"|individuals|each \S+)\b"
     r"|\bidentif\w*(?: \S+){0,6} (?:who|which one)\b"
     r"|\b(?:identity|identities) (?:of|behind|for)\b"
     r"|\b(?:his|her|their|the \S+s|real|true|actual|secret|hidden|full) identit\w*\b"
     r"|\b(?:establish|confirm|verify|determine|reveal|find|get|learn|know|disclose|expose"
     r"|discover|deduce|infer|guess|figure out|work out|uncover|tell me)"
     r" (?:\S+ ){0,3}?identit\w*\b",
     "asks to identify a person (identity)"),
    ("name-request", "identity",
     r"\b(?:real|full|legal|first|last|given|family|maiden|true|actual|birth|christian|sur"
     r"|middle|complete|nick|gang|alias|street) ?names?\b"
     r"(?! of (?:the )?(?:street|road|avenue|business|store|shop|bar|restaurant|company"
     r"|hospital|school|drug|medication|town|city|park))"
     r"|\b(?:aka|a k a|aliases|(?:goes|went|going) by (?:the )?(?:name|nickname|alias)"
     r"|calls? (?:himself|herself|themselves)"
     r"|what (?:do|did|does) (?:\S+ ){1,3}call (?:him|her|them|placeholder person)"
     r"|what (?:is|was|are|were) (?:he|she|they|the \S+|(?:redacted|placeholder) person)"
     r" called)\b"
     r"|\b(?:" + _WANT + r"|use)" + _gap(6) + r"(?:his |her |their |the |its |a |of )?"
     r"names?\b(?! (?:of (?:the )?(?:street|road|avenue|business|store|shop|bar|restaurant"
     r"|company|hospital|school|drug|medication|town|city|park|song|band|game|app|dog|cat"
     r"|incident|case|operation|unit|department))|(?:redacted|removed|hidden|masked"
     r"|replaced|bleeped|omitted|withheld|out))"
     r"|\b(?:his|her|their|your|its|(?:the|this|that|each|every) (?:\S+ )?" + _PNOUN +
     r"s?|(?:redacted|placeholder) person s?) (?:\S+ )?names?\b"
     r"|\b(?:name|names) (?:of|for) (?:the |this |that |each |every |all |both |these"
     r" |those )?(?:\S+ )?" + _PNOUN + r"\b"
     r"|\bnames? (?:\S+ ){0,4}?(?:what (?:was|is|were) (?:it|they)|tell me|give me)\b"
     r"|\bwith (?:real |actual |their |the |full |proper |everyone s |people s )?names\b"
     r"(?! (?:redacted|removed|hidden|masked|replaced|bleeped|omitted|withheld))"
     r"|\bnames? (?:in|into|instead) (?:\S+ ){0,3}?(?:summary|transcript|output|report"
     r"|place)\b",
     "asks for a person's name (identity)"),
    ("which-known", "identity",
     r"\b(?:which|what|who|any)(?: \S+){0,5}"
     r" (?:known|registered|listed|on file|in (?:the |our |your )?(?:database|system|records"
     r"|files)|from (?:our|the) (?:database|records|list|files|system))"
     r" (?:\S+ )?(?:offenders?|suspects?|persons?|people|individuals|gang members?|members"
     r"|criminals|users|dealers|subjects|regulars|customers|residents|tenants"
     r"|persons of interest|pois?|troublemakers|faces|voices|contacts|names|troublemakers)\b"
     r"|\bwhich (?:one|person|guy|man|woman|kid|member|of them|of the \S+)(?: \S+){0,4}?"
     r" (?:was it|is it|was this|is this|was that|is that|was he|is he|was she|is she"
     r"|are they|were they)$"
     r"|\bwhich (?:one )?of (?:our|the|your|these|those) (?:\S+ )?(?:known|regular|usual"
     r"|registered|frequent|repeat|listed|suspects|offenders|regulars|candidates"
     r"|persons of interest)\b"
     r"|\b(?:is|was) (?:it|this|that|he|she|the \S+|(?:redacted|placeholder) person)"
     r" (?:\S+ )?(?:one of"
     r"|among|in|on) (?:our|the|your) (?:\S+ )?(?:database|list|records|files|watch ?list"
     r"|registry|system|usual|regulars|known)\b"
     r"|\b(?:watch ?list|hot ?list|persons? of interest|most wanted|sex offender registry"
     r"|gang database|offender registry)\b",
     "asks to match a person against known individuals (identity)"),
    ("same-person", "identity",
     r"\b(?:same|identical) (?:person|guy|man|woman|voice|speaker|individual|suspect"
     r"|driver|kid|lady|dude|people|face|caller) (?:as|from|who|that|we|i|in)\b"
     r"|\b(?:is|was|are|were) (?:this|that|he|she|it|they|the \S+"
     r"|(?:redacted|placeholder) person)"
     r" (?:\S+ )?(?:also |actually |really |secretly |in fact )?(?:the same|the guy|the man"
     r"|the woman|the person|the one) (?:from|who|that|we|i)\b",
     "asks to link a person to someone known (identity)"),
    # last, so that a more specific rule names the category: "did the officer explain
    # why he needed the address? read it out"
    ("value-read-out", "personal_data",
     r"\b(?:addresses|address|phone numbers?|numbers|digits|plates?|e ?mails?|pii"
     r"|personal (?:data|info\w*|details)|contact (?:details|info\w*)|names?|surnames?)\b"
     r".*\b(?:read|spell|recite|say|quote|print) (?:it|them|those|these) (?:out|aloud|back"
     r"|out loud)\b",
     "asks for the value of personal data mentioned in the recording (personal_data)"),
)

#: In order: the first rule that matches decides the category.
RULES: tuple[tuple[str, str, str, str], ...] = _BEFORE_PROFILING + PROFILING_RULES + _IDENTITY
