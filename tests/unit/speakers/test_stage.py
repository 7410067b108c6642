"""The speakers stage with a stand-in diarizer: picking, question cue, labels on segments."""

from __future__ import annotations

import numpy as np

from redaction.types import Segment, Word
from service.speakers.stage import SpeakerStage
from service.speakers.stereo import channels_are_separate
from service.speakers.types import Diarization, SpeakerCues, SpeakerTurn


class FakeDiarizer:
    """Two equally loud voices; the other one talks more and first, the officer asks."""

    def __init__(self, method: str) -> None:
        self.method = method
        self.calls = 0

    def diarize(self, samples: np.ndarray, channels: np.ndarray | None = None) -> Diarization:
        self.calls += 1
        turns = [SpeakerTurn(0.0, 2.0, 0), SpeakerTurn(2.5, 4.0, 1), SpeakerTurn(4.5, 6.0, 0)]
        cues = {0: SpeakerCues(0, 1.5, 0.5, -25.0, 0.03, 0.1),
                1: SpeakerCues(1, 3.5, 0.0, -25.0, 0.03, 0.1)}
        return Diarization(turns, cues, method=self.method)


def _segments() -> list[Segment]:
    def seg(i: int, start: float, text: str) -> Segment:
        words = tuple(Word(start + 0.3 * j, start + 0.3 * j + 0.25, f" {w}", 0.9)
                      for j, w in enumerate(text.split()))
        return Segment(i, words[0].start, words[-1].end, text, words)

    return [seg(0, 0.1, "Where did it happen? Were you alone?"), seg(1, 2.6, "At the corner."),
            seg(2, 4.6, "Which way did they go?")]


def test_labels_follow_the_questioner() -> None:
    stage = SpeakerStage(FakeDiarizer("fake"))
    found = stage.run(np.zeros(16000 * 6, dtype=np.float32), _segments())
    assert [s.speaker for s in found.segments] == ["OFFICER", "SPEAKER_2", "OFFICER"]
    assert [s.label for s in found.speakers] == ["SPEAKER_2", "OFFICER"]  # by first_start
    assert found.method == "fake" and found.labels == {0: "OFFICER", 1: "SPEAKER_2"}


def test_stereo_only_for_two_separate_feeds() -> None:
    rng = np.random.default_rng(0)
    mono, stereo = FakeDiarizer("mono"), FakeDiarizer("stereo")
    stage = SpeakerStage(mono, stereo)
    feeds = rng.normal(size=(16000, 2)).astype(np.float32)
    mix = np.repeat(rng.normal(size=(16000, 1)), 2, axis=1).astype(np.float32)
    assert channels_are_separate(feeds) and not channels_are_separate(mix)
    assert stage.pick(feeds) is stereo and stage.pick(mix) is mono and stage.pick(None) is mono
    assert SpeakerStage(mono).pick(feeds) is mono  # no channel-split engine configured
    assert stage.wants_channels(2, 60.0) and not stage.wants_channels(1, 60.0)
    assert not stage.wants_channels(2, 2 * 3600.0)  # long files: no extra decodes
    silent = np.zeros((16000, 2), dtype=np.float32)
    assert not channels_are_separate(silent)
