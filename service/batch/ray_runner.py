"""Run a batch's files, or the REST service's jobs, on Ray actors.

Agencies that outgrow one machine already run Ray (KubeRay, ``ray start``), and it
schedules GPUs; so scale-out is Ray, not a home-made queue. Nothing about the contract
changes: the driver alone writes the manifest (or the SQLite job record), workers are
given a *path* to the evidence on a shared volume (never its bytes through the object
store) and hand back a small ``Outcome``.

One actor per worker holds one loaded ``Pipeline``, so models load once per worker, not
per file. Its resource request covers the stages it runs: CPU threads for decoding,
redaction and CPU inference, and a GPU for ASR and the LLM when the cluster has GPUs
(Ray then sets ``CUDA_VISIBLE_DEVICES`` and ``ASR_DEVICE=auto`` picks it up).
"""

from __future__ import annotations

import logging
import os
import queue
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from service.batch.worker import Job, Outcome, WorkerSetupError, now_iso, process_job
from service.errors import BadRequestError, BodycamError

if TYPE_CHECKING:
    from service.config import Settings
    from service.pipeline import ProcessOptions

log = logging.getLogger("bodycam.batch.ray")

#: ``--ray`` with no address: start a one-machine cluster for this run.
LOCAL = "local"
#: CPUs per worker on a joined cluster unless ``BODYCAM_RAY_WORKER_CPUS`` says otherwise.
DEFAULT_WORKER_CPUS = 2.0
#: Object store of a cluster we start: only paths and outcomes travel through it.
LOCAL_OBJECT_STORE_BYTES = 128 * 2**20
#: Seconds to wait for a cluster's address to answer before calling it unreachable
#: (``ray.init`` itself retries for minutes).
CONNECT_TIMEOUT_S = 5.0
#: How long the service waits for its Ray workers to load their models.
START_TIMEOUT_S = 900.0
#: Telemetry off: evidence hosts are often offline, and the service must not phone home.
QUIET_ENV = {"RAY_USAGE_STATS_ENABLED": "0"}


class RayUnavailableError(BadRequestError):
    """The cluster cannot be reached or cannot hold one worker (exit 2, /readyz 503)."""

    code = "ray_unavailable"
    http_status = 503


