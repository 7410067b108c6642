"""Acoustic cues per speaker that say nothing about who the person is.

Level (the wearer's mouth is a hand's breadth from the microphone, so the wearer is
usually the loudest voice) and spectral balance (radio traffic through a handset or a
car speaker passes roughly 300-3400 Hz, so it has almost no energy above that band).
"""

from __future__ import annotations

import numpy as np

from service.speakers.types import SpeakerCues, SpeakerTurn

SAMPLE_RATE = 16000
FRAME = 800  # 50 ms
RADIO_HIGH_HZ = 3400.0
RADIO_LOW_HZ = 250.0
RADIO_MAX_HIGH = 0.006  #: share of energy above RADIO_HIGH_HZ below which audio is radio
RADIO_MAX_LOW = 0.02  #: share below RADIO_LOW_HZ, same


def is_band_limited(audio: np.ndarray) -> bool:
    """Speech that passed a radio or phone band (little energy outside 250-3400 Hz)."""
    _, high, low = _spectral(audio)
    return len(audio) >= FRAME and high < RADIO_MAX_HIGH and low < RADIO_MAX_LOW


def speaker_cues(samples: np.ndarray, turns: list[SpeakerTurn]) -> dict[int, SpeakerCues]:
    """Cues for every speaker that has at least one turn."""
    out: dict[int, SpeakerCues] = {}
    for spk in sorted({t.speaker for t in turns}):
        mine = [t for t in turns if t.speaker == spk]
        pieces = [samples[int(t.start * SAMPLE_RATE):int(t.end * SAMPLE_RATE)] for t in mine]
        audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        level, high, low = _spectral(audio)
        out[spk] = SpeakerCues(
            speaker=spk, speech_s=float(sum(t.duration for t in mine)),
            first_start=min(t.start for t in mine), level_db=level, high_band=high,
            low_band=low,
        )
    return out


def _spectral(audio: np.ndarray) -> tuple[float, float, float]:
    """(median level of the louder half of 50 ms frames in dBFS, share > 3.4 kHz, < 250 Hz)."""
    n = len(audio) // FRAME
    if n == 0:
        return -100.0, 0.0, 0.0
    frames = audio[: n * FRAME].reshape(n, FRAME).astype(np.float64)
    rms = np.sqrt(np.mean(frames**2, axis=1)) + 1e-10
    db = 20 * np.log10(rms)
    loud = db >= np.median(db)  # voiced frames; pauses inside a turn would drag it down
    level = float(np.median(db[loud]))
    spec = np.abs(np.fft.rfft(frames[loud] * np.hanning(FRAME), axis=1)) ** 2
    freqs = np.fft.rfftfreq(FRAME, 1 / SAMPLE_RATE)
    total = float(spec.sum()) + 1e-12
    high = float(spec[:, freqs > RADIO_HIGH_HZ].sum()) / total
    low = float(spec[:, freqs < RADIO_LOW_HZ].sum()) / total
    return level, high, low
