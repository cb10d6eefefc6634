"""Rerun one ``st.fragment`` with AppTest, as a widget inside it does in the browser.

AppTest's ``run()`` always reruns the whole script: it builds its RerunData itself and has
no fragment argument. A slider inside a fragment makes the browser send the fragment's id
(``BackMsg.rerun_script.fragment_id``) and the server rerun only that fragment; the
benchmark (bench/rerun.py) and the tests (tests/apptest/) use this to do the same.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit.testing.v1.local_script_runner as local_runner
from streamlit.testing.v1 import AppTest


@contextmanager
def fragment_rerun(fragment_id: str) -> Iterator[None]:
    """Within this block, ``AppTest.run()`` reruns only the fragment ``fragment_id``."""
    original = local_runner.RerunData
    local_runner.RerunData = functools.partial(original, fragment_id_queue=[fragment_id])
    try:
        yield
    finally:
        local_runner.RerunData = original


def fragment_of(at: AppTest, widget_id: str) -> str:
    """The id of the fragment a widget was drawn in (empty when it is not in one)."""
    states = at.session_state._state._state._new_widget_state
    return states.widget_metadata[widget_id].fragment_id or ""
