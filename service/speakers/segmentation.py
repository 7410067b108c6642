"""Local who-speaks-when: pyannote segmentation-3.0 over sliding 10 s windows (ONNX).

The model sees 10 s at 16 kHz and gives, per ~17 ms frame, a distribution over seven
"powerset" classes (nobody, speaker a, b, c, a+b, a+c, b+c). We turn that into three
per-speaker activity probabilities. Speaker letters are local to a window: the same
person may be "a" in one window and "b" in the next, which is why the diarizer then
embeds and clusters each window's speakers.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

logger = logging.getLogger("bodycam.speakers")

SAMPLE_RATE = 16000
WINDOW = 10 * SAMPLE_RATE
FRAME_STEP = 270  # samples between output frames (SincNet strides)
FRAME_FIRST = 721  # receptive field of the first frame
#: powerset class -> which of the three local speakers are active
_POWERSET = np.array(
    [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1]],
    dtype=np.float32,
)


@dataclass(frozen=True)
class WindowActivity:
    """Per-frame activity of the window's three local speakers, shape (frames, 3)."""

    start_sample: int
    activity: np.ndarray

    def frame_times(self) -> np.ndarray:
        """Centre time (s) of each frame in the recording."""
        idx = np.arange(self.activity.shape[0])
        centre = self.start_sample + idx * FRAME_STEP + FRAME_FIRST / 2
        return centre / SAMPLE_RATE


class SegmentationModel:
    """onnxruntime session over the bundled segmentation-3.0 graph."""

    def __init__(self, model_path: Path, threads: int = 1, batch: int = 8) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_path), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self._batch = max(1, batch)
        self._lock = threading.Lock()

    def windows(self, samples: np.ndarray, step_s: float = 5.0) -> list[WindowActivity]:
        """Activity for windows every ``step_s`` seconds; the last one is zero-padded."""
        step = int(step_s * SAMPLE_RATE)
        n = len(samples)
        starts = list(range(0, max(1, n - WINDOW + step), step))
        if n > WINDOW and starts[-1] + WINDOW < n:
            starts.append(n - WINDOW)
        out: list[WindowActivity] = []
        for i in range(0, len(starts), self._batch):
            chunk = starts[i:i + self._batch]
            batch = np.zeros((len(chunk), 1, WINDOW), dtype=np.float32)
            for j, s in enumerate(chunk):
                piece = samples[s:s + WINDOW]
                batch[j, 0, :len(piece)] = piece
            with self._lock:
                logp = self._session.run(None, {"input": batch})[0]
            probs = np.exp(logp) @ _POWERSET
            for j, s in enumerate(chunk):
                valid = max(0, (min(n - s, WINDOW) - FRAME_FIRST) // FRAME_STEP + 1)
                out.append(WindowActivity(s, probs[j, :valid]))
        return out
