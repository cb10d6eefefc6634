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

Before each pass, what Streamlit still holds for sessions that have ended is let go; two
holders were found with the soak bench's census (``bench/soak.py --census``: 12,000 draft
events still alive after five minutes in which every session had closed):

- ``reap_expired_sessions``: a closed session is kept for reconnection (its whole session
  state: a draft, its tables and map) in a TTL cache that drops expired entries only when it
  is next written to, so on a quiet server the last closed sessions stayed for good;
- ``release_ended_sessions_files``: a download button given a callable (the draft's files
  are made when clicked) registers it with the media manager, and the callable keeps its
  draft alive; the manager dropped an ended session's callables only when Streamlit next
  cleaned up after some run.
"""

from __future__ import annotations

import threading
from typing import Any

from articlemap import memory

INTERVAL_S = 30.0
_STOP = threading.Event()
_STARTED: list[threading.Thread] = []  # the one collector of this process
_LOCK = threading.Lock()


def _collect_forever(stop: threading.Event) -> None:
    while not stop.wait(INTERVAL_S):
        reap_expired_sessions()
        release_ended_sessions_files()
        memory.give_back()


def reap_expired_sessions(runtime: Any = None) -> int:
    """Drop the closed sessions whose time to reconnect is over; how many were dropped.

    Streamlit's session manager (``WebsocketSessionManager``) keeps closed sessions in
    ``_session_storage`` (a ``MemorySessionStorage`` around a ``TTLCache`` in ``_cache``),
    written under ``_storage_lock``. These are private names: anything else (another
    session manager or storage, or a Streamlit that renamed them) is left alone, and
    tests/test_housekeeping.py fails when the pinned Streamlit no longer has them.
    """
    runtime = runtime if runtime is not None else _server_runtime()
    manager = getattr(runtime, "_session_mgr", None)
    storage = getattr(manager, "_session_storage", None)
    expire = getattr(getattr(storage, "_cache", None), "expire", None)
    lock = getattr(manager, "_storage_lock", None)
    if expire is None or lock is None:
        return 0
    with lock:
        return len(expire())


def release_ended_sessions_files(runtime: Any = None) -> int:
    """Drop the media manager's files and download callables of sessions that have ended
    (neither active nor kept for reconnection); how many sessions that was.

    ``clear_session_refs`` and ``remove_orphaned_files`` are the media manager's public,
    thread-safe methods and ``list_sessions`` the session manager's. Which sessions the media
    manager holds is private (``_files_by_session_and_coord``): anything without it is left
    alone, and tests/test_housekeeping.py fails when the pinned Streamlit no longer has it.
    """
    runtime = runtime if runtime is not None else _server_runtime()
    media: Any = getattr(runtime, "media_file_mgr", None)
    sessions: Any = getattr(runtime, "_session_mgr", None)
    held = getattr(media, "_files_by_session_and_coord", None)
    if held is None or not hasattr(sessions, "list_sessions"):
        return 0
    try:
        alive = {info.session.id for info in sessions.list_sessions()}
        ended = [sid for sid in list(held) if sid not in alive]
    except RuntimeError:  # a session came or went while the maps were read: next pass
        return 0
    for session_id in ended:
        media.clear_session_refs(session_id)
    if ended:
        media.remove_orphaned_files()
    return len(ended)


def _server_runtime() -> Any:
    from streamlit.runtime import Runtime

    return Runtime.instance() if Runtime.exists() else None


def start_collector() -> threading.Event:
    """Start the collector once per server process (every page calls this, so a plain flag
    rather than a hashed st.cache_resource call); the event stops it."""
    if not _STARTED:
        with _LOCK:
            if not _STARTED:
                memory.limit_heaps()  # before most session threads exist (articlemap.memory)
                memory.arrow_on_system_heap()
                thread = threading.Thread(
                    target=_collect_forever, args=(_STOP,), name="articlemap-gc", daemon=True
                )
                thread.start()
                _STARTED.append(thread)
    return _STOP
