"""Streamlit glue for background jobs: one worker pool per server, one job per session.

The work itself runs in ``articlemap.worker`` processes; this module starts a job for the
session, shows its progress with a Cancel button (a fragment that polls twice a second, so
the rest of the page stays usable), and hands the finished job to the page on its next run.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

import streamlit as st

from articlemap.worker import Job, JobError, JobLimits, WorkerPool

WORKERS_ENV = "ARTICLEMAP_WORKERS"
SECONDS_ENV = "ARTICLEMAP_JOB_SECONDS"  # the time limit of one extraction (default 90 s)
POLL_SECONDS = 0.5


@st.cache_resource(show_spinner=False)
def pool() -> WorkerPool:
    """Started on the first visit of a page that imports articles, so the workers are warm
    (gazetteer loaded) by the time someone presses the button."""
    size = max(1, int(os.environ.get(WORKERS_ENV, "1")))
    limits = JobLimits()
    if os.environ.get(SECONDS_ENV):
        limits = replace(limits, seconds=float(os.environ[SECONDS_ENV]))
    return WorkerPool(size=size, limits=limits, warm_up="articlemap.importing:warm_up")


def start(key: str, function: str, *args) -> str | None:
    """Start ``function(*args)`` for this session under ``key`` (cancelling the job it
    replaces); returns an error message instead when the server cannot take it."""
    previous = st.session_state.get(key)
    if isinstance(previous, Job) and not previous.done:
        pool().cancel(previous)
    try:
        st.session_state[key] = pool().submit(function, *args)
    except JobError as exc:
        return str(exc)
    return None


def take_finished(key: str) -> Job | None:
    """The session's job under ``key`` once it has finished (then forgotten), else None."""
    job = st.session_state.get(key)
    if isinstance(job, Job) and job.done:
        del st.session_state[key]
        return job
    return None


def running(key: str) -> Job | None:
    job = st.session_state.get(key)
    return job if isinstance(job, Job) and not job.done else None


def progress_panel(key: str, label: str) -> None:
    """Progress, elapsed time and Cancel while the job runs; a full rerun when it ends."""
    if running(key) is None:
        return

    @st.fragment(run_every=POLL_SECONDS)
    def panel() -> None:
        job = st.session_state.get(key)
        if not isinstance(job, Job) or job.done:
            st.rerun(scope="app")
            return
        waited = time.monotonic() - (job.started or job.submitted)
        with st.container(border=True, key=f"{key}-panel"):
            st.progress(min(max(job.progress, 0.0), 1.0), text=f"{label}: {job.message}")
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.caption(
                f"{waited:.0f} s · stopped after {pool().limits.seconds:.0f} s · "
                "other pages keep working meanwhile"
            )
            right.button(
                "Cancel",
                key=f"{key}-cancel",
                on_click=_cancel,
                args=(job,),
                icon=":material/cancel:",
            )

    panel()


def _cancel(job: Job) -> None:
    pool().cancel(job)
