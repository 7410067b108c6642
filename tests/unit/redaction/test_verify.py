"""Verified redaction: values recovered by alignment, heard again or not, wired in the pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from redaction.pii.redactor import get_redactor
from redaction.types import AsrInfo, Audio, Segment, Transcript, Word
from redaction.verify import RedactionCheck, check_redaction, redacted_values, residual_values
from service.asr.whisper import Transcriber

DATA = Path(__file__).resolve().parents[2] / "data"
INFO = AsrInfo(model="fake", device="cpu", compute_type="int8", language="en",
               language_probability=1.0, duration_s=4.0)


def _segment(i: int, text: str, t0: float) -> Segment:
    words, t = [], t0
    for w in text.split():
        words.append(Word(t, t + 0.3, " " + w, 0.9))
        t += 0.35
    return Segment(i, t0, t, text, tuple(words))


class FakeTranscriber(Transcriber):
    """Says ``first`` on the first call and ``then`` on every later one (the re-check)."""

    def __init__(self, first: list[str], then: list[str]) -> None:
        self.replies = [first, then]
        self.calls = 0

    def transcribe_iter(self, audio: Audio) -> tuple[Iterator[Segment], AsrInfo]:
        texts = self.replies[min(self.calls, 1)]
        self.calls += 1
        return iter([_segment(i, t, 2.0 * i) for i, t in enumerate(texts)]), INFO


def _audio() -> Audio:
    return Audio(samples=np.zeros(4 * 16_000, dtype=np.float32), sample_rate=16_000,
                 sha256="0" * 64, filename="x.wav", size_bytes=0, original_sample_rate=16_000,
                 original_channels=1, container="wav")


def test_values_recovered_by_alignment() -> None:
    raw = Transcript([_segment(0, "My name is Odile Marchetti, call 312-555-0199 now.", 0.0)],
                     INFO)
    red = get_redactor().redact(raw)
    assert sorted(redacted_values(raw, red)) == [
        ("PERSON", "Odile Marchetti"), ("PHONE_NUMBER", "312-555-0199")]


def test_residual_normalisation() -> None:
    values = [("PERSON", "Odile Marchetti"), ("PHONE_NUMBER", "312-555-0199"),
              ("STREET_ADDRESS", "1427 Elm Street"), ("LICENSE_PLATE", "7 X Y Z 3 2 1")]
    assert residual_values(values, "nothing to hear [PERSON_1]") == RedactionCheck(0, 4)
    # Spoken digits, other separators, a surname alone, a plate run together: all heard.
    check = residual_values(
        values, "three one two five five five, 0199. marchetti left. 7XYZ321 and 1427 elm street")
    assert check.checked == 4 and check.residual == 4
    assert check.residual_types == ("LICENSE_PLATE", "PERSON", "PHONE_NUMBER", "STREET_ADDRESS")
    # Part of an address or of a number is not the value.
    assert residual_values(values, "elm street, 0199").residual == 0
    # The same value said twice is checked once.
    assert residual_values([("PHONE_NUMBER", "555 0199 12"), ("PHONE_NUMBER", "555019912")],
                           "").checked == 1


def test_check_redaction_with_fake_asr() -> None:
    said = ["My name is Odile Marchetti.", "Call me at 312-555-0199."]
    raw = Transcript([_segment(i, t, 2.0 * i) for i, t in enumerate(said)], INFO)
    red = get_redactor().redact(raw)
    quiet = FakeTranscriber(said, ["My name is", "Call me at"])
    quiet.calls = 1
    assert check_redaction(quiet, _audio(), _audio().samples, raw, red).to_dict() == {
        "residual": 0, "checked": 2, "residual_types": []}
    leaky = FakeTranscriber(said, ["My name is beep.", "Call me at 312 555 0199."])
    leaky.calls = 1
    assert check_redaction(leaky, _audio(), _audio().samples, raw, red).residual == 1
    nothing = Transcript([_segment(0, "All quiet tonight.", 0.0)], INFO)
    assert check_redaction(leaky, _audio(), _audio().samples, nothing,
                           get_redactor().redact(nothing)) == RedactionCheck(0, 0)


class FakeSummarizer:
    def summarize(self, transcript: object, instructions: str | None = None) -> object:
        from service.summary.writer import Summary

        return Summary(narrative="", facts=[], model="fake", prompt_sha256="",
                       disclosure="AI draft")


def _pipeline(tmp_path: Path, transcriber: Transcriber) -> object:
    from service.config import Settings
    from service.pipeline import Pipeline

    return Pipeline(Settings(data_dir=tmp_path / "data"), transcriber=transcriber,
                    summarizer=FakeSummarizer())  # type: ignore[arg-type]


def test_pipeline_writes_redaction_check(tmp_path: Path) -> None:
    from service.pipeline import ProcessOptions

    said = ["My name is Odile Marchetti.", "Call me at 312-555-0199."]
    asr = FakeTranscriber(said, ["My name is", "Call me at 312 555 0199"])
    out = _pipeline(tmp_path, asr).process(DATA / "encounter.flac", tmp_path / "out")
    assert asr.calls == 2
    assert out.result["redaction_check"] == {"residual": 1, "checked": 2,
                                             "residual_types": ["PHONE_NUMBER"]}
    written = (out.folder / "result.json").read_text()
    assert json.loads(written)["redaction_check"]["checked"] == 2
    assert "Marchetti" not in written and "0199" not in written

    asr2 = FakeTranscriber(said, said)
    opts = ProcessOptions(extra={"verify_redaction": False})
    out2 = _pipeline(tmp_path, asr2).process(DATA / "encounter.flac", tmp_path / "out2", opts)
    assert asr2.calls == 1 and "redaction_check" not in out2.result
