"""Loaded by the server under ``bench/soak.py --census``: a count of what the server holds.

Python imports ``sitecustomize`` at start-up from the path, so putting this folder on the
server's PYTHONPATH lets the bench look inside the server without a line of app code knowing.
tracemalloc was tried first: it slowed the server so much on a 2-core machine that every
session of the soak timed out. A census costs nothing until asked: on SIGUSR1 the server
collects garbage and writes ``<SOAK_CENSUS_DIR>/<pid>-<n>.json``: how many objects of each
type the garbage collector tracks (sizes were tried too: following every object's referents
took minutes), the entries of each of the app's process-wide stores (ui/memo.py) and functools
caches, and the bytes Streamlit accounts for (session state, its caches, media and uploads).
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
        seconds = time.monotonic() - started
        return {"types": by_type, "stores": stores, "streamlit": streamlit_bytes, "s": seconds}

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
