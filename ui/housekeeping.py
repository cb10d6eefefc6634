"""Memory housekeeping for the server process: a full garbage collection now and then.

Streamlit's own full collection after every script run is off (``runner.postScriptGC``:
it was most of the server's CPU under load). Python's generational collector then runs a
full pass only when the older generations have grown by a quarter, so reference cycles
left by reruns can pile up between passes (the soak bench saw the server grow 17% over
five minutes of slider moves). One full pass every ``INTERVAL_S`` seconds, from a daemon
thread, bounds that at a cost of about 0.2% of a core (a pass is ~70 ms). It is not enough
on its own: see the soak figures in the README.

After each pass the C allocator is asked to hand its free pages back
(``articlemap.memory.give_back``): otherwise a dropped draft's pages stay resident.
"""

from __future__ import annotations

import threading

from articlemap import memory

INTERVAL_S = 30.0
_STOP = threading.Event()
_STARTED: list[threading.Thread] = []  # the one collector of this process
_LOCK = threading.Lock()


def _collect_forever(stop: threading.Event) -> None:
    while not stop.wait(INTERVAL_S):
        memory.give_back()


def start_collector() -> threading.Event:
    """Start the collector once per server process (every page calls this, so a plain flag
    rather than a hashed st.cache_resource call); the event stops it."""
    if not _STARTED:
        with _LOCK:
            if not _STARTED:
                thread = threading.Thread(
                    target=_collect_forever, args=(_STOP,), name="articlemap-gc", daemon=True
                )
                thread.start()
                _STARTED.append(thread)
    return _STOP
