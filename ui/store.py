"""The app's story store: Streamlit's SQL connection "stories", migrated once per process.

Which database, in order:
1. ``[connections.stories]`` in ``.streamlit/secrets.toml`` when it names one (``url =
   "postgresql+psycopg://…"``, or ``dialect``/``host``/``username``… as Streamlit reads
   them; ``create_engine_kwargs`` there apply too) — for several app processes on one
   PostgreSQL.
2. ``$ARTICLEMAP_STORE_URL``.
3. The SQLite file ``data/stories.sqlite`` beside app.py (made on first use; gitignored).

Streamlit's ``SQLConnection`` lets keyword arguments win over the secrets file, so the
default URL is passed only when the secrets do not name a database. The connection (and its
SQLAlchemy engine, a thread-safe pool) is made once per process and shared by every
session's script thread: SQLAlchemy opens SQLite files with ``check_same_thread=False`` for
its pool, and the file is in WAL mode, so readers never wait for a save (measured with
three readers and a writer of 3 MB stories: slowest read 57 ms in WAL mode, 2.1 s with
SQLite's default journal). ``migrate()`` runs once per engine, under a lock, on first use —
again only if Streamlit makes a new engine (its secrets section was edited).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import sqlalchemy as sa
import streamlit as st
from streamlit.connections import SQLConnection
from streamlit.errors import StreamlitAPIException, StreamlitSecretNotFoundError

from articlemap.store import (
    CONNECTION_NAME,
    StoreUnavailable,
    StoryStore,
    default_store_url,
    names_database,
)

log = logging.getLogger(__name__)

_lock = threading.Lock()
# Per set of connection arguments (so a changed $ARTICLEMAP_STORE_URL or secrets section,
# e.g. between tests, gets its own database): the connection, and the store migrated on
# its current engine.
_connections: dict[tuple, SQLConnection] = {}
_stores: dict[tuple, StoryStore] = {}


def secrets_section() -> dict[str, Any]:
    """``[connections.stories]`` as Streamlit reads it ({} without a secrets file)."""
    try:
        connections = st.secrets.get("connections")
    except StreamlitSecretNotFoundError:  # no secrets.toml anywhere, or one that won't parse
        return {}
    if not connections:
        return {}
    section = connections.get(CONNECTION_NAME)
    return section.to_dict() if hasattr(section, "to_dict") else dict(section or {})


def connection_kwargs() -> dict[str, Any]:
    """What ``st.connection("stories", type="sql", …)`` gets besides its name: the default
    URL unless the secrets name a database; always a liveness check on checkout (a
    PostgreSQL restarted behind a load balancer leaves dead pooled connections)."""
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if not names_database(secrets_section()):
        kwargs["url"] = default_store_url()
    return kwargs


def _sql_connection(key: tuple, kwargs: dict[str, Any]) -> SQLConnection:
    """``st.connection`` once per set of arguments: Streamlit caches it already, but the
    lookup costs ~0.6 ms (it hashes its arguments and builds a cache wrapper on every
    call), so the connection is kept here (2 µs). Edits to the same secrets section are
    still picked up: Streamlit then gives the connection a new engine."""
    connection = _connections.get(key)
    if connection is None:
        with _lock:
            connection = _connections.get(key)
            if connection is None:
                try:
                    connection = st.connection(CONNECTION_NAME, type="sql", **kwargs)
                except (StreamlitAPIException, ImportError, sa.exc.ArgumentError) as exc:
                    # A section without dialect/host, an unknown driver, a URL that is not one
                    log.error("story store not configured: %s", exc)
                    raise StoreUnavailable(f"st.connection({CONNECTION_NAME!r}): {exc}") from exc
                _connections[key] = connection
    return connection


def story_store() -> StoryStore:
    """The process's store, migrated. Raises ``StoreUnavailable`` (a ``StoreError`` whose
    text fits the page) when the database cannot be reached; the next call tries again."""
    kwargs = connection_kwargs()
    key = tuple(sorted(kwargs.items()))
    engine = _sql_connection(key, kwargs).engine
    current = _stores.get(key)
    if current is not None and current.engine is engine:
        return current
    with _lock:
        current = _stores.get(key)
        if current is None or current.engine is not engine:
            current = StoryStore(engine)
            current.migrate()
            _stores[key] = current
        return current
