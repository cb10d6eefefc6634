"""Loaded by the server under ``bench/soak.py --census``: a count of what the server holds.

Python imports ``sitecustomize`` at start-up from the path, so putting this folder on the
server's PYTHONPATH lets the bench look inside the server without a line of app code knowing.
tracemalloc was tried first: it slowed the server so much on a 2-core machine that every
session of the soak timed out. A census costs nothing until asked: on SIGUSR1 the server
collects garbage and writes ``<SOAK_CENSUS_DIR>/<pid>-<n>.json``: how many objects of each
type the garbage collector tracks (sizes were tried too: following every object's referents
took minutes), the entries of each of the app's process-wide stores (ui/memo.py) and functools
caches, the bytes Streamlit accounts for (session state, its caches, media and uploads), and
the two allocators' own figures: Python's small-object allocator (arenas in use, bytes in used
and free blocks, from ``sys._debugmallocstats``) and glibc's heap (``mallinfo2``: bytes in use,
free inside the heap, mapped on their own), so RSS that no live object explains can be placed.
"""

import contextlib
import gc
import itertools
import json
import os
import signal
import sys
import time

_folder = os.environ.get("SOAK_CENSUS_DIR")
# Only the server itself: its worker processes inherit the environment but are not counted.
if _folder and "streamlit" in sys.orig_argv[1:3]:
    _count = itertools.count()

    def _pymalloc() -> dict:
        """``sys._debugmallocstats()`` writes to the C stderr: read it back from a file."""
        import tempfile

        with tempfile.TemporaryFile("w+b") as out:
            sys.stderr.flush()
            saved = os.dup(2)
            try:
                os.dup2(out.fileno(), 2)
                sys._debugmallocstats()
            finally:
                os.dup2(saved, 2)
                os.close(saved)
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
        wanted = {
            "arenas allocated current": "arenas",
            "arenas highwater mark": "arenas_highwater",
            "bytes in allocated blocks": "used_bytes",
            "bytes in available blocks": "free_bytes",
            "unused pools": "unused_pool_bytes",
        }
        found = {}
        for line in text.splitlines():
            label, sep, value = line.partition("=")
            if not sep or not value.strip().replace(",", "").isdigit():
                continue
            for key, name in wanted.items():
                if key in label:
                    found[name] = int(value.strip().replace(",", ""))
        return found

    def _glibc() -> dict:
        import ctypes
        import ctypes.util

        class Mallinfo2(ctypes.Structure):
            _fields_ = [
                (name, ctypes.c_size_t)
                for name in (
                    "arena",
                    "ordblks",
                    "smblks",
                    "hblks",
                    "hblkhd",
                    "usmblks",
                    "fsmblks",
                    "uordblks",
                    "fordblks",
                    "keepcost",
                )
            ]

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallinfo2.restype = Mallinfo2
        info = libc.mallinfo2()
        return {
            "heap": info.arena,
            "in_use": info.uordblks,
            "free": info.fordblks,
            "mapped": info.hblkhd,
        }

    def _resident() -> dict:
        """Resident MB by kind of mapping (/proc/self/smaps): the main heap, stacks, files,
        and anonymous maps by size (glibc's thread heaps are 64 MB reservations, Python's
        arenas 1 MB, pyarrow's mimalloc segments in between)."""
        found: dict[str, float] = {}
        kind = ""
        with open("/proc/self/smaps") as smaps:
            for line in smaps:
                first = line.split()
                if "-" in first[0] and len(first) >= 5 and ":" in first[3]:
                    start, end = (int(x, 16) for x in first[0].split("-"))
                    name = first[5] if len(first) > 5 else ""
                    size = (end - start) >> 20
                    if name.startswith("["):
                        kind = name
                    elif name:
                        kind = "files"
                    else:
                        kind = (
                            "anon >= 60 MB"
                            if size >= 60
                            else f"anon {'< 1' if size < 1 else '1-60'} MB"
                        )
                elif first[0] == "Rss:":
                    found[kind] = found.get(kind, 0.0) + int(first[1]) / 1024
        return {k: round(v, 1) for k, v in found.items()}

    def _census() -> dict:
        started = time.monotonic()
        gc.collect()
        by_type: dict[str, int] = {}
        for obj in gc.get_objects():
            kind = type(obj)
            module = vars(kind).get("__module__")
            name = f"{module if isinstance(module, str) else 'builtins'}.{kind.__qualname__}"
            by_type[name] = by_type.get(name, 0) + 1
        stores = {}
        memo = sys.modules.get("ui.memo")
        if memo is not None:
            stores = {f"memo:{k}": len(v) for k, v in memo._STORES.items()}
        for module in list(sys.modules.values()):
            if not (getattr(module, "__name__", "") or "").startswith(("ui.", "articlemap.")):
                continue
            for attr, value in list(vars(module).items()):
                info = getattr(value, "cache_info", None)
                if callable(info):
                    with contextlib.suppress(TypeError):
                        stores[f"lru:{module.__name__}.{attr}"] = info().currsize
        streamlit_bytes: dict[str, int] = {}
        with contextlib.suppress(Exception):  # Streamlit's own accounting, where it has one
            from streamlit.runtime import Runtime

            for stat in Runtime.instance().stats_mgr.get_stats():
                name = f"{stat.category_name}:{stat.cache_name}"
                streamlit_bytes[name] = streamlit_bytes.get(name, 0) + stat.byte_length
        allocators: dict[str, dict] = {}
        with contextlib.suppress(Exception):
            allocators["pymalloc"] = _pymalloc()
        with contextlib.suppress(Exception):
            allocators["glibc"] = _glibc()
        with contextlib.suppress(Exception):
            allocators["resident"] = _resident()
        with contextlib.suppress(Exception):
            import pyarrow

            pool = pyarrow.default_memory_pool()
            allocators["pyarrow"] = {"allocated": pool.bytes_allocated(), "max": pool.max_memory()}
        seconds = time.monotonic() - started
        return {
            "types": by_type,
            "stores": stores,
            "streamlit": streamlit_bytes,
            "allocators": allocators,
            "s": seconds,
        }

    def _write(_signum, _frame) -> None:
        path = os.path.join(_folder, f"{os.getpid()}-{next(_count)}.json")
        try:
            census = _census()
        except Exception as exc:  # a signal handler must not raise into the server
            census = {"error": f"{type(exc).__name__}: {exc}"}
        with open(path + ".part", "w") as out:
            json.dump(census, out)
        os.replace(path + ".part", path)  # the bench waits for the finished name

    signal.signal(signal.SIGUSR1, _write)
