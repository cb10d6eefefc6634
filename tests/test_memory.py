"""Freed memory goes back to the system (the server's housekeeping, each worker after a job).

A session thread's draft (thousands of strings of a few KB) is made and dropped; the
process's resident size must fall back once the housekeeping pass has run, not stay at its
peak (glibc keeps a thread's freed pages in that thread's arena until asked to trim).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from articlemap import memory

ROOT = Path(__file__).resolve().parents[1]
CHILD = textwrap.dedent(
    """
    import gc, json, os, sys, threading
    sys.path.insert(0, sys.argv[1])
    from articlemap import memory

    def rss_mb():
        pages = int(open("/proc/self/statm").read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20

    kept = []

    def a_draft_made_and_dropped():
        strings = [bytes(2000 + i % 1000) for i in range(100_000)]  # ~250 MB
        kept.extend(strings[::50])  # a few survive, spread over the arena
        del strings

    start = rss_mb()
    thread = threading.Thread(target=a_draft_made_and_dropped)
    thread.start()
    thread.join()
    gc.collect()
    dropped = rss_mb()
    memory.give_back()
    print(json.dumps({"start": start, "dropped": dropped, "after": rss_mb()}))
    """
)


def _child(script: str, *args: str) -> subprocess.CompletedProcess:
    """Run ``script`` in a fresh Python (the allocators' settings hold for a whole process)."""
    return subprocess.run(
        [sys.executable, "-c", script, str(ROOT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc")
def test_a_dropped_draft_s_memory_goes_back_after_a_pass() -> None:
    mb = json.loads(_child(CHILD).stdout)
    grown = mb["dropped"] - mb["start"]
    assert grown > 100, mb  # the freed strings' pages were still resident
    assert mb["after"] - mb["start"] < 0.25 * grown, mb


HEAPS_CHILD = textwrap.dedent(
    """
    import ctypes, sys, threading
    sys.path.insert(0, sys.argv[1])
    from articlemap import memory

    if sys.argv[2] == "limited":
        assert memory.limit_heaps()
    ready = threading.Barrier(8)

    def allocate():
        ready.wait()  # all at once: glibc gives a busy thread a heap of its own
        blocks = [bytearray(4096) for _ in range(2000)]
        ready.wait()
        del blocks

    threads = [threading.Thread(target=allocate) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ctypes.CDLL("libc.so.6").malloc_stats()  # "Arena N:" per heap, on stderr
    """
)


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="glibc on Linux")
def test_the_server_s_threads_share_at_most_two_heaps() -> None:
    def heaps(mode: str) -> int:
        return _child(HEAPS_CHILD, mode).stderr.count("Arena ")

    assert heaps("free") > memory.HEAPS, "glibc gave each busy thread its own heap"
    assert heaps("limited") <= memory.HEAPS


ARROW_CHILD = textwrap.dedent(
    """
    import gc, json, sys, threading
    sys.path.insert(0, sys.argv[1])
    import pyarrow as pa
    from articlemap import memory

    def resident_mb():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * memory_page / 2**20

    import os
    memory_page = os.sysconf("SC_PAGE_SIZE")
    memory.limit_heaps()
    if sys.argv[2] == "system":
        assert memory.arrow_on_system_heap()
    backend = pa.default_memory_pool().backend_name

    def table():  # what Streamlit does with a review table, in a thread that then ends
        quotes = pa.array(["x" * (200 + 37 * (i % 80)) for i in range(2000)])
        sink = pa.BufferOutputStream()
        batch = pa.table({"quote": quotes, "n": pa.array(range(2000))})
        with pa.ipc.new_stream(sink, batch.schema) as writer:
            writer.write_table(batch)
        sink.getvalue()

    table()
    start = resident_mb()
    for _ in range(20):
        threads = [threading.Thread(target=table) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    memory.give_back()
    print(json.dumps({"backend": backend, "grown": resident_mb() - start}))
    """
)


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="glibc on Linux")
def test_arrow_s_freed_tables_go_back_on_the_system_heap() -> None:
    def grown(mode: str) -> dict:
        return json.loads(_child(ARROW_CHILD, mode).stdout)

    default, system = grown("default"), grown("system")
    assert system["backend"] == "system", system
    assert default["grown"] > 20, default  # mimalloc kept the ended threads' segments
    assert system["grown"] < 0.25 * default["grown"], (default, system)


THRESHOLD_CHILD = textwrap.dedent(
    """
    import ctypes, json, os, sys, threading
    sys.path.insert(0, sys.argv[1])
    from articlemap import memory

    def resident_mb():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    if sys.argv[2] == "fixed":
        assert memory.limit_heaps()
    else:  # two heaps, glibc's thresholds left to move
        memory._glibc("mallopt", (ctypes.c_int, ctypes.c_int))(memory.M_ARENA_MAX, 2)

    def draft():
        text = bytearray(20 * 2**20)  # a large block, mapped apart, then freed ...
        del text
        parts = [bytearray(900 * 1024) for _ in range(30)]  # ... then 27 MB in pieces
        del parts

    start = resident_mb()
    thread = threading.Thread(target=draft)
    thread.start()
    thread.join()
    memory.give_back()
    print(json.dumps(resident_mb() - start))
    """
)


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="glibc on Linux")
def test_a_thread_s_large_blocks_go_back_after_a_large_one_was_freed() -> None:
    def grown(mode: str) -> float:
        return json.loads(_child(THRESHOLD_CHILD, mode).stdout)

    # glibc raised its thresholds after the 20 MB block: the pieces came from the thread's
    # heap, whose free top no trim gives back
    assert grown("moving") > 20
    assert grown("fixed") < 2
