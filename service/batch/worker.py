"""The per-file work of a batch, run in-process or in a spawned worker process.

A worker builds one ``Pipeline`` in its initializer, so models load once per worker,
not once per file. Every way a file can fail becomes a ``Outcome`` with a stable error
code and a one-line message; only a dead worker process can stop a file from reporting.
This module imports nothing heavy at the top, so a spawned worker can set its thread
limits before torch and CTranslate2 start.
"""

from __future__ import annotations

import logging
import os
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from service import logger
from service.batch.lifeline import LockGuard, die_with_parent
from service.batch.manifest import hash_outputs, remove_stale_temps
from service.errors import BodycamError, ModelNotAvailableError

if TYPE_CHECKING:
    from service.config import Settings
    from service.pipeline import Pipeline, ProgressFn

#: Unexpected failures that must not stop the batch: recorded as ``internal_error``.
#: Narrow on purpose; anything else (KeyboardInterrupt, SystemExit) stops the run.
UNEXPECTED = (RuntimeError, ValueError, TypeError, KeyError, IndexError, OSError, MemoryError,
              AttributeError, ArithmeticError, AssertionError, EOFError)


@dataclass(frozen=True)
class Job:
    """One file to process. ``path`` is the resolved original, opened read-only."""

    rel: str
    path: str
    sha256: str
    out_dir: str
    instructions: str | None = None
    accept_partial: bool = False


@dataclass
class Outcome:
    """What happened to one job; the engine turns it into a manifest line."""

    status: str  # done | failed
    started_at: str
    finished_at: str
    elapsed_s: float
    code: str | None = None
    message: str | None = None
    duration_s: float | None = None
    models: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    truncated: bool = False


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _no_progress(stage: str, fraction: float) -> None:
    return None


def _log_internal(job: Job, exc: BaseException) -> None:
    """Type and code locations only: an exception message could quote evidence."""
    frames = "".join(traceback.format_list(traceback.extract_tb(exc.__traceback__)))
    logger.error("internal error on recording %s: %s\n%s", job.sha256[:16],
                 type(exc).__name__, frames)


def process_job(pipeline: Pipeline, job: Job, progress: ProgressFn = _no_progress,
                guard: Callable[[], None] | None = None) -> Outcome:
    """Run the pipeline on one file and hash what it wrote; never raises for a bad file.

    ``guard`` runs just before anything is written (a worker: "does my batch still hold
    the lock?"); when it raises, nothing is written.

    Models load lazily on the first file that decodes, so a rerun whose only work is
    retrying broken files does not pay for loading them.
    """
    from service.pipeline import ProcessOptions

    started, t0 = now_iso(), time.perf_counter()

    def finish(status: str, **kw: Any) -> Outcome:
        return Outcome(status, started, now_iso(), round(time.perf_counter() - t0, 3), **kw)

    folder = Path(job.out_dir) / job.sha256[:16]
    try:
        remove_stale_temps(folder)
        options = ProcessOptions(instructions=job.instructions,
                                 accept_partial=job.accept_partial, before_write=guard)
        result = pipeline.process(Path(job.path), Path(job.out_dir), options, progress).result
        rec = result["recording"]
        if rec["sha256"] != job.sha256:
            return finish("failed", code="source_changed",
                          message=f"{Path(job.rel).name}: the file changed while it was read")
        outputs = hash_outputs(folder)
    except ModelNotAvailableError:
        raise  # configuration, not this file: the batch stops (exit 2)
    except BodycamError as exc:
        return finish("failed", code=exc.code, message=exc.message)
    except UNEXPECTED as exc:
        _log_internal(job, exc)
        return finish("failed", code="internal_error",
                      message=f"unexpected {type(exc).__name__} while processing; see the log")
    asr, summary = result["asr"], result["summary"]
    models = {
        "asr": asr["model"], "asr_device": asr["device"],
        "asr_compute_type": asr["compute_type"], "llm": summary["model"],
        "prompt_sha256": summary["prompt_sha256"],
    }
    return finish("done", duration_s=rec["duration_s"], models=models, outputs=outputs,
                  timings=dict(result.get("timings", {})),
                  truncated=bool(result.get("truncated")))


# -- worker processes ------------------------------------------------------------------

_PIPELINE: Pipeline | None = None
_INIT_ERROR: BodycamError | None = None
_GUARD: LockGuard | None = None


def init_worker(settings: Settings, asr_model: str | None, llm_model: str | None,
                threads: int, log_level: int, parent_pid: int | None = None,
                guard: LockGuard | None = None) -> None:
    """Pool initializer: tie this worker's life to the batch, cap threads, then build and
    load this worker's one Pipeline."""
    global _PIPELINE, _INIT_ERROR, _GUARD
    if parent_pid is not None:
        die_with_parent(parent_pid)  # first: a kill -9 of the batch must end us too
    _GUARD = guard
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TQDM_DISABLE", "1")
    logging.basicConfig(level=log_level,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    for noisy in ("transformers", "faster_whisper", "presidio-analyzer", "httpx"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    import torch

    torch.set_num_threads(threads)
    from service.pipeline import Pipeline

    try:
        _PIPELINE = Pipeline(settings, asr_model=asr_model, llm_model=llm_model)
        _PIPELINE.load_models()
    except BodycamError as exc:
        _INIT_ERROR = exc  # reported by the first job: a missing model stops the batch


class WorkerSetupError(Exception):
    """Carries a worker's model-loading error back to the engine (picklable)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message


def run_in_worker(job: Job) -> Outcome:
    if _INIT_ERROR is not None:
        raise WorkerSetupError(_INIT_ERROR.code, _INIT_ERROR.message)
    assert _PIPELINE is not None
    return process_job(_PIPELINE, job, guard=_GUARD)
