"""The server lets go of closed sessions once their time to reconnect is over.

Streamlit's reconnect storage drops an expired session only when it is next written to, so
on a quiet server the last closed sessions' states (drafts of thousands of events) stayed
resident. These tests use Streamlit's own session manager and storage classes, so they also
fail when a Streamlit upgrade renames the private names ``ui.housekeeping`` reaches for.
"""

from __future__ import annotations

import gc
import inspect
import time
import weakref

from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.runtime.session_manager import SessionInfo
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from ui.housekeeping import reap_expired_sessions


class ClosedSession:
    """Stands in for an AppSession in the storage: all the storage reads is its id."""

    def __init__(self, session_id: str):
        self.id = session_id
        self.state = ["a draft's events"] * 1000


def manager_with_closed_session(ttl_seconds: int) -> tuple[WebsocketSessionManager, weakref.ref]:
    manager = WebsocketSessionManager(
        session_storage=MemorySessionStorage(ttl_seconds=ttl_seconds),
        uploaded_file_manager=MemoryUploadedFileManager("/_stcore/upload_file"),
        script_cache=ScriptCache(),
        message_enqueued_callback=None,
    )
    session = ClosedSession("closed-1")
    manager._session_storage.save(SessionInfo(client=None, session=session))
    return manager, weakref.ref(session)


def test_an_expired_closed_session_is_let_go():
    manager, session = manager_with_closed_session(ttl_seconds=1)
    time.sleep(1.2)
    gc.collect()
    assert session() is not None, "Streamlit now drops expired sessions itself: drop the reaper"
    assert reap_expired_sessions(manager) == 1
    gc.collect()
    assert session() is None


def test_a_session_that_may_still_reconnect_is_kept():
    manager, session = manager_with_closed_session(ttl_seconds=120)
    assert reap_expired_sessions(manager) == 0
    assert manager._session_storage.get("closed-1") is not None
    assert session() is not None


def test_the_private_names_it_relies_on_are_there():
    source = inspect.getsource(WebsocketSessionManager.__init__)
    assert "self._session_storage = session_storage" in source
    assert "self._storage_lock = threading.Lock()" in source
    assert hasattr(MemorySessionStorage(), "_cache")
    assert callable(MemorySessionStorage()._cache.expire)


def test_anything_else_is_left_alone():
    assert reap_expired_sessions(object()) == 0
