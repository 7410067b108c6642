"""Batch processing of an evidence folder: resumable, failure-isolated, auditable.

Records units hand over a tree of thousands of files and come back in the morning. So:

* every file under the folder is accounted for in ``OUT/manifest.jsonl`` (done, skipped
  or failed, with its hash), and nothing is ever written inside the evidence folder;
* one bad file is one ``failed`` line, never the end of the run;
* a rerun verifies what is already done (output hashes against the manifest) and does
  only the rest, so a run killed at any point is finished by running it again;
* identical content under two paths is processed once.

The engine reports through ``on_event`` callbacks (plain JSON-ready dicts), so the CLI
can draw a bar or print JSON lines and a benchmark can just count.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from service import logger
from service.asr.whisper import available_cores, pick_device
from service.batch.lifeline import LockGuard
from service.batch.manifest import (
    LOCK_NAME,
    MANIFEST_NAME,
    MANIFEST_VERSION,
    ManifestWriter,
    Prior,
    build_index,
    exclusive,
    read_manifest,
    verify_outputs,
)
from service.batch.worker import (
    Job,
    Outcome,
    WorkerSetupError,
    init_worker,
    now_iso,
    process_job,
    run_in_worker,
)
from service.config import Settings
from service.errors import BadRequestError, BodycamError, ModelNotAvailableError
from service.media.discover import Found, Kind, walk

if TYPE_CHECKING:
    from service.batch.ray_runner import RayOptions, RayPool, RaySession

EventFn = Callable[[dict[str, Any]], None]

#: Packages whose versions go into every manifest line (what produced the outputs).
SOFTWARE = ("bodycam", "faster-whisper", "ctranslate2", "transformers", "torch", "av",
            "presidio-analyzer", "spacy")

#: Non-media entries that are failures, not skips: they could be evidence we missed.
_FAILED_KINDS = {Kind.UNREADABLE: "cannot be read"}
_SKIP_MESSAGES = {
    Kind.NOT_MEDIA: "not an audio or video file",
    Kind.OUTSIDE: "symlink pointing outside the evidence folder; not followed",
    Kind.BROKEN_LINK: "symlink to nothing",
    Kind.SPECIAL: "not a regular file (device, FIFO or socket); not opened",
}


#: Pools that may die in a row, with no file finished in between, before the run stops.
MAX_CRASH_STREAK = 3


class WorkersFailedError(BodycamError):
    """Worker processes keep dying at start: stop instead of failing every file."""

    code = "workers_failed"
    exit_code = 1


def _no_events(event: dict[str, Any]) -> None:
    return None


@dataclass
class _InFlight:
    record: dict[str, Any]
    probed: float | None
    pool: ProcessPoolExecutor | RayPool


@dataclass(frozen=True)
class BatchOptions:
    workers: int = 1
    instructions: str | None = None
    force: bool = False
    asr_model: str | None = None
    llm_model: str | None = None
    accept_partial: bool = False
    ray: RayOptions | None = None  # run the files on Ray actors (ray_runner.py)


@dataclass
class BatchSummary:
    """Totals for the final table (and the exit code: any failure → 1)."""

    run_id: str
    manifest: Path
    files: int = 0
    done: int = 0
    failed: int = 0
    skipped: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    audio_s: float = 0.0
    wall_s: float = 0.0
    workers: int = 1

    @property
    def rtf(self) -> float | None:
        """Real-time factor: wall seconds per second of audio processed (lower is faster)."""
        return self.wall_s / self.audio_s if self.audio_s > 0 else None

    def to_dict(self) -> dict[str, Any]:
        hours = self.wall_s / 3600 if self.wall_s > 0 else 0.0
        return {
            "run_id": self.run_id, "manifest": str(self.manifest), "files": self.files,
            "done": self.done, "failed": self.failed, "skipped": self.skipped,
            "by_code": dict(sorted(self.by_code.items())),
            "audio_s": round(self.audio_s, 3), "wall_s": round(self.wall_s, 3),
            "rtf": None if self.rtf is None else round(self.rtf, 4),
            "files_per_hour": round(self.done / hours, 1) if hours else None,
            "audio_hours_per_hour": round(self.audio_s / 3600 / hours, 3) if hours else None,
            "workers": self.workers,
        }


def check_folders(evidence: Path, out: Path) -> tuple[Path, Path]:
    """Usage checks (exit 2): the folder exists, and OUT is not inside it (or it)."""
    if not evidence.exists():
        raise BadRequestError(f"{evidence}: no such folder")
    if not evidence.is_dir():
        raise BadRequestError(f"{evidence}: not a folder")
    real_evidence = evidence.resolve()
    real_out = out.resolve()
    if real_out == real_evidence or real_out.is_relative_to(real_evidence):
        raise BadRequestError(
            "--out must be outside EVIDENCE_DIR: the evidence folder is never written to"
        )
    if real_out.exists() and not real_out.is_dir():
        raise BadRequestError(f"{out}: --out exists and is not a folder")
    return evidence, real_out


def software_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in SOFTWARE:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def worker_threads(settings: Settings, workers: int) -> int:
    """CPU threads per worker: the cores split evenly, at least one each."""
    cores = settings.asr_cpu_threads or available_cores()
    return max(1, cores // max(1, workers))


class _Progress:
    """Counts, audio totals and an ETA from the audio still to process."""

    def __init__(self, summary: BatchSummary, pending_audio_s: float) -> None:
        self.summary = summary
        self.pending_audio_s = pending_audio_s
        self.busy_since: float | None = None

    def settle(self, status: str, code: str | None, probed_s: float | None,
               duration_s: float | None) -> None:
        s = self.summary
        if status == "done":
            s.done += 1
            s.audio_s += duration_s or 0.0
        elif status == "failed":
            s.failed += 1
        else:
            s.skipped += 1
        if code:
            s.by_code[code] = s.by_code.get(code, 0) + 1
        self.pending_audio_s = max(0.0, self.pending_audio_s - (probed_s or 0.0))

    def eta_s(self) -> float | None:
        if self.busy_since is None or self.summary.audio_s <= 0:
            return None
        rate = (time.perf_counter() - self.busy_since) / self.summary.audio_s
        return round(self.pending_audio_s * rate, 1)


class BatchRun:
    """One run of the batch over one evidence folder into one output folder."""

    def __init__(self, evidence: Path, out: Path, options: BatchOptions,
                 settings: Settings, on_event: EventFn = _no_events,
                 ray: RaySession | None = None) -> None:
        self.root, self.out = check_folders(evidence, out)
        self.options = options
        self._ray = ray  # set: files go to Ray actors instead of local worker processes
        self.settings = settings
        self.on_event = on_event
        self.run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        self.summary = BatchSummary(self.run_id, self.out / MANIFEST_NAME,
                                    workers=options.workers)
        self.config = {
            "asr_model": options.asr_model or settings.asr_model,
            "llm_model": options.llm_model or settings.llm_model,
            "instructions_sha256": hashlib.sha256(options.instructions.encode()).hexdigest()
            if options.instructions else None,
        }
        if options.accept_partial:  # only when set: earlier manifests stay "same config"
            self.config["accept_partial"] = True
        self.software = software_versions()
        self._seen: dict[str, str] = {}  # sha256 -> rel of the first copy this run
        self._inflight: dict[Future[Outcome], _InFlight] = {}
        self._pool: ProcessPoolExecutor | RayPool | None = None
        self._crash_streak = 0
        self._pipeline: Any = None
        self._progress: _Progress
        self._manifest: ManifestWriter

    # -- top level ----------------------------------------------------------------------

    def run(self) -> BatchSummary:
        if self.options.instructions:
            from redaction.policy.gate import enforce
            from service.pipeline import get_policy

            # refused → exit 3 before any evidence is read
            enforce(self.options.instructions, get_policy())
        self.out.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        with exclusive(self.out, self.run_id), ManifestWriter(self.out / MANIFEST_NAME) as manifest:
            self._manifest = manifest
            index = {} if self.options.force else build_index(read_manifest(manifest.path))
            found = list(walk(self.root))
            durations = {f.rel: _probe(f) for f in found if f.kind is Kind.MEDIA}
            self.summary.files = len(found)
            total_audio = sum(d for d in durations.values() if d)
            self._progress = _Progress(self.summary, total_audio)
            self._emit("start", files=len(found), media_files=len(durations),
                       audio_s=round(total_audio, 3), workers=self.options.workers,
                       out=str(self.out))
            try:
                for entry in found:
                    if entry.kind is Kind.MEDIA:
                        self._handle_media(entry, durations[entry.rel], index)
                    else:
                        self._record_other(entry)
                self._drain(block_until=0)
            except BaseException:
                self._abort()  # interrupted or a fatal error: do not wait for long files
                raise
            self._shutdown()
        self.summary.wall_s = time.perf_counter() - t0
        self._emit("end", **self.summary.to_dict())
        return self.summary

    # -- per entry ----------------------------------------------------------------------

    def _base(self, entry: Found) -> dict[str, Any]:
        return {"manifest_version": MANIFEST_VERSION, "run_id": self.run_id, "path": entry.rel,
                "found_by": entry.how}

    def _record_other(self, entry: Found) -> None:
        record = self._base(entry)
        if entry.kind is not Kind.OUTSIDE and entry.path.is_file():
            with contextlib.suppress(OSError):  # gone meanwhile: the line still says so
                record.update(_stat_fields(entry.path))
        status = "failed" if entry.kind in _FAILED_KINDS else "skipped"
        message = _FAILED_KINDS.get(entry.kind) or _SKIP_MESSAGES[entry.kind]
        self._write(record, status, entry.kind.value, message, None)

    def _handle_media(self, entry: Found, probed: float | None, index: dict[str, Prior]) -> None:
        record = self._base(entry)
        try:
            record.update(_stat_fields(entry.path))
            sha = _sha256(entry.path)
        except OSError:
            self._write(record, "failed", "unreadable", "cannot be read", probed)
            return
        record.update(sha256=sha, recording_id=sha[:16], config=self.config)
        if sha in self._seen:
            record["duplicate_of"] = self._seen[sha]
            self._write(record, "skipped", "duplicate", f"same content as {self._seen[sha]}",
                        probed)
            return
        self._seen[sha] = entry.rel
        prior = index.get(sha)
        if prior is not None and self._still_done(prior):
            record.update(duration_s=prior.duration_s, models=prior.models,
                          software=prior.software, outputs=prior.outputs,
                          produced_by_run=prior.run_id)
            self._write(record, "skipped", "already_done", "complete result verified", probed)
            return
        job = Job(entry.rel, str(entry.path), sha, str(self.out), self.options.instructions,
                  accept_partial=self.options.accept_partial)
        self._emit("file_start", path=entry.rel, recording_id=sha[:16])
        if self.options.workers <= 1 and self._ray is None:
            self._write_outcome(record, self._run_inline(job, probed), probed)
        else:
            self._submit(job, record, probed)

    def _still_done(self, prior: Prior) -> bool:
        if prior.config != self.config:
            logger.info("recording %s: settings changed since it was done; redoing",
                        prior.recording_id)
            return False
        if not verify_outputs(self.out / prior.recording_id, prior.outputs):
            logger.warning("recording %s: outputs missing or changed; redoing",
                           prior.recording_id)
            return False
        return True

    # -- execution ------------------------------------------------------------------------

    def _run_inline(self, job: Job, probed: float | None) -> Outcome:
        if self._pipeline is None:
            from service.pipeline import Pipeline

            self._pipeline = Pipeline(self.settings, asr_model=self.options.asr_model,
                                      llm_model=self.options.llm_model)
        if self._progress.busy_since is None:
            self._progress.busy_since = time.perf_counter()
        return process_job(self._pipeline, job, self._file_progress(job.rel, probed))

    def _file_progress(self, rel: str, probed: float | None) -> Callable[[str, float], None]:
        """Within-file progress (in-process only), at most one event per stage or 5 %."""
        from service.progress import overall

        last = ["", -1.0]

        def report(stage: str, fraction: float) -> None:
            done = overall(stage, fraction)
            if stage == last[0] and done - float(last[1]) < 0.05:
                return
            last[:] = [stage, done]
            self._emit("file_progress", path=rel, stage=stage, fraction=round(done, 3),
                       audio_s=round(self.summary.audio_s + done * (probed or 0.0), 3))

        return report

    def _submit(self, job: Job, record: dict[str, Any],
                probed: float | None) -> None:
        if self._pool is None:
            self._pool = self._make_pool()
            self._progress.busy_since = time.perf_counter()
        self._drain(block_until=2 * self.summary.workers - 1)
        future = self._pool.submit(run_in_worker, job)
        self._inflight[future] = _InFlight(record, probed, self._pool)

    def _make_pool(self) -> ProcessPoolExecutor | RayPool:
        if self._ray is not None:
            from service.batch.ray_runner import RayPool

            pool = RayPool.start(self._ray, self.settings, self.options.workers or None,
                                 self.options.asr_model, self.options.llm_model)
            self.summary.workers = pool.workers
            return pool
        import multiprocessing

        settings = self.settings
        device, _ = pick_device(settings.asr_device, settings.asr_compute_type)
        threads = worker_threads(settings, self.options.workers)
        if device == "cpu":
            settings = settings.model_copy(update={"asr_cpu_threads": threads})
        return ProcessPoolExecutor(
            max_workers=self.options.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(settings, self.options.asr_model, self.options.llm_model, threads,
                      logging.getLogger("bodycam").getEffectiveLevel(), os.getpid(),
                      LockGuard(self.out / LOCK_NAME, self.run_id)),
        )

    def _drain(self, block_until: int) -> None:
        """Collect finished jobs until at most ``block_until`` are still in flight."""
        while len(self._inflight) > block_until:
            finished, _ = wait(list(self._inflight), return_when=FIRST_COMPLETED)
            for future in finished:
                job = self._inflight.pop(future)
                try:
                    outcome = future.result()
                except WorkerSetupError as exc:
                    raise ModelNotAvailableError(exc.message) from None
                except BrokenProcessPool:
                    outcome = _crashed()
                    if job.pool is self._pool:  # every job of a broken pool lands here
                        self._restart_pool()
                else:
                    self._crash_streak = 0
                self._write_outcome(job.record, outcome, job.probed)

    def _restart_pool(self) -> None:
        """A worker died (OOM kill, segfault): files in flight fail, the batch goes on."""
        logger.error("a batch worker process died; starting a fresh pool")
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._crash_streak += 1
        if self._crash_streak >= MAX_CRASH_STREAK:
            # Fresh pools die before finishing anything: the environment, not the files.
            raise WorkersFailedError(
                f"{MAX_CRASH_STREAK} worker pools in a row died before finishing a file; "
                "stopping (run with --workers 1 to see the error)"
            )
        self._pool = self._make_pool()

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _abort(self) -> None:
        """Stop now. Safe at any point: outputs are renamed into place, result.json last,
        and a file without its manifest line is simply redone by the next run."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # Python 3.11 has no public way to stop a busy worker (3.14: terminate_workers()).
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)

    # -- recording ------------------------------------------------------------------------

    def _write_outcome(self, record: dict[str, Any], outcome: Outcome,
                       probed: float | None) -> None:
        record.update(
            duration_s=outcome.duration_s if outcome.duration_s is not None
            else (None if probed is None else round(probed, 3)),
            models=outcome.models or None, software=self.software,
            started_at=outcome.started_at, finished_at=outcome.finished_at,
            elapsed_s=outcome.elapsed_s, outputs=outcome.outputs or None,
        )
        if outcome.timings:
            record["timings"] = outcome.timings
        if outcome.truncated:
            record["truncated"] = True
        self._write(record, outcome.status, outcome.code, outcome.message, probed)

    def _write(self, record: dict[str, Any], status: str, code: str | None,
               message: str | None, probed: float | None) -> None:
        record.update(status=status, code=code, message=message, recorded_at=now_iso())
        self._manifest.append(record)
        self._progress.settle(status, code, probed, record.get("duration_s"))
        s = self.summary
        self._emit("file", path=record["path"], status=status, code=code, message=message,
                   recording_id=record.get("recording_id"), duration_s=record.get("duration_s"),
                   done=s.done, failed=s.failed, skipped=s.skipped,
                   audio_s=round(s.audio_s, 3),
                   pending_audio_s=round(self._progress.pending_audio_s, 3),
                   eta_s=self._progress.eta_s())

    def _emit(self, event: str, **fields: Any) -> None:
        self.on_event({"event": event, **fields})


