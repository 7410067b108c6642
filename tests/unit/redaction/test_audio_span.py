"""Audio spans of redactions: padding grows as ASR's word probability falls."""

from __future__ import annotations

import pytest

from redaction.audio import BASE_PAD_S, LOW_CONF_PAD_S, audio_span
from redaction.types import Segment, Word


def _segment(probability: float) -> Segment:
    words = (Word(0.0, 0.4, " Her", 0.95), Word(0.5, 0.9, " name's", 0.9),
             Word(1.0, 1.6, " Quillane", probability), Word(1.7, 2.0, " okay", 0.9))
    return Segment(0, 0.0, 2.1, "Her name's Quillane okay", words)


@pytest.mark.parametrize("probability", [0.99, 0.8, 0.6])
def test_sure_words_get_padding_that_grows_as_probability_falls(probability: float) -> None:
    seg = _segment(probability)
    start = seg.text.index("Quillane")
    t0, t1 = audio_span(seg, start, start + len("Quillane"))
    pad = BASE_PAD_S + LOW_CONF_PAD_S * (1.0 - probability)
    assert t0 == pytest.approx(1.0 - pad) and t1 == pytest.approx(1.6 + pad)


def test_unsure_word_takes_its_neighbours_too() -> None:
    seg = _segment(0.3)
    start = seg.text.index("Quillane")
    t0, t1 = audio_span(seg, start, start + len("Quillane"))
    assert t0 < 0.5 and t1 > 2.0  # "name's" and "okay" are bleeped with it


def test_less_sure_means_wider() -> None:
    spans = []
    for p in (0.95, 0.7, 0.55):
        seg = _segment(p)
        start = seg.text.index("Quillane")
        t0, t1 = audio_span(seg, start, start + len("Quillane"))
        spans.append(t1 - t0)
    assert spans == sorted(spans)
