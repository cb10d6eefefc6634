"""Job functions for tests/test_worker.py (imported by name inside the worker processes)."""

from __future__ import annotations

import os
import time

from articlemap.worker import JobError


def echo(value, *, progress):
    progress(0.5, "half way")
    return {"value": value, "pid": os.getpid()}


def sleep(seconds: float, *, progress):
    progress(0.1, "sleeping")
    time.sleep(seconds)
    return "woke up"


def hog(step_mb: int, *, progress):
    """Keep allocating (and touching) memory until something stops it."""
    kept = []
    while True:
        kept.append(b"x" * (step_mb * 2**20))
        progress(0.5, f"{len(kept) * step_mb} MB")
        time.sleep(0.01)


def refuse(message: str, *, progress):
    raise JobError(message)


def bug(*, progress):
    raise RuntimeError("a secret path /srv/app/private")


def crash(*, progress):
    os._exit(3)


def broken_warm_up():
    """A worker whose start-up fails (as a broken install would)."""
    raise ImportError("no such module")


def grow(mb: int, *, progress):
    """Finish normally, but leave the worker holding ``mb`` MB."""
    global _KEPT
    _KEPT = b"x" * (mb * 2**20)
    return os.getpid()


_KEPT = b""
