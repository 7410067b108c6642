"""One Settings object for the whole service, read from ``BODYCAM_*`` variables.

Everything that changes between a laptop, an agency server and a GPU host is here,
so tests and deployments override one object instead of patching modules.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BODYCAM_", extra="ignore")

    data_dir: Path = Field(default=Path(".bodycam"), description="Evidence store, DB, caches.")
    cache_dir: Path | None = Field(
        default=None, description="Where bundled models are assembled (default DATA_DIR/cache)."
    )
    asr_model: str = "base"
    asr_device: str = "auto"
    asr_compute_type: str = "auto"
    asr_beam_size: int = 5
    asr_cpu_threads: int = 0  # 0 = all available cores
    asr_window_s: float = 180.0  # audio per ASR call; memory follows this, not the duration
    work_dir: Path | None = Field(
        default=None, description="Scratch space for decoded audio (default: the system temp)."
    )
    llm_model: str = "qwen2.5-1.5b-instruct"  # registry.DEFAULT_LLM; "none" = extractive
    llm_endpoint: str | None = None
    llm_api_key: str | None = None
    llm_max_new_tokens: int = 160
    llm_engine: Literal["auto", "llama.cpp", "transformers"] = "auto"  # GGUF: llama.cpp
    llm_threads: int = 0  # llama.cpp / torch threads; 0 = the cores this process may use
    llm_ctx: int = 4096  # llama.cpp context window (tokens)
    llm_prompt_cache_mb: int = 256  # llama.cpp KV states of recent prompt prefixes kept
    max_upload_mb: int = 512
    max_duration_s: float = 4 * 3600.0
    batch_workers: int = 1
    # Ray (service/batch/ray_runner.py): "local" starts a one-machine cluster, "auto" or
    # HOST:PORT joins one. Set, the REST service hands its jobs to Ray workers.
    ray_address: str | None = None
    ray_worker_cpus: float = 0.0  # CPUs per Ray worker; 0 = local cores split / 2 joined
    ray_worker_gpus: float | None = None  # GPUs per Ray worker; unset = 1 when GPUs exist
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_workers: int = 1  # pipeline worker threads in the server process
    min_free_disk_mb: int = 1024  # /readyz fails below this
    store_raw_transcript: bool = True  # keep the raw transcript as evidence (evidence:raw)
    redaction_tone: bool = True  # bleep with a 1 kHz tone; False = silence
    verify_redaction: bool = True  # re-transcribe the bleeped audio and count residual PII
    embed_backend: Literal["onnx", "torch"] = "onnx"  # MiniLM via onnxruntime or PyTorch
    embed_threads: int = 1  # onnxruntime threads; 1 keeps short-request latency steady
    # Evidence-grade audit and server hardening (docs/threat-model.md).
    audit_anchor_dir: Path | None = None  # append-only location outside DATA_DIR for heads
    # failed authentications per client per window, then 429
    auth_fail_limit: int = Field(default=20, ge=1)
    auth_fail_window_s: float = Field(default=60.0, gt=0)
    # failed authentications written to the audit log per window (all clients)
    auth_audit_budget: int = Field(default=100, ge=0)
    header_timeout_s: float = Field(default=10.0, gt=0)  # request head complete within (408)
    body_idle_timeout_s: float = Field(default=30.0, gt=0)  # wait for the next body chunk (408)
    body_timeout_s: float = Field(default=3600.0, gt=0)  # a whole body (an upload) within (408)
    keep_alive_s: float = Field(default=5.0, gt=0)  # idle kept-alive connections closed after
    # Review page (/review): the officer writes their own account before the AI draft is
    # shown (on by default; an agency may turn it off), and how the sign-in cookie behaves.
    review_recollection_first: bool = True
    review_session_hours: float = 8.0
    review_cookie_secure: bool = True  # browsers accept Secure cookies from http://localhost
    diarize: bool = True  # who spoke (service/speakers); false skips the stage
    diarizer: Literal["auto", "neural"] = "auto"  # auto: channel split for 2 separate channels
    policy_judge: bool = True  # LLM judge for uncertain/non-English requests; off = fail closed
    policy_judge_model: str = "qwen2.5-1.5b-instruct"  # bundled GGUF, or a path to a .gguf

    def resolved_cache_dir(self) -> Path:
        return self.cache_dir or (self.data_dir / "cache")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache or override the dependency."""
    return Settings()
