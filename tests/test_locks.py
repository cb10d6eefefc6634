"""The lock files agree with the hand-edited requirements files they are made from.

requirements.txt / requirements-dev.txt name the direct dependencies; requirements.lock /
requirements-dev.lock (scripts/lock_requirements.sh) pin every transitive one with hashes and
are what the Dockerfile and .ci/run install. A pin changed by hand without regenerating the
lock would leave CI testing other versions than a person installs: these tests catch that.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from articlemap.paths import PROJECT_ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\#]+)")


def normalized(name: str) -> str:
    """PEP 503: ``Foo_Bar``, ``foo.bar`` and ``foo-bar`` are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(path: Path) -> dict[str, str]:
    """name -> version of a requirements file, following ``-r other.txt``."""
    pins: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].strip()
        if line.startswith("-r "):
            pins.update(direct_pins(path.parent / line[3:].strip()))
            continue
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: {raw!r} is not pinned with =="
        pins[normalized(match[1])] = match[3]
    return pins


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) of a lock file."""
    entries: dict[str, tuple[str, int]] = {}
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = normalized(match[1])
            entries[current] = (match[3], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
    return entries


PAIRS = [
    ("requirements.txt", "requirements.lock"),
    ("requirements-dev.txt", "requirements-dev.lock"),
]


@pytest.mark.parametrize(("source", "lock"), PAIRS)
def test_every_direct_pin_is_locked_at_the_same_version(source, lock):
    pins = direct_pins(PROJECT_ROOT / source)
    entries = locked(PROJECT_ROOT / lock)
    stale = {
        name: (version, entries.get(name, ("missing", 0))[0])
        for name, version in pins.items()
        if entries.get(name, ("", 0))[0] != version
    }
    assert not stale, (
        f"{lock} is stale for {source} (pinned, locked): {stale}; "
        "regenerate it with scripts/lock_requirements.sh"
    )


@pytest.mark.parametrize("lock", [lock for _, lock in PAIRS])
def test_every_locked_package_has_a_hash(lock):
    entries = locked(PROJECT_ROOT / lock)
    assert len(entries) > 20
    assert [name for name, (_, hashes) in entries.items() if hashes == 0] == []


def test_the_dev_lock_installs_the_runtime_lock_unchanged():
    runtime = locked(PROJECT_ROOT / "requirements.lock")
    dev = locked(PROJECT_ROOT / "requirements-dev.lock")
    differ = {
        name: (version, dev.get(name, ("missing", 0))[0])
        for name, (version, _) in runtime.items()
        if dev.get(name, ("", 0))[0] != version
    }
    assert not differ, f"runtime vs dev lock: {differ}"


def test_the_parsers_read_what_they_check(tmp_path):
    """The checks above are only as good as the parsing: a stale pin must be seen."""
    (tmp_path / "base.txt").write_text("Foo_Bar[x]==1.0  # why\n# comment\n", encoding="utf-8")
    (tmp_path / "dev.txt").write_text("-r base.txt\nbaz==2\n", encoding="utf-8")
    (tmp_path / "dev.lock").write_text(
        "foo-bar==1.1 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via x\nbaz==2\n",
        encoding="utf-8",
    )
    assert direct_pins(tmp_path / "dev.txt") == {"foo-bar": "1.0", "baz": "2"}
    assert locked(tmp_path / "dev.lock") == {"foo-bar": ("1.1", 2), "baz": ("2", 0)}
