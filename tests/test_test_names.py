"""pytest's default import mode puts a test file outside a package under its bare name: two
such files with one basename (tests/test_x.py, tests/e2e/test_x.py) stop the whole run at
collection, as CI runs it. Twice a branch added one; this catches the next before CI."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_two_test_modules_share_an_import_name() -> None:
    names: dict[str, list[str]] = defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        if (path.parent / "__init__.py").exists():
            continue  # a package's module: imported under its package's name
        names[path.stem].append(str(path.relative_to(TESTS)))
    clashes = {name: paths for name, paths in names.items() if len(paths) > 1}
    assert clashes == {}, f"rename one of each: {clashes}"
