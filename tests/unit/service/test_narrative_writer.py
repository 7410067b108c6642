"""The narrative writer, claim check and JSON handling with a scripted ChatModel double.

The double answers by task (the last user turn ends with "Task: …"), so these tests pin
the writer's behaviour: what goes into the prompt, how the reply's citations map to
segments, what the check rejects, the one retry, map/reduce on long input and the
fallback when no model answers. The real model runs in tests/integration.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from redaction.types import RedactedSegment, RedactedTranscript
from service.llm.base import ChatModel, LLMError
from service.llm.jsonschema import conforms, parse_reply
from service.summary import prompt
from service.summary.claims import ClaimChecker, degeneration, hard_problems
from service.summary.extractive import ExtractiveSummarizer
from service.summary.writer import NOTHING_SAID, NarrativeWriter, WriterOptions

Reply = Callable[[str], str]

SEGMENTS = [
    RedactedSegment(0, 1.0, 6.0, "Hi, I called because my bike was taken from the rack.",
                    "SPEAKER_2"),
    RedactedSegment(1, 6.5, 10.0, "When did you last see it?", "OFFICER"),
    RedactedSegment(2, 10.5, 16.0, "Around eight this morning, it had a blue lock.",
                    "SPEAKER_2"),
    RedactedSegment(3, 16.5, 22.0, "I will file a report; your case number goes to "
                    "[EMAIL_ADDRESS_1].", "OFFICER"),
]


class ScriptedLLM:
    """Answers each task kind with a function of the prompt; records every call."""

    engine = "scripted"

    def __init__(self, **replies: Reply) -> None:
        self.name = "scripted-model"
        self.replies = replies
        self.calls: list[tuple[str, dict | None, int]] = []
        self.kinds: list[str] = []

    def chat(self, messages: list[dict[str, str]], *, max_tokens: int = 256,
             json_schema: dict | None = None, stop: list[str] | None = None) -> str:
        content = messages[-1]["content"]
        self.calls.append((content, json_schema, max_tokens))
        task = content.rsplit("Task: ", 1)[-1]
        for key, kind in (("write", "write the narrative"), ("check", "check one sentence"),
                          ("retry", "this sentence of the draft failed"),
                          ("fields", "fill in the report"), ("notes", "this is part"),
                          ("ask", "answer the reviewer")):
            if task.startswith(kind):
                self.kinds.append(key)
                reply = self.replies.get(key)
                if reply is None:
                    raise LLMError(f"no scripted reply for {key}")
                out = reply(content)
                if json_schema is not None:
                    assert conforms(json.loads(out), json_schema), (key, out)
                return out
        raise AssertionError(f"unexpected task: {task[:60]}")


def sentences(*items: tuple[str, list[int]], layout: str = "paragraph") -> Reply:
    body = {"layout": layout, "sentences": [{"text": t, "lines": ids} for t, ids in items]}
    return lambda _prompt: json.dumps(body)


FIELDS = json.dumps({
    "incident_type": {"value": "bicycle theft", "lines": [0]},
    "disposition": {"value": "report taken", "lines": [3]},
    "injuries": {"value": "not stated", "lines": []},
    "roles": ["officer", "bike owner"],
})
YES: Reply = lambda _p: '"yes"'  # noqa: E731


def writer(llm: ChatModel | None, **options: object) -> NarrativeWriter:
    return NarrativeWriter(llm, ExtractiveSummarizer(), options=WriterOptions(**options))


def transcript(segments: list[RedactedSegment] = SEGMENTS) -> RedactedTranscript:
    return RedactedTranscript(list(segments), duration_s=22.0)


def test_cited_sentences_become_the_narrative_in_order() -> None:
    llm = ScriptedLLM(
        write=sentences(("The caller reported that a bike was taken from the rack.", [0]),
                        ("The caller said it was last seen around eight in the morning.", [2]),
                        ("The officer said a report would be filed.", [3])),
        check=YES, fields=lambda _p: FIELDS)
    summary = writer(llm).summarize(transcript())
    assert summary.narrative == (
        "The caller reported that a bike was taken from the rack. The caller said it was "
        "last seen around eight in the morning. The officer said a report would be filed.")
    assert [f.segment_ids for f in summary.facts] == [[0], [2], [3]]
    assert all(f.supported and f.in_narrative for f in summary.facts)
    assert summary.model == "scripted-model" and summary.backend == "scripted"
    assert "scripted-model" in summary.disclosure
    assert summary.incident_type == "bicycle theft" and summary.disposition == "report taken"
    assert summary.injuries == "not stated" and summary.field_citations["disposition"] == [3]
    assert summary.report_fields["case number"].startswith("[INSERT")
    # three sentences checked, then the fields, then the two cited fields checked
    assert llm.kinds == ["write", "check", "check", "check", "fields", "check", "check"]


def test_prompt_numbers_lines_with_speakers_and_keeps_instructions_in_the_task() -> None:
    llm = ScriptedLLM(write=sentences(("The caller reported a bike was taken.", [0])),
                      check=YES, fields=lambda _p: FIELDS)
    writer(llm).summarize(transcript(), instructions='Focus on the "lock".')
    content, schema, _ = llm.calls[0]
    assert content.startswith("Transcript:\n[0] 00:01 SPEAKER_2: Hi, I called because")
    assert "[3] 00:16 OFFICER: I will file a report" in content
    _block, task = content.split("\n\nTask: ")
    assert "Focus on the 'lock'." in task and "lock" not in prompt.SYSTEM
    assert "Speakers are not labelled" not in task
    assert schema == prompt.sentences_schema(3)


def test_without_speaker_labels_the_prompt_says_so() -> None:
    plain = [RedactedSegment(s.id, s.start, s.end, s.text) for s in SEGMENTS]
    llm = ScriptedLLM(write=sentences(("A bike was reported taken from the rack.", [0])),
                      check=YES, fields=lambda _p: FIELDS)
    writer(llm).summarize(transcript(plain))
    assert "[0] 00:01 Hi, I called" in llm.calls[0][0]
    assert "Speakers are not labelled" in llm.calls[0][0]


@pytest.mark.parametrize(("sentence", "lines", "reason"), [
    ("The bike was taken at nine.", [2], "number"),
    ("The caller gave [PERSON_1] as the owner.", [0], "redaction label"),
    ("The caller said the bike was taken near Riverside.", [0], "name or place"),
    ("I took the report.", [3], "first or second person"),
    ("The caller said the bike was taken.", [], "cites no transcript line"),
    ("The lock was blue on the left right side of the left right side of the left right "
     "side.", [2], "repeats itself"),
])
def test_hard_checks_reject(sentence: str, lines: list[int], reason: str) -> None:
    cited = [SEGMENTS[i] for i in lines]
    problems = hard_problems(sentence, cited)
    assert any(reason in p for p in problems), problems


def test_hard_checks_accept_a_faithful_paraphrase() -> None:
    assert hard_problems("The caller said the bike had a blue lock and was last seen "
                         "around eight.", [SEGMENTS[2]]) == []
    assert hard_problems("The officer sent the case number to [EMAIL_ADDRESS_1].",
                         [SEGMENTS[3]]) == []
    assert hard_problems("SPEAKER_2 said the bike was taken from the rack at "
                         "[INSERT: location].", [SEGMENTS[0]]) == []


def test_runaway_and_duplicate_are_caught() -> None:
    long = " ".join(["word"] * 5 + [f"w{i}" for i in range(70)])
    assert "runaway" in (degeneration(long) or "")
    dup = hard_problems("The caller said the bike was taken from the rack.", [SEGMENTS[0]],
                        earlier=["The caller said the bike was taken from the rack."])
    assert "repeats an earlier sentence" in dup


def test_model_verdict_no_rejects_and_the_retry_replaces_it() -> None:
    verdicts = iter(['"no"'])
    llm = ScriptedLLM(
        write=sentences(("The caller said a stranger took the bike.", [0]),
                        ("The officer said a report would be filed.", [3])),
        check=lambda _p: next(verdicts, '"yes"'),
        retry=lambda _p: json.dumps({"text": "The caller reported that a bike was taken "
                                             "from the rack.", "lines": [0]}),
        fields=lambda _p: FIELDS)
    summary = writer(llm).summarize(transcript())
    first, retried, _last = summary.facts
    assert not first.supported and not first.in_narrative
    assert "not supported" in first.reasons[0]
    assert retried.source == "retry" and retried.supported and retried.in_narrative
    assert "stranger" not in summary.narrative and "stranger" in summary.first_draft
    assert summary.retries == 1
    retry_prompt = next(c for c, _, _ in llm.calls if "failed a check" in c)
    assert "The caller said a stranger took the bike." in retry_prompt
    assert "not supported by the cited lines" in retry_prompt


def test_retries_are_capped() -> None:
    bad = [(f"The bike was taken at {n}.", [2]) for n in (11, 12, 13)]
    llm = ScriptedLLM(write=sentences(*bad), check=YES,
                      retry=lambda _p: json.dumps({"text": "It was taken at 99.", "lines": [2]}),
                      fields=lambda _p: FIELDS)
    summary = writer(llm, max_retries=2).summarize(transcript())
    assert summary.retries == 2
    assert sum(1 for f in summary.facts if f.source == "retry") == 2
    assert not any(f.in_narrative for f in summary.facts)
    assert summary.narrative.startswith("The recording contained speech")


def test_bullet_layout_when_the_model_chooses_it() -> None:
    llm = ScriptedLLM(write=sentences(("The caller reported a bike was taken.", [0]),
                                      ("The officer said a report would be filed.", [3]),
                                      layout="bullets"),
                      check=YES, fields=lambda _p: FIELDS)
    summary = writer(llm).summarize(transcript())
    assert summary.layout == "bullets"
    assert summary.narrative.splitlines() == ["- The caller reported a bike was taken.",
                                              "- The officer said a report would be filed."]


def test_model_unavailable_falls_back_and_says_so() -> None:
    llm = ScriptedLLM()  # every call raises LLMError
    summary = writer(llm).summarize(transcript())
    assert summary.backend == "extractive" and "no usable language-model output" in \
        summary.disclosure
    assert summary.facts and all(f.source == "extractive" for f in summary.facts)
    assert all(set(f.segment_ids) <= {0, 2, 3} for f in summary.facts)


def test_no_model_configured_is_the_extractive_draft() -> None:
    summary = writer(None).summarize(transcript())
    assert summary.model == "extractive" and "none configured" in summary.disclosure


def test_input_must_be_redacted_and_empty_input_calls_nothing() -> None:
    llm = ScriptedLLM()
    with pytest.raises(TypeError):
        writer(llm).summarize("raw text")  # type: ignore[arg-type]
    summary = writer(llm).summarize(RedactedTranscript([]))
    assert summary.narrative == NOTHING_SAID and llm.calls == []


def test_long_transcript_is_mapped_to_notes_then_reduced() -> None:
    segs = [RedactedSegment(i, 5.0 * i, 5.0 * i + 4,
                            f"Line {i} says the gate was open and the light stayed on.")
            for i in range(60)]

    def notes(content: str) -> str:
        first = int(content.split("Transcript:\n[", 1)[1].split("]", 1)[0])
        return json.dumps({"layout": "paragraph", "sentences": [
            {"text": "Someone said the gate was open.", "lines": [first]},
            {"text": "Someone said the light stayed on.", "lines": [first + 1, 999]}]})

    llm = ScriptedLLM(notes=notes,
                      write=sentences(("It was said that the gate was open.", [0]),
                                      ("It was said that the light stayed on.", [1, 3])),
                      check=YES, fields=lambda _p: FIELDS)
    summary = writer(llm, chunk_words=200).summarize(RedactedTranscript(segs))
    assert summary.chunks == 4
    assert llm.kinds.count("notes") == 4 and llm.kinds[4] == "write"
    reduce_prompt = next(c for c, _, _ in llm.calls if "write the narrative" in c)
    assert reduce_prompt.startswith("Notes, in time order:\n[0] 00:00 Someone said the gate")
    # duplicates of earlier notes are dropped, so later chunks add nothing new here
    assert summary.facts[0].segment_ids == [0]
    assert summary.facts[1].segment_ids == [1]
    for content, _, _ in llm.calls:  # every prompt is bounded by the chunk, not the recording
        assert len(content.split()) < 200 + 250


def test_claim_checker_with_model_error_rejects() -> None:
    checker = ClaimChecker(ScriptedLLM())
    verdict = checker.check("The caller reported a bike was taken.", [SEGMENTS[0]], "x")
    assert not verdict.supported and "could not run" in verdict.reasons[0]


def test_parse_reply_and_schema_conformance() -> None:
    schema = prompt.ANSWER_SCHEMA
    assert json.loads(parse_reply('Sure! {"answer": "It was blue.", "lines": [2]} done',
                                  schema)) == {"answer": "It was blue.", "lines": [2]}
    with pytest.raises(LLMError):
        parse_reply('{"answer": "x"}', schema)  # missing lines
    with pytest.raises(LLMError):
        parse_reply("no json here", schema)
    with pytest.raises(LLMError):
        parse_reply('{"answer": "x", "lines": ["two"]}', schema)
    assert parse_reply('"yes"', prompt.VERDICT_SCHEMA) == '"yes"'
    assert not conforms("maybe", prompt.VERDICT_SCHEMA)
    assert not conforms({"layout": "paragraph", "sentences": []}, prompt.sentences_schema(3))


def test_a_reply_cut_off_keeps_its_complete_sentences() -> None:
    from service.llm.base import TruncatedReply

    class Cut(ScriptedLLM):
        def chat(self, messages, **kwargs):  # type: ignore[no-untyped-def]
            if "write the narrative" in messages[-1]["content"]:
                raise TruncatedReply("cut", '{"layout": "paragraph", "sentences": [{"lines": '
                                     '[0], "text": "The caller reported a bike was taken."}, '
                                     '{"lines": [2], "text": "The caller said the the the')
            return super().chat(messages, **kwargs)

    summary = writer(Cut(check=YES, fields=lambda _p: FIELDS)).summarize(transcript())
    assert [f.text for f in summary.facts] == ["The caller reported a bike was taken."]
    assert summary.facts[0].in_narrative and summary.backend == "scripted"


def test_several_sentences_in_one_item_are_checked_one_by_one() -> None:
    llm = ScriptedLLM(
        write=sentences(("The caller reported a bike was taken. It was taken at nine.",
                         [0, 2])),
        check=YES, retry=lambda _p: (_ for _ in ()).throw(LLMError("down")),
        fields=lambda _p: FIELDS)
    summary = writer(llm).summarize(transcript())
    assert [(f.text, f.supported) for f in summary.facts] == [
        ("The caller reported a bike was taken.", True), ("It was taken at nine.", False)]
    assert summary.narrative == "The caller reported a bike was taken."


def test_titles_do_not_end_a_sentence() -> None:
    from service.summary.writer import split_sentences

    assert split_sentences("Ms. [PERSON_1] said it was gone. The officer left.") == [
        "Ms. [PERSON_1] said it was gone.", "The officer left."]


def test_a_field_the_model_cannot_confirm_is_left_open() -> None:
    def verdict(content: str) -> str:
        return '"no"' if "The outcome was: report taken." in content else '"yes"'

    llm = ScriptedLLM(write=sentences(("The caller reported a bike was taken.", [0])),
                      check=verdict, fields=lambda _p: FIELDS)
    summary = writer(llm).summarize(transcript())
    assert summary.disposition == "not stated" and "disposition" not in summary.field_citations
    assert summary.incident_type == "bicycle theft"


def test_output_redaction_never_renumbers_labels() -> None:
    from service.summary.output_redaction import redact_text

    class Finds:
        def redact_text(self, text: str) -> tuple[str, int]:
            if "Zed" in text:
                return text.replace("Zed Quarry", "[PERSON_1]"), 1
            return text, 0

    out, hits = redact_text(Finds(), "[PERSON_1] spoke to Zed Quarry at [LOCATION_2].")
    assert out == "[PERSON_1] spoke to [REDACTED] at [LOCATION_2]." and hits == 1
