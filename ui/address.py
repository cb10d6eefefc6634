"""The address bar as the page's own record: parameters the app sets stay set.

Streamlit rebuilds ``st.query_params`` from the browser's address on every rerun. A rerun
the browser sent before it saw a parameter the app had just set (the map reporting its new
view, the list answering the same click) comes with the old address, and the page would
take the old ``?event=`` for a new link and go back to it. So a parameter set here is held
in the session, and put back on every run of the page, until a rerun arrives whose address
carries it (the idea of ``ui.compare_present.requested``, for any parameter).
"""

from __future__ import annotations

import streamlit as st

PENDING = "_address_pending"  # {name: value, or None for a parameter taken out}


def put(name: str, value: str | None) -> None:
    """Set ``?name=value`` (or take it out, with None) and hold it until the browser has it."""
    if value is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value
    st.session_state.setdefault(PENDING, {})[name] = value


def hold() -> None:
    """At the start of a run: what the browser's address confirms is no longer held; what it
    has not caught up with yet is put back, so this run reads what the app last set."""
    pending: dict[str, str | None] = st.session_state.get(PENDING) or {}
    for name, value in list(pending.items()):
        if st.query_params.get(name) == value:
            del pending[name]
        elif value is None:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = value
