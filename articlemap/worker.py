"""Run untrusted, heavy work (reading and extracting an uploaded article) away from the server.

One upload must never take the server down: a job runs in a separate worker process that
the server can kill. Each job has a time limit and a memory limit (the worker's resident
memory is watched from outside, and its address space is capped inside as a backstop), and
can be cancelled; a killed worker is replaced, and the jobs of other people go on. Workers
are started once and kept warm (loading the gazetteer takes seconds), run at a lower CPU
priority than the server, and take one job at a time.

Pure Python (``multiprocessing`` with the *spawn* start method: forking a server that runs
threads is not safe). The Streamlit side is ``ui/jobs.py``.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import itertools
import os
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

from articlemap import memory

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED = frozenset({DONE, FAILED, CANCELLED})
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class JobError(Exception):
    """Raised by a job function for a problem the person can fix; the message is theirs."""


@dataclass(frozen=True)
class JobLimits:
    seconds: float = 90.0
    memory_mb: int = 1_500  # resident memory of the worker, gazetteer included
    address_space_mb: int = 8_000  # hard cap inside the worker (a backstop, not the rule)
    queue: int = 8  # jobs waiting at most; more are refused ("the server is busy")
    nice: int = 10  # the server's own threads come first
    # A worker that grew past this after a job is replaced while idle (Python keeps the
    # memory a 2 MB text needed): the server's memory comes back after a burst of uploads.
    recycle_mb: int = 700


@dataclass
class Job:
    """One piece of work and what became of it (updated by the pool's monitor thread)."""

    id: int
    function: str  # "module:function", imported in the worker
    args: tuple
    status: str = QUEUED
    progress: float = 0.0
    message: str = "Waiting for a free worker…"
    result: Any = None
    error: str = ""
    submitted: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    cancel_requested: bool = False

    @property
    def done(self) -> bool:
        return self.status in FINISHED


def _resident_mb(pid: int) -> float:
    """Resident memory of a process from /proc (Linux); 0 where that cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * PAGE_SIZE / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _resolve(name: str) -> Callable[..., Any]:
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def _worker_main(conn: Connection, warm_up: str | None, limits: JobLimits) -> None:
    """The worker process: warm up, then run jobs one at a time, reporting progress.

    It ends quietly when the server goes away (a closed pipe), and never sends a traceback:
    a bug is printed to the worker's own stderr (the server log) and reported as "internal".
    """
    with contextlib.suppress(OSError, AttributeError):
        os.nice(limits.nice)
    try:
        import resource

        cap = limits.address_space_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass
    with contextlib.suppress(BrokenPipeError, EOFError, OSError, KeyboardInterrupt):
        if warm_up:
            _resolve(warm_up)()
        conn.send(("ready", None, None))
        while (message := conn.recv()) is not None:
            conn.send(_run_one(conn, *message))
            memory.give_back()  # the job's text and draft are gone: so is their memory


def _run_one(conn: Connection, job_id: int, function: str, args: tuple) -> tuple:
    def progress(fraction: float, text: str) -> None:
        conn.send(("progress", job_id, (float(fraction), str(text))))

    try:
        result = _resolve(function)(*args, progress=progress)
    except JobError as exc:
        return ("error", job_id, str(exc))
    except MemoryError:
        return ("error", job_id, "memory")
    except (BrokenPipeError, EOFError):
        raise
    except Exception:  # a bug, not the person's fault: logged here, never shown
        traceback.print_exc()
        return ("error", job_id, "internal")
    return ("done", job_id, result)


@dataclass
class _Worker:
    process: Any  # None: a slot waiting to be started again (after start-up failures)
    conn: Connection | None
    ready: bool = False
    job: Job | None = None


MESSAGES: dict[str, str] = {
    "time": (
        "The extraction took longer than {seconds:.0f} seconds and was stopped. "
        "Try a shorter text, or split it."
    ),
    "memory": (
        "The extraction needed more memory than one article may use and was stopped. "
        "Try a shorter text, or split it."
    ),
    "crashed": "The extraction stopped unexpectedly. Try again, or try a plain-text version.",
    "internal": "The text could not be processed. Try a plain-text version.",
    "unavailable": "The extraction cannot start on this server right now. Try again in a minute.",
}


class WorkerPool:
    """A few warm worker processes and a queue; a monitor thread dispatches and polices.

    ``MESSAGES`` words the reasons a job can end badly; they are what the person reads.
    """

    def __init__(
        self,
        size: int = 1,
        limits: JobLimits | None = None,
        warm_up: str | None = None,
        poll_seconds: float = 0.05,
    ) -> None:
        self.size, self.limits, self.warm_up = size, limits or JobLimits(), warm_up
        self.poll_seconds = poll_seconds
        self._ctx = get_context("spawn")
        self._lock = threading.Lock()
        self._queue: deque[Job] = deque()
        self._workers: list[_Worker] = []
        self._ids = itertools.count(1)
        self._closed = False
        self._restarts = 0
        # Workers that die before they are ready (a broken install) are not restarted in a
        # tight loop: after two in a row, waiting jobs fail and the next try waits 4, 8 … 60 s.
        self._startup_failures = 0
        self._retry_at = 0.0
        for _ in range(size):
            self._workers.append(self._start_worker())
        self._thread = threading.Thread(target=self._monitor, name="articlemap-jobs", daemon=True)
        self._thread.start()
        # Kill the workers before the interpreter goes (a worker still starting up would
        # otherwise print an EOFError traceback when its parent disappears).
        atexit.register(self.close)

    # ------------------------------------------------------------------ public

    def submit(self, function: str, *args: Any) -> Job:
        """Queue ``function(*args, progress=…)``; raises JobError when the queue is full."""
        with self._lock:
            if self._closed:
                raise JobError("The server is shutting down; try again in a moment.")
            if len(self._queue) >= self.limits.queue:
                raise JobError(
                    f"The server is busy with {len(self._queue)} other articles; "
                    "try again in a minute."
                )
            job = Job(next(self._ids), function, args)
            self._queue.append(job)
            return job

    def cancel(self, job: Job) -> None:
        """Stop ``job``: dropped from the queue, or its worker killed (and replaced)."""
        with self._lock:
            job.cancel_requested = True
            if job in self._queue:
                self._queue.remove(job)
                self._finish(job, CANCELLED, "Cancelled.")

    @property
    def restarts(self) -> int:
        """Workers replaced so far. Read under the lock: a job is reported failed a moment
        before its worker is killed and replaced, in the same locked step."""
        with self._lock:
            return self._restarts

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._workers if w.process and w.process.pid]

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for job in self._queue:
                self._finish(job, CANCELLED, "The server stopped.")
            self._queue.clear()
            workers, self._workers = self._workers, []
        for worker in workers:
            self._kill(worker)
        self._thread.join(timeout=5)

    # ------------------------------------------------------------------ monitor

    def _start_worker(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, self.warm_up, self.limits),
            name="articlemap-worker",
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    @staticmethod
    def _kill(worker: _Worker) -> None:
        if worker.process is None or worker.conn is None:  # a slot waiting to be started
            return
        with contextlib.suppress(Exception):
            worker.process.kill()
        worker.process.join(timeout=5)
        with contextlib.suppress(Exception):
            worker.conn.close()

    def _finish(self, job: Job, status: str, message: str, result: Any = None) -> None:
        job.status, job.message, job.result = status, message, result
        job.error = message if status != DONE else ""
        job.finished = time.monotonic()
        job.progress = 1.0 if status == DONE else job.progress

    def _replace(self, worker: _Worker) -> None:
        self._kill(worker)
        self._restarts += 1
        if not worker.ready:
            self._startup_failures += 1
            if self._startup_failures >= 2:
                self._retry_at = time.monotonic() + min(60.0, 2.0**self._startup_failures)
                while self._queue:
                    self._finish(self._queue.popleft(), FAILED, MESSAGES["unavailable"])
        slot = self._workers.index(worker)
        if self._closed or time.monotonic() < self._retry_at:
            self._workers[slot] = _Worker(None, None)
        else:
            self._workers[slot] = self._start_worker()

    def _monitor(self) -> None:
        while True:
            with self._lock:
                if self._closed:
                    return
                conns = [w.conn for w in self._workers if w.conn is not None]
            with contextlib.suppress(OSError, ValueError):
                if conns:
                    wait(conns, timeout=self.poll_seconds)
                else:
                    time.sleep(self.poll_seconds)
            with self._lock:
                if self._closed:
                    return
                now = time.monotonic()
                for i, worker in enumerate(self._workers):
                    if worker.process is None and now >= self._retry_at:
                        self._workers[i] = self._start_worker()
                for worker in [w for w in self._workers if w.process is not None]:
                    self._read(worker)
                for worker in [w for w in self._workers if w.process is not None]:
                    self._police(worker)
                for worker in self._workers:
                    if worker.ready and worker.job is None and self._queue:
                        self._dispatch(worker, self._queue.popleft())

    def _dispatch(self, worker: _Worker, job: Job) -> None:
        assert worker.conn is not None, "only a started worker is ready for a job"
        job.status, job.started, job.message = RUNNING, time.monotonic(), "Starting…"
        worker.job = job
        try:
            worker.conn.send((job.id, job.function, job.args))
        except (OSError, ValueError):
            self._finish(job, FAILED, MESSAGES["crashed"])
            worker.job = None
            self._replace(worker)

    def _read(self, worker: _Worker) -> None:
        assert worker.conn is not None, "only a started worker is read"
        try:
            while worker.conn.poll():
                kind, job_id, payload = worker.conn.recv()
                job = worker.job
                if kind == "ready":
                    worker.ready = True
                    self._startup_failures, self._retry_at = 0, 0.0
                elif job is None or job.id != job_id:
                    continue
                elif kind == "progress":
                    job.progress, job.message = payload
                elif kind in ("done", "error"):
                    if kind == "done":
                        self._finish(job, DONE, "Done.", payload)
                    else:
                        self._finish(job, FAILED, MESSAGES.get(payload, payload))
                    worker.job = None
                    if _resident_mb(worker.process.pid) > self.limits.recycle_mb:
                        self._replace(worker)
                        return
        except (EOFError, OSError, ValueError):
            job = worker.job
            if job is not None:
                worker.job = None
                self._finish(job, FAILED, MESSAGES["crashed"])
            self._replace(worker)

    def _police(self, worker: _Worker) -> None:
        job = worker.job
        if not worker.process.is_alive():
            if job is not None:
                worker.job = None
                self._finish(job, FAILED, MESSAGES["crashed"])
            self._replace(worker)
            return
        if job is None:
            return
        reason = None
        if job.cancel_requested:
            reason, status = "Cancelled.", CANCELLED
        elif job.started is not None and time.monotonic() - job.started > self.limits.seconds:
            reason, status = MESSAGES["time"].format(seconds=self.limits.seconds), FAILED
        elif _resident_mb(worker.process.pid) > self.limits.memory_mb:
            reason, status = MESSAGES["memory"], FAILED
        if reason is not None:
            worker.job = None
            self._finish(job, status, reason)
            self._replace(worker)


def wait_for(job: Job, timeout: float = 120.0, poll: float = 0.05) -> Job:
    """Block until ``job`` has finished (for the CLI, tests and benchmarks)."""
    deadline = time.monotonic() + timeout
    while not job.done and time.monotonic() < deadline:
        time.sleep(poll)
    return job
