"""The ``Diarizer`` interface: who speaks when, inside one recording.

Any engine with this one method can stand in — the bundled segmentation + GE2E
diarizer, the channel split, pyannote-audio on a GPU, or a test double. Whatever it
uses internally, it returns turns and non-identifying cues, never a voice vector.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from service.speakers.types import Diarization


class Diarizer(Protocol):
    method: str

    def diarize(self, samples: np.ndarray, channels: np.ndarray | None = None
                ) -> Diarization:
        """Turns for 16 kHz mono ``samples``; ``channels`` (n, 2) when the file is stereo."""
        ...
