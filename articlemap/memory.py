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

Arrow (Streamlit turns every table it shows into Arrow) allocates from mimalloc by default,
which keeps a heap per thread and holds the segments of threads that ended: Streamlit's
script threads end after every run. The soak's census found 151 MB resident in such large
mappings after 43 drafts with 0.1 MB allocated in Arrow; thirty 2,000-row tables serialised
in short-lived threads left 94 MB with mimalloc and 4 MB with the system allocator
(:func:`arrow_on_system_heap`), whose freed memory the trim gives back. The soak (100
readers, 5 minutes of 2 MB drafts, one run each): the server +52.8% after it as it was,
+11.1% with Arrow on the system heap, +5.4% with the fixed thresholds too.
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


# glibc's mallopt parameter numbers (malloc.h)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
HEAPS = 2
# glibc's defaults, held fixed: left alone, glibc raises both after a large block is freed
# (up to 32 MB and 64 MB), so a draft's megabyte-sized strings then come from the heaps and
# their free tops stay resident; a thread heap's free top is not something malloc_trim
# gives back (it gives back the free chunks inside a heap, and the main heap's top).
THRESHOLD_BYTES = 128 * 1024


@functools.cache
def limit_heaps(heaps: int = HEAPS) -> bool:
    """At most ``heaps`` malloc heaps for the threads to come, and fixed thresholds for
    mapping large blocks apart and trimming heap tops (once per process); False where the
    allocator cannot be asked (not glibc)."""
    mallopt = _glibc("mallopt", (ctypes.c_int, ctypes.c_int))
    if mallopt is None:
        return False
    fixed = all(mallopt(p, THRESHOLD_BYTES) for p in (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD))
    return bool(mallopt(M_ARENA_MAX, heaps)) and fixed


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


@functools.cache
def arrow_on_system_heap() -> bool:
    """Arrow's default pool from now on: the system allocator (once per process); False
    when pyarrow is missing or has no such pool."""
    try:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    except (ImportError, AttributeError, NotImplementedError):
        return False
    return True
