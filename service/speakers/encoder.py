"""Speaker vectors from resemblyzer's GE2E encoder, used inside one recording only.

The network (3-layer LSTM, 256-d output) and its input features are re-created here so
that the weights file is all we need from the package: resemblyzer's own module imports
librosa and webrtcvad at import time. The mel features equal librosa's
``melspectrogram(sr=16000, n_fft=400, hop_length=160, n_mels=40)`` (checked to 1e-7),
and the vectors equal ``VoiceEncoder.embed_utterance`` on the same audio.

A vector is a voiceprint. It is returned to the diarizer's clustering step and never
written, logged, cached or put in a result.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 40
PARTIAL_FRAMES = 160  # 1.6 s per partial utterance
EMBEDDING_DIM = 256
PARTIAL_STEP = 160  # partials do not overlap: 4x cheaper than 0.4 s hops, same clusters
MAX_PARTIALS = 3  # 4.8 s of a speaker is plenty for a within-recording vector


def _hz_to_mel(f: np.ndarray) -> np.ndarray:
    """Slaney mel scale (librosa's default, htk=False)."""
    f_sp, min_log_hz, logstep = 200.0 / 3, 1000.0, np.log(6.4) / 27.0
    safe = np.maximum(f, 1e-10)
    return np.where(f >= min_log_hz,
                    min_log_hz / f_sp + np.log(safe / min_log_hz) / logstep, f / f_sp)


def _mel_to_hz(m: np.ndarray) -> np.ndarray:
    f_sp, min_log_hz, logstep = 200.0 / 3, 1000.0, np.log(6.4) / 27.0
    min_log_mel = min_log_hz / f_sp
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


@cache
def _mel_filters() -> np.ndarray:
    fft_freqs = np.linspace(0, SAMPLE_RATE / 2, 1 + N_FFT // 2)
    edges = _mel_to_hz(np.linspace(_hz_to_mel(np.array(0.0)), _hz_to_mel(
        np.array(SAMPLE_RATE / 2)), N_MELS + 2))
    widths = np.diff(edges)
    ramps = edges[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]  # Slaney area normalisation
    return weights.astype(np.float32)


def mel_spectrogram(wav: np.ndarray) -> np.ndarray:
    """(frames, 40) power mel spectrogram, centred frames with zero padding."""
    y = np.pad(wav.astype(np.float32), (N_FFT // 2, N_FFT // 2))
    n_frames = 1 + (len(y) - N_FFT) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)
    power = np.abs(np.fft.rfft(y[idx] * window, axis=1)) ** 2
    return (power @ _mel_filters().T).astype(np.float32)


class SpeakerEncoder:
    """GE2E encoder on CPU (or a given torch device); thread-safe, no state per call."""

    def __init__(self, weights: Path, device: str = "cpu", threads: int = 1) -> None:
        # torch is imported (and the network defined) only when a stage is built, so
        # importing service.speakers loads no model and no torch.
        import torch
        from torch import nn

        class _GE2E(nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.lstm = nn.LSTM(N_MELS, 256, 3, batch_first=True)
                self.linear = nn.Linear(256, EMBEDDING_DIM)

            def forward(self, mels: torch.Tensor) -> torch.Tensor:
                _, (hidden, _) = self.lstm(mels)
                out = torch.relu(self.linear(hidden[-1]))
                return out / out.norm(dim=1, keepdim=True).clamp_min(1e-8)

        checkpoint = torch.load(weights, map_location="cpu", weights_only=True)
        state = {k: v for k, v in checkpoint["model_state"].items()
                 if k.startswith(("lstm.", "linear."))}
        net = _GE2E()
        net.load_state_dict(state)
        self._net = net.to(device).eval()
        self._torch = torch
        self._device = device
        self._threads = max(1, threads)
        self._lock = threading.Lock()

    def embed(self, wav: np.ndarray) -> np.ndarray:
        """One L2-normalised 256-d vector: the mean over 1.6 s partials of ``wav``."""
        need = (PARTIAL_FRAMES - 1) * HOP
        if len(wav) < need:
            wav = np.pad(wav, (0, need - len(wav)), mode="wrap" if len(wav) else "constant")
        mel = mel_spectrogram(wav)
        starts = list(range(0, max(1, len(mel) - PARTIAL_FRAMES + 1), PARTIAL_STEP))
        parts = np.stack([mel[s:s + PARTIAL_FRAMES] for s in starts[:MAX_PARTIALS]])
        with self._lock, self._torch.inference_mode():
            # A small LSTM batch: one intra-op thread is 2-15x faster than two on a busy
            # CPU (OpenMP threads wait on each other); the global count is restored after.
            threads = self._torch.get_num_threads()
            self._torch.set_num_threads(self._threads)
            try:
                vecs = self._net(self._torch.from_numpy(parts).to(self._device)).cpu().numpy()
            finally:
                self._torch.set_num_threads(threads)
        mean = vecs.mean(axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-8)
