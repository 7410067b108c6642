"""The job worker pool that runs inside the API server process.

Models load once, in a background thread, so the server answers (and accepts uploads)
while they load. Jobs then run in worker threads, never on the event loop: faster-whisper
and torch release the GIL while they compute, so status requests stay fast during a
transcription. Every state change goes to SQLite first, which is what makes a restart
after ``kill -9`` resume exactly where the queue was. With ``BODYCAM_RAY_ADDRESS`` set,
each thread hands its claimed job to a Ray worker and waits (``service/batch/ray_runner.py``);
the record and the resume stay here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from service.config import Settings
from service.errors import BodycamError
from service.pipeline import Pipeline, ProcessOptions
from service.progress import overall
from service.store import Store
from service.store.jobs import Job

if TYPE_CHECKING:
    from service.batch.ray_runner import RayJobs

log = logging.getLogger("bodycam.worker")
WORKER_ACTOR = "worker"


class WorkerPool:
    """``workers`` threads sharing one loaded ``Pipeline``."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        pipeline: Pipeline | None = None,
        pipeline_factory: Callable[[Settings], Pipeline] = Pipeline,
        workers: int = 1,
        poll_s: float = 1.0,
        progress_interval_s: float = 0.25,
    ) -> None:
        self.store = store
        self.settings = settings
        self.pipeline = pipeline
        self._factory = pipeline_factory
        self.workers = max(1, workers)
        self.poll_s = poll_s
        self.progress_interval_s = progress_interval_s
        self.store_raw = settings.store_raw_transcript
        self.ready = threading.Event()
        self.load_error: str | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self.remote: RayJobs | None = None  # BODYCAM_RAY_ADDRESS set: jobs run on Ray

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        requeued, given_up = self.store.jobs.recover_interrupted()
        for job_id in requeued:
            self.store.audit.append("job.resume", "requeued", object_id=job_id,
                                    actor=WORKER_ACTOR)
        for job_id in given_up:
            self.store.audit.append("job.resume", "failed", object_id=job_id,
                                    actor=WORKER_ACTOR, detail="interrupted")
        self.store.evidence.sweep_incoming()
        loader = threading.Thread(target=self._load_then_work, name="bodycam-loader",
                                  daemon=True)
        loader.start()
        self._threads.append(loader)

    def stop(self, timeout_s: float = 2.0) -> None:
        """Ask workers to stop; a job still running stays ``running`` and resumes next start."""
        self._stop.set()
        self._wake.set()
        if self.remote is not None:
            self.remote.close()  # jobs in flight stay running in SQLite and resume
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def notify(self) -> None:
        """A job was queued: wake an idle worker now instead of at the next poll."""
        self._wake.set()

    def _load_then_work(self) -> None:
        try:
            if self.pipeline is None:
                self.pipeline = self._factory(self.settings)
            self.pipeline.load_models()
            _warm_up(self.pipeline)
            if self.settings.ray_address:
                from service.batch.ray_runner import RayJobs, RayOptions, RaySession

                session = RaySession(RayOptions.from_settings(self.settings))
                self.remote = RayJobs(session, self.settings, self.workers)
        except BodycamError as exc:
            self.load_error = exc.message
            log.error("model loading failed: %s", exc.code)
            return
        except Exception as exc:  # a broken install must show in /readyz, not kill the server
            self.load_error = f"model loading failed ({type(exc).__name__})"
            log.error("model loading failed: %s", type(exc).__name__)
            return
        self.ready.set()
        log.info("models loaded; starting %d worker(s)", self.workers)
        for n in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"bodycam-worker-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    # -- work ------------------------------------------------------------------------
    def _work(self) -> None:
        while not self._stop.is_set():
            job = self.store.jobs.claim_next()
            if job is None:
                self._wake.wait(self.poll_s)
                self._wake.clear()
                continue
            self.run_job(job)

    def run_job(self, job: Job) -> None:
        assert self.pipeline is not None
        rec = self.store.recordings.get(job.recording_id)
        if rec is None:  # cannot happen through the API; keep the queue moving anyway
            self.store.jobs.fail(job.id, "not_found", "the recording is missing")
            return
        log.info("job %s started (recording %s)", job.id, rec.id)
        progress = self._progress_writer(job.id)
        try:
            # An altered original fails the job (audited) instead of yielding a result.
            self.store.evidence.open_verified(self.store.data_dir / rec.evidence_path,
                                              rec.sha256).close()
            runner = self.remote or self.pipeline
            outcome = runner.process(
                self.store.data_dir / rec.evidence_path,
                self.store.results_dir,
                # accept_partial: upload already refused a cut file unless the client
                # accepted it as partial; what is stored is processed (and marked).
                ProcessOptions(instructions=job.instructions, include_raw=self.store_raw,
                               accept_partial=True),
                progress,
            )
            if outcome is None:  # the service is stopping: the job resumes at next start
                return
            raw = outcome.folder / "transcript.raw.json"
            if raw.exists():
                self.store.evidence.keep_raw_transcript(rec.id, raw)
            self.store.recordings.add_summary(rec.id, outcome.result["summary"], WORKER_ACTOR,
                                              only_if_first=True)
            self.store.jobs.finish(job.id, outcome.result.get("timings", {}))
        except BodycamError as exc:
            self.store.jobs.fail(job.id, exc.code, exc.message)
            self.store.audit.append("job.process", "failed", object_id=rec.id,
                                    actor=WORKER_ACTOR, detail=exc.code)
            log.warning("job %s failed: %s", job.id, exc.code)
            return
        except Exception as exc:  # any engine bug fails this job, never the pool
            self.store.jobs.fail(job.id, "internal_error", "processing failed")
            self.store.audit.append("job.process", "failed", object_id=rec.id,
                                    actor=WORKER_ACTOR, detail="internal_error")
            # Only the type: engine messages may quote transcript text.
            log.error("job %s failed: %s", job.id, type(exc).__name__)
            return
        self.store.audit.append("job.process", "ok", object_id=rec.id, actor=WORKER_ACTOR)
        log.info("job %s done", job.id)

    def _progress_writer(self, job_id: str) -> Callable[[str, float], None]:
        """Persist progress on every stage change, and at most every interval within one."""
        last = {"stage": "", "at": 0.0}

        def write(stage: str, fraction: float) -> None:
            now = time.monotonic()
            if stage == last["stage"] and now - float(last["at"]) < self.progress_interval_s:
                return
            last["stage"], last["at"] = stage, now
            self.store.jobs.set_progress(job_id, stage, overall(stage, fraction))

        return write


def _warm_up(pipeline: Pipeline) -> None:
    """Load what engines load lazily (the LLM, the policy's embeddings) before the first job."""
    summarizer = pipeline.summarizer
    for engine in (summarizer, getattr(summarizer, "llm", None)):
        load = getattr(engine, "load", None)
        if callable(load):
            load()
    from service.pipeline import get_policy

    warm = getattr(get_policy(), "warm_up", None)
    if callable(warm):
        warm()


def results_folder(store: Store, recording_id: str) -> Path:
    return store.results_dir / recording_id
