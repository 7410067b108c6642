"""Real speaker models (segmentation-3.0 ONNX, GE2E weights) on the project's own fixture.

``tests/data/speakers/spk00_short.flac`` (20 s, rendered by ``render.py``): the wearer
close to the microphone, a radio voice and a resident further away.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import numpy as np
import pytest

from eval.speakers_eval import der, officer_accuracy
from redaction.types import Transcript
from service.config import Settings
from service.pipeline import Pipeline
from service.speakers.loader import build_speaker_stage
from service.speakers.stage import SpeakerStage

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "speakers"
AUDIO = FIXTURES / "spk00_short.flac"
GOLD = json.loads((FIXTURES / "spk00_short.json").read_text())
REFERENCE = [(t["start"], t["end"], t["speaker"]) for t in GOLD["timings"]]


@pytest.fixture(scope="session")
def stage() -> SpeakerStage:
    return build_speaker_stage()


@pytest.fixture(scope="session")
def pipeline(stage: SpeakerStage, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    settings = Settings(data_dir=tmp_path_factory.mktemp("speakers"), asr_model="tiny.en")
    return Pipeline(settings, speakers=stage)


@pytest.fixture(scope="session")
def transcribed(pipeline: Pipeline) -> tuple[object, Transcript]:
    audio = pipeline.decode(AUDIO)
    return audio, pipeline.transcribe(audio)


def test_who_spoke_when_on_three_voices(stage: SpeakerStage) -> None:
    audio = Pipeline(Settings(diarize=False)).decode(AUDIO)
    found = stage.diarizer.diarize(audio.samples)
    hyp = [(t.start, t.end, str(t.speaker)) for t in found.turns]
    result = der(REFERENCE, hyp)
    assert result.der < 0.3, result
    assert result.der < der(REFERENCE, [(s, e, "one") for s, e, _ in REFERENCE]).der
    assert found.n_speakers == 3


def test_pipeline_labels_segments_and_words(pipeline: Pipeline, transcribed) -> None:
    audio, transcript = transcribed
    labelled, found = pipeline.diarize(AUDIO, audio, transcript)
    assert found is not None and found.method.startswith("pyannote")
    labels = [s.label for s in found.speakers]
    assert "OFFICER" in labels and "DISPATCH" in labels and "SPEAKER_2" in labels
    assert all(s.speaker for s in labelled.segments)
    assert all(w.speaker == s.speaker for s in labelled.segments for w in s.words)
    assert [s.id for s in labelled.segments] == list(range(len(labelled.segments)))
    segs = [(s.start, s.end, s.speaker or "") for s in labelled.segments]
    strict, _, coverage = officer_accuracy(REFERENCE, segs, {"officer"})
    assert strict >= 0.85 and coverage >= 0.8
    question = next(s for s in labelled.segments if "how long" in s.text.lower())
    assert question.speaker == "OFFICER"


def test_channel_split_when_each_voice_has_a_channel(stage: SpeakerStage) -> None:
    mono = Pipeline(Settings(diarize=False)).decode(AUDIO).samples
    officer = np.zeros_like(mono, dtype=bool)
    for s, e, spk in REFERENCE:
        if spk == "officer":
            officer[int(s * 16000):int(e * 16000)] = True
    stereo = np.stack([np.where(officer, mono, 0), np.where(officer, 0, mono)], axis=1)
    assert stage.pick(stereo) is stage.stereo
    assert stage.pick(np.stack([mono, mono], axis=1)) is stage.diarizer  # a mix, not feeds
    found = stage.stereo.diarize(mono, stereo)
    ref = [(s, e, "L" if spk == "officer" else "R") for s, e, spk in REFERENCE]
    assert der(ref, [(t.start, t.end, str(t.speaker)) for t in found.turns]).der < 0.2
    assert {t.speaker for t in found.turns} == {0, 1}


def test_logs_hold_no_vectors(stage: SpeakerStage, caplog: pytest.LogCaptureFixture) -> None:
    audio = Pipeline(Settings(diarize=False)).decode(AUDIO)
    with caplog.at_level(logging.DEBUG):
        stage.run(audio.samples, [])
    floats = re.compile(r"-?\d\.\d{3,}")
    assert caplog.records  # the stage logs what it did
    assert all(len(floats.findall(r.getMessage())) < 8 for r in caplog.records)


def test_diarize_off_by_setting(transcribed) -> None:
    audio, transcript = transcribed
    off = Pipeline(Settings(diarize=False))
    assert off.speakers is None
    same, found = off.diarize(AUDIO, audio, transcript)
    assert found is None and same is transcript