class RemoteJobError(BodycamError):
    """A typed failure raised on a Ray worker, carried back as code + message."""

    def __init__(self, code: str, message: str, http_status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.http_status = http_status


@dataclass(frozen=True)
class RayOptions:
    """Where the cluster is and what each worker asks of it."""

    address: str = LOCAL  # "local", "auto", "host:port" or "ray://host:port"
    worker_cpus: float = 0.0  # 0: local cores split evenly / DEFAULT_WORKER_CPUS joined
    worker_gpus: float | None = None  # None: 1 per worker when the cluster has GPUs

    @classmethod
    def from_settings(cls, settings: Settings, address: str | None = None) -> RayOptions:
        return cls(address=address or settings.ray_address or LOCAL,
                   worker_cpus=settings.ray_worker_cpus, worker_gpus=settings.ray_worker_gpus)


@dataclass(frozen=True)
class WorkerPlan:
    """How many actors, and the resources each one requests."""

    workers: int
    num_cpus: float
    num_gpus: float

    @property
    def threads(self) -> int:
        return max(1, int(self.num_cpus))


def plan_workers(nodes: list[dict[str, float]], requested: int | None, options: RayOptions,
                 *, local: bool, asr_device: str = "auto") -> WorkerPlan:
    """Fit the workers to the cluster's nodes (an actor cannot span two nodes).

    ``requested`` None means as many as fit: one per GPU on a GPU cluster, else one per
    ``worker_cpus``. More than fit is cut down with a warning, because an actor that can
    never be placed would hold its files forever on a fixed-size cluster.
    """
    if not nodes:
        raise RayUnavailableError("the Ray cluster has no live nodes")
    total_cpus = sum(n.get("CPU", 0.0) for n in nodes)
    total_gpus = sum(n.get("GPU", 0.0) for n in nodes)
    gpus = options.worker_gpus
    if gpus is None:
        gpus = 1.0 if total_gpus >= 1 and asr_device != "cpu" else 0.0
    cpus = options.worker_cpus
    if cpus <= 0:
        if local and requested:
            cpus = max(1.0, total_cpus // requested)  # the cores split evenly, as without Ray
        else:
            cpus = min(DEFAULT_WORKER_CPUS, max(n.get("CPU", 0.0) for n in nodes)) or 1.0
    fit = sum(_fits(node, cpus, gpus) for node in nodes)
    if fit == 0:
        raise RayUnavailableError(
            f"no Ray node has {cpus:g} CPU(s) and {gpus:g} GPU(s) free for one worker")
    if requested is None:
        workers = fit
    elif requested > fit:
        log.warning("the Ray cluster fits %d worker(s) of %g CPU / %g GPU, not %d; using %d",
                    fit, cpus, gpus, requested, fit)
        workers = fit
    else:
        workers = requested
    return WorkerPlan(workers=workers, num_cpus=cpus, num_gpus=gpus)


def _fits(node: dict[str, float], cpus: float, gpus: float) -> int:
    by_cpu = int(node.get("CPU", 0.0) // cpus) if cpus > 0 else 1 << 30
    by_gpu = int(node.get("GPU", 0.0) // gpus) if gpus > 0 else 1 << 30
    return min(by_cpu, by_gpu)


def check_reachable(address: str, timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Fail in seconds, with one line, when a ``host:port`` address does not answer."""
    if address in (LOCAL, "auto"):
        return
    target = address.split("://", 1)[-1]
    host, sep, port = target.rpartition(":")
    if not sep or not port.isdigit():
        raise RayUnavailableError(
            f"--ray {address}: expected 'auto', HOST:PORT or ray://HOST:PORT")
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout_s).close()
    except OSError as exc:
        raise RayUnavailableError(f"cannot reach the Ray cluster at {address}") from exc


class RaySession:
    """Connects on first use and disconnects at the end only what it connected.

    Lazy, so a refused instruction or a bad folder never starts a cluster; a caller that
    is already connected (a notebook, a test's cluster) is reused and left connected.
    """

    def __init__(self, options: RayOptions) -> None:
        self.options = options
        self._owned = False
        self.local = options.address == LOCAL

    def connect(self) -> None:
        import ray

        if ray.is_initialized():
            self._check_same_cluster()
            return
        for key, value in QUIET_ENV.items():
            os.environ.setdefault(key, value)
        common: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
        if self.local:
            from service.asr.whisper import available_cores

            ray.init(num_cpus=available_cores(), include_dashboard=False,
                     object_store_memory=LOCAL_OBJECT_STORE_BYTES, **common)
        else:
            check_reachable(self.options.address)
            try:
                ray.init(address=self.options.address, **common)
            except ConnectionError as exc:
                raise RayUnavailableError(
                    f"cannot reach the Ray cluster at {self.options.address}") from exc
            except RuntimeError as exc:  # e.g. the cluster runs another Ray version
                log.error("joining the Ray cluster failed: %s", exc)
                raise RayUnavailableError(
                    f"cannot join the Ray cluster at {self.options.address}; see the log"
                ) from exc
        self._owned = True
        log.info("connected to Ray (%s)", "local cluster" if self.local else "joined")

    def _check_same_cluster(self) -> None:
        """Already connected: fine, unless an explicit address names another cluster."""
        if self.options.address in (LOCAL, "auto"):
            return
        check_reachable(self.options.address)
        import ray

        current = ray.get_runtime_context().gcs_address
        if current != self.options.address.split("://", 1)[-1]:
            raise RayUnavailableError(
                f"this process is already connected to the Ray cluster at {current}, "
                f"not {self.options.address}")

    def nodes(self) -> list[dict[str, float]]:
        import ray

        return [dict(n.get("Resources", {})) for n in ray.nodes() if n.get("Alive")]

    def plan(self, requested: int | None, asr_device: str) -> WorkerPlan:
        self.connect()
        return plan_workers(self.nodes(), requested, self.options, local=self.local,
                            asr_device=asr_device)

    def close(self) -> None:
        if self._owned:
            import ray

            ray.shutdown()
            self._owned = False

    def __enter__(self) -> RaySession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the actor -------------------------------------------------------------------------


class PipelineWorker:
    """Body of one Ray actor: caps its threads, then holds one ``Pipeline`` for good.

    ``load`` False (the batch) loads models on the first file that decodes, as the
    one-machine batch does, so a rerun that only retries broken files loads nothing.
    """

    def __init__(self, settings: Settings, asr_model: str | None, llm_model: str | None,
                 threads: int, load: bool = True) -> None:
        for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            os.environ[var] = str(threads)
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("TQDM_DISABLE", "1")
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(name)s %(levelname)s %(message)s")
        import torch

        torch.set_num_threads(threads)
        from service.pipeline import Pipeline

        self._error: tuple[str, str] | None = None
        self.pipeline: Pipeline | None = None
        try:
            self.pipeline = Pipeline(settings, asr_model=asr_model, llm_model=llm_model)
            if load:
                self.pipeline.load_models()
        except BodycamError as exc:  # reported by the first job: the driver stops (exit 2)
            self._error = (exc.code, exc.message)

    def pid(self) -> int:
        return os.getpid()

    def run(self, job: Job) -> Outcome:
        """One batch file; the same ``process_job`` the one-machine batch runs."""
        if self._error is not None:
            raise WorkerSetupError(*self._error)
        assert self.pipeline is not None
        if not Path(job.path).is_file():
            stamp = now_iso()
            return Outcome("failed", stamp, stamp, 0.0, code="not_on_worker",
                           message=f"{Path(job.rel).name}: not visible on the Ray worker; "
                                   "mount the evidence volume at the same path on every node")
        return process_job(self.pipeline, job)

    def process(self, path: str, out_dir: str, options: ProcessOptions,
                ) -> Iterator[tuple[Any, ...]]:
        """One service job, streamed: ``("progress", stage, fraction)`` …, then
        ``("result", folder, result)`` or ``("error", code, message, http_status)``."""
        if self._error is not None:
            yield ("error", *self._error, 503)
            return
        assert self.pipeline is not None
        events: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        last = ["", -1.0]

        def progress(stage: str, fraction: float) -> None:
            if stage == last[0] and fraction - float(last[1]) < 0.05:
                return
            last[:] = [stage, fraction]
            events.put(("progress", stage, fraction))

        def work() -> None:
            try:
                done = self.pipeline.process(Path(path), Path(out_dir), options, progress)
                events.put(("result", str(done.folder), done.result))
            except BodycamError as exc:
                events.put(("error", exc.code, exc.message, exc.http_status))
            except Exception as exc:  # any engine bug fails this job, not the actor
                log.error("job failed on the Ray worker: %s", type(exc).__name__)
                events.put(("error", "internal_error", "processing failed", 500))
            finally:
                events.put(None)

        thread = threading.Thread(target=work, name="bodycam-ray-job", daemon=True)
        thread.start()
        while (event := events.get()) is not None:
            yield event
        thread.join()


def _actor_class(plan: WorkerPlan) -> Any:
    import ray

    return ray.remote(PipelineWorker).options(
        num_cpus=plan.num_cpus, num_gpus=plan.num_gpus, max_restarts=0)


def _portable(settings: Settings, threads: int) -> Settings:
    """Absolute paths (a worker's working folder is not ours) and this worker's threads."""
    update: dict[str, Any] = {"data_dir": settings.data_dir.resolve(),
                              "cache_dir": settings.resolved_cache_dir().resolve()}
    if not settings.asr_cpu_threads:
        update["asr_cpu_threads"] = threads
    return settings.model_copy(update=update)


# -- the batch's pool ------------------------------------------------------------------


class RayPool:
    """Stands where the batch's ``ProcessPoolExecutor`` stands: ``submit`` → a Future.

    A dead actor (OOM kill, lost node) surfaces as ``BrokenProcessPool``, so the batch
    treats it exactly like a dead worker process: the files in flight fail as
    ``worker_crashed`` and a fresh pool starts, up to the same crash streak.
    """

    def __init__(self, actors: list[Any], plan: WorkerPlan) -> None:
        self._actors = actors
        self.plan = plan
        self.workers = plan.workers
        self._load = [0] * len(actors)
        self._lock = threading.Lock()

    @classmethod
    def start(cls, session: RaySession, settings: Settings, requested: int | None,
              asr_model: str | None, llm_model: str | None) -> RayPool:
        plan = session.plan(requested, settings.asr_device)
        log.info("starting %d Ray worker(s), %g CPU / %g GPU each", plan.workers,
                 plan.num_cpus, plan.num_gpus)
        portable = _portable(settings, plan.threads)
        actor = _actor_class(plan)
        actors = [actor.remote(portable, asr_model, llm_model, plan.threads, False)
                  for _ in range(plan.workers)]
        return cls(actors, plan)

    def submit(self, fn: Callable[..., Any], job: Job) -> Future[Outcome]:
        """``fn`` is the process pool's entry point; an actor runs ``process_job`` itself."""
        with self._lock:
            slot = min(range(len(self._actors)), key=self._load.__getitem__)
            self._load[slot] += 1
        future: Future[Outcome] = Future()
        future.set_running_or_notify_cancel()
        ref = self._actors[slot].run.remote(job)
        ref.future().add_done_callback(lambda done: self._settle(slot, done, future))
        return future

    def _settle(self, slot: int, done: Future[Any], future: Future[Outcome]) -> None:
        from ray.exceptions import RayError, RayTaskError

        with self._lock:
            self._load[slot] -= 1
        try:
            future.set_result(done.result())
        except RayTaskError as exc:  # raised by our code on the worker: pass it on as is
            cause = exc.cause if isinstance(exc.cause, BaseException) else exc
            future.set_exception(cause)
        except RayError as exc:
            log.error("a Ray worker died (%s)", type(exc).__name__)
            future.set_exception(BrokenProcessPool("the Ray worker died"))

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """Stop every actor now; a file it held has no manifest line and is redone."""
        import ray

        for actor in self._actors:
            ray.kill(actor, no_restart=True)
        self._actors = []


# -- the REST service's jobs ----------------------------------------------------------


@dataclass(frozen=True)
class RemoteResult:
    """What the service keeps from a job done on Ray (the files are on shared storage)."""

    folder: Path
    result: dict[str, Any]


class RayJobs:
    """Hands the service's claimed jobs to Ray actors; SQLite stays the record.

    The server's worker threads still claim jobs from SQLite and write every state
    change; each thread just waits on an actor instead of running the pipeline itself.
    A dead actor fails its job as ``worker_crashed`` and is replaced.
    """

    POLL_S = 0.5

    def __init__(self, session: RaySession, settings: Settings, workers: int) -> None:
        self.session = session
        self.plan = session.plan(workers, settings.asr_device)
        self._settings = _portable(settings, self.plan.threads)
        self._actor = _actor_class(self.plan)
        self._actors = [self._spawn() for _ in range(self.plan.workers)]
        self.pids = self._wait_loaded()  # the service is ready when its workers are
        self._busy = [False] * len(self._actors)
        self._lock = threading.Condition()
        self._stop = threading.Event()
        log.info("service jobs go to %d Ray worker(s)", self.plan.workers)

    def _wait_loaded(self) -> list[int]:
        """Block until every actor has loaded its models; their process ids."""
        import ray
        from ray.exceptions import GetTimeoutError, RayError

        try:
            return list(ray.get([a.pid.remote() for a in self._actors], timeout=START_TIMEOUT_S))
        except GetTimeoutError as exc:
            raise RayUnavailableError(
                f"the Ray workers did not start within {START_TIMEOUT_S:.0f} s") from exc
        except RayError as exc:
            log.error("a Ray worker failed to start (%s)", type(exc).__name__)
            raise RayUnavailableError("the Ray workers failed to start; see the log") from exc

    def _spawn(self) -> Any:
        return self._actor.remote(self._settings, None, None, self.plan.threads)

    def process(self, path: Path, out_dir: Path, options: ProcessOptions,
                progress: Callable[[str, float], None]) -> RemoteResult | None:
        """Run one job on a free actor; None when the service is stopping (the job stays
        ``running`` in SQLite and is requeued at the next start)."""
        from ray.exceptions import RayError

        slot = self._take()
        if slot is None:
            return None
        try:
            stream = self._actors[slot].process.options(num_returns="streaming").remote(
                str(path), str(out_dir), options)
            for event in self._events(stream):
                if event[0] == "progress":
                    progress(event[1], event[2])
                elif event[0] == "result":
                    return RemoteResult(Path(event[1]), event[2])
                else:
                    raise RemoteJobError(event[1], event[2], event[3])
            return None  # stopping
        except RayError as exc:
            if self._stop.is_set():
                return None  # stopped under it by close(): the job resumes at next start
            log.error("a Ray worker died during a job (%s); replacing it", type(exc).__name__)
            self._actors[slot] = self._spawn()
            raise RemoteJobError("worker_crashed",
                                 "the worker died while processing; upload again to retry",
                                 500) from None
        finally:
            self._give(slot)

    def _events(self, stream: Any) -> Iterator[tuple[Any, ...]]:
        import ray

        while not self._stop.is_set():
            ready, _ = ray.wait([stream], timeout=self.POLL_S)
            if not ready:
                continue
            try:
                ref = next(stream)
            except StopIteration:
                return
            yield ray.get(ref)

    def _take(self) -> int | None:
        with self._lock:
            while not self._stop.is_set():
                for slot, busy in enumerate(self._busy):
                    if not busy:
                        self._busy[slot] = True
                        return slot
                self._lock.wait(self.POLL_S)
        return None

    def _give(self, slot: int) -> None:
        with self._lock:
            self._busy[slot] = False
            self._lock.notify()

    def close(self) -> None:
        """Stop waiting, stop the actors, and disconnect if we connected."""
        import ray

        self._stop.set()
        with self._lock:  # let waiting threads see the stop and leave their jobs running
            self._lock.wait_for(lambda: not any(self._busy), timeout=4 * self.POLL_S)
        for actor in self._actors:
            ray.kill(actor, no_restart=True)
        self._actors = []
        self.session.close()
