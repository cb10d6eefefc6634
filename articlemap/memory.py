"""Handing freed memory back to the system (glibc's ``malloc_trim``).

Python frees a dropped draft's strings, but the C allocator keeps the pages: each server
thread allocates from its own malloc arena, and freed chunks inside an arena stay resident
until the allocator is asked to trim. A 2 MB upload's draft (made, checked and dropped in a
few seconds) therefore left the server tens of megabytes bigger for good. The server's
housekeeping pass and the extraction workers, after each job, call :func:`give_back`.

Trimming returns whole free pages only. Streamlit runs every session's script in a thread of
its own, and glibc gives threads their own heaps (up to eight per core), so a draft's chunks
end up spread over many heaps, each keeping pages that a few live objects pin. The server
therefore asks for two heaps at most (:func:`limit_heaps`, glibc's ``MALLOC_ARENA_MAX``), the
setting Python web servers commonly run with: with six 2 MB drafts the server grew 4.4%
instead of 8.0% (bench/soak.py's census, one run each).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from collections.abc import Callable


@functools.cache
def _glibc(name: str, argtypes: tuple[type, ...]) -> Callable[..., int] | None:
    """glibc's function ``name`` returning an int (None elsewhere: macOS, musl, Windows)."""
    try:
        function = getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), name)
    except (OSError, AttributeError):
        return None
    function.argtypes, function.restype = list(argtypes), ctypes.c_int
    return function


def _malloc_trim() -> Callable[[int], int] | None:
    return _glibc("malloc_trim", (ctypes.c_size_t,))


M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)
HEAPS = 2


@functools.cache
def limit_heaps(heaps: int = HEAPS) -> bool:
    """At most ``heaps`` malloc heaps for the threads to come (once per process); False where
    the allocator cannot be asked (not glibc)."""
    mallopt = _glibc("mallopt", (ctypes.c_int, ctypes.c_int))
    return mallopt is not None and bool(mallopt(M_ARENA_MAX, heaps))


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
