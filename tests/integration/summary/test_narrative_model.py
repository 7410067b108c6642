"""The default bundled model (Qwen2.5-Coder 1.5B GGUF on llama.cpp) writing a real draft.

Few and short on purpose: the model writes a few tokens a second on CPU, so one session
fixture loads it once and one short transcript (written for this test) is summarized
once; the assertions are the contract every draft must keep whatever the wording.
"""

from __future__ import annotations

import json
import re

import pytest

from redaction.types import RedactedSegment, RedactedTranscript
from service.config import Settings
from service.llm.jsonschema import conforms
from service.outputs import cited_narrative
from service.pipeline import build_summarizer
from service.summary import prompt
from service.summary.ask import answer_question
from service.summary.writer import NarrativeWriter, Summary

LINES = [
    ("OFFICER", "Evening. Dispatch said someone reported a smashed shop window here?"),
    ("SPEAKER_2", "Yes, I run this bakery. I came back at nine and the front glass was "
                  "broken and the till drawer was empty."),
    ("OFFICER", "Is anyone hurt? Did you see anybody?"),
    ("SPEAKER_2", "Nobody is hurt. My neighbour [PERSON_1] saw two people on bikes "
                  "riding off toward the river."),
    ("OFFICER", "Okay. I will take a report and photograph the window."),
]
SEGMENTS = [RedactedSegment(i, 6.0 * i, 6.0 * i + 5.5, text, who)
            for i, (who, text) in enumerate(LINES)]


@pytest.fixture(scope="session")
def summarizer(tmp_path_factory: pytest.TempPathFactory) -> NarrativeWriter:
    from redaction.pii.redactor import get_redactor

    settings = Settings(data_dir=tmp_path_factory.mktemp("llm-data"),
                        llm_model="qwen2.5-1.5b-instruct")
    writer = build_summarizer(settings, redactor=get_redactor())
    assert isinstance(writer, NarrativeWriter)
    return writer


@pytest.fixture(scope="session")
def draft(summarizer: NarrativeWriter) -> Summary:
    return summarizer.summarize(RedactedTranscript(SEGMENTS, duration_s=30.0))


def test_draft_is_a_cited_report_narrative(draft: Summary) -> None:
    assert draft.model == "qwen2.5-1.5b-instruct" and draft.backend == "llama.cpp"
    assert "qwen2.5-1.5b-instruct" in draft.disclosure
    used = [f for f in draft.facts if f.in_narrative]
    assert used, [(f.text, f.reasons) for f in draft.facts]
    ids = {s.id for s in SEGMENTS}
    for fact in used:
        assert fact.supported and fact.segment_ids and set(fact.segment_ids) <= ids
    for fact in draft.facts:
        assert fact.in_narrative == (fact.supported and fact.text in draft.narrative)
    narrative = draft.narrative
    assert "A speaker said" not in narrative
    assert not re.search(r"\b(I|my|we)\b", narrative)  # third person
    assert set(re.findall(r"\[[A-Z_]+_\d+\]", narrative)) <= {"[PERSON_1]"}
    result = {"summary": draft.to_dict(),
              "redacted_transcript": {"segments": [{"id": s.id, "start": s.start}
                                                   for s in SEGMENTS]}}
    cited = cited_narrative(result)
    assert len(re.findall(r"\[\d\d:\d\d\]", cited)) >= len(used)


def test_report_fields_are_cited_or_marked(draft: Summary) -> None:
    assert draft.disposition in prompt.DISPOSITIONS
    for key in ("incident_type", "disposition", "injuries"):
        value = getattr(draft, key)
        assert value
        if key in draft.field_citations:
            assert set(draft.field_citations[key]) <= {s.id for s in SEGMENTS}
        else:
            assert value.startswith("[INSERT") or value == "not stated"


def test_schema_constrained_reply_always_parses(summarizer: NarrativeWriter) -> None:
    schema = prompt.FIELDS_SCHEMA
    reply = summarizer.llm.chat(
        prompt.messages(prompt.transcript_block(SEGMENTS), prompt.FIELDS_TASK),
        max_tokens=120, json_schema=schema)
    assert conforms(json.loads(reply), schema)


def test_ask_uses_the_same_engine_and_cites(summarizer: NarrativeWriter) -> None:
    result = {"redacted_transcript": {"segments": [
        {"id": s.id, "start": s.start, "end": s.end, "text": s.text, "speaker": s.speaker}
        for s in SEGMENTS]}}
    calls = summarizer.llm.stats.calls
    answer = answer_question(result, "Was anyone injured?", summarizer)
    assert summarizer.llm.stats.calls > calls  # the model answered (and was checked)
    assert answer["supported"] and answer["citations"]
    assert {c["segment_id"] for c in answer["citations"]} <= {s.id for s in SEGMENTS}
