"""Memory housekeeping for the server process: a full garbage collection now and then.

Streamlit's own full collection after every script run is off (``runner.postScriptGC``:
it was most of the server's CPU under load). Python's generational collector then runs a
full pass only when the older generations have grown by a quarter, so reference cycles
left by reruns can pile up between passes (the soak bench saw the server grow 17% over
five minutes of slider moves). One full pass every ``INTERVAL_S`` seconds, from a daemon
thread, bounds that at a cost of about 0.2% of a core (a pass is ~70 ms). It is not enough
on its own: see the soak figures in the README.
"""

from __future__ import annotations

import gc
import threading

import streamlit as st

INTERVAL_S = 30.0


def _collect_forever(stop: threading.Event) -> None:
    while not stop.wait(INTERVAL_S):
        gc.collect()


@st.cache_resource(show_spinner=False)
def start_collector() -> threading.Event:
    """Start the collector once per server process; the event stops it (tests)."""
    stop = threading.Event()
    threading.Thread(
        target=_collect_forever, args=(stop,), name="articlemap-gc", daemon=True
    ).start()
    return stop
