"""Model resolution and real faster-whisper transcription on the project's fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.asr.whisper import AsrOptions, get_transcriber, pick_device
from service.errors import ModelNotAvailableError
from service.media import decode as media
from service.registry import resolve_asr_model

DATA = Path(__file__).resolve().parents[2] / "data"


def test_bundled_base_is_assembled_once(tmp_path: Path) -> None:
    first = Path(resolve_asr_model("base", tmp_path))
    assert (first / "model.bin").stat().st_size > 100_000_000
    assert (first / "config.json").is_file() and (first / "tokenizer.json").is_file()
    mtime = (first / "model.bin").stat().st_mtime_ns
    assert Path(resolve_asr_model("base", tmp_path)) == first
    assert (first / "model.bin").stat().st_mtime_ns == mtime  # not rebuilt


def test_tiny_en_resolves_to_bundled_package(tmp_path: Path) -> None:
    assert (Path(resolve_asr_model("tiny.en", tmp_path)) / "model.bin").is_file()


def test_local_dir_without_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotAvailableError, match=r"model\.bin"):
        resolve_asr_model(str(tmp_path), tmp_path)


def test_unknown_model_offline_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotAvailableError, match="bundled"):
        get_transcriber(AsrOptions(model="large-v3-not-downloaded"), tmp_path)


def test_auto_device_on_cpu_is_int8() -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        assert pick_device("auto", "auto") == ("cuda", "float16")
    else:
        assert pick_device("auto", "auto") == ("cpu", "int8")
    assert pick_device("cpu", "float32") == ("cpu", "float32")


@pytest.fixture(scope="module")
def transcriber():
    from service.config import get_settings

    return get_transcriber(AsrOptions(model="base"), get_settings().resolved_cache_dir())


def test_transcribes_with_word_timestamps(transcriber) -> None:
    audio = media.load(DATA / "encounter_short.mp4")
    segments, info = transcriber.transcribe_iter(audio)
    assert info.language == "en"
    assert info.device == "cpu" or info.device == "cuda"
    segments = list(segments)  # lazy generator: work happens here
    text = " ".join(s.text for s in segments).lower()
    assert "bicycle" in text and "park" in text
    last = 0.0
    for i, seg in enumerate(segments):
        assert seg.id == i
        assert seg.start >= last - 1e-6 and seg.end >= seg.start
        assert seg.words, "word timestamps are required for audio redaction"
        for w in seg.words:
            assert seg.start - 0.5 <= w.start <= w.end <= seg.end + 0.5
        last = seg.start


def test_silence_gives_no_segments(transcriber) -> None:
    transcript = transcriber.transcribe(media.load(DATA / "silence.wav"))
    assert transcript.segments == []


def test_model_loaded_once_per_process(transcriber) -> None:
    from service.config import get_settings

    again = get_transcriber(AsrOptions(model="base"), get_settings().resolved_cache_dir())
    assert again is transcriber
