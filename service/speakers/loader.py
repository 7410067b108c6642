"""Build the speakers stage from the bundled models (called by the composition root)."""

from __future__ import annotations

from service.speakers.encoder import SpeakerEncoder
from service.speakers.models import encoder_weights_path, segmentation_model_path
from service.speakers.neural import NeuralOptions, SegmentationDiarizer
from service.speakers.segmentation import SegmentationModel
from service.speakers.stage import SpeakerStage
from service.speakers.stereo import ChannelSplitDiarizer


def build_speaker_stage(mode: str = "auto", threads: int = 1) -> SpeakerStage:
    """``auto``: channel split for two independent channels, else segmentation + GE2E;
    ``neural``: always segmentation + GE2E."""
    segmentation = SegmentationModel(segmentation_model_path(), threads=threads)
    stereo = ChannelSplitDiarizer(segmentation) if mode == "auto" else None
    neural = SegmentationDiarizer(segmentation, SpeakerEncoder(encoder_weights_path(),
                                                               threads=threads),
                                  NeuralOptions())
    return SpeakerStage(neural, stereo)
