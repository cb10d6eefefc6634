"""A throwaway PostgreSQL cluster for the store's tests: initdb, start, yield a URL, stop.

Debian's ``postgresql`` package puts the server under ``/usr/lib/postgresql/<major>/bin``
and starts nothing by itself. ``initdb`` refuses to run as root, so as root the cluster
belongs to the ``postgres`` system user (``runuser``); its folder is made with mkdtemp in
/tmp, not under pytest's tmp_path (mode 0700 and owned by root, so ``postgres`` could not
enter it). The server listens on 127.0.0.1 at a free port with its socket in the same
folder, runs without fsync (a test cluster), and is stopped by the PID in its
``postmaster.pid`` when ``pg_ctl stop`` does not stop it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SERVER_USER = "postgres"
START_ATTEMPTS = 3


class NoPostgres(Exception):
    """This machine cannot run a PostgreSQL server (the reason is the message)."""


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    folder: Path
    start_seconds: float

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SERVER_USER}@{self.host}:{self.port}/{database}"


def find_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<major>/bin that has initdb and pg_ctl."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    for initdb in reversed(candidates):
        if (initdb.parent / "pg_ctl").exists():
            return initdb.parent
    raise NoPostgres(
        "no PostgreSQL server under /usr/lib/postgresql/*/bin "
        "(apt-get install postgresql to run these tests)"
    )


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        raise NoPostgres("running as root without runuser: cannot run initdb as postgres")
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _run(command: list[str], timeout: float = 60) -> None:
    done = subprocess.run(
        _as_server_user(command), capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postmaster_pid(data: Path) -> int | None:
    try:
        return int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _stop(bin_dir: Path, data: Path, pid: int | None) -> None:
    """``pg_ctl stop`` (immediate: the cluster is thrown away); if that fails, the PID
    recorded at start gets SIGQUIT (PostgreSQL's immediate shutdown), then SIGKILL."""
    try:
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], 30)
        return
    except (RuntimeError, subprocess.TimeoutExpired):
        pass
    if pid is None:
        return
    for sig in (signal.SIGQUIT, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        if not _alive(pid):
            return


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[PostgresServer]:
    """A running cluster for the duration of the block; removed afterwards."""
    bin_dir = find_bin_dir()
    if os.geteuid() == 0:
        try:
            import pwd

            owner = pwd.getpwnam(SERVER_USER)
        except KeyError as exc:
            raise NoPostgres(f"no '{SERVER_USER}' system user to own the cluster") from exc
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="articlemap-pg-"))
    data = folder / "data"
    try:
        if os.geteuid() == 0:
            os.chown(folder, owner.pw_uid, owner.pw_gid)
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                SERVER_USER,
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        last_error = ""
        for _ in range(START_ATTEMPTS):  # another process may take the free port first
            port = free_port()
            options = (
                f"-h 127.0.0.1 -p {port} -k {folder} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            log = folder / "server.log"
            try:
                pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log)]
                _run([*pg_ctl, "-w", "-t", "30", "start"])
            except RuntimeError as exc:
                last_error = f"{exc}\n{log.read_text(errors='replace')[-2000:]}"
                _stop(bin_dir, data, _postmaster_pid(data))
                continue
            break
        else:
            raise RuntimeError(f"PostgreSQL did not start: {last_error}")
        pid = _postmaster_pid(data)
        server = PostgresServer("127.0.0.1", port, folder, time.perf_counter() - started)
        try:
            yield server
        finally:
            _stop(bin_dir, data, pid)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def create_database(server: PostgresServer, name: str) -> str:
    """A new empty database on the server; returns its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(
        host=server.host, port=server.port, user=SERVER_USER, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)
