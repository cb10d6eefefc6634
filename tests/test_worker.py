"""Worker processes: a runaway job is stopped (time, memory, cancel, crash), the rest go on.

Real processes, no mocks: each test pool spawns its own worker (about a second each).
"""

from __future__ import annotations

import os
import time

import pytest

from articlemap.worker import (
    CANCELLED,
    DONE,
    FAILED,
    MESSAGES,
    RUNNING,
    JobError,
    JobLimits,
    WorkerPool,
    wait_for,
)

JOBS = "tests.worker_jobs"


@pytest.fixture
def pool():
    p = WorkerPool(size=1, limits=JobLimits(seconds=3, memory_mb=400, queue=2))
    yield p
    p.close()


def run(pool: WorkerPool, name: str, *args, timeout: float = 30):
    return wait_for(pool.submit(f"{JOBS}:{name}", *args), timeout=timeout)


def started(job, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while job.status != RUNNING and time.monotonic() < deadline:
        time.sleep(0.02)
    assert job.status == RUNNING
    return job


def test_a_job_runs_in_another_process_and_reports_its_result(pool):
    job = run(pool, "echo", [1, "Gəncə"])
    assert job.status == DONE and job.error == ""
    assert job.result["value"] == [1, "Gəncə"]
    assert job.result["pid"] != os.getpid()
    assert job.progress == 1.0


def test_a_job_over_its_time_is_killed_and_the_next_one_runs(pool):
    slow = run(pool, "sleep", 60)
    assert slow.status == FAILED
    assert "longer than 3 seconds" in slow.error
    assert pool.restarts == 1
    assert run(pool, "echo", "after").result["value"] == "after"


def test_a_job_over_its_memory_is_killed(pool):
    hog = run(pool, "hog", 50)
    assert hog.status == FAILED
    assert hog.error == MESSAGES["memory"]
    assert run(pool, "echo", "still here").status == DONE


def test_cancel_stops_a_running_job(pool):
    job = started(pool.submit(f"{JOBS}:sleep", 60))
    pool.cancel(job)
    wait_for(job, timeout=10)
    assert job.status == CANCELLED and job.error == "Cancelled."
    assert run(pool, "echo", 2).status == DONE


def test_a_queued_job_can_be_cancelled_and_a_full_queue_refuses(pool):
    first = started(pool.submit(f"{JOBS}:sleep", 1))
    second = pool.submit(f"{JOBS}:echo", "b")
    third = pool.submit(f"{JOBS}:echo", "c")
    with pytest.raises(JobError, match="busy"):
        pool.submit(f"{JOBS}:echo", "d")
    pool.cancel(third)
    assert third.status == CANCELLED
    assert wait_for(first).status == DONE and wait_for(second).result["value"] == "b"


def test_errors_are_worded_for_people_and_never_leak_a_traceback(pool):
    refused = run(pool, "refuse", "“x.pdf” is encrypted.")
    assert (refused.status, refused.error) == (FAILED, "“x.pdf” is encrypted.")
    bug = run(pool, "bug")
    assert bug.status == FAILED and bug.error == MESSAGES["internal"]
    assert "/srv" not in bug.error and "Traceback" not in bug.error


def test_a_worker_that_dies_is_replaced(pool):
    crashed = run(pool, "crash")
    assert crashed.status == FAILED and crashed.error == MESSAGES["crashed"]
    assert run(pool, "echo", "again").status == DONE


def test_a_worker_that_cannot_start_is_not_restarted_in_a_loop():
    pool = WorkerPool(size=1, limits=JobLimits(seconds=3), warm_up=f"{JOBS}:broken_warm_up")
    try:
        job = pool.submit(f"{JOBS}:echo", 1)
        wait_for(job, timeout=30)
        assert job.status == FAILED and job.error == MESSAGES["unavailable"]
        restarts = pool.restarts
        time.sleep(2)
        assert pool.restarts <= restarts + 1, "start-up failures must back off"
    finally:
        pool.close()


def test_a_worker_that_grew_is_replaced_after_its_job():
    pool = WorkerPool(size=1, limits=JobLimits(recycle_mb=150))
    try:
        first = wait_for(pool.submit(f"{JOBS}:grow", 200), timeout=30)
        assert first.status == DONE
        second = wait_for(pool.submit(f"{JOBS}:echo", "x"), timeout=30)
        assert second.status == DONE and second.result["pid"] != first.result
    finally:
        pool.close()