def _crashed() -> Outcome:
    stamp = now_iso()
    return Outcome("failed", stamp, stamp, 0.0, code="worker_crashed",
                   message="the worker process died while this file was in flight "
                           "(out of memory?); rerun to retry")


def _stat_fields(path: Path) -> dict[str, Any]:
    st = path.stat()
    mtime = datetime.fromtimestamp(st.st_mtime, UTC).isoformat(timespec="microseconds")
    return {"size": st.st_size, "mtime": mtime}


def _sha256(path: Path) -> str:
    from service.media.decode import sha256_file

    return sha256_file(path)


def _probe(entry: Found) -> float | None:
    """Declared duration for totals and ETA; unreadable files report on processing."""
    from service.media.decode import probe_duration

    try:
        return probe_duration(entry.path) if entry.path.stat().st_size else None
    except (BodycamError, OSError):
        return None


def run_batch(evidence: Path, out: Path, options: BatchOptions | None = None,
              settings: Settings | None = None, on_event: EventFn = _no_events) -> BatchSummary:
    """Process every media file under ``evidence`` into ``out``; see the module docstring."""
    from service.config import get_settings

    options = options or BatchOptions()
    settings = settings or get_settings()
    if options.ray is None:
        return BatchRun(evidence, out, options, settings, on_event).run()
    from service.batch.ray_runner import RaySession

    with RaySession(options.ray) as session:  # connects on the first file to process
        return BatchRun(evidence, out, options, settings, on_event, ray=session).run()


__all__ = ["BatchOptions", "BatchSummary", "check_folders", "run_batch", "worker_threads"]
