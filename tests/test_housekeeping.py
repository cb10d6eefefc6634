"""The server lets go of what Streamlit's media manager holds for sessions that have ended.

A download button given a callable registers it with the media manager, and the callable
keeps its draft (thousands of events) alive; the manager kept an ended session's callables
until Streamlit next cleaned up after a run, so on a quiet server they stayed for good. These
tests use Streamlit's own media manager and session manager, so they also fail when a
Streamlit upgrade renames the private name ``ui.housekeeping`` reads.
"""

from __future__ import annotations

import gc
import inspect
import time
import weakref
from dataclasses import dataclass, field

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.runtime.session_manager import SessionInfo
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from ui.housekeeping import reap_expired_sessions, release_ended_sessions_files

# Outside a script run the media manager files everything under this session id.
NO_RUN_SESSION = "dontcare"


class Draft:
    """Stands in for a draft: big, and only reachable through its download callable."""

    def __init__(self) -> None:
        self.events = ["an event"] * 1000

    def article_md(self) -> str:
        return "# A draft"


@dataclass
class Session:
    id: str


@dataclass
class Runtime:
    """The two managers ``release_ended_sessions_files`` reads, as the real Runtime has them."""

    media_file_mgr: MediaFileManager = field(
        default_factory=lambda: MediaFileManager(MemoryMediaFileStorage("/media"))
    )
    _session_mgr: WebsocketSessionManager = field(
        default_factory=lambda: WebsocketSessionManager(
            session_storage=MemorySessionStorage(),
            uploaded_file_manager=MemoryUploadedFileManager("/_stcore/upload_file"),
            script_cache=ScriptCache(),
            message_enqueued_callback=None,
        )
    )


def runtime_with_a_download() -> tuple[Runtime, weakref.ref]:
    runtime = Runtime()
    draft = Draft()
    runtime.media_file_mgr.add_deferred(draft.article_md, "text/markdown", "1.2.3", "article.md")
    return runtime, weakref.ref(draft)


def test_an_ended_sessions_download_callable_and_its_draft_are_let_go():
    runtime, draft = runtime_with_a_download()
    runtime.media_file_mgr.remove_orphaned_files()  # what Streamlit does after a run
    gc.collect()
    assert draft() is not None, "Streamlit now drops these itself: drop the housekeeping step"
    assert release_ended_sessions_files(runtime) == 1
    gc.collect()
    assert draft() is None


def test_a_session_still_kept_for_reconnection_keeps_its_downloads():
    runtime, draft = runtime_with_a_download()
    runtime._session_mgr._session_storage.save(
        SessionInfo(client=None, session=Session(NO_RUN_SESSION))  # type: ignore[arg-type]
    )
    assert release_ended_sessions_files(runtime) == 0
    gc.collect()
    assert draft() is not None


def runtime_with_a_closed_session(ttl_seconds: int) -> tuple[Runtime, weakref.ref]:
    runtime = Runtime()
    runtime._session_mgr._session_storage = MemorySessionStorage(ttl_seconds=ttl_seconds)
    session = Session("closed-1")
    session.state = Draft()  # type: ignore[attr-defined]
    runtime._session_mgr._session_storage.save(SessionInfo(client=None, session=session))  # type: ignore[arg-type]
    return runtime, weakref.ref(session)


def test_a_closed_session_whose_reconnect_time_is_over_is_let_go():
    runtime, session = runtime_with_a_closed_session(ttl_seconds=1)
    time.sleep(1.2)
    gc.collect()
    assert session() is not None, "Streamlit now reaps expired sessions itself: drop the step"
    assert reap_expired_sessions(runtime) == 1
    gc.collect()
    assert session() is None


def test_a_closed_session_that_may_still_reconnect_is_kept():
    runtime, _ = runtime_with_a_closed_session(ttl_seconds=120)
    assert reap_expired_sessions(runtime) == 0
    assert runtime._session_mgr._session_storage.get("closed-1") is not None


def test_the_private_names_it_relies_on_are_there():
    assert "self._files_by_session_and_coord" in inspect.getsource(MediaFileManager.__init__)
    source = inspect.getsource(WebsocketSessionManager.__init__)
    assert "self._session_storage = session_storage" in source
    assert "self._storage_lock = threading.Lock()" in source
    assert callable(MemorySessionStorage()._cache.expire)


def test_anything_else_is_left_alone():
    assert release_ended_sessions_files(object()) == 0
    assert reap_expired_sessions(object()) == 0
