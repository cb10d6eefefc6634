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


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc")
def test_a_dropped_draft_s_memory_goes_back_after_a_pass() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT)], capture_output=True, text=True, check=True
    )
    mb = json.loads(out.stdout)
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
        done = subprocess.run(
            [sys.executable, "-c", HEAPS_CHILD, str(ROOT), mode],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stderr.count("Arena ")

    assert heaps("free") > memory.HEAPS, "glibc gave each busy thread its own heap"
    assert heaps("limited") <= memory.HEAPS
