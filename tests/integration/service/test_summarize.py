"""The summarizer as the pipeline builds it, on real engines: SmolLM2 through llama.cpp
(the small bundled model the rest of the suite uses) and the real Presidio redactor.

Whatever a small model writes, the contract holds: every narrative sentence passed the
claim check and cites real segments; what failed stays in ``facts`` as unsupported; the
finished text is redacted again without breaking the transcript's labels.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redaction.types import RedactedSegment, RedactedTranscript
from service.config import Settings
from service.pipeline import build_summarizer
from service.summary.extractive import ExtractiveSummarizer
from service.summary.writer import NarrativeWriter

SEGMENTS = [
    RedactedSegment(0, 0.5, 5.0, "Unit four, I am at [STREET_ADDRESS_1] for the alarm call.",
                    "OFFICER"),
    RedactedSegment(1, 5.5, 11.0, "The side door was forced open and two laptops are gone "
                    "from the office.", "SPEAKER_2"),
    RedactedSegment(2, 11.5, 15.0, "Nobody was inside when it happened.", "SPEAKER_2"),
    RedactedSegment(3, 15.5, 20.0, "I will write a report and dust the door for prints.",
                    "OFFICER"),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> NarrativeWriter:
    from redaction.pii.redactor import get_redactor

    settings = Settings(data_dir=tmp_path_factory.mktemp("d"),
                        llm_model="smollm2-135m-instruct")
    writer = build_summarizer(settings, redactor=get_redactor())
    assert isinstance(writer, NarrativeWriter)
    return writer


def test_small_model_draft_keeps_the_contract(small: NarrativeWriter) -> None:
    calls = small.llm.stats.calls  # type: ignore[union-attr]
    summary = small.summarize(RedactedTranscript(SEGMENTS, duration_s=20.0))
    assert small.llm.stats.calls > calls  # type: ignore[union-attr]  # the model was asked
    assert summary.narrative.strip()
    if summary.backend == "extractive":  # the 135M model's reply held no usable sentence
        assert "no usable language-model output" in summary.disclosure
    else:
        assert summary.backend == "llama.cpp" and summary.model == "smollm2-135m-instruct"
    ids = {s.id for s in SEGMENTS}
    for fact in summary.facts:
        assert set(fact.segment_ids) <= ids
        assert fact.in_narrative == fact.supported
        if not fact.supported:
            assert fact.reasons and fact.text not in summary.narrative
    assert json.loads(json.dumps(summary.to_dict()))["facts"] == [
        {**f.__dict__} for f in summary.facts]


def test_extractive_by_name_and_raw_text_refused(tmp_path: Path) -> None:
    writer = build_summarizer(Settings(data_dir=tmp_path, llm_model="none"))
    summary = writer.summarize(RedactedTranscript(SEGMENTS))
    assert summary.model == "extractive" and "not AI-written" in summary.disclosure
    with pytest.raises(TypeError):
        writer.summarize(" ".join(s.text for s in SEGMENTS))  # type: ignore[arg-type]


def test_output_redaction_keeps_labels_and_catches_leaks() -> None:
    """Re-redaction must not re-label "[STREET_ADDRESS_1]", and must catch a missed name."""
    from redaction.pii.redactor import get_redactor

    transcript = RedactedTranscript([
        RedactedSegment(0, 0.0, 5.0, "Dispatch, unit 12, I am on scene at [STREET_ADDRESS_1]."),
        RedactedSegment(1, 5.0, 9.0, "Somebody smashed my window and Robert Kowalski saw it."),
    ])
    summary = ExtractiveSummarizer(redactor=get_redactor()).summarize(transcript)
    record = json.dumps(summary.to_dict())
    assert "[STREET_ADDRESS_1]" in summary.narrative and "[[" not in record
    assert "Kowalski" not in record and summary.pii_hits >= 1
