"""Handing freed memory back to the system (glibc's ``malloc_trim``).

Python frees a dropped draft's strings, but the C allocator keeps the pages: each server
thread allocates from its own malloc arena, and freed chunks inside an arena stay resident
until the allocator is asked to trim. A 2 MB upload's draft (made, checked and dropped in a
few seconds) therefore left the server tens of megabytes bigger for good. The server's
housekeeping pass and the extraction workers, after each job, call :func:`give_back`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` (None elsewhere: macOS, musl, Windows)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def give_back(collect: bool = True) -> bool:
    """A full garbage collection (unless ``collect`` is False), then the allocator's free
    pages back to the system; False where the allocator cannot be asked."""
    if collect:
        gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
