"""Frame decisions to turns: runs, bridged pauses, flickers given to a neighbour."""

from __future__ import annotations

import numpy as np
import pytest

from service.speakers.turns import FRAME_S, runs, smooth
from service.speakers.types import SpeakerTurn


def test_runs_skip_silence() -> None:
    turns = runs(np.array([-1, 0, 0, -1, 1, 1, 1]))
    assert [(t.speaker, round(t.start / FRAME_S), round(t.end / FRAME_S)) for t in turns] == [
        (0, 1, 3), (1, 4, 7)]


def test_short_pause_bridged_long_pause_kept() -> None:
    turns = [SpeakerTurn(0.0, 1.0, 0), SpeakerTurn(1.2, 2.0, 0), SpeakerTurn(3.0, 4.0, 0)]
    assert smooth(turns, 0.3, 0.4) == [SpeakerTurn(0.0, 2.0, 0), SpeakerTurn(3.0, 4.0, 0)]


def test_flicker_joins_the_longer_neighbour() -> None:
    turns = [SpeakerTurn(0.0, 2.0, 0), SpeakerTurn(2.0, 2.1, 1), SpeakerTurn(2.1, 2.6, 2)]
    out = smooth(turns, 0.3, 0.4)
    assert [t.speaker for t in out] == [0, 2]
    assert out[0].end == pytest.approx(2.1)


def test_isolated_flicker_dropped() -> None:
    assert smooth([SpeakerTurn(0.0, 1.0, 0), SpeakerTurn(5.0, 5.1, 1)], 0.3, 0.4) == [
        SpeakerTurn(0.0, 1.0, 0)]
