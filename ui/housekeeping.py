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

Before each pass, the sessions whose readers left more than
``server.disconnectedSessionTTL`` ago are let go (``reap_expired_sessions``). Streamlit keeps
a closed session (its whole session state: a 2,000-event draft, its tables and map) for
reconnection in a TTL cache that drops expired entries only when it is next written to. On a
server nobody opens a new page on, the last 128 closed sessions' states stayed resident for
good: the soak bench counted 12,000 draft events still alive after five minutes in which every
session had closed and expired.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from articlemap import memory

INTERVAL_S = 30.0
_STOP = threading.Event()
_STARTED: list[threading.Thread] = []  # the one collector of this process
_LOCK = threading.Lock()


def _collect_forever(stop: threading.Event) -> None:
    while not stop.wait(INTERVAL_S):
        reap_expired_sessions()
        memory.give_back()


def reap_expired_sessions(session_manager: Any = None) -> int:
    """Drop the closed sessions whose time to reconnect is over; how many were dropped.

    Streamlit's session manager (``WebsocketSessionManager``) keeps closed sessions in
    ``_session_storage`` (a ``MemorySessionStorage`` around a ``TTLCache`` in ``_cache``),
    written under ``_storage_lock``. These are private names: anything else (another
    session manager or storage, or a Streamlit that renamed them) is left alone, and
    tests/test_housekeeping.py fails when the pinned Streamlit no longer has them.
    """
    manager = session_manager if session_manager is not None else _server_session_manager()
    storage = getattr(manager, "_session_storage", None)
    expire: Callable[[], list] | None = getattr(getattr(storage, "_cache", None), "expire", None)
    lock = getattr(manager, "_storage_lock", None)
    if expire is None or lock is None:
        return 0
    with lock:
        return len(expire())


def _server_session_manager() -> Any:
    from streamlit.runtime import Runtime

    return Runtime.instance()._session_mgr if Runtime.exists() else None


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
