"""Verified redaction: values recovered by alignment, heard again or not, wired in the pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

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
    quiet_check = check_redaction(quiet, _audio(), _audio().samples, raw, red).to_dict()
    assert {k: quiet_check[k] for k in ("residual", "checked", "residual_types")} == {
        "residual": 0, "checked": 2, "residual_types": []}
    assert quiet_check["residual_by_type"] == {}
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
    assert asr.calls == 2  # the two redactions' windows are 2 s apart: merged into one
    check = out.result["redaction_check"]
    assert {k: check[k] for k in ("residual", "checked", "residual_types")} == {
        "residual": 1, "checked": 2, "residual_types": ["PHONE_NUMBER"]}
    assert check["residual_by_type"] == {"PHONE_NUMBER": 1}
    written = (out.folder / "result.json").read_text()
    assert json.loads(written)["redaction_check"]["checked"] == 2
    assert "Marchetti" not in written and "0199" not in written

    asr2 = FakeTranscriber(said, said)
    opts = ProcessOptions(extra={"verify_redaction": False})
    out2 = _pipeline(tmp_path, asr2).process(DATA / "encounter.flac", tmp_path / "out2", opts)
    assert asr2.calls == 1 and "redaction_check" not in out2.result


class ClipRecorder(Transcriber):
    """Records the length of every clip it is given; hears ``heard`` in each."""

    def __init__(self, heard: str) -> None:
        self.heard = heard
        self.clips: list[float] = []

    def transcribe_iter(self, audio: Audio) -> tuple[Iterator[Segment], AsrInfo]:
        self.clips.append(audio.duration_s)
        return iter([_segment(0, self.heard, 0.0)]), INFO


def _long_audio(seconds: int) -> Audio:
    return Audio(samples=np.zeros(seconds * 16_000, dtype=np.float32), sample_rate=16_000,
                 sha256="0" * 64, filename="x.wav", size_bytes=0, original_sample_rate=16_000,
                 original_channels=1, container="wav")


def _spread(said: list[tuple[float, str]]) -> tuple[Transcript, object]:
    raw = Transcript([_segment(i, t, t0) for i, (t0, t) in enumerate(said)], INFO)
    return raw, get_redactor().redact(raw)


def test_only_padded_windows_are_transcribed_again() -> None:
    from redaction.verify import PAD_S, check_windows

    # Ten minutes; one name near the start, one phone number near the end.
    raw, red = _spread([(30.0, "My name is Odile Marchetti."), (540.0, "Call me at 312-555-0199.")])
    windows = check_windows(red, 600.0)
    assert len(windows) == 2
    for (start, end), r in zip(windows, sorted(red.redactions, key=lambda r: r.start_s),
                               strict=True):
        assert start == max(0.0, r.start_s - PAD_S) and end == r.end_s + PAD_S
    asr = ClipRecorder("nothing but a tone")
    check = check_redaction(asr, _long_audio(600), _long_audio(600).samples, raw, red)
    # Both windows in one recogniser input (joined by a 0.5 s silence), not ten minutes.
    assert len(asr.clips) == 1
    assert asr.clips[0] == pytest.approx(sum(e - s for s, e in windows) + 0.5, abs=0.01)
    assert check.windows == 2 and check.audio_s == sum(e - s for s, e in windows)
    assert check.residual == 0 and check.checked == 2

    whole = ClipRecorder("nothing but a tone")
    check_redaction(whole, _long_audio(600), _long_audio(600).samples, raw, red, whole=True)
    assert whole.clips == [600.0]


def test_residuals_reported_by_type() -> None:
    raw, red = _spread([(30.0, "My name is Odile Marchetti."), (540.0, "Call me at 312-555-0199."),
                        (300.0, "Her friend Bartholomew Quince called.")])
    asr = ClipRecorder("marchetti and quince, 312 555 0199")
    check = check_redaction(asr, _long_audio(600), _long_audio(600).samples, raw, red)
    assert check.residual_by_type == {"PERSON": 2, "PHONE_NUMBER": 1}
    assert check.to_dict()["residual_by_type"] == {"PERSON": 2, "PHONE_NUMBER": 1}


def test_words_from_two_windows_never_join() -> None:
    from redaction.verify import residual_in

    values = [("STREET_ADDRESS", "1427 Elm Street")]
    assert residual_in(values, ["... 1427", "elm street ..."]).residual == 0
    assert residual_in(values, ["... 1427 elm street ..."]).residual == 1


def test_bleeped_samples_read_lazily() -> None:
    raw, red = _spread([(30.0, "My name is Odile Marchetti.")])
    reads: list[tuple[int, int]] = []

    def read(start: int, end: int) -> np.ndarray:
        reads.append((start, end))
        return np.zeros(end - start, dtype=np.float32)

    check_redaction(ClipRecorder("x"), _long_audio(600), read, raw, red)
    assert len(reads) == 1 and (reads[0][1] - reads[0][0]) < 10 * 16_000


class PackListener(Transcriber):
    """Hears one given text in each window of a pack, timed where that window lies."""

    def __init__(self, per_window: list[str]) -> None:
        self.per_window = per_window
        self.calls = 0

    def transcribe_iter(self, audio: Audio) -> tuple[Iterator[Segment], AsrInfo]:
        from redaction.verify import GAP_S

        self.calls += 1
        n = len(self.per_window)
        clip_s = (audio.duration_s - GAP_S * (n - 1)) / n  # equal windows in these tests
        segments = [Segment(i, i * (clip_s + GAP_S) + 0.1, i * (clip_s + GAP_S) + clip_s - 0.1,
                            text) for i, text in enumerate(self.per_window)]
        return iter(segments), INFO


def test_packed_windows_are_matched_apart() -> None:
    # Two addresses 60 s apart: two windows of equal length, packed into one input.
    raw, red = _spread([(100.0, "I live at 1427 Elm Street."), (160.0, "Or 1427 Elm Street.")])
    split = PackListener(["the number is 1427", "elm street it was"])
    assert check_redaction(split, _long_audio(600), _long_audio(600).samples, raw,
                           red).residual == 0  # halves of a value in two windows
    whole = PackListener(["1427 elm street", "nothing"])
    assert check_redaction(whole, _long_audio(600), _long_audio(600).samples, raw,
                           red).residual == 1
    assert split.calls == whole.calls == 1
